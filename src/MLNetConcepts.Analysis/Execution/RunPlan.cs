using System.Globalization;
using System.Text.Json.Serialization;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Execution;

/// <summary>Where a stage of a plan stands against the run folder's <c>run.json</c>.</summary>
public enum StageState
{
    /// <summary>Recorded with the same fingerprint and every output present: a run skips it.</summary>
    Done,
    /// <summary>Recorded with another fingerprint (an input or option changed) or an output missing: a run repeats it.</summary>
    Stale,
    /// <summary>Never finished in this folder.</summary>
    Pending,
}

/// <summary>What a stage works on, for its cost estimate: the sizes that its time, memory and disk grow with.</summary>
/// <param name="Words">Word occurrences read (extraction, dictionary).</param>
/// <param name="Vectors">Vectors clustered per fit (cluster).</param>
/// <param name="Fits">K-means fits (cluster: scopes × K values × seeds).</param>
/// <param name="K">The largest K (cluster).</param>
/// <param name="Hidden">Floats per vector.</param>
/// <param name="Layers">Layers of the model's forward pass (extraction).</param>
/// <param name="LayersWritten">Layers whose vectors are stored (extraction).</param>
/// <param name="ModelBytes">Size of the model's files (extraction).</param>
/// <param name="Stored">Words whose vectors are stored, when not every word's (extraction of the kept occurrences only).</param>
public sealed record StageWork(long Words = 0, long Vectors = 0, int Fits = 0, int K = 0, int Hidden = 0, int Layers = 0, int LayersWritten = 0,
    long ModelBytes = 0, long? Stored = null);

/// <summary>One stage of a run's graph.</summary>
public sealed class PlannedStage
{
    /// <summary>The stage's id: its name in <c>run.json</c> and for <c>analyze --stage</c>.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    /// <summary>The stage kind: corpus, dictionary, extract, cluster, concepts, drop, align, overlap, compare or report.</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    /// <summary>The stages whose outputs it reads.</summary>
    [JsonPropertyName("depends_on")] public IReadOnlyList<string> DependsOn { get; init; } = [];
    /// <summary>Its outputs, relative to the run folder.</summary>
    [JsonPropertyName("outputs")] public IReadOnlyList<string> Outputs { get; init; } = [];
    /// <summary>Its fingerprint (inputs' contents, options, tool version).</summary>
    [JsonPropertyName("fingerprint")] public string Fingerprint { get; init; } = "";
    /// <summary>Done, stale or pending against the folder's <c>run.json</c>.</summary>
    [JsonPropertyName("state")] public StageState State { get; init; }
    /// <summary>Estimated seconds on this machine (<see cref="CostModel"/>).</summary>
    [JsonPropertyName("estimated_seconds")] public double EstimatedSeconds { get; init; }
    /// <summary>Estimated peak memory of the process running it, bytes.</summary>
    [JsonPropertyName("estimated_peak_bytes")] public long EstimatedPeakBytes { get; init; }
    /// <summary>Estimated bytes it writes.</summary>
    [JsonPropertyName("estimated_disk_bytes")] public long EstimatedDiskBytes { get; init; }
    /// <summary>The sizes behind the estimates.</summary>
    [JsonPropertyName("work")] public StageWork Work { get; init; } = new();

    /// <summary>This stage with another state.</summary>
    internal PlannedStage WithState(StageState state) => new()
    {
        Id = Id, Kind = Kind, DependsOn = DependsOn, Outputs = Outputs, Fingerprint = Fingerprint, State = state,
        EstimatedSeconds = EstimatedSeconds, EstimatedPeakBytes = EstimatedPeakBytes, EstimatedDiskBytes = EstimatedDiskBytes, Work = Work,
    };
}

/// <summary>A run described as a graph of stages, with estimates (<c>analyze --plan</c>, <c>plan.json</c>).</summary>
public sealed class RunPlan
{
    /// <summary>The plan's file name in a run folder.</summary>
    public const string FileName = RunLayout.Plan;

    /// <summary>The run folder.</summary>
    [JsonPropertyName("run_folder")] public string RunFolder { get; init; } = "";
    /// <summary>The tool that made the plan.</summary>
    [JsonPropertyName("tool")] public string Tool { get; init; } = ToolInfo.NameAndVersion;
    /// <summary>Cores of the machine the estimates are for.</summary>
    [JsonPropertyName("cores")] public int Cores { get; init; } = Environment.ProcessorCount;
    /// <summary>Free bytes on the run folder's drive when planned.</summary>
    [JsonPropertyName("free_disk_bytes")] public long FreeDiskBytes { get; init; }
    /// <summary>Every stage, in the order a one-process run goes through them (dependencies first).</summary>
    [JsonPropertyName("stages")] public IReadOnlyList<PlannedStage> Stages { get; init; } = [];

    /// <summary>Estimated seconds of the stages still to run, one after another on this machine.</summary>
    [JsonIgnore] public double RemainingSeconds => Stages.Where(s => s.State != StageState.Done).Sum(s => s.EstimatedSeconds);

    /// <summary>Estimated bytes the stages still to run will write.</summary>
    [JsonIgnore] public long RemainingDiskBytes => Stages.Where(s => s.State != StageState.Done).Sum(s => s.EstimatedDiskBytes);

    /// <summary>Whether the remaining stages' outputs fit on the run folder's drive (with 10 % to spare).</summary>
    [JsonIgnore] public bool FitsOnDisk => RemainingDiskBytes * 1.1 <= FreeDiskBytes;

    /// <summary>Lines for a person: per kind the stages done, stale and pending, hours, peak memory and disk; then whether it fits.</summary>
    public IEnumerable<string> Summary()
    {
        yield return $"plan of {RunFolder}: {Stages.Count} stages, {Stages.Count(s => s.State == StageState.Done)} done, " +
                     $"{Stages.Count(s => s.State == StageState.Stale)} stale, {Stages.Count(s => s.State == StageState.Pending)} pending";
        yield return string.Format(CultureInfo.InvariantCulture, "{0,-10} {1,6} {2,6} {3,8} {4,10} {5,12} {6,10}", "kind", "stages", "to run", "done", "hours", "peak memory", "disk");
        foreach (var kind in Stages.GroupBy(s => s.Kind))
        {
            var todo = kind.Where(s => s.State != StageState.Done).ToArray();
            yield return string.Format(CultureInfo.InvariantCulture, "{0,-10} {1,6} {2,6} {3,8} {4,10:0.00} {5,12} {6,10}", kind.Key, kind.Count(), todo.Length,
                kind.Count(s => s.State == StageState.Done), todo.Sum(s => s.EstimatedSeconds) / 3600, Bytes(kind.Max(s => s.EstimatedPeakBytes)),
                Bytes(todo.Sum(s => s.EstimatedDiskBytes)));
        }
        yield return string.Create(CultureInfo.InvariantCulture,
            $"estimated: {RemainingSeconds / 3600:0.00} hours one stage at a time on this machine ({Cores} cores), {Bytes(RemainingDiskBytes)} to write, {Bytes(FreeDiskBytes)} free");
        if (!FitsOnDisk)
            yield return $"warning: the run will not fit on the run folder's drive ({Bytes(RemainingDiskBytes)} to write, {Bytes(FreeDiskBytes)} free); " +
                         "use fewer layers or sentences, or a larger drive";
    }

    /// <summary>Bytes for a person: 1.2 GB, 340 MB, 12 KB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, bytes) / 1024.0:0} KB"),
    };
}
