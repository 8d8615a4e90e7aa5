using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MLNetConcepts.Models;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Execution;

/// <summary>A stage's place in the run's graph: its kind, the stages whose outputs it reads and the sizes it works on.</summary>
internal sealed record StageGraph(string Kind, IReadOnlyList<string> DependsOn, StageWork Work);

/// <summary>
/// Runs the stages of one run folder so that a re-run or a resumed run repeats only what changed: it holds the
/// folder's lock and temporaries journal, and keeps <c>run.json</c>'s stage records.
/// </summary>
/// <remarks>
/// A stage's fingerprint hashes its input files' contents, its options and the tool version. A stage whose recorded
/// fingerprint matches and whose outputs exist is skipped; otherwise its record is removed before it runs (a run
/// killed mid-stage leaves no record claiming the old outputs) and written when it finishes.
/// </remarks>
internal sealed class StageRunner : IDisposable
{
    private readonly RunFolderClaim? _claim;
    private readonly TemporaryJournal? _journal;
    private readonly IDisposable? _recording;
    private readonly List<PlannedStage>? _plan;
    private readonly Dictionary<string, string> _fileHashes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _planned = new(StringComparer.Ordinal);

    private StageRunner(string folder, IAnalysisProgress progress, RunFolderClaim? claim, TemporaryJournal? journal, IDisposable? recording,
        RunRecord record, List<PlannedStage>? plan = null)
    {
        Folder = folder;
        Progress = progress;
        _claim = claim;
        _journal = journal;
        _recording = recording;
        Record = record;
        _plan = plan;
    }

    /// <summary>
    /// A runner that runs nothing: each stage is added to <see cref="Plan"/> with its state against the folder's
    /// <c>run.json</c> (if any), its dependencies and its estimates. Nothing is locked or written.
    /// </summary>
    public static StageRunner ForPlan(string folder, RunDescription description, CancellationToken cancellationToken = default)
    {
        var record = new RunRecord { Description = description };
        if (RunRecord.TryLoad(folder) is { } previous)
            foreach ((string name, StageRecord stage) in previous.Stages)
                record.Stages[name] = stage;
        return new StageRunner(folder, SilentProgress.Instance, null, null, null, record, []) { Cancellation = cancellationToken };
    }

    /// <summary>The id of the stage last run, skipped or planned: what the next stage depends on.</summary>
    public string LastStage { get; private set; } = "";

    /// <summary>
    /// A runner like the one-at-a-time <c>Open</c>'s that runs up to <paramref name="scheduler"/>'s jobs stages at once: <see cref="RunAsync"/>
    /// only queues a stage; <see cref="WhenDone"/> and <see cref="DrainAsync"/> wait for them.
    /// </summary>
    public static StageRunner Open(string folder, RunDescription description, IAnalysisProgress progress, StageScheduler scheduler,
        CancellationToken cancellationToken)
    {
        StageRunner runner = Open(folder, description, progress, cancellationToken);
        runner._scheduler = scheduler;
        return runner;
    }

    private StageScheduler? _scheduler;
    private readonly Lock _recordGate = new();
    private readonly List<(string Kind, string Fingerprint)> _fingerprints = [];

    /// <summary>Whether stages run several at a time (<see cref="RunAsync"/> returns before the stage has run).</summary>
    public bool Concurrent => _scheduler is not null;

    /// <summary>Completes when stage <paramref name="name"/> has run (at once unless stages run several at a time).</summary>
    public Task WhenDone(string name) => _scheduler?.WhenDone(name) ?? Task.CompletedTask;

    /// <summary>Waits for every queued stage; throws the first failure.</summary>
    public Task DrainAsync() => _scheduler?.DrainAsync() ?? Task.CompletedTask;

    /// <summary>
    /// The fingerprints of the stages gone through so far (run, skipped or planned), in the order of the run's graph:
    /// what a stage that reads every earlier output (the report) depends on, whatever order they finished in.
    /// </summary>
    public IReadOnlyList<(string Kind, string Fingerprint)> FingerprintsSoFar => _fingerprints.ToArray();

    /// <summary>
    /// A runner that runs one stage, <paramref name="stageId"/>, as a cluster task does (<c>analyze --stage</c>): the
    /// others are only planned. Many such runners may work in one run folder at once, so instead of the folder's lock
    /// each holds a lock of its own stage, keeps a journal of its own temporaries, and updates <c>run.json</c> under a
    /// short lock by reading it afresh. A folder a whole run (<c>analyze</c> without <c>--stage</c>) is writing is refused.
    /// </summary>
    public static StageRunner ForStage(string folder, RunDescription description, string stageId, IAnalysisProgress progress,
        CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder) || RunRecord.TryLoad(folder) is null && !File.Exists(Path.Combine(folder, RunPlan.FileName)))
            throw new MLNetConceptsException($"{folder}: not a run folder yet; submit the run (analyze --executor slurm) or write its plan (analyze --plan) first");
        if (RunFolderClaim.IsLocked(folder))
            throw new MLNetConceptsException($"{folder}: a whole analyze is writing this run folder; run a stage only when it has stopped");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stageId)))[..16];
        Directory.CreateDirectory(Path.Combine(folder, TaskFolder));
        string lockPath = Path.Combine(folder, TaskFolder, key + ".lock");
        FileStream stageLock;
        try
        {
            stageLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new MLNetConceptsException($"{folder}: stage '{stageId}' is being run by another task", e);
        }
        TemporaryJournal? journal = null;
        try
        {
            journal = TemporaryJournal.Open(folder, Path.Combine(TaskFolder, key + TemporaryJournal.FileName));
            IDisposable recording = TemporaryJournal.Use(journal);
            var record = new RunRecord { Description = description };
            if (RunRecord.TryLoad(folder) is { } previous)
                foreach ((string name, StageRecord stage) in previous.Stages)
                    record.Stages[name] = stage;
            return new StageRunner(folder, progress, null, journal, recording, record, []) { Cancellation = cancellationToken, _only = stageId, _stageLock = stageLock };
        }
        catch
        {
            journal?.Dispose();
            stageLock.Dispose();
            throw;
        }
    }

    /// <summary>The hidden folder of a run folder that holds each stage task's lock and temporaries journal (apart from the parts' stages/ tables).</summary>
    public const string TaskFolder = ".tasks";

    private string? _only;
    private FileStream? _stageLock;

    /// <summary>Whether the one stage asked for (<see cref="ForStage"/>) was met in the run's graph.</summary>
    public bool FoundStage { get; private set; }

    /// <summary>Whether this runner only plans (<see cref="ForPlan"/>).</summary>
    public bool Planning => _plan is not null;

    /// <summary>The stages planned so far, in order (empty unless <see cref="Planning"/>).</summary>
    public IReadOnlyList<PlannedStage> Plan => _plan ?? [];

    /// <summary>The run folder (a full path).</summary>
    public string Folder { get; }

    /// <summary>Where stages report their progress.</summary>
    public IAnalysisProgress Progress { get; }

    /// <summary>The record being kept: the description of this run and every finished stage.</summary>
    public RunRecord Record { get; }

    /// <summary>
    /// Claims and locks <paramref name="folder"/>, removes a killed run's temporaries, and starts a record of
    /// <paramref name="description"/> that keeps the earlier run's stage records (they decide what is skipped).
    /// </summary>
    public static StageRunner Open(string folder, RunDescription description, IAnalysisProgress progress,
        CancellationToken cancellationToken = default)
    {
        RunFolderClaim claim = RunFolderClaim.Acquire(folder);
        TemporaryJournal? journal = null;
        IDisposable? recording = null;
        try
        {
            journal = TemporaryJournal.Open(folder);
            recording = TemporaryJournal.Use(journal);
            RunRecord? previous = RunRecord.TryLoad(folder);
            var record = new RunRecord { Description = description };
            if (previous is not null)
                foreach ((string name, StageRecord stage) in previous.Stages)
                    record.Stages[name] = stage;
            record.Save(folder);
            return new StageRunner(folder, progress, claim, journal, recording, record) { Cancellation = cancellationToken };
        }
        catch
        {
            recording?.Dispose();
            journal?.Dispose();
            claim.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as stage <paramref name="name"/> unless its record matches
    /// <paramref name="fingerprint"/> and every output (relative to the run folder) exists; then records it.
    /// </summary>
    /// <param name="name">The stage's name in <c>run.json</c> and in progress.</param>
    /// <param name="fingerprint">See <see cref="Fingerprint"/>.</param>
    /// <param name="outputs">Files or folders the stage writes, relative to the run folder.</param>
    /// <param name="total">Units of work, for progress (0 when unknown).</param>
    /// <param name="unit">What a unit is, for progress.</param>
    /// <param name="graph">The stage's kind, the stages it reads from and the sizes it works on (for <c>--plan</c>).</param>
    /// <param name="work">The stage, given where to report its units done: its statistics for <c>run.json</c> and a one-line summary.</param>
    public async Task RunAsync(string name, string fingerprint, IReadOnlyList<string> outputs, long total, string unit, StageGraph graph,
        Func<StageProgress, Task<(JsonNode? Statistics, string Summary)>> work)
    {
        Cancellation.ThrowIfCancellationRequested();
        _planned.Add(name);
        _fingerprints.Add((graph.Kind, fingerprint));
        LastStage = name;
        StageRecord? done;
        lock (_recordGate) Record.Stages.TryGetValue(name, out done);
        bool upToDate = done is not null && done.Fingerprint == fingerprint && (done.Dropped
            ? IsDroppedAndNotNeeded(name, done)
            : outputs.All(o => File.Exists(Path.Combine(Folder, o)) || Directory.Exists(Path.Combine(Folder, o))));
        if (_only == name)
        {
            FoundStage = true;
            await RunOneAsync(name, fingerprint, outputs, total, unit, graph, upToDate, work).ConfigureAwait(false);
            return;
        }
        if (_plan is not null)
        {
            (double seconds, long peak, long disk) = CostModel.Estimate(graph.Kind, graph.Work);
            _plan.Add(new PlannedStage
            {
                Id = name, Kind = graph.Kind, DependsOn = graph.DependsOn, Outputs = outputs.ToArray(), Fingerprint = fingerprint,
                State = upToDate ? StageState.Done : done is not null ? StageState.Stale : StageState.Pending,
                EstimatedSeconds = Math.Round(seconds, 1), EstimatedPeakBytes = peak, EstimatedDiskBytes = disk, Work = graph.Work,
            });
            // The in-memory record changes as a run's would (never saved), so later fingerprints built from it (the
            // report's) come out as the run will compute them.
            if (!upToDate)
            {
                Record.Stages.Remove(name);
                Record.Stages[name] = new StageRecord { Fingerprint = fingerprint, Outputs = outputs.ToList() };
            }
            return;
        }
        if (upToDate)
        {
            Progress.Skipped(name);
            return;
        }
        // Before the stage runs (or is queued), its old record goes: a run killed mid-stage leaves none claiming old outputs.
        lock (_recordGate)
        {
            Record.Stages.Remove(name);
            Record.Save(Folder);
        }
        if (_scheduler is not null)
        {
            (_, long peak, _) = CostModel.Estimate(graph.Kind, graph.Work);
            _scheduler.Schedule(name, graph.DependsOn, peak - CostModel.BaseBytes, () => RunNowAsync(name, fingerprint, outputs, total, unit, work));
            return;
        }
        await RunNowAsync(name, fingerprint, outputs, total, unit, work).ConfigureAwait(false);
    }

    private async Task RunNowAsync(string name, string fingerprint, IReadOnlyList<string> outputs, long total, string unit,
        Func<StageProgress, Task<(JsonNode? Statistics, string Summary)>> work)
    {
        Progress.Started(name, total, unit);
        var clock = Stopwatch.StartNew();
        (JsonNode? statistics, string summary) = await work(new StageProgress(Progress, name)).ConfigureAwait(false);
        lock (_recordGate)
        {
            Record.Stages[name] = new StageRecord
            {
                Fingerprint = fingerprint,
                Outputs = outputs.ToList(),
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Finished = DateTimeOffset.UtcNow,
                Statistics = statistics,
            };
            Record.Save(Folder);
        }
        MemoryRelease.AfterStage();
        Progress.Finished(name, summary);
    }


    /// <summary>
    /// A cluster task's stage: refused while a stage it reads from is not done; skipped when up to date (so a
    /// re-submitted run runs nothing twice); otherwise run, and its record merged into the current <c>run.json</c>.
    /// </summary>
    private async Task RunOneAsync(string name, string fingerprint, IReadOnlyList<string> outputs, long total, string unit, StageGraph graph,
        bool upToDate, Func<StageProgress, Task<(JsonNode? Statistics, string Summary)>> work)
    {
        if (upToDate)
        {
            Progress.Skipped(name);
            return;
        }
        var done = _plan!.ToDictionary(p => p.Id, p => p.State, StringComparer.Ordinal);
        foreach (string dependency in graph.DependsOn)
            if (!done.TryGetValue(dependency, out StageState state) || state != StageState.Done)
                throw new MLNetConceptsException($"{Folder}: stage '{name}' reads the outputs of '{dependency}', which is not done; run that stage first");
        UpdateRecord(r => r.Stages.Remove(name));
        Progress.Started(name, total, unit);
        var clock = Stopwatch.StartNew();
        (JsonNode? statistics, string summary) = await work(new StageProgress(Progress, name)).ConfigureAwait(false);
        var finished = new StageRecord
        {
            Fingerprint = fingerprint, Outputs = outputs.ToList(), Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Finished = DateTimeOffset.UtcNow, Statistics = statistics,
        };
        UpdateRecord(r => r.Stages[name] = finished);
        Progress.Finished(name, summary);
    }

    /// <summary>
    /// Stages whose outputs were dropped (<see cref="StageRecord.Dropped"/>) but which must run again because a stage
    /// reading them will (<see cref="Analysis"/> finds them from a plan first).
    /// </summary>
    public IReadOnlySet<string> Restore { get; set; } = new HashSet<string>();

    /// <summary>
    /// Whether a dropped stage counts as done: only while the run still drops (<c>keep_activations: false</c>), it is
    /// not to be restored, and it is not the very stage a task was asked to run.
    /// </summary>
    private bool IsDroppedAndNotNeeded(string name, StageRecord done) =>
        done.Dropped && !Record.Description.KeepActivations && !Restore.Contains(name) && _only != name;

    /// <summary>
    /// Records that <paramref name="stages"/>' outputs are about to be deleted on purpose (before they are, so a run
    /// killed in between finds them dropped, never claimed and missing).
    /// </summary>
    public void MarkDropped(IReadOnlyList<string> stages)
    {
        void Mark(RunRecord record)
        {
            foreach (string stage in stages)
                if (record.Stages.TryGetValue(stage, out StageRecord? r)) r.Dropped = true;
        }
        if (_only is not null)
        {
            UpdateRecord(Mark);
            return;
        }
        lock (_recordGate)
        {
            Mark(Record);
            Record.Save(Folder);
        }
    }

    /// <summary>Reads <c>run.json</c> afresh, changes it and writes it back, under a lock other stage tasks share.</summary>
    private void UpdateRecord(Action<RunRecord> change)
    {
        string lockPath = Path.Combine(Folder, TaskFolder, "record.lock");
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var recordLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                RunRecord current = RunRecord.TryLoad(Folder) ?? new RunRecord { Description = Record.Description };
                change(current);
                current.Save(Folder);
                return;
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(100);   // another task is writing the record: a fraction of a second
            }
        }
    }

    /// <summary>
    /// Drops the records of stages this run did not go through (a language or model the description no longer has),
    /// except <paramref name="keep"/>, so the record and the report describe exactly this run.
    /// </summary>
    public void ForgetUnplanned(string keep)
    {
        if (_only is not null) return;   // a stage task sees the whole graph but owns only its stage's record
        foreach (string stale in Record.Stages.Keys.Where(k => !_planned.Contains(k) && k != keep).ToList())
            Record.Stages.Remove(stale);
    }

    /// <summary>A stage fingerprint: the first 16 hex digits of SHA-256 over the tool version and <paramref name="parts"/>.</summary>
    public static string Fingerprint(params string[] parts)
    {
        string text = string.Join("\n", parts.Prepend(ToolInfo.NameAndVersion));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>
    /// SHA-256 of a file's contents, computed once per run; the run's cancellation is checked between 1 MiB blocks, and a
    /// device or pipe (which would never end) is refused.
    /// </summary>
    public string HashFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (_fileHashes.TryGetValue(full, out string? hash)) return hash;
        // A plan may name files an earlier stage has yet to write (a TSV corpus's split files): they are not there to hash.
        if (Planning && !File.Exists(full)) return "not written yet: " + full;
        return _fileHashes[full] = ModelFolderFiles.HashFile(full, Cancellation);
    }

    /// <summary>
    /// Every file of a model folder at any depth (graphs, external weights, tokenizer, model.json; see
    /// <see cref="ModelFolderFiles"/>): a re-export or a replaced graph in a subfolder changes the hash. A folder of
    /// top-level files only gives the value earlier versions recorded, so their runs resume without re-extracting.
    /// </summary>
    public string HashFolder(string folder) =>
        string.Join(",", ModelFolderFiles.Enumerate(folder, Cancellation).Select(f => f.Relative + ":" + HashFile(f.Full)));

    /// <summary>The run's cancellation, checked while hashing inputs (set when it is opened).</summary>
    public CancellationToken Cancellation { get; private init; }

    /// <summary>Releases the journal and then the lock, in the reverse order of opening.</summary>
    public void Dispose()
    {
        _recording?.Dispose();
        _journal?.Dispose();
        _claim?.Dispose();
        _stageLock?.Dispose();
    }
}
