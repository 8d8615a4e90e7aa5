namespace MLNetConcepts.Metrics;

/// <summary>One language's part of one mixed concept.</summary>
/// <param name="Size">|C|: occurrences or types of the whole concept, as counted.</param>
/// <param name="LanguageCount">|C ∩ L|.</param>
/// <param name="Share">|C ∩ L| / |C|.</param>
/// <param name="Overlapping">Whether at least two languages of the scope each make up θ_O of the concept.</param>
/// <param name="Component">The concepts' component.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="Scope">The scope the concepts were clustered in (usually <c>mixed</c>).</param>
/// <param name="ConceptId">The concept's id.</param>
/// <param name="Language">The language this row describes.</param>
public sealed record ColapConceptDiagnostic(string Component, int Layer, string Scope, int ConceptId, int Size, string Language,
    int LanguageCount, double Share, bool Overlapping);

/// <summary>One row of the colap table; <paramref name="LanguageA"/> and <paramref name="LanguageB"/> are <c>*</c> in the any-two-languages row.</summary>
/// <param name="Component">The concepts' component.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="Scope">The scope the concepts were clustered in (usually <c>mixed</c>).</param>
/// <param name="LanguageA">The pair's first language.</param>
/// <param name="LanguageB">The pair's second language.</param>
/// <param name="Concepts">Non-empty concepts.</param>
/// <param name="Overlapping">Concepts where both languages reach θ_O.</param>
/// <param name="Colap">100 × overlapping / concepts.</param>
/// <param name="K">The concepts' K (0 when their table does not say).</param>
/// <param name="Seed">The concepts' K-means seed (0 when their table does not say).</param>
/// <param name="LanguageBlind">
/// COLAP of the same concepts with the occurrences' language labels shuffled among them (mean of the draws;
/// see <see cref="ChanceLevels"/>); NaN when not computed.
/// </param>
public sealed record ColapSummary(string Component, int Layer, string Scope, string LanguageA, string LanguageB, int Concepts,
    int Overlapping, double Colap, int K = 0, int Seed = 0, double LanguageBlind = double.NaN);

/// <summary>COLAP results: per-concept, per-language diagnostics, the summary table and the options used.</summary>
public sealed class ColapResult(IReadOnlyList<ColapConceptDiagnostic> concepts, IReadOnlyList<ColapSummary> summary, ColapOptions options,
    IReadOnlyList<double[]>? languageBlindDraws = null)
{
    /// <summary>For each row of <see cref="Summary"/>, the COLAP of every language-blind draw (empty when none were made).</summary>
    public IReadOnlyList<double[]> LanguageBlindDraws { get; } = languageBlindDraws ?? summary.Select(_ => Array.Empty<double>()).ToArray();

    /// <summary>One diagnostic row per (concept, language).</summary>
    public IReadOnlyList<ColapConceptDiagnostic> Concepts { get; } = concepts;

    /// <summary>The colap table: one row per (component, layer, scope, language pair), plus the <c>*</c> row with more than two languages.</summary>
    public IReadOnlyList<ColapSummary> Summary { get; } = summary;

    /// <summary>The options the results were computed with.</summary>
    public ColapOptions Options { get; } = options;

    /// <summary>Per-concept, per-language diagnostics as a DataFrame (snake_case columns).</summary>
    public Microsoft.Data.Analysis.DataFrame ConceptsDataFrame() => MetricFrames.ColapConcepts(Concepts);

    /// <summary>The summary as a DataFrame with the colap table's columns.</summary>
    public Microsoft.Data.Analysis.DataFrame SummaryDataFrame() => MetricFrames.ColapSummary(Summary);
}
