using Microsoft.Data.Analysis;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Concepts;

/// <summary>
/// <see cref="DataFrame"/> views of concepts for notebooks: which types make up each concept and how often, which
/// languages it mixes, and the per-concept summary. Rows are sorted so a concept's rows are together, largest first.
/// </summary>
/// <example><code>
/// var concepts = await ConceptFiles.ReadAsync("concepts.parquet");
/// DataFrame types = ConceptFrames.TypesPerConcept(concepts);
/// types.Filter(types["concept_id"].ElementwiseEquals(17)).Head(20);
/// </code></example>
public static class ConceptFrames
{
    // Concept ids are unique within one fit: (component, layer, scope, k, seed).
    private sealed record Key(string Component, int Layer, string Scope, int ConceptId, int K, int Seed);

    private static Key KeyOf(ConceptAssignment a) => new(a.Component, a.Layer, a.Scope, a.ConceptId, a.K, a.Seed);

    private static IOrderedEnumerable<IGrouping<Key, ConceptAssignment>> ByConcept(IEnumerable<ConceptAssignment> assignments) =>
        assignments.GroupBy(KeyOf).OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Layer)
            .ThenBy(g => g.Key.Scope, StringComparer.Ordinal).ThenBy(g => g.Key.K).ThenBy(g => g.Key.Seed).ThenBy(g => g.Key.ConceptId);

    /// <summary>
    /// One row per (concept, language, word) of each fit: columns <c>component</c>, <c>layer</c>, <c>scope</c>, <c>concept_id</c>,
    /// <c>language</c>, <c>word</c>, <c>count</c> (occurrences of the word in the concept), most frequent first, then the fit's <c>k</c> and <c>seed</c>.
    /// </summary>
    public static DataFrame TypesPerConcept(IEnumerable<ConceptAssignment> assignments)
    {
        var rows = ByConcept(assignments).SelectMany(concept => concept
            .GroupBy(a => (a.Language, a.Word))
            .Select(t => (concept.Key, t.Key.Language, t.Key.Word, Count: t.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Language, StringComparer.Ordinal).ThenBy(t => t.Word, StringComparer.Ordinal))
            .ToList();
        return new DataFrame(
            new StringDataFrameColumn("component", rows.Select(r => r.Key.Component)),
            new Int32DataFrameColumn("layer", rows.Select(r => r.Key.Layer)),
            new StringDataFrameColumn("scope", rows.Select(r => r.Key.Scope)),
            new Int32DataFrameColumn("concept_id", rows.Select(r => r.Key.ConceptId)),
            new StringDataFrameColumn("language", rows.Select(r => r.Language)),
            new StringDataFrameColumn("word", rows.Select(r => r.Word)),
            new Int32DataFrameColumn("count", rows.Select(r => r.Count)),
            new Int32DataFrameColumn("k", rows.Select(r => r.Key.K)),
            new Int32DataFrameColumn("seed", rows.Select(r => r.Key.Seed)));
    }

    /// <summary>
    /// One row per (concept, language): columns <c>component</c>, <c>layer</c>, <c>scope</c>, <c>concept_id</c>,
    /// <c>language</c>, <c>occurrences</c>, <c>types</c> (distinct words), <c>share</c> (of the concept's occurrences), then the fit's <c>k</c> and <c>seed</c>.
    /// </summary>
    public static DataFrame LanguagesPerConcept(IEnumerable<ConceptAssignment> assignments)
    {
        var rows = ByConcept(assignments).SelectMany(concept =>
        {
            int size = concept.Count();
            return concept.GroupBy(a => a.Language)
                .Select(l => (concept.Key, Language: l.Key, Occurrences: l.Count(), Types: l.Select(a => a.Word).Distinct().Count(),
                    Share: (double)l.Count() / size))
                .OrderByDescending(l => l.Occurrences).ThenBy(l => l.Language, StringComparer.Ordinal);
        }).ToList();
        return new DataFrame(
            new StringDataFrameColumn("component", rows.Select(r => r.Key.Component)),
            new Int32DataFrameColumn("layer", rows.Select(r => r.Key.Layer)),
            new StringDataFrameColumn("scope", rows.Select(r => r.Key.Scope)),
            new Int32DataFrameColumn("concept_id", rows.Select(r => r.Key.ConceptId)),
            new StringDataFrameColumn("language", rows.Select(r => r.Language)),
            new Int32DataFrameColumn("occurrences", rows.Select(r => r.Occurrences)),
            new Int32DataFrameColumn("types", rows.Select(r => r.Types)),
            new DoubleDataFrameColumn("share", rows.Select(r => r.Share)),
            new Int32DataFrameColumn("k", rows.Select(r => r.Key.K)),
            new Int32DataFrameColumn("seed", rows.Select(r => r.Key.Seed)));
    }

    /// <summary>The summary table without centroids: size, types, sum of squares and the lexical flag per concept.</summary>
    public static DataFrame Summary(IEnumerable<ConceptSummary> summaries)
    {
        var rows = summaries.ToList();
        return new DataFrame(
            new StringDataFrameColumn("component", rows.Select(r => r.Component)),
            new Int32DataFrameColumn("layer", rows.Select(r => r.Layer)),
            new StringDataFrameColumn("scope", rows.Select(r => r.Scope)),
            new Int32DataFrameColumn("concept_id", rows.Select(r => r.ConceptId)),
            new Int32DataFrameColumn("size", rows.Select(r => r.Size)),
            new Int32DataFrameColumn("types", rows.Select(r => r.Types)),
            new DoubleDataFrameColumn("sum_of_squares", rows.Select(r => r.SumOfSquares)),
            new BooleanDataFrameColumn("lexical", rows.Select(r => r.IsLexical)),
            new StringDataFrameColumn("affix_kind", rows.Select(r => r.AffixKind)),
            new StringDataFrameColumn("affix", rows.Select(r => r.Affix)));
    }
}
