using System.Text.Json.Serialization;

namespace MLNetConcepts.Metrics;

/// <summary>
/// One row of <c>comparisons.parquet</c>: model b minus model a on one cell (metric, corpus, components, layer,
/// languages, K), in percentage points, with the 95 % interval of the difference.
/// </summary>
public sealed class ModelDifference
{
    /// <summary><c>calign</c> or <c>colap</c>.</summary>
    [JsonPropertyName("metric")] public string Metric { get; set; } = "";
    /// <summary>The corpus both models were measured on.</summary>
    [JsonPropertyName("corpus")] public string Corpus { get; set; } = "";
    /// <summary>The model subtracted.</summary>
    [JsonPropertyName("model_a")] public string ModelA { get; set; } = "";
    /// <summary>The model subtracted from.</summary>
    [JsonPropertyName("model_b")] public string ModelB { get; set; } = "";
    /// <summary>CALIGN: the source concepts' component; COLAP: the component.</summary>
    [JsonPropertyName("source_component")] public string SourceComponent { get; set; } = "";
    /// <summary>CALIGN: the target concepts' component; COLAP: the component again.</summary>
    [JsonPropertyName("target_component")] public string TargetComponent { get; set; } = "";
    /// <summary>The model layer.</summary>
    [JsonPropertyName("layer")] public int Layer { get; set; }
    /// <summary>CALIGN: the source language; COLAP: the pair's first language (or <c>*</c>).</summary>
    [JsonPropertyName("language_a")] public string LanguageA { get; set; } = "";
    /// <summary>CALIGN: the target language; COLAP: the pair's second language (or <c>*</c>).</summary>
    [JsonPropertyName("language_b")] public string LanguageB { get; set; } = "";
    /// <summary>The concepts' K.</summary>
    [JsonPropertyName("k")] public int K { get; set; }
    /// <summary>Seeds per model.</summary>
    [JsonPropertyName("seeds")] public int Seeds { get; set; }
    /// <summary>b − a of the means over seeds, in percentage points.</summary>
    [JsonPropertyName("difference_mean")] public double DifferenceMean { get; set; }
    /// <summary>Lower end of the 95 % interval of b − a.</summary>
    [JsonPropertyName("difference_low")] public double DifferenceLow { get; set; }
    /// <summary>Upper end of the 95 % interval of b − a.</summary>
    [JsonPropertyName("difference_high")] public double DifferenceHigh { get; set; }

    /// <summary>Whether the interval leaves out 0: only then does a report call the two values different.</summary>
    [JsonIgnore] public bool IsDifference => DifferenceLow > 0 || DifferenceHigh < 0;
}

/// <summary>
/// Paired comparisons of two models measured on one corpus: for every cell both have, each model is resampled as in
/// <see cref="MultiBootstrap"/> (independently: their clusterings are independent), and b − a is taken per replicate.
/// </summary>
public static class ModelComparisons
{
    /// <summary>The metric name of CALIGN rows.</summary>
    public const string CalignMetric = "calign";
    /// <summary>The metric name of COLAP rows.</summary>
    public const string ColapMetric = "colap";

    /// <summary>CALIGN of <paramref name="modelB"/> minus <paramref name="modelA"/>, per cell both have.</summary>
    public static IReadOnlyList<ModelDifference> Calign(string corpus, string modelA, IReadOnlyList<CalignSummary> a, string modelB,
        IReadOnlyList<CalignSummary> b, int replicates)
    {
        static (string, string, int, string, string, int) Cell(CalignSummary r) => (r.SourceComponent, r.TargetComponent, r.Layer, r.SourceLanguage, r.TargetLanguage, r.K);
        static SeedCounts Counts(CalignSummary r) => new(r.ConceptsConsidered, r.Aligned);
        return Compare(CalignMetric, corpus, modelA, a.GroupBy(Cell).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).Select(Counts).ToArray()),
            modelB, b.GroupBy(Cell).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).Select(Counts).ToArray()), replicates);
    }

    /// <summary>COLAP of <paramref name="modelB"/> minus <paramref name="modelA"/>, per cell both have.</summary>
    public static IReadOnlyList<ModelDifference> Colap(string corpus, string modelA, IReadOnlyList<ColapSummary> a, string modelB,
        IReadOnlyList<ColapSummary> b, int replicates)
    {
        // The scope is not a column of the comparisons table: COLAP is measured on the mixed scope.
        static (string, string, int, string, string, int) Cell(ColapSummary r) => (r.Component, r.Component, r.Layer, r.LanguageA, r.LanguageB, r.K);
        static SeedCounts Counts(ColapSummary r) => new(r.Concepts, r.Overlapping);
        return Compare(ColapMetric, corpus, modelA, a.GroupBy(Cell).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).Select(Counts).ToArray()),
            modelB, b.GroupBy(Cell).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).Select(Counts).ToArray()), replicates);
    }

    private static IReadOnlyList<ModelDifference> Compare(string metric, string corpus,
        string modelA, Dictionary<(string, string, int, string, string, int), SeedCounts[]> a,
        string modelB, Dictionary<(string, string, int, string, string, int), SeedCounts[]> b, int replicates)
    {
        var rows = new List<ModelDifference>();
        foreach (var (cell, countsA) in a.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                     .ThenBy(p => p.Key.Item4, StringComparer.Ordinal).ThenBy(p => p.Key.Item5, StringComparer.Ordinal).ThenBy(p => p.Key.Item6).ThenBy(p => p.Key.Item3))
        {
            if (!b.TryGetValue(cell, out SeedCounts[]? countsB)) continue;
            (string sourceComponent, string targetComponent, int layer, string languageA, string languageB, int k) = cell;
            // Each model draws from its own generator, seeded by the model and the cell: independent resampling.
            BootstrapInterval d = MultiBootstrap.Difference(countsA, countsB, replicates,
                ChanceLevels.SeedOf("compare", metric, corpus, modelA, sourceComponent, targetComponent, layer, languageA, languageB, k),
                ChanceLevels.SeedOf("compare", metric, corpus, modelB, sourceComponent, targetComponent, layer, languageA, languageB, k));
            rows.Add(new ModelDifference
            {
                Metric = metric, Corpus = corpus, ModelA = modelA, ModelB = modelB, SourceComponent = sourceComponent,
                TargetComponent = targetComponent, Layer = layer, LanguageA = languageA, LanguageB = languageB, K = k,
                Seeds = Math.Min(countsA.Length, countsB.Length), DifferenceMean = d.Mean, DifferenceLow = d.Low, DifferenceHigh = d.High,
            });
        }
        return rows;
    }
}
