using System.Text.Json;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Models;
using MLNetConcepts.Reporting;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Execution;

// The walk through the run's stages, in the order of the stage graph: corpora, then per model and corpus extraction, concepts and metrics, then comparisons and the report.
public sealed partial class Analysis
{
    /// <summary>One model and corpus of the run; its stage ids name it as its folder does (<c>model=base/corpus=en-de</c>).</summary>
    private sealed record RunPart(string Model, string Corpus)
    {
        public override string ToString() => RunLayout.Part(Model, Corpus).Replace(Path.DirectorySeparatorChar, '/');
    }

    private async Task RunAsync(IReadOnlyDictionary<string, ModelFolder> models, CancellationToken cancellationToken)
    {
        _stages.Progress.Planned(CountStages(models));
        var corpora = new List<PreparedCorpus>();
        foreach ((CorpusEntry entry, string[] languages) in _description.SelectedCorpora())
            corpora.Add(await PrepareCorpusAsync(entry, languages).ConfigureAwait(false));

        foreach (PreparedCorpus corpus in corpora)
        {
            corpus.DictionaryFingerprint = await DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);
            corpus.DictionaryStage = _stages.LastStage;
        }

        var metricFingerprints = new List<string>();
        var metricStages = new List<string>();
        foreach (ModelEntry entry in _description.Models)
        {
            ModelFolder model = models[entry.Label!];
            foreach (PreparedCorpus corpus in corpora)
            {
                var where = new RunPart(entry.Label!, corpus.Name);
                var extracted = new List<string>();
                var extractStages = new List<string>();
                KeptSelection? kept = _description.StoreAllVectors ? null : await SelectAsync(model, corpus, where, cancellationToken).ConfigureAwait(false);
                foreach (ExtractionPass pass in Passes(model, corpus.Languages))
                foreach (SentenceRange shard in Shards(corpus.Lines))
                {
                    extracted.Add(await ExtractAsync(model, corpus, pass, shard, kept, where, cancellationToken).ConfigureAwait(false));
                    extractStages.Add(_stages.LastStage);
                }
                string concepts = await ConceptsAsync(model, corpus, where, string.Join("|", extracted), extractStages, kept, cancellationToken)
                    .ConfigureAwait(false);
                string conceptsStage = _stages.LastStage;
                metricFingerprints.Add(await AlignAsync(corpus, where, concepts, conceptsStage, cancellationToken).ConfigureAwait(false));
                metricStages.Add(_stages.LastStage);
                metricFingerprints.Add(await OverlapAsync(corpus, where, concepts, conceptsStage, cancellationToken).ConfigureAwait(false));
                metricStages.Add(_stages.LastStage);
            }
        }
        await CompareAsync(corpora, metricFingerprints, metricStages, cancellationToken).ConfigureAwait(false);

        // The report reads every table: it waits for every stage, and its fingerprint takes theirs in the graph's order
        // (not the drops', which change no table).
        await _stages.DrainAsync().ConfigureAwait(false);
        _stages.ForgetUnplanned(keep: ReportStage);
        string reportFingerprint = StageRunner.Fingerprint("report", ReportBuilder.Version,
            string.Join("|", _stages.FingerprintsSoFar.Where(f => f.Kind != DropKind).Select(f => f.Fingerprint)));
        // It reads the tables (dictionaries, concepts, metrics, comparisons), never the activations.
        string[] tables = _stages.Plan.Where(p => p.Kind is "dictionary" or "concepts" or "align" or "overlap" or "compare").Select(p => p.Id).ToArray();
        var reportGraph = new StageGraph("report", tables,
            new StageWork(Vectors: corpora.Sum(c => c.Sizes?.KeptTotal ?? 0) * Settings.K.Count * Settings.Seeds * 2 * _description.Models.Count));
        string explorerPage = RunLayout.ExplorerPage;
        await _stages.RunAsync(ReportStage, reportFingerprint, [RunLayout.Report, explorerPage], 0, "figures", reportGraph, async _ =>
        {
            string path = Path.Combine(Folder, RunLayout.Report);
            RunFolder run = RunFolder.Open(Folder);
            ReportSummary summary = await ReportBuilder.WriteAsync(run, path, cancellationToken).ConfigureAwait(false);
            ExplorerSummary explorer = await ExplorerBuilder.WriteAsync(run, Path.Combine(Folder, RunLayout.Explorer), cancellationToken)
                .ConfigureAwait(false);
            var statistics = JsonSerializer.SerializeToNode(summary, RunRecord.JsonOptions)!.AsObject();
            statistics["explorer"] = JsonSerializer.SerializeToNode(explorer, RunRecord.JsonOptions);
            return (statistics, $"{summary.Figures} figures -> {path}; explorer: {explorer.Files} files, {RunPlan.Bytes(explorer.Bytes)} -> {Path.Combine(Folder, explorerPage)}");
        }).ConfigureAwait(false);
        await _stages.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>The stages <see cref="RunAsync(IReadOnlyDictionary{string, ModelFolder}, CancellationToken)"/> goes through, as its loops make them (for progress).</summary>
    private int CountStages(IReadOnlyDictionary<string, ModelFolder> models)
    {
        var corpora = _description.SelectedCorpora().ToList();
        int stages = corpora.Count(c => c.Corpus.Tsv is not null) + corpora.Count + 1;   // TSV splits, dictionaries, report
        if (_description.ComparedPairs().Count > 0) stages++;                               // comparisons
        foreach (ModelEntry entry in _description.Models)
        {
            ModelFolder model = models[entry.Label!];
            foreach ((CorpusEntry corpus, string[] languages) in corpora)
                stages += Passes(model, languages).Count() * ShardCount(corpus) + model.Graphs.Sum(g => 2 * LayersOf(g).Count) + 3   // + concepts, align, overlap
                    + (_description.KeepActivations ? 0 : 1) + (_description.StoreAllVectors ? 0 : 1);                 // + drop, select
        }
        return stages;
    }

    /// <summary>Extraction stages per pass of <paramref name="corpus"/> (<see cref="Shards"/>), from its line count.</summary>
    private int ShardCount(CorpusEntry corpus)
    {
        if (_description.ShardSentences <= 0) return 1;
        long lines = Tokenization.SentenceFile.ReadLines(corpus.Tsv ?? corpus.Files![0]).LongCount();
        return Shards(lines).Count;
    }
}
