using System.Globalization;
using System.Text.Json.Nodes;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Execution;

// Metric stages: CALIGN and COLAP per model and corpus, and the model comparisons.
public sealed partial class Analysis
{
    private async Task<string> AlignAsync(PreparedCorpus corpus, RunPart where, string conceptsFingerprint, string conceptsStage, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["align", conceptsFingerprint, corpus.DictionaryFingerprint, .. Options(MethodStage.Align)]);
        string output = RunLayout.Calign(where.Model, where.Corpus);
        await _stages.RunAsync($"align {where}", fingerprint, [output, RunLayout.CalignSummary(where.Model, where.Corpus)], 0, "directions",
            new StageGraph("align", [conceptsStage, corpus.DictionaryStage], new StageWork(Vectors: (corpus.Sizes?.KeptTotal ?? 0) * Settings.K.Count * Settings.Seeds)), async _ =>
        {
            IReadOnlyList<CalignSummary> summary = await AlignJob.RunAllDirectionsAsync(Path.Combine(Folder, RunLayout.Concepts(where.Model, where.Corpus)),
                Path.Combine(Folder, corpus.DictionaryFile), Path.Combine(Folder, output), corpus.Languages,
                o.ToCalignOptions(corpus.Languages[0], corpus.Languages[1]), o.ToUncertaintyOptions(), cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", summary.GroupBy(s => $"{s.SourceLanguage}->{s.TargetLanguage}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Calign):0.#}-{g.Max(s => s.Calign):0.#}%"))));
        }).ConfigureAwait(false);
        return fingerprint;
    }

    private async Task<string> OverlapAsync(PreparedCorpus corpus, RunPart where, string conceptsFingerprint, string conceptsStage, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["overlap", conceptsFingerprint, .. Options(MethodStage.Overlap)]);
        string output = RunLayout.Colap(where.Model, where.Corpus);
        await _stages.RunAsync($"overlap {where}", fingerprint, [output, RunLayout.ColapSummary(where.Model, where.Corpus)], 0, "tables",
            new StageGraph("overlap", [conceptsStage], new StageWork(Vectors: (corpus.Sizes?.KeptTotal ?? 0) * Settings.K.Count * Settings.Seeds)), async _ =>
        {
            ColapResult r = await OverlapJob.RunAsync(Path.Combine(Folder, RunLayout.Concepts(where.Model, where.Corpus)), Path.Combine(Folder, output),
                o.ToColapOptions(), uncertainty: o.ToUncertaintyOptions(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", r.Summary.GroupBy(s => $"{s.LanguageA}-{s.LanguageB}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Colap):0.#}-{g.Max(s => s.Colap):0.#}%"))));
        }).ConfigureAwait(false);
        return fingerprint;
    }

    /// <summary>
    /// <c>comparisons.parquet</c>: for each compared model pair (<see cref="RunDescription.ComparedPairs"/>) and corpus,
    /// b − a of CALIGN and COLAP per cell with its multi-bootstrap interval, from the per-seed tables.
    /// </summary>
    private async Task CompareAsync(IReadOnlyList<PreparedCorpus> corpora, IReadOnlyList<string> metricFingerprints, IReadOnlyList<string> metricStages,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<(string A, string B)> pairs = _description.ComparedPairs();
        if (pairs.Count == 0) return;
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["compare", string.Join("|", metricFingerprints), .. Options(MethodStage.Compare),
            .. pairs.Select(p => p.A + ">" + p.B)]);
        await _stages.RunAsync(CompareStage, fingerprint, [RunLayout.Comparisons], 0, "pairs",
            new StageGraph("compare", metricStages, new StageWork()), async _ =>
        {
            var rows = new List<ModelDifference>();
            foreach ((string a, string b) in pairs)
            foreach (PreparedCorpus corpus in corpora)
            {
                rows.AddRange(ModelComparisons.Calign(corpus.Name,
                    a, await MetricFiles.ReadCalignAsync(Path.Combine(Folder, RunLayout.Calign(a, corpus.Name)), cancellationToken).ConfigureAwait(false),
                    b, await MetricFiles.ReadCalignAsync(Path.Combine(Folder, RunLayout.Calign(b, corpus.Name)), cancellationToken).ConfigureAwait(false), o.Bootstrap));
                rows.AddRange(ModelComparisons.Colap(corpus.Name,
                    a, await MetricFiles.ReadColapAsync(Path.Combine(Folder, RunLayout.Colap(a, corpus.Name)), cancellationToken).ConfigureAwait(false),
                    b, await MetricFiles.ReadColapAsync(Path.Combine(Folder, RunLayout.Colap(b, corpus.Name)), cancellationToken).ConfigureAwait(false), o.Bootstrap));
            }
            await SummaryFiles.WriteAsync(Path.Combine(Folder, RunLayout.Comparisons), rows, o.ToUncertaintyOptions().ToRecord(), cancellationToken)
                .ConfigureAwait(false);
            int different = rows.Count(r => r.IsDifference);
            return (new JsonObject { ["rows"] = rows.Count, ["different"] = different },
                $"{pairs.Count} model pair(s): {different} of {rows.Count} cells differ (95% interval of b - a excludes 0)");
        }).ConfigureAwait(false);
    }
}
