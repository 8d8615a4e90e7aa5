using System.Text.Json.Serialization;

namespace MLNetConcepts.Metrics;

/// <summary>
/// One row of <c>calign_summary.parquet</c>: CALIGN of one (component pair, layer, direction, K) over its seeds, with
/// the multi-bootstrap interval and the chance level.
/// </summary>
public sealed class CalignAcrossSeeds
{
    /// <summary>The source concepts' component.</summary>
    [JsonPropertyName("source_component")] public string SourceComponent { get; set; } = "";
    /// <summary>The target concepts' component.</summary>
    [JsonPropertyName("target_component")] public string TargetComponent { get; set; } = "";
    /// <summary>The model layer (0 = embeddings).</summary>
    [JsonPropertyName("layer")] public int Layer { get; set; }
    /// <summary>The source language.</summary>
    [JsonPropertyName("source_language")] public string SourceLanguage { get; set; } = "";
    /// <summary>The target language.</summary>
    [JsonPropertyName("target_language")] public string TargetLanguage { get; set; } = "";
    /// <summary>The concepts' K.</summary>
    [JsonPropertyName("k")] public int K { get; set; }
    /// <summary>How many seeds the row summarises.</summary>
    [JsonPropertyName("seeds")] public int Seeds { get; set; }
    /// <summary>Mean over seeds of CALIGN (percent).</summary>
    [JsonPropertyName("calign_mean")] public double CalignMean { get; set; }
    /// <summary>Lower end of the 95 % multi-bootstrap interval.</summary>
    [JsonPropertyName("calign_low")] public double CalignLow { get; set; }
    /// <summary>Upper end of the 95 % multi-bootstrap interval.</summary>
    [JsonPropertyName("calign_high")] public double CalignHigh { get; set; }
    /// <summary>Mean over seeds of the considered source concepts.</summary>
    [JsonPropertyName("considered_mean")] public double ConsideredMean { get; set; }
    /// <summary>Mean over seeds of the aligned source concepts.</summary>
    [JsonPropertyName("aligned_mean")] public double AlignedMean { get; set; }
    /// <summary>Mean of every chance draw of every seed (NaN when none were made).</summary>
    [JsonPropertyName("chance_mean")] public double ChanceMean { get; set; }
    /// <summary>95th percentile of every chance draw of every seed (NaN when none were made).</summary>
    [JsonPropertyName("chance_high")] public double ChanceHigh { get; set; }
}

/// <summary>
/// One row of <c>colap_summary.parquet</c>: COLAP of one (component, layer, scope, language pair, K) over its seeds,
/// with the multi-bootstrap interval and the language-blind level.
/// </summary>
public sealed class ColapAcrossSeeds
{
    /// <summary>The concepts' component.</summary>
    [JsonPropertyName("component")] public string Component { get; set; } = "";
    /// <summary>The model layer (0 = embeddings).</summary>
    [JsonPropertyName("layer")] public int Layer { get; set; }
    /// <summary>The scope (usually <c>mixed</c>).</summary>
    [JsonPropertyName("scope")] public string Scope { get; set; } = "";
    /// <summary>The first language of the pair, or <c>*</c>.</summary>
    [JsonPropertyName("language_a")] public string LanguageA { get; set; } = "";
    /// <summary>The second language of the pair, or <c>*</c>.</summary>
    [JsonPropertyName("language_b")] public string LanguageB { get; set; } = "";
    /// <summary>The concepts' K.</summary>
    [JsonPropertyName("k")] public int K { get; set; }
    /// <summary>How many seeds the row summarises.</summary>
    [JsonPropertyName("seeds")] public int Seeds { get; set; }
    /// <summary>Mean over seeds of COLAP (percent).</summary>
    [JsonPropertyName("colap_mean")] public double ColapMean { get; set; }
    /// <summary>Lower end of the 95 % multi-bootstrap interval.</summary>
    [JsonPropertyName("colap_low")] public double ColapLow { get; set; }
    /// <summary>Upper end of the 95 % multi-bootstrap interval.</summary>
    [JsonPropertyName("colap_high")] public double ColapHigh { get; set; }
    /// <summary>Mean over seeds of the non-empty concepts.</summary>
    [JsonPropertyName("concepts_mean")] public double ConceptsMean { get; set; }
    /// <summary>Mean of every language-blind draw of every seed (NaN when none were made).</summary>
    [JsonPropertyName("language_blind_mean")] public double LanguageBlindMean { get; set; }
    /// <summary>95th percentile of every language-blind draw of every seed (NaN when none were made).</summary>
    [JsonPropertyName("language_blind_high")] public double LanguageBlindHigh { get; set; }
}

/// <summary>Turns per-seed CALIGN and COLAP rows into the summary tables: mean over seeds, interval, chance level.</summary>
public static class SeedSummaries
{
    /// <summary>One summary row per (component pair, layer, direction, K) of <paramref name="rows"/>.</summary>
    /// <param name="rows">Per-seed rows (one per seed of each cell).</param>
    /// <param name="chanceDraws">For each row, its chance draws (empty when none); null: none at all.</param>
    /// <param name="replicates">Bootstrap replicates (B).</param>
    public static IReadOnlyList<CalignAcrossSeeds> Calign(IReadOnlyList<CalignSummary> rows, IReadOnlyList<double[]>? chanceDraws, int replicates) =>
        Cells(rows, chanceDraws, replicates, "calign-bootstrap",
            r => (r.SourceComponent, r.TargetComponent, r.Layer, r.SourceLanguage, r.TargetLanguage, r.K),
            k => [k.SourceComponent, k.TargetComponent, k.Layer, k.SourceLanguage, k.TargetLanguage, k.K],
            r => r.Seed, r => new SeedCounts(r.ConceptsConsidered, r.Aligned),
            (key, seeds, interval, draws) => new CalignAcrossSeeds
            {
                SourceComponent = key.SourceComponent, TargetComponent = key.TargetComponent, Layer = key.Layer,
                SourceLanguage = key.SourceLanguage, TargetLanguage = key.TargetLanguage, K = key.K, Seeds = seeds.Length,
                CalignMean = interval.Mean, CalignLow = interval.Low, CalignHigh = interval.High,
                ConsideredMean = seeds.Average(r => r.ConceptsConsidered), AlignedMean = seeds.Average(r => r.Aligned),
                ChanceMean = Mean(draws), ChanceHigh = ChanceHigh(draws),
            });

    /// <summary>One summary row per (component, layer, scope, language pair, K) of <paramref name="rows"/>.</summary>
    /// <param name="rows">Per-seed rows (one per seed of each cell).</param>
    /// <param name="languageBlindDraws">For each row, its language-blind draws (empty when none); null: none at all.</param>
    /// <param name="replicates">Bootstrap replicates (B).</param>
    public static IReadOnlyList<ColapAcrossSeeds> Colap(IReadOnlyList<ColapSummary> rows, IReadOnlyList<double[]>? languageBlindDraws, int replicates) =>
        Cells(rows, languageBlindDraws, replicates, "colap-bootstrap",
            r => (r.Component, r.Layer, r.Scope, r.LanguageA, r.LanguageB, r.K),
            k => [k.Component, k.Layer, k.Scope, k.LanguageA, k.LanguageB, k.K],
            r => r.Seed, r => new SeedCounts(r.Concepts, r.Overlapping),
            (key, seeds, interval, draws) => new ColapAcrossSeeds
            {
                Component = key.Component, Layer = key.Layer, Scope = key.Scope, LanguageA = key.LanguageA, LanguageB = key.LanguageB,
                K = key.K, Seeds = seeds.Length, ColapMean = interval.Mean, ColapLow = interval.Low, ColapHigh = interval.High,
                ConceptsMean = seeds.Average(r => r.Concepts), LanguageBlindMean = Mean(draws), LanguageBlindHigh = ChanceHigh(draws),
            });

    /// <summary>
    /// The rows grouped into cells (one row per seed each, in seed order), each cell's multi-bootstrap interval (its
    /// generator seeded by <paramref name="label"/> and the cell) and all its seeds' chance draws, made into a summary row.
    /// </summary>
    private static IReadOnlyList<TSummary> Cells<TRow, TKey, TSummary>(IReadOnlyList<TRow> rows, IReadOnlyList<double[]>? draws, int replicates,
        string label, Func<TRow, TKey> cellOf, Func<TKey, object[]> seedParts, Func<TRow, int> seedOf, Func<TRow, SeedCounts> countsOf,
        Func<TKey, TRow[], BootstrapInterval, double[], TSummary> summarise) where TKey : notnull
    {
        var result = new List<TSummary>();
        foreach (var cell in rows.Select((row, i) => (Row: row, Draws: draws?[i] ?? [])).GroupBy(r => cellOf(r.Row)))
        {
            var seeds = cell.OrderBy(r => seedOf(r.Row)).ToArray();
            BootstrapInterval interval = MultiBootstrap.Interval(seeds.Select(r => countsOf(r.Row)).ToArray(), replicates,
                ChanceLevels.SeedOf([label, .. seedParts(cell.Key)]));
            result.Add(summarise(cell.Key, seeds.Select(r => r.Row).ToArray(), interval, seeds.SelectMany(r => r.Draws).ToArray()));
        }
        return result;
    }

    /// <summary>The mean of the draws, NaN when there are none.</summary>
    private static double Mean(double[] draws) => draws.Length == 0 ? double.NaN : draws.Average();

    /// <summary>The 95th percentile of the draws, NaN when there are none.</summary>
    private static double ChanceHigh(double[] draws) => draws.Length == 0 ? double.NaN : MultiBootstrap.Percentile(draws.Order().ToArray(), 0.95);
}
