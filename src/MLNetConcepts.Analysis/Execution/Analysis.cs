using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Models;
using MLNetConcepts.Reporting;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Execution;

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
/// at any point resumes where it stopped with the same numbers (extraction and K-means are deterministic). The folder's
/// layout is <see cref="RunLayout"/>.
/// </remarks>
public sealed partial class Analysis
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

    /// <summary>What a stage of <paramref name="stage"/>'s kind takes into its fingerprint from the options: every option declared to change it.</summary>
    private string[] Options(MethodStage stage) => MethodOptions.FingerprintParts(Settings, stage);

    /// <summary>The run's layers of one graph: the requested ones, or all of them.</summary>
    private IReadOnlyList<int> LayersOf(ModelGraph graph) =>
        _description.Layers?.Distinct().Order().ToArray() ?? Enumerable.Range(0, graph.LayerCount).ToArray();

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
        roles.Output("run folder", Path.Combine(folder, RunLayout.Record)).Output("run folder", Path.Combine(folder, RunLayout.Report))
            .Output("run folder", Path.Combine(folder, RunLayout.Explorer), folder: true)
            .Output("run folder", Path.Combine(folder, RunLayout.Comparisons))
            .Output("run folder", Path.Combine(folder, RunLayout.Corpora), folder: true);
        foreach (string label in models.Keys) roles.Output("run folder", Path.Combine(folder, RunLayout.Model(label)), folder: true);
        roles.Check();
    }
}
