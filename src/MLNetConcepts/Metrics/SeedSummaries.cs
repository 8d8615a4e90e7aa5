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
    public static IReadOnlyList<CalignAcrossSeeds> Calign(IReadOnlyList<CalignSummary> rows, IReadOnlyList<double[]>? chanceDraws, int replicates)
    {
        var result = new List<CalignAcrossSeeds>();
        var indexed = rows.Select((row, i) => (Row: row, Draws: chanceDraws?[i] ?? []));
        foreach (var cell in indexed.GroupBy(r => (r.Row.SourceComponent, r.Row.TargetComponent, r.Row.Layer, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.K)))
        {
            var seeds = cell.OrderBy(r => r.Row.Seed).ToArray();
            var key = cell.Key;
            BootstrapInterval interval = MultiBootstrap.Interval(seeds.Select(r => new SeedCounts(r.Row.ConceptsConsidered, r.Row.Aligned)).ToArray(),
                replicates, ChanceLevels.SeedOf("calign-bootstrap", key.SourceComponent, key.TargetComponent, key.Layer, key.SourceLanguage, key.TargetLanguage, key.K));
            double[] draws = seeds.SelectMany(r => r.Draws).ToArray();
            result.Add(new CalignAcrossSeeds
            {
                SourceComponent = key.SourceComponent, TargetComponent = key.TargetComponent, Layer = key.Layer,
                SourceLanguage = key.SourceLanguage, TargetLanguage = key.TargetLanguage, K = key.K, Seeds = seeds.Length,
                CalignMean = interval.Mean, CalignLow = interval.Low, CalignHigh = interval.High,
                ConsideredMean = seeds.Average(r => r.Row.ConceptsConsidered), AlignedMean = seeds.Average(r => r.Row.Aligned),
                ChanceMean = draws.Length == 0 ? double.NaN : draws.Average(), ChanceHigh = ChanceHigh(draws),
            });
        }
        return result;
    }

    /// <summary>One summary row per (component, layer, scope, language pair, K) of <paramref name="rows"/>.</summary>
    /// <param name="rows">Per-seed rows (one per seed of each cell).</param>
    /// <param name="languageBlindDraws">For each row, its language-blind draws (empty when none); null: none at all.</param>
    /// <param name="replicates">Bootstrap replicates (B).</param>
    public static IReadOnlyList<ColapAcrossSeeds> Colap(IReadOnlyList<ColapSummary> rows, IReadOnlyList<double[]>? languageBlindDraws, int replicates)
    {
        var result = new List<ColapAcrossSeeds>();
        var indexed = rows.Select((row, i) => (Row: row, Draws: languageBlindDraws?[i] ?? []));
        foreach (var cell in indexed.GroupBy(r => (r.Row.Component, r.Row.Layer, r.Row.Scope, r.Row.LanguageA, r.Row.LanguageB, r.Row.K)))
        {
            var seeds = cell.OrderBy(r => r.Row.Seed).ToArray();
            var key = cell.Key;
            BootstrapInterval interval = MultiBootstrap.Interval(seeds.Select(r => new SeedCounts(r.Row.Concepts, r.Row.Overlapping)).ToArray(),
                replicates, ChanceLevels.SeedOf("colap-bootstrap", key.Component, key.Layer, key.Scope, key.LanguageA, key.LanguageB, key.K));
            double[] draws = seeds.SelectMany(r => r.Draws).ToArray();
            result.Add(new ColapAcrossSeeds
            {
                Component = key.Component, Layer = key.Layer, Scope = key.Scope, LanguageA = key.LanguageA, LanguageB = key.LanguageB,
                K = key.K, Seeds = seeds.Length, ColapMean = interval.Mean, ColapLow = interval.Low, ColapHigh = interval.High,
                ConceptsMean = seeds.Average(r => r.Row.Concepts),
                LanguageBlindMean = draws.Length == 0 ? double.NaN : draws.Average(), LanguageBlindHigh = ChanceHigh(draws),
            });
        }
        return result;
    }

    /// <summary>The 95th percentile of the draws, NaN when there are none.</summary>
    private static double ChanceHigh(double[] draws) => draws.Length == 0 ? double.NaN : MultiBootstrap.Percentile(draws.Order().ToArray(), 0.95);
}
