namespace MLNetConcepts.Metrics;

/// <summary>One source concept's CALIGN diagnostics.</summary>
/// <param name="Types">Distinct word types of the concept.</param>
/// <param name="Considered">Whether it has more than min-types types and so takes part.</param>
/// <param name="BestTargetConcept">The size-compatible target concept with the highest match fraction (ties: lowest id); −1 when none matches at all.</param>
/// <param name="MatchFraction">A(Cs, Ct) / |Cs| for <paramref name="BestTargetConcept"/>; 0 when none.</param>
/// <param name="Aligned">Whether <paramref name="MatchFraction"/> reaches θ_A.</param>
/// <param name="SourceComponent">The source concepts' component.</param>
/// <param name="TargetComponent">The target concepts' component.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="SourceLanguage">The source concepts' language.</param>
/// <param name="TargetLanguage">The target concepts' language.</param>
/// <param name="SourceConcept">The source concept's id.</param>
public sealed record CalignConceptDiagnostic(string SourceComponent, string TargetComponent, int Layer, string SourceLanguage,
    string TargetLanguage, int SourceConcept, int Types, bool Considered, int BestTargetConcept, double MatchFraction, bool Aligned);

/// <summary>One row of the calign table: one (component pair, layer, direction) of one clustering (K, seed).</summary>
/// <param name="SourceComponent">The source concepts' component.</param>
/// <param name="TargetComponent">The target concepts' component.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="SourceLanguage">The source language.</param>
/// <param name="TargetLanguage">The target language.</param>
/// <param name="ConceptsTotal">Source concepts in total.</param>
/// <param name="ConceptsConsidered">Source concepts with more than min-types types.</param>
/// <param name="Aligned">Considered source concepts that some target concept translates.</param>
/// <param name="Calign">100 × aligned / considered.</param>
/// <param name="K">The concepts' K (0 when their table does not say).</param>
/// <param name="Seed">The concepts' K-means seed (0 when their table does not say).</param>
/// <param name="Chance">
/// CALIGN of the same source concepts against random target concepts of the same sizes (mean of the draws; see
/// <see cref="ChanceLevels"/>); NaN when not computed.
/// </param>
public sealed record CalignSummary(string SourceComponent, string TargetComponent, int Layer, string SourceLanguage,
    string TargetLanguage, int ConceptsTotal, int ConceptsConsidered, int Aligned, double Calign, int K = 0, int Seed = 0,
    double Chance = double.NaN);

/// <summary>CALIGN results: per-concept diagnostics, the summary table and the options used.</summary>
public sealed class CalignResult(IReadOnlyList<CalignConceptDiagnostic> concepts, IReadOnlyList<CalignSummary> summary, CalignOptions options,
    IReadOnlyList<double[]>? chanceDraws = null)
{
    /// <summary>For each row of <see cref="Summary"/>, the CALIGN of every chance draw (empty when none were made).</summary>
    public IReadOnlyList<double[]> ChanceDraws { get; } = chanceDraws ?? summary.Select(_ => Array.Empty<double>()).ToArray();

    /// <summary>One diagnostic row per source concept.</summary>
    public IReadOnlyList<CalignConceptDiagnostic> Concepts { get; } = concepts;

    /// <summary>One row per (component pair, layer, language direction): the calign table.</summary>
    public IReadOnlyList<CalignSummary> Summary { get; } = summary;

    /// <summary>The options the results were computed with.</summary>
    public CalignOptions Options { get; } = options;

    /// <summary>Per-concept diagnostics as a DataFrame (snake_case columns).</summary>
    public Microsoft.Data.Analysis.DataFrame ConceptsDataFrame() => MetricFrames.CalignConcepts(Concepts);

    /// <summary>The summary as a DataFrame with the calign table's columns.</summary>
    public Microsoft.Data.Analysis.DataFrame SummaryDataFrame() => MetricFrames.CalignSummary(Summary);
}
