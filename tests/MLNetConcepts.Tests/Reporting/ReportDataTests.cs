using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>
/// The report's numbers, typed and computed once from a run folder: the stored tables as they are, and what the
/// report recomputes from the stored concepts (sweeps, clouds, lexical counts) agreeing with what the run stored.
/// </summary>
public class ReportDataTests
{
    private static readonly Lazy<Task<(RunFolder Run, ReportData Data)>> Loaded = new(async () =>
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        return (run, await ReportData.LoadAsync(run));
    });

    [Fact]
    public async Task HoldsTheRunsTablesAsStored()
    {
        (RunFolder run, ReportData data) = await Loaded.Value;
        Assert.Equal(30, data.HeadlineK);
        Assert.Equal(1, data.Seeds);
        Assert.Equal(["base", "fine-tuned"], data.ModelLabels);
        Assert.Equal(["en-de"], data.Corpora);
        Assert.Equal((await run.CalignSummaryAsync()).Select(r => (r.Model, r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.Layer,
                r.Row.CalignMean, r.Row.CalignLow, r.Row.CalignHigh, r.Row.ChanceHigh)),
            data.CalignSummary.Select(r => (r.Model, r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.Layer,
                r.Row.CalignMean, r.Row.CalignLow, r.Row.CalignHigh, r.Row.ChanceHigh)));
        Assert.Equal((await run.ColapSummaryAsync()).Select(r => (r.Model, r.Row.LanguageA, r.Row.LanguageB, r.Row.Layer, r.Row.ColapMean, r.Row.LanguageBlindHigh)),
            data.ColapSummary.Select(r => (r.Model, r.Row.LanguageA, r.Row.LanguageB, r.Row.Layer, r.Row.ColapMean, r.Row.LanguageBlindHigh)));
        Assert.Equal((await run.ComparisonsAsync()).Select(c => (c.Metric, c.Layer, c.DifferenceMean)), data.Comparisons.Select(c => (c.Metric, c.Layer, c.DifferenceMean)));
        Assert.Equal(["base|en-de", "fine-tuned|en-de"], data.Concepts.Select(c => $"{c.Model}|{c.Corpus}"));
        // One row per extraction stage and component, and per clustering stage, with the counts run.json holds.
        Assert.Equal(run.Record.Stages.Keys.Count(k => k.StartsWith("extract", StringComparison.Ordinal)), data.Extraction.Count);
        Assert.Equal(run.Record.Stages.Keys.Count(k => k.StartsWith("cluster", StringComparison.Ordinal)), data.Filtering.Count);
        Assert.All(data.Extraction, s => Assert.True(s.Sentences > 0 && s.Words >= s.Kept, $"{s}"));
        Assert.All(data.Filtering, s => Assert.True(s.KeptTypes > 0 && s.WordsSeen >= s.KeptOccurrences, $"{s}"));
    }

    [Fact]
    public async Task SweepsAtTheRunsOwnThresholdsGiveTheStoredMeans()
    {
        (_, ReportData data) = await Loaded.Value;
        RunSettings o = data.Options;
        int compared = 0;
        foreach (ModelConcepts part in data.Concepts)
            foreach (ComponentConcepts component in part.Components)
                foreach (SensitivityPoint point in component.Sensitivity)
                {
                    double? atRunValue = point.Parameter switch { "θA" => o.ThetaA, "N-best" => o.Nbest, "min types" => o.MinTypes, "θO" => o.ThetaO, _ => null };
                    Assert.NotNull(atRunValue);
                    if (point.Value != atRunValue) continue;
                    double stored = point.Metric == "CALIGN"
                        ? data.CalignSummary.Single(r => r.Model == part.Model && r.Corpus == part.Corpus && r.Row.K == data.HeadlineK
                            && r.Row.SourceComponent == component.Component && r.Row.TargetComponent == component.Component && r.Row.Layer == point.Layer
                            && r.Row.SourceLanguage == point.LanguageA && r.Row.TargetLanguage == point.LanguageB).Row.CalignMean
                        : data.ColapSummary.Single(r => r.Model == part.Model && r.Corpus == part.Corpus && r.Row.K == data.HeadlineK
                            && r.Row.Component == component.Component && r.Row.Layer == point.Layer && r.Row.Scope == ConceptFiles.MixedScope
                            && r.Row.LanguageA == point.LanguageA && r.Row.LanguageB == point.LanguageB).Row.ColapMean;
                    Assert.Equal(stored, point.Interval.Mean, 9);
                    compared++;
                }
        // Two models × (two directions × three CALIGN thresholds + COLAP's pairs) × every layer: all of them matched a stored row.
        int layers = data.CalignSummary.Where(r => r.Model == "base").Select(r => r.Row.Layer).Distinct().Count();
        Assert.True(compared >= 2 * 2 * 3 * layers, $"only {compared} sweep points at the run's thresholds");
    }

    [Fact]
    public async Task CloudsShowAlignedAndOverlappingConceptsOfTheFirstMiddleAndLastLayer()
    {
        (RunFolder run, ReportData data) = await Loaded.Value;
        foreach (ModelConcepts part in data.Concepts)
        {
            IReadOnlyList<ConceptSummary> summaries = (await run.ConceptSummariesAsync(part.Model, part.Corpus))
                .Where(s => s.K == data.HeadlineK && s.Seed == data.Options.Seed).ToArray();
            foreach (ComponentConcepts component in part.Components)
            {
                int[] layers = summaries.Where(s => s.Component == component.Component).Select(s => s.Layer).Distinct().Order().ToArray();
                int[] shown = layers.Length <= 3 ? layers : [layers[0], layers[layers.Length / 2], layers[^1]];
                Assert.Equal(shown, component.Clouds.Select(c => c.Layer));
                foreach (LayerClouds layer in component.Clouds)
                {
                    Assert.InRange(layer.Aligned.Count, 0, ModelConceptsLoader.CloudsPerLayer);
                    Assert.InRange(layer.Overlapping.Count, 0, ModelConceptsLoader.CloudsPerLayer);
                    Assert.All(layer.Aligned, a => Assert.True(a.MatchFraction >= data.Options.ThetaA && a.SourceWords.Count > 0 && a.TargetWords.Count > 0));
                    Assert.All(layer.Overlapping, m => Assert.True(m.Balance >= data.Options.ThetaO && m.Words.Count > 0));
                }
                Assert.Contains(component.Clouds, c => c.Aligned.Count > 0);
                // Lexical counts: every concept of each language scope and layer, counted once.
                foreach (LexicalCount count in component.Lexical)
                {
                    ConceptSummary[] scope = summaries.Where(s => s.Component == component.Component && s.Layer == count.Layer && s.Scope == count.Language).ToArray();
                    Assert.Equal((scope.Length, scope.Count(s => s.IsLexical)), (count.Total, count.Lexical));
                }
                Assert.Equal(part.Languages.Count * layers.Length, component.Lexical.Count);
            }
        }
    }
}
