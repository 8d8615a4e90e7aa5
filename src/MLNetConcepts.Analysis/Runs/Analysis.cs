using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MLNetConcepts.Concepts;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Models;
using MLNetConcepts.Reporting;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Runs;

/// <summary>
/// The whole method over a run description, into a resumable run folder: per corpus a dictionary; per model and
/// corpus extraction (each language), concepts (each layer: every language on its own, and all mixed), CALIGN (each
/// language direction) and COLAP; then <c>report.html</c>.
/// </summary>
/// <remarks>
/// Each stage is the library job its command runs too (<see cref="DictionaryJob"/>, <see cref="ExtractionJob"/>,
/// <see cref="ConceptDiscovery"/>, <see cref="AlignJob"/>, <see cref="OverlapJob"/>, <see cref="ReportBuilder"/>);
/// this class only plans them and gives each its fingerprint, and <see cref="StageRunner"/> skips those whose
/// fingerprint and outputs are recorded in <c>run.json</c>. So a re-run recomputes only what changed and a run killed
/// at any point resumes where it stopped with the same numbers (extraction and K-means are deterministic). Folder
/// layout (hive-style, so DuckDB, Spark and pyarrow read <c>model</c> and <c>corpus</c> as columns):
/// <code>
/// run.json, report.html, comparisons.parquet             (model pairs: b - a with intervals)
/// corpora/&lt;corpus&gt;/dictionary.parquet            (and &lt;language&gt;.txt when the corpus is a TSV file)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/activations/...    extract-&lt;language&gt;.json
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/concepts.parquet, concept_summary.parquet, calign.parquet, colap.parquet (per seed)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/calign_summary.parquet, colap_summary.parquet    (over seeds, with intervals)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/stages/...           per-layer concepts the run is assembled from
/// </code>
/// </remarks>
public sealed class Analysis
{
    /// <summary>N-best depth of the stored dictionaries: enough for the report's sensitivity sweep (5-20).</summary>
    public const int StoredTranslations = 20;

    private const string ReportStage = "report";
    private const string CompareStage = "compare";
    private const string DropKind = "drop";

    private readonly RunDescription _description;
    private readonly StageRunner _stages;

    private Analysis(RunDescription description, StageRunner stages)
    {
        _description = description;
        _stages = stages;
    }

    private string Folder => _stages.Folder;

    private RunSettings Settings => _description.Options;

    /// <summary>Synchronous <see cref="RunAsync(RunDescription, string, IAnalysisProgress?, CancellationToken)"/>.</summary>
    public static RunFolder Run(RunDescription description, string runFolder, IAnalysisProgress? progress = null) =>
        Synchronously.Run(() => RunAsync(description, runFolder, progress));

    /// <summary>Runs (or resumes) the analysis into <paramref name="runFolder"/>, one stage at a time, and returns the finished run folder.</summary>
    public static Task<RunFolder> RunAsync(RunDescription description, string runFolder, IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(description, runFolder, new LocalRunOptions(), progress, cancellationToken);

    /// <summary>
    /// Runs (or resumes) the analysis into <paramref name="runFolder"/>, as many independent stages at once as
    /// <paramref name="local"/> allows, and returns the finished run folder. The tables do not depend on the jobs.
    /// </summary>
    public static async Task<RunFolder> RunAsync(RunDescription description, string runFolder, LocalRunOptions local, IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        local.Validate();
        (string folder, IReadOnlyDictionary<string, ModelFolder> models) = Prepare(description, runFolder);
        progress ??= SilentProgress.Instance;
        IReadOnlySet<string> restore = await DroppedStagesNeededAsync(description, folder, models, cancellationToken).ConfigureAwait(false);
        int jobs = local.JobsHere;
        if (jobs == 1)
        {
            using StageRunner stages = StageRunner.Open(folder, description, progress, cancellationToken);
            stages.Restore = restore;
            await new Analysis(description, stages).RunAsync(models, cancellationToken).ConfigureAwait(false);
            return RunFolder.Open(runFolder);
        }
        // A failing stage cancels this source: the stages running stop, no other starts, and the plan's walk ends.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scheduler = new StageScheduler(jobs, local.MemoryBudgetHere, failed);
        using (StageRunner stages = StageRunner.Open(folder, description, progress, scheduler, failed.Token))
        {
            stages.Restore = restore;
            var analysis = new Analysis(description, stages) { _threadsPerStage = Math.Max(1, Environment.ProcessorCount / jobs) };
            try
            {
                await analysis.RunAsync(models, failed.Token).ConfigureAwait(false);
            }
            catch (Exception walk)
            {
                // Nothing may still be writing when the folder's lock goes; a stage's own failure explains the
                // cancellation it caused better than the cancellation does.
                await failed.CancelAsync().ConfigureAwait(false);
                Exception? stage = await scheduler.SettleAsync().ConfigureAwait(false);
                if (walk is OperationCanceledException && !cancellationToken.IsCancellationRequested && stage is not null and not OperationCanceledException)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(stage);
                throw;
            }
        }
        return RunFolder.Open(runFolder);
    }

    /// <summary>Threads for each stage's ONNX Runtime, K-means and aligner when stages share the cores; 0: all cores.</summary>
    private int _threadsPerStage;

    /// <summary>The run description's <c>threads</c> when given, else this run's share of the cores.</summary>
    private int ThreadsPerStage => Settings.Threads > 0 ? Settings.Threads : _threadsPerStage;

    /// <summary>
    /// The run as a graph of stages, without running anything: each stage's id, kind, dependencies, outputs,
    /// fingerprint, state against <paramref name="runFolder"/>'s <c>run.json</c> (done, stale or pending) and estimates of
    /// its time, peak memory and disk on this machine (<see cref="CostModel"/>). With <paramref name="write"/> the plan is
    /// also written to <c>plan.json</c> in the run folder (created if new, under the same rules and lock as a run);
    /// without it nothing is written or locked, so it can look at a folder a run is writing (<c>analyze --status</c>).
    /// </summary>
    public static async Task<RunPlan> PlanAsync(RunDescription description, string runFolder, bool write = false,
        CancellationToken cancellationToken = default)
    {
        (string folder, IReadOnlyDictionary<string, ModelFolder> models) = Prepare(description, runFolder);
        RunPlan plan = await PlanStagesAsync(description, folder, models, cancellationToken).ConfigureAwait(false);
        if (write)
        {
            using RunFolderClaim claim = RunFolderClaim.Acquire(folder);
            using AtomicOutput output = AtomicOutput.ForFile(Path.Combine(folder, RunPlan.FileName));
            await File.WriteAllTextAsync(output.TemporaryPath, CostModel.ToJson(plan), cancellationToken).ConfigureAwait(false);
            output.Commit();
        }
        return plan;
    }

    private static async Task<RunPlan> PlanStagesAsync(RunDescription description, string folder, IReadOnlyDictionary<string, ModelFolder> models,
        CancellationToken cancellationToken)
    {
        using StageRunner stages = StageRunner.ForPlan(folder, description, cancellationToken);
        await new Analysis(description, stages).RunAsync(models, cancellationToken).ConfigureAwait(false);
        // A stage done only in that its outputs were dropped is stale again when a stage reading them has to run.
        var readByPending = stages.Plan.Where(s => s.State != StageState.Done).SelectMany(s => s.DependsOn).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<PlannedStage> planned = stages.Plan
            .Select(s => s.State == StageState.Done && readByPending.Contains(s.Id) && stages.Record.Stages.TryGetValue(s.Id, out StageRecord? r) && r.Dropped
                ? s.WithState(StageState.Stale) : s)
            .ToArray();
        return new RunPlan { RunFolder = folder, FreeDiskBytes = FreeBytes(folder), Stages = planned };
    }

    /// <summary>
    /// The dropped stages (<see cref="RunDescription.KeepActivations"/>) a run has to repeat because a stage that reads
    /// their outputs will run: empty, without a plan's cost, when nothing in the folder was dropped.
    /// </summary>
    private static async Task<IReadOnlySet<string>> DroppedStagesNeededAsync(RunDescription description, string folder,
        IReadOnlyDictionary<string, ModelFolder> models, CancellationToken cancellationToken)
    {
        if (description.KeepActivations || RunRecord.TryLoad(folder) is not { } record || !record.Stages.Values.Any(s => s.Dropped))
            return new HashSet<string>();
        RunPlan plan = await PlanStagesAsync(description, folder, models, cancellationToken).ConfigureAwait(false);
        return plan.Stages.Where(s => s.State == StageState.Stale && record.Stages.TryGetValue(s.Id, out StageRecord? r) && r.Dropped
            && r.Fingerprint == s.Fingerprint).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs one stage of the run, <paramref name="stageId"/> (an id of <see cref="PlanAsync"/>), as a cluster task does
    /// (<c>analyze --stage</c>): it needs the stages it reads from done, skips itself when up to date, writes atomically
    /// and records itself in <c>run.json</c>; many tasks may run stages of one folder at once.
    /// </summary>
    public static async Task RunStageAsync(RunDescription description, string runFolder, string stageId, IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        (string folder, IReadOnlyDictionary<string, ModelFolder> models) = Prepare(description, runFolder);
        using StageRunner stages = StageRunner.ForStage(folder, description, stageId, progress ?? SilentProgress.Instance, cancellationToken);
        await new Analysis(description, stages).RunAsync(models, cancellationToken).ConfigureAwait(false);
        if (!stages.FoundStage)
            throw OptionErrors.InvalidArgument(nameof(stageId), $"no stage '{ErrorText.Shorten(stageId)}' in this run; analyze --plan lists the stage ids");
    }

    /// <summary>
    /// What every way of going through the run checks first: a run folder is given, the description is valid (its
    /// models loaded) and nothing the run writes is one of its inputs.
    /// </summary>
    private static (string Folder, IReadOnlyDictionary<string, ModelFolder> Models) Prepare(RunDescription description, string runFolder)
    {
        if (string.IsNullOrWhiteSpace(runFolder))
            throw OptionErrors.InvalidArgument(nameof(runFolder), "empty path; give the run folder");
        string folder = Path.GetFullPath(runFolder);
        IReadOnlyDictionary<string, ModelFolder> models = description.Validate();
        CheckFileRoles(description, folder, models);
        return (folder, models);
    }

    /// <summary>Whether an <c>analyze</c> holds the lock of <paramref name="runFolder"/> now.</summary>
    public static bool IsRunning(string runFolder) => RunFolderClaim.IsLocked(Path.GetFullPath(runFolder));

    /// <summary>Free bytes on the drive of <paramref name="folder"/> (or of its nearest existing parent).</summary>
    private static long FreeBytes(string folder)
    {
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing)) existing = Path.GetDirectoryName(existing);
        try
        {
            return existing is null ? 0 : new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
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
                string where = $"model={entry.Label}/corpus={corpus.Name}";
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
        string explorerPage = Path.Combine(ExplorerBuilder.FolderName, "index.html");
        await _stages.RunAsync(ReportStage, reportFingerprint, ["report.html", explorerPage], 0, "figures", reportGraph, async _ =>
        {
            string path = Path.Combine(Folder, "report.html");
            RunFolder run = RunFolder.Open(Folder);
            ReportSummary summary = await ReportBuilder.WriteAsync(run, path, cancellationToken).ConfigureAwait(false);
            ExplorerSummary explorer = await ExplorerBuilder.WriteAsync(run, Path.Combine(Folder, ExplorerBuilder.FolderName), cancellationToken)
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
        long lines = Text.SentenceFile.ReadLines(corpus.Tsv ?? corpus.Files![0]).LongCount();
        return Shards(lines).Count;
    }

    // ---------------------------------------------------------------------------------------------- corpus

    private sealed class PreparedCorpus(string name, string[] languages, Dictionary<string, string> files, long lines)
    {
        public string Name { get; } = name;
        public string[] Languages { get; } = languages;
        public Dictionary<string, string> Files { get; } = files;
        public long Lines { get; } = lines;
        public string DictionaryFingerprint { get; set; } = "";
        public string DictionaryFile => Path.Combine("corpora", Name, DictionaryFiles.FileName);
        /// <summary>The stage that splits a TSV corpus, which every stage reading the corpus depends on; null for line-aligned files.</summary>
        public string? SplitStage { get; set; }
        public string DictionaryStage { get; set; } = "";
        /// <summary>Words and kept occurrences per language, measured for a plan only (null when running).</summary>
        public CorpusSizes? Sizes { get; set; }
        public string[] Reading => SplitStage is null ? [] : [SplitStage];
    }

    /// <summary>Line-aligned files per language: the given ones, or split from a TSV file into the run folder.</summary>
    private async Task<PreparedCorpus> PrepareCorpusAsync(CorpusEntry entry, string[] languages)
    {
        string name = string.Join("-", languages);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.Files is not null)
        {
            for (int i = 0; i < entry.Languages.Count; i++)
                if (languages.Contains(entry.Languages[i])) files[entry.Languages[i]] = entry.Files[i];
        }
        else
        {
            string folder = Path.Combine(Folder, "corpora", name);
            foreach (string language in languages) files[language] = Path.Combine(folder, language + ".txt");
            string[] outputs = languages.Select(l => Path.Combine("corpora", name, l + ".txt")).ToArray();
            await _stages.RunAsync($"corpus {name}", StageRunner.Fingerprint("corpus", _stages.HashFile(entry.Tsv!)), outputs, 0, "lines",
                new StageGraph("corpus", [], new StageWork()), _ =>
            {
                Directory.CreateDirectory(folder);
                long lines = TsvCorpus.Split(entry.Tsv!, languages.Select(l => (entry.Languages.IndexOf(l), files[l])).ToList());
                return Task.FromResult<(JsonNode?, string)>((new JsonObject { ["lines"] = lines }, $"{lines} lines split by language"));
            }).ConfigureAwait(false);
        }
        string? split = entry.Files is null ? _stages.LastStage : null;
        if (_stages.Planning)
        {
            // The split files may not exist yet: a plan measures the corpus where it is.
            CorpusSizes sizes = CorpusSizes.Measure(entry, languages, Settings.ToFrequencyFilterOptions());
            return new PreparedCorpus(name, languages, files, sizes.Lines) { SplitStage = split, Sizes = sizes };
        }
        if (split is not null) await _stages.WhenDone(split).ConfigureAwait(false);
        long count = Text.SentenceFile.ReadLines(files[languages[0]]).LongCount();
        // Stages sharing the machine need their memory estimates, which grow with the corpus.
        CorpusSizes? measured = _stages.Concurrent ? CorpusSizes.Measure(entry, languages, Settings.ToFrequencyFilterOptions()) : null;
        return new PreparedCorpus(name, languages, files, count) { SplitStage = split, Sizes = measured };
    }

    private async Task<string> DictionaryAsync(PreparedCorpus corpus, CancellationToken cancellationToken)
    {
        string fingerprint = StageRunner.Fingerprint(["dictionary", StoredTranslations.ToString(CultureInfo.InvariantCulture),
            string.Join("|", corpus.Languages.Select(l => l + ":" + _stages.HashFile(corpus.Files[l]))), .. Options(MethodStage.Dictionary)]);
        await _stages.RunAsync($"dictionary corpus={corpus.Name}", fingerprint, [corpus.DictionaryFile],
            corpus.Languages.Length * (corpus.Languages.Length - 1), "directions",
            new StageGraph("dictionary", corpus.Reading, new StageWork(Words: (corpus.Sizes?.WordsTotal ?? 0) * (corpus.Languages.Length - 1))), async progress =>
            {
                CorpusDictionaryResult result = await DictionaryJob.RunAllDirectionsAsync(corpus.Files, corpus.Languages,
                    Path.Combine(Folder, corpus.DictionaryFile), new DictionaryInductionOptions
                    {
                        NBest = StoredTranslations, MaxSentenceWords = Settings.MaxSentenceWords, Aligner = new WordAlignerOptions { Threads = ThreadsPerStage },
                    },
                    progress, cancellationToken).ConfigureAwait(false);
                var counts = new JsonObject();
                foreach ((string direction, int words) in result.SourceWords) counts[direction] = words;
                return (new JsonObject { ["source_words"] = counts, ["stored_translations"] = StoredTranslations },
                    $"{result.Entries} entries ({StoredTranslations}-best), both directions");
            }).ConfigureAwait(false);
        return fingerprint;
    }

    // ------------------------------------------------------------------------------------------ extraction

    /// <summary>One extraction: the encoder over a language, and for t5 the decoder over a target language too.</summary>
    private sealed record ExtractionPass(string Source, string? Target, ExtractionComponents Components)
    {
        public string Name => Target is null ? $"language={Source}" : $"source={Source} target={Target}";
    }

    /// <summary>
    /// Encoders: each language once. t5: the decoder of each language is taught by one source language (the
    /// corpus's first, or its second for the first language itself), since decoder vectors depend on the source; the
    /// first two passes give both languages' encoder vectors too, and any further language gets an encoder-only pass.
    /// </summary>
    private static IEnumerable<ExtractionPass> Passes(ModelFolder model, string[] languages)
    {
        if (model.Decoder is null)
        {
            foreach (string language in languages) yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
            yield break;
        }
        yield return new ExtractionPass(languages[0], languages[1], ExtractionComponents.Both);
        yield return new ExtractionPass(languages[1], languages[0], ExtractionComponents.Both);
        foreach (string language in languages.Skip(2))
        {
            yield return new ExtractionPass(languages[0], language, ExtractionComponents.Decoder);
            yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
        }
    }

    /// <summary>The frequency filter's choice for a model and corpus, made before extraction: its stage, fingerprint and files.</summary>
    private sealed record KeptSelection(string Stage, string Fingerprint, string Table, string Statistics);

    /// <summary>
    /// The frequency filter decided from the text (tokenized as extraction plans it, every language at once, as the
    /// clustering stages filter), so that extraction runs only sentences with a kept occurrence and stores only kept
    /// vectors. The clustering stages filter those again and keep them all: the same concepts as from every vector.
    /// </summary>
    private async Task<KeptSelection> SelectAsync(ModelFolder model, PreparedCorpus corpus, string where, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["select", _stages.HashFolder(model.Folder),
            string.Join("|", corpus.Languages.Select(l => l + ":" + _stages.HashFile(corpus.Files[l]))), .. Options(MethodStage.Select)]);
        string table = Path.Combine(where, KeptOccurrences.FileName), statistics = Path.Combine(where, KeptOccurrences.StatisticsFileName);
        await _stages.RunAsync($"select {where}", fingerprint, [table, statistics], corpus.Languages.Length, "languages",
            new StageGraph("select", corpus.Reading, new StageWork(Vectors: corpus.Sizes?.WordsTotal ?? 0)), async progress =>
            {
                var words = new List<WordOccurrence>();
                foreach (string language in corpus.Languages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach ((long sentence, int index, string word) in ExtractionJob.PlannedWords(model, corpus.Files[language]))
                        words.Add(new WordOccurrence(language, sentence, index, word));
                    progress.Report(words.Count);
                }
                Directory.CreateDirectory(Path.Combine(Folder, where));
                FrequencyFilterStatistics f = await KeptOccurrences.WriteAsync(words, o.ToFrequencyFilterOptions(), Path.Combine(Folder, table),
                    Path.Combine(Folder, statistics), cancellationToken).ConfigureAwait(false);
                return (JsonSerializer.SerializeToNode(f, ExtractionJob.ReportJson),
                    $"{f.KeptOccurrences} of {f.WordsSeen} occurrences kept ({f.KeptTypes} types): only their vectors are extracted");
            }).ConfigureAwait(false);
        return new KeptSelection(_stages.LastStage, fingerprint, table, statistics);
    }

    /// <summary>
    /// The sentence ranges each extraction pass is split into (<see cref="RunDescription.ShardSentences"/>): whole sort
    /// windows, so that each shard's rows come in the order one extraction of the whole file writes them and the
    /// concepts do not depend on the sharding.
    /// </summary>
    private IReadOnlyList<SentenceRange> Shards(long lines)
    {
        if (_description.ShardSentences <= 0) return [SentenceRange.All];
        var defaults = new ExtractionOptions { BatchSize = Settings.BatchSize };
        long window = (long)defaults.BatchSize * defaults.SortWindowBatches;
        long size = (_description.ShardSentences + window - 1) / window * window;
        return SentenceRange.Shards(lines, size);
    }

    private async Task<string> ExtractAsync(ModelFolder model, PreparedCorpus corpus, ExtractionPass pass, SentenceRange shard, KeptSelection? kept,
        string where, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        // The encoder's vectors are only the kept words' (t5 decoders still store every word).
        bool keptOnly = kept is not null && pass.Components != ExtractionComponents.Decoder;
        string[] shardParts = [.. shard.IsAll ? [] : new[] { "sentences=" + shard.FileTag }, .. keptOnly ? new[] { "kept=" + kept!.Fingerprint } : []];
        string fingerprint = StageRunner.Fingerprint(["extract", _stages.HashFolder(model.Folder), _stages.HashFile(corpus.Files[pass.Source]), pass.Source,
            pass.Target is null ? "" : pass.Target + ":" + _stages.HashFile(corpus.Files[pass.Target]), pass.Components.ToString(),
            _description.Layers is null ? "all" : string.Join(",", _description.Layers), .. Options(MethodStage.Extract), .. shardParts]);
        var outputs = new List<string> { Path.Combine(where, ExtractionJob.ReportFileName(pass.Source, pass.Target, shard)) };
        foreach (ModelGraph graph in model.Graphs)
        {
            bool written = graph.Component == ModelFolder.DecoderComponent
                ? pass.Components is ExtractionComponents.Decoder or ExtractionComponents.Both
                : pass.Components is ExtractionComponents.Encoder or ExtractionComponents.Both;
            if (!written) continue;
            // Its own part of each layer folder (the decoder's vectors are the target language's): the folders are shared.
            string language = graph.Component == ModelFolder.DecoderComponent ? pass.Target! : pass.Source;
            foreach (int layer in LayersOf(graph))
                outputs.Add(Path.Combine(where, ActivationFiles.FolderName, $"component={graph.Component}", $"layer={layer}", ActivationWriter.PartName(language, shard)));
        }
        // Kept vectors only: the model runs on the sentences holding a kept occurrence (a t5 decoder pass on every target sentence).
        long SourceWords(CorpusSizes sizes) => (keptOnly && pass.Target is null ? sizes.WordsRun : sizes.Words).GetValueOrDefault(pass.Source);
        long words = (corpus.Sizes is { } measured ? SourceWords(measured) : 0)
            + (pass.Target is null ? 0 : corpus.Sizes?.Words.GetValueOrDefault(pass.Target) ?? 0);
        long lines = shard.IsAll ? corpus.Lines : Math.Min(shard.End ?? corpus.Lines, corpus.Lines) - shard.First;
        if (!shard.IsAll && corpus.Lines > 0) words = words * lines / corpus.Lines;
        var work = new StageWork(Words: words, Hidden: model.Graphs.Max(g => g.HiddenSize), Layers: model.Graphs.Sum(g => g.LayerCount),
            Stored: keptOnly && corpus.Sizes is { } sizes && corpus.Lines > 0 ? sizes.Kept.GetValueOrDefault(pass.Source) * lines / corpus.Lines : null,
            LayersWritten: outputs.Count - 1, ModelBytes: _stages.Planning || _stages.Concurrent ? ModelFolderFiles.Enumerate(model.Folder).Sum(f => new FileInfo(f.Full).Length) : 0);
        string name = shard.IsAll ? $"extract {where} {pass.Name}" : $"extract {where} {pass.Name} sentences={shard.FileTag}";
        string[] reading = kept is null ? corpus.Reading : [.. corpus.Reading, kept.Stage];
        await _stages.RunAsync(name, fingerprint, outputs, lines, "sentences", new StageGraph("extract", reading, work), async progress =>
        {
            ExtractionOptions options = o.ToExtractionOptions(_description.Layers, pass.Components);
            options.IntraOpThreads = ThreadsPerStage;
            options.Sentences = shard.IsAll ? null : shard;
            if (keptOnly)
                options.KeptWords = await KeptOccurrences.ReadAsync(Path.Combine(Folder, kept!.Table), pass.Source, cancellationToken).ConfigureAwait(false);
            string output = Path.Combine(Folder, where);
            ExtractionReport report = pass.Target is null
                ? await ExtractionJob.RunAsync(model.Folder, corpus.Files[pass.Source], pass.Source, output, options, progress, cancellationToken)
                    .ConfigureAwait(false)
                : await ExtractionJob.RunParallelAsync(model.Folder, corpus.Files[pass.Source], pass.Source, corpus.Files[pass.Target],
                    pass.Target, output, options, progress, cancellationToken).ConfigureAwait(false);
            var statistics = new JsonObject();
            if (pass.Components != ExtractionComponents.Decoder)
                statistics["encoder"] = JsonSerializer.SerializeToNode(report.Statistics, ExtractionJob.ReportJson);
            if (report.TargetStatistics is not null)
                statistics["decoder"] = JsonSerializer.SerializeToNode(report.TargetStatistics, ExtractionJob.ReportJson);
            ExtractionStatistics s = report.TargetStatistics ?? report.Statistics;
            return (statistics, string.Join(", ", report.Components.Select(c => $"{c.Component} {c.Language}: {c.WordsKept} words")) +
                $" ({s.WordsDroppedByTokenizer} dropped by the tokenizer, {s.WordsTruncated} past max positions), {report.WordsPerSecond:0} words/s");
        }).ConfigureAwait(false);
        return fingerprint;
    }

    /// <summary>The run's layers of one graph: the requested ones, or all of them.</summary>
    private IReadOnlyList<int> LayersOf(ModelGraph graph) =>
        _description.Layers?.Distinct().Order().ToArray() ?? Enumerable.Range(0, graph.LayerCount).ToArray();

    // -------------------------------------------------------------------------------------------- concepts

    /// <summary>Per layer: every language on its own and all mixed, then one concepts table for the model and corpus.</summary>
    private async Task<string> ConceptsAsync(ModelFolder model, PreparedCorpus corpus, string where, string extractFingerprints,
        IReadOnlyList<string> extractStages, KeptSelection? kept, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        // Encoders have one component; a t5 model has encoder and decoder vectors, clustered separately.
        var parts = new List<(string Concepts, string Fingerprint)>();
        var clusterStages = new List<string>();
        foreach (ModelGraph graph in model.Graphs)
        foreach (int layer in LayersOf(graph))
        {
            string component = graph.Component;
            foreach (bool mixed in new[] { false, true })
            {
                string scope = mixed ? ConceptFiles.MixedScope : "languages";
                string fingerprint = StageRunner.Fingerprint(["cluster", extractFingerprints, component, layer.ToString(CultureInfo.InvariantCulture), scope,
                    string.Join(",", corpus.Languages), .. Options(MethodStage.Cluster)]);
                string file = Path.Combine(where, "stages", $"concepts-{component}-{layer}-{scope}.parquet");
                string summary = Path.Combine(where, "stages", $"concepts-{component}-{layer}-{scope}_summary.parquet");
                int fits = (mixed ? 1 : corpus.Languages.Length) * o.K.Count * o.Seeds;
                long keptTotal = corpus.Sizes?.KeptTotal ?? 0;
                var work = new StageWork(Vectors: mixed ? keptTotal : keptTotal / corpus.Languages.Length, Fits: fits, K: o.K.Max(), Hidden: graph.HiddenSize);
                await _stages.RunAsync($"cluster {where} component={component} layer={layer} scope={scope}", fingerprint, [file, summary],
                    fits, "fits", new StageGraph("cluster", extractStages, work), async progress =>
                    {
                        // Every K and seed of the layer in one stage: the layer's vectors are read once for all fits.
                        // One fit at a time on every core (the k-means++ trainer's products and sums run in parallel).
                        ConceptDiscoveryOptions options = o.ToDiscoveryOptions();
                        options.Clustering.NumberOfThreads = ThreadsPerStage == 0 ? null : ThreadsPerStage;
                        options.Component = component;
                        options.Layers = [layer];
                        options.Scope = mixed ? ConceptFiles.MixedScope : null;
                        options.Languages = corpus.Languages;
                        ConceptDiscoveryResult result = await ConceptDiscovery.RunAsync(Path.Combine(Folder, where), Path.Combine(Folder, file),
                            Path.Combine(Folder, summary), options, new ProgressLines(progress), cancellationToken).ConfigureAwait(false);
                        // Over kept vectors alone the filter's counts would describe only them: the corpus's are the selection's.
                        FrequencyFilterStatistics f = kept is not null && component == ModelFolder.EncoderComponent
                            ? KeptOccurrences.ReadStatistics(Path.Combine(Folder, kept.Statistics)) : result.FilterStatistics;
                        return (JsonSerializer.SerializeToNode(f, ExtractionJob.ReportJson),
                            $"{f.KeptOccurrences} vectors kept of {f.WordsSeen} -> {result.Summaries.Count} concepts in {fits} fits");
                    }).ConfigureAwait(false);
                parts.Add((file, fingerprint));
                clusterStages.Add(_stages.LastStage);
            }
        }

        string mergedFingerprint = StageRunner.Fingerprint("concepts", string.Join("|", parts.Select(p => p.Fingerprint)));
        string concepts = Path.Combine(where, ConceptFiles.FileName);
        string summaries = Path.Combine(where, ConceptSummaryFiles.FileName);
        await _stages.RunAsync($"concepts {where}", mergedFingerprint, [concepts, summaries], parts.Count, "tables",
            new StageGraph("concepts", clusterStages, new StageWork(Vectors: ConceptRows(corpus, model))), async progress =>
        {
            int count = await ConceptTables.MergeAsync(parts.Select(p => Path.Combine(Folder, p.Concepts)).ToList(), Path.Combine(Folder, concepts),
                Path.Combine(Folder, summaries), progress, cancellationToken).ConfigureAwait(false);
            return (new JsonObject { ["concepts"] = count }, $"{count} concepts, {string.Join(" and ", model.Graphs.Select(g => g.Component))}");
        }).ConfigureAwait(false);
        if (!_description.KeepActivations) await DropActivationsAsync(where, mergedFingerprint, _stages.LastStage, extractStages).ConfigureAwait(false);
        return mergedFingerprint;
    }

    /// <summary>
    /// With <see cref="RunDescription.KeepActivations"/> false: once the concepts are found, the model and corpus's
    /// activations go, and the extractions that wrote them are recorded as dropped (before, so a kill in between leaves
    /// no record claiming missing files).
    /// </summary>
    private async Task DropActivationsAsync(string where, string conceptsFingerprint, string conceptsStage, IReadOnlyList<string> extractStages)
    {
        string activations = Path.Combine(Folder, where, ActivationFiles.FolderName);
        await _stages.RunAsync($"drop {where}", StageRunner.Fingerprint("drop", conceptsFingerprint), [], 0, "folders",
            new StageGraph(DropKind, [conceptsStage], new StageWork()), _ =>
            {
                _stages.MarkDropped(extractStages);
                long bytes = FolderRemoval.Delete(activations);
                return Task.FromResult<(JsonNode?, string)>((new JsonObject { ["bytes"] = bytes }, $"{RunPlan.Bytes(bytes)} of activations deleted"));
            }).ConfigureAwait(false);
    }

    // --------------------------------------------------------------------------------------------- metrics

    /// <summary>Rows of a (model, corpus)'s concepts table, for estimates: every kept occurrence in its language scope and the mixed one, per layer, K and seed.</summary>
    private long ConceptRows(PreparedCorpus corpus, ModelFolder model) =>
        (corpus.Sizes?.KeptTotal ?? 0) * 2 * Settings.K.Count * Settings.Seeds * model.Graphs.Sum(g => LayersOf(g).Count);

    private async Task<string> AlignAsync(PreparedCorpus corpus, string where, string conceptsFingerprint, string conceptsStage, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["align", conceptsFingerprint, corpus.DictionaryFingerprint, .. Options(MethodStage.Align)]);
        string output = Path.Combine(where, MetricFiles.CalignFileName);
        await _stages.RunAsync($"align {where}", fingerprint, [output, SummaryFiles.PathBeside(output)], 0, "directions",
            new StageGraph("align", [conceptsStage, corpus.DictionaryStage], new StageWork(Vectors: (corpus.Sizes?.KeptTotal ?? 0) * Settings.K.Count * Settings.Seeds)), async _ =>
        {
            IReadOnlyList<CalignSummary> summary = await AlignJob.RunAllDirectionsAsync(Path.Combine(Folder, where, ConceptFiles.FileName),
                Path.Combine(Folder, corpus.DictionaryFile), Path.Combine(Folder, output), corpus.Languages,
                o.ToCalignOptions(corpus.Languages[0], corpus.Languages[1]), o.ToUncertaintyOptions(), cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", summary.GroupBy(s => $"{s.SourceLanguage}->{s.TargetLanguage}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Calign):0.#}-{g.Max(s => s.Calign):0.#}%"))));
        }).ConfigureAwait(false);
        return fingerprint;
    }

    private async Task<string> OverlapAsync(PreparedCorpus corpus, string where, string conceptsFingerprint, string conceptsStage, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["overlap", conceptsFingerprint, .. Options(MethodStage.Overlap)]);
        string output = Path.Combine(where, MetricFiles.ColapFileName);
        await _stages.RunAsync($"overlap {where}", fingerprint, [output, SummaryFiles.PathBeside(output)], 0, "tables",
            new StageGraph("overlap", [conceptsStage], new StageWork(Vectors: (corpus.Sizes?.KeptTotal ?? 0) * Settings.K.Count * Settings.Seeds)), async _ =>
        {
            ColapResult r = await OverlapJob.RunAsync(Path.Combine(Folder, where, ConceptFiles.FileName), Path.Combine(Folder, output),
                o.ToColapOptions(), uncertainty: o.ToUncertaintyOptions(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", r.Summary.GroupBy(s => $"{s.LanguageA}-{s.LanguageB}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Colap):0.#}-{g.Max(s => s.Colap):0.#}%"))));
        }).ConfigureAwait(false);
        return fingerprint;
    }

    /// <summary>What a stage of <paramref name="stage"/>'s kind takes into its fingerprint from the options: every option declared to change it.</summary>
    private string[] Options(MethodStage stage) => MethodOptions.FingerprintParts(Settings, stage);

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
        await _stages.RunAsync(CompareStage, fingerprint, [SummaryFiles.ComparisonsFileName], 0, "pairs",
            new StageGraph("compare", metricStages, new StageWork()), async _ =>
        {
            var rows = new List<ModelDifference>();
            foreach ((string a, string b) in pairs)
            foreach (PreparedCorpus corpus in corpora)
            {
                string PartOf(string model, string file) => Path.Combine(Folder, $"model={model}", $"corpus={corpus.Name}", file);
                rows.AddRange(ModelComparisons.Calign(corpus.Name,
                    a, await MetricFiles.ReadCalignAsync(PartOf(a, MetricFiles.CalignFileName), cancellationToken).ConfigureAwait(false),
                    b, await MetricFiles.ReadCalignAsync(PartOf(b, MetricFiles.CalignFileName), cancellationToken).ConfigureAwait(false), o.Bootstrap));
                rows.AddRange(ModelComparisons.Colap(corpus.Name,
                    a, await MetricFiles.ReadColapAsync(PartOf(a, MetricFiles.ColapFileName), cancellationToken).ConfigureAwait(false),
                    b, await MetricFiles.ReadColapAsync(PartOf(b, MetricFiles.ColapFileName), cancellationToken).ConfigureAwait(false), o.Bootstrap));
            }
            await SummaryFiles.WriteAsync(Path.Combine(Folder, SummaryFiles.ComparisonsFileName), rows, o.ToUncertaintyOptions().ToRecord(), cancellationToken)
                .ConfigureAwait(false);
            int different = rows.Count(r => r.IsDifference);
            return (new JsonObject { ["rows"] = rows.Count, ["different"] = different },
                $"{pairs.Count} model pair(s): {different} of {rows.Count} cells differ (95% interval of b - a excludes 0)");
        }).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------------------------------------- progress

    /// <summary>Turns the discovery's per-fit lines into progress steps, and their K-means iterations and seconds into a detail.</summary>
    private sealed class ProgressLines(StageProgress progress) : TextWriter
    {
        private long _fits, _iterations;
        private double _seconds;

        public override Encoding Encoding => Encoding.UTF8;

        /// <summary>A fit ended: one step, and the K-means iterations per second of the stage's fits so far (ML.NET's trainer reports none).</summary>
        public override void WriteLine(string? value)
        {
            progress.Report(++_fits);
            Match fit = FitLine.Match(value ?? "");
            if (!fit.Success || !fit.Groups[1].Success) return;
            _iterations += long.Parse(fit.Groups[1].Value, CultureInfo.InvariantCulture);
            _seconds += double.Parse(fit.Groups[2].Value, CultureInfo.InvariantCulture);
            progress.Note(_seconds > 0 ? $"{_iterations / _seconds:0.#} iterations/s" : $"{_iterations} iterations");
        }

        private static readonly Regex FitLine = new(@"(?:, (\d+) iterations)?, ([\d.]+) s$", RegexOptions.Compiled);
    }

    /// <summary>
    /// The run's inputs (model folders, corpus files) against what it writes: nothing the run replaces may be an input,
    /// and the run folder may not lie inside a model folder.
    /// </summary>
    private static void CheckFileRoles(RunDescription description, string folder, IReadOnlyDictionary<string, ModelFolder> models)
    {
        var roles = new FileRoles();
        foreach ((string label, ModelFolder model) in models) roles.Input($"model '{label}'", model.Folder);
        foreach (CorpusEntry corpus in description.Corpus)
        {
            if (corpus.Tsv is not null) roles.Input("corpus file", corpus.Tsv);
            foreach (string file in corpus.Files ?? []) roles.Input("corpus file", file);
        }
        roles.Output("run folder", Path.Combine(folder, RunRecord.FileName)).Output("run folder", Path.Combine(folder, "report.html"))
            .Output("run folder", Path.Combine(folder, ExplorerBuilder.FolderName), folder: true)
            .Output("run folder", Path.Combine(folder, SummaryFiles.ComparisonsFileName))
            .Output("run folder", Path.Combine(folder, "corpora"), folder: true);
        foreach (string label in models.Keys) roles.Output("run folder", Path.Combine(folder, $"model={label}"), folder: true);
        roles.Check();
    }
}
