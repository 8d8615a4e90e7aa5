using System.Globalization;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Reporting;

/// <summary>
/// The report's opening lines: what a run found, in words a newcomer can read before any chart. Generated from
/// the CALIGN rows only (the paper's headline metric), so the text always agrees with the tables below it.
/// </summary>
public static class RunFindings
{
    /// <summary>
    /// One or two sentences: the layer where concepts align most (mean CALIGN over every direction measured, for
    /// the fine-tuned model if there is one, else the first model), and, when the run has a base model and a model
    /// tuned on some languages, how tuning changed CALIGN for the tuned pair and for each zero-shot pair (both
    /// directions, at that pair's best layer).
    /// Only rows whose source and target component are the same (encoder to encoder, decoder to decoder) count.
    /// </summary>
    public static IReadOnlyList<string> Summarize(IReadOnlyList<RunCalign> calign, IReadOnlyList<ModelEntry> models)
    {
        var rows = calign.Where(r => r.Row.SourceComponent == r.Row.TargetComponent).ToArray();
        if (rows.Length == 0 || models.Count == 0) return [];
        ModelEntry? tuned = models.FirstOrDefault(m => m.TunedOn.Count > 0);
        ModelEntry? baseModel = models.FirstOrDefault(m => m.TunedOn.Count == 0);
        ModelEntry described = tuned ?? models[0];

        var sentences = new List<string>();
        var byLayer = MeanByLayer(rows.Where(r => r.Model == described.Label));
        if (byLayer.Count > 0)
        {
            var best = byLayer.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First();
            int first = byLayer.Keys.Min();
            sentences.Add($"Concepts align most at layer {best.Key} of {described.Label}: {P(best.Value)} of source concepts " +
                          $"find a translated target concept there (mean CALIGN over {Directions(rows, described.Label!)}), " +
                          $"against {P(byLayer[first])} at layer {first}.");
        }
        if (tuned is not null && baseModel is not null)
        {
            bool IsTunedPair(RunCalign r) => !tuned.IsZeroShot(r.Row.SourceLanguage, r.Row.TargetLanguage);
            string pair = string.Join("-", tuned.TunedOn);
            double? baseTuned = Best(rows.Where(r => r.Model == baseModel.Label && IsTunedPair(r)));
            double? tunedTuned = Best(rows.Where(r => r.Model == tuned.Label && IsTunedPair(r)));
            if (baseTuned is { } before && tunedTuned is { } after)
            {
                string text = $"Tuning on {pair} {Change(before, after)} CALIGN between those languages at the best layer " +
                              $"from {P(before)} ({baseModel.Label}) to {P(after)} ({tuned.Label})";
                // Each zero-shot pair on its own: one mean over all of them hides a pair that gained behind others that did not.
                var zeroShot = rows.Where(r => !IsTunedPair(r)).GroupBy(r => PairName(r.Row.SourceLanguage, r.Row.TargetLanguage, tuned.TunedOn))
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (Pair: g.Key, Before: Best(g.Where(r => r.Model == baseModel.Label)), After: Best(g.Where(r => r.Model == tuned.Label))))
                    .Where(p => p.Before is not null && p.After is not null)
                    .Select(p => $"{p.Pair} {P(p.Before!.Value)} to {P(p.After!.Value)}")
                    .ToArray();
                if (zeroShot.Length > 0)
                    text += $"; for the zero-shot {(zeroShot.Length == 1 ? "pair" : "pairs")} it went from {string.Join(", ", zeroShot)}";
                sentences.Add(text + ".");
            }
        }
        return sentences;
    }

    /// <summary>A language pair named the same whichever way round: a tuned language first (en-ar), else the codes in order.</summary>
    private static string PairName(string a, string b, IReadOnlyCollection<string> tunedOn)
    {
        bool aTuned = tunedOn.Contains(a), bTuned = tunedOn.Contains(b);
        bool aFirst = aTuned != bTuned ? aTuned : string.CompareOrdinal(a, b) <= 0;
        return aFirst ? $"{a}-{b}" : $"{b}-{a}";
    }

    /// <summary>Mean CALIGN over directions (and corpora) at each layer.</summary>
    private static Dictionary<int, double> MeanByLayer(IEnumerable<RunCalign> rows) =>
        rows.GroupBy(r => r.Row.Layer).ToDictionary(g => g.Key, g => g.Average(r => r.Row.Calign));

    /// <summary>The highest per-layer mean, or null when there are no rows.</summary>
    private static double? Best(IEnumerable<RunCalign> rows)
    {
        var byLayer = MeanByLayer(rows);
        return byLayer.Count == 0 ? null : byLayer.Values.Max();
    }

    private static string Directions(IEnumerable<RunCalign> rows, string model)
    {
        var directions = rows.Where(r => r.Model == model).Select(r => $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}").Distinct().ToArray();
        return directions.Length == 1 ? directions[0] : $"{directions.Length} directions: {string.Join(", ", directions)}";
    }

    // A change under one percentage point is within the noise of a single concept at K = 100.
    private static string Change(double before, double after) =>
        after - before >= 1 ? "raised" : before - after >= 1 ? "lowered" : "hardly changed";

    private static string P(double percent) => percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
