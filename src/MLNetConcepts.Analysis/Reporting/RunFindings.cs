using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Reporting;

/// <summary>
/// The report's opening lines: what a run found, in words a newcomer can read before any chart, claiming only what the
/// intervals allow. Generated from the CALIGN summary over seeds and the model comparisons, so every number in them is
/// a row of <c>calign_summary.parquet</c> or <c>comparisons.parquet</c> (one direction each, never a mean of several).
/// </summary>
/// <remarks>
/// Rules: the first sentence states the footing (K, seeds, θA); a "best layer" is named only with the layers whose
/// intervals overlap it ("indistinguishable"); a value resting on fewer than <see cref="FewConcepts"/> considered
/// concepts says so; a model is said to differ from another only where the interval of the difference leaves out 0.
/// Only rows whose source and target component are the same count.
/// </remarks>
public static class RunFindings
{
    /// <summary>Fewer considered concepts than this (mean over seeds) and a value is flagged as resting on few concepts.</summary>
    public const int FewConcepts = 30;

    /// <summary>The opening sentences.</summary>
    /// <param name="summary">CALIGN summary rows at the headline K.</param>
    /// <param name="comparisons">Model comparisons at the headline K.</param>
    /// <param name="models">The run's models (tuned ones have <c>tuned_on</c>).</param>
    /// <param name="footing">K, seeds and thresholds in words, e.g. "K = 40, 3 K-means seeds (212–214), θA = 0.8".</param>
    public static IReadOnlyList<string> Summarize(IReadOnlyList<RunCalignSummary> summary, IReadOnlyList<ModelDifference> comparisons,
        IReadOnlyList<ModelEntry> models, string footing)
    {
        var rows = summary.Where(r => r.Row.SourceComponent == r.Row.TargetComponent).ToArray();
        if (rows.Length == 0 || models.Count == 0) return [];
        ModelEntry? tuned = models.FirstOrDefault(m => m.TunedOn.Count > 0);
        ModelEntry described = tuned ?? models[0];
        var sentences = new List<string> { $"Footing: {footing}; each value is a mean over seeds with its 95% interval (multi-bootstrap over seeds and concepts)." };

        // The described model's directions: those of its tuned pair, else the first corpus's first two.
        var own = rows.Where(r => r.Model == described.Label).ToArray();
        var directions = own.Select(r => (r.Corpus, r.Row.SourceComponent, r.Row.SourceLanguage, r.Row.TargetLanguage)).Distinct()
            .Where(d => tuned is null || !tuned.IsZeroShot(d.SourceLanguage, d.TargetLanguage)).ToArray();
        if (tuned is null || directions.Length == 0) directions = directions.Length > 0 ? directions.Take(2).ToArray()
            : own.Select(r => (r.Corpus, r.Row.SourceComponent, r.Row.SourceLanguage, r.Row.TargetLanguage)).Distinct().Take(2).ToArray();
        foreach (var d in directions)
        {
            var byLayer = own.Where(r => (r.Corpus, r.Row.SourceComponent, r.Row.SourceLanguage, r.Row.TargetLanguage) == d)
                .Select(r => r.Row).OrderBy(r => r.Layer).ToArray();
            if (byLayer.Length == 0) continue;
            CalignAcrossSeeds best = byLayer.OrderByDescending(r => r.CalignMean).ThenBy(r => r.Layer).First();
            int[] tied = byLayer.Where(r => r.CalignHigh >= best.CalignLow && r.CalignLow <= best.CalignHigh).Select(r => r.Layer).ToArray();
            string where = tied.Length > 1
                ? $"highest mean at layer {best.Layer}, but layers {Layers(tied)} are indistinguishable from it (their intervals overlap)"
                : $"highest at layer {best.Layer}, whose interval overlaps no other layer's";
            string text = $"{described.Label}, {d.SourceLanguage}→{d.TargetLanguage} ({d.Corpus}): CALIGN is {where}: {P(best.CalignMean)} " +
                          $"({P(best.CalignLow)}–{P(best.CalignHigh)}; {N(best.AlignedMean)} of {N(best.ConsideredMean)} considered concepts aligned on average)";
            if (double.IsFinite(best.ChanceHigh))
                text += best.CalignLow > best.ChanceHigh
                    ? $", above the chance level ({P(best.ChanceMean)}, 95th percentile {P(best.ChanceHigh)})"
                    : $", not clearly above the chance level ({P(best.ChanceMean)}, 95th percentile {P(best.ChanceHigh)})";
            if (best.ConsideredMean < FewConcepts)
                text += $"; it rests on fewer than {FewConcepts} considered concepts, so one concept moves it by {P(100 / Math.Max(1, best.ConsideredMean))}";
            sentences.Add(text + ".");
        }

        // Comparisons: per model pair and direction, at how many layers the difference's interval leaves out 0.
        foreach (var pair in comparisons.Where(c => c.Metric == ModelComparisons.CalignMetric && c.SourceComponent == c.TargetComponent)
                     .GroupBy(c => (c.ModelA, c.ModelB)))
        {
            ModelEntry? b = models.FirstOrDefault(m => m.Label == pair.Key.ModelB);
            var parts = new List<string>();
            foreach (var direction in pair.GroupBy(c => (c.Corpus, c.LanguageA, c.LanguageB))
                         .OrderBy(g => b is not null && b.IsZeroShot(g.Key.LanguageA, g.Key.LanguageB) ? 1 : 0).ThenBy(g => g.Key.Corpus, StringComparer.Ordinal)
                         .ThenBy(g => g.Key.LanguageA, StringComparer.Ordinal).ThenBy(g => g.Key.LanguageB, StringComparer.Ordinal))
            {
                var cells = direction.OrderBy(c => c.Layer).ToArray();
                var differing = cells.Where(c => c.IsDifference).ToArray();
                string zeroShot = b is not null && b.IsZeroShot(direction.Key.LanguageA, direction.Key.LanguageB) ? " (zero-shot)" : "";
                string name = $"{direction.Key.LanguageA}→{direction.Key.LanguageB}{zeroShot}";
                if (differing.Length == 0)
                {
                    parts.Add($"{name}: no layer differs");
                    continue;
                }
                ModelDifference largest = differing.OrderByDescending(c => Math.Abs(c.DifferenceMean)).First();
                parts.Add($"{name}: {differing.Length} of {cells.Length} layers differ, most at layer {largest.Layer} " +
                          $"({Signed(largest.DifferenceMean)} points, {Signed(largest.DifferenceLow)} to {Signed(largest.DifferenceHigh)})");
            }
            if (parts.Count > 0)
                sentences.Add($"{pair.Key.ModelB} against {pair.Key.ModelA} (CALIGN, b − a, called a difference only where its 95% interval leaves out 0): " +
                              string.Join("; ", parts) + ".");
        }
        return sentences;
    }

    /// <summary>Layers as runs: 2–6, 9.</summary>
    private static string Layers(int[] layers)
    {
        var parts = new List<string>();
        for (int i = 0; i < layers.Length;)
        {
            int j = i;
            while (j + 1 < layers.Length && layers[j + 1] == layers[j] + 1) j++;
            parts.Add(j > i ? $"{layers[i]}–{layers[j]}" : layers[i].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static string P(double percent) => percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.#", CultureInfo.InvariantCulture);
}
