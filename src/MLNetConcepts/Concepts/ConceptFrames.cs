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

    // An aggregate row: a representative occurrence (its concept, fit and, where grouped by them, language and word) and counts.
    private sealed record TypeCount(ConceptAssignment Sample, int Count);
    private sealed record LanguageCount(ConceptAssignment Sample, int Occurrences, int Types, double Share);

    // The frames' columns are the concepts table's (ConceptTable), read from the representative, around the counts.
    private static readonly TableColumn<TypeCount>[] TypeColumns =
    [
        .. Sampled<TypeCount>(t => t.Sample, ConceptTable.Component, ConceptTable.Layer, ConceptTable.Scope, ConceptTable.ConceptId,
            ConceptTable.Language, ConceptTable.Word),
        new TableColumn<TypeCount, int>("count", ColumnKinds.Int32, t => t.Count),
        .. Sampled<TypeCount>(t => t.Sample, ConceptTable.K, ConceptTable.Seed),
    ];

    private static readonly TableColumn<LanguageCount>[] LanguageColumns =
    [
        .. Sampled<LanguageCount>(l => l.Sample, ConceptTable.Component, ConceptTable.Layer, ConceptTable.Scope, ConceptTable.ConceptId,
            ConceptTable.Language),
        new TableColumn<LanguageCount, int>("occurrences", ColumnKinds.Int32, l => l.Occurrences),
        new TableColumn<LanguageCount, int>("types", ColumnKinds.Int32, l => l.Types),
        new TableColumn<LanguageCount, double>("share", ColumnKinds.Double, l => l.Share),
        .. Sampled<LanguageCount>(l => l.Sample, ConceptTable.K, ConceptTable.Seed),
    ];

    private static readonly TableColumn<ConceptSummary>[] SummaryColumns =
    [
        ConceptSummaryTable.Component, ConceptSummaryTable.Layer, ConceptSummaryTable.Scope, ConceptSummaryTable.ConceptId,
        ConceptSummaryTable.Size, ConceptSummaryTable.Types, ConceptSummaryTable.SumOfSquares, ConceptSummaryTable.Lexical,
        ConceptSummaryTable.AffixKind, ConceptSummaryTable.Affix,
    ];

    private static IEnumerable<TableColumn<TRow>> Sampled<TRow>(Func<TRow, ConceptAssignment> sample, params TableColumn<ConceptAssignment>[] columns) =>
        columns.Select(c => c.Over(sample));

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
            .Select(t => new TypeCount(t.First(), t.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Sample.Language, StringComparer.Ordinal).ThenBy(t => t.Sample.Word, StringComparer.Ordinal))
            .ToList();
        return TableFrames.Create(rows, TypeColumns);
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
                .Select(l => new LanguageCount(l.First(), l.Count(), l.Select(a => a.Word).Distinct().Count(), (double)l.Count() / size))
                .OrderByDescending(l => l.Occurrences).ThenBy(l => l.Sample.Language, StringComparer.Ordinal);
        }).ToList();
        return TableFrames.Create(rows, LanguageColumns);
    }

    /// <summary>The summary table without centroids: size, types, sum of squares and the lexical flag per concept.</summary>
    public static DataFrame Summary(IEnumerable<ConceptSummary> summaries) => TableFrames.Create(summaries.ToList(), SummaryColumns);
}
