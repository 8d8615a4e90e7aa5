using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.Storage;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// <c>run.json</c> of a run folder: the tool version, the run description with every option's value,
/// and one record per finished stage (its inputs' fingerprint, outputs, statistics and timing). A stage whose record
/// matches its current fingerprint and whose outputs exist is not run again.
/// </summary>
public sealed class RunRecord
{
    /// <summary>The record's file name at the root of a run folder.</summary>
    public const string FileName = "run.json";

    /// <summary>The tool name and version recorded in <c>run.json</c> (<see cref="ToolInfo.NameAndVersion"/> for a new record).</summary>
    public string Tool { get; set; } = ToolInfo.NameAndVersion;

    /// <summary>The run description, with every option's value.</summary>
    public RunDescription Description { get; set; } = new();

    /// <summary>Finished stages by name (e.g. <c>extract model=base corpus=en-de language=en</c>), in the order they ran.</summary>
    public Dictionary<string, StageRecord> Stages { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads <c>run.json</c> from a run folder; <c>null</c> when there is none.</summary>
    public static RunRecord? TryLoad(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new MLNetConceptsException($"{path}: not a run record this tool can read ({JsonFiles.Reason(e)}); remove it or choose another --out", e);
        }
    }

    /// <summary>Writes <c>run.json</c> atomically, so a killed run leaves the previous complete record.</summary>
    public void Save(string runFolder)
    {
        using AtomicOutput output = AtomicOutput.ForFile(Path.Combine(runFolder, FileName));
        File.WriteAllText(output.TemporaryPath, JsonSerializer.Serialize(this, JsonOptions) + "\n");
        output.Commit();
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(RunDescription.JsonOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };
}

/// <summary>One finished stage of a run.</summary>
public sealed class StageRecord
{
    /// <summary>Hash of everything the stage's outputs depend on: input contents, options and the tool version.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Outputs, relative to the run folder.</summary>
    public List<string> Outputs { get; set; } = [];

    /// <summary>Wall-clock seconds the stage took, rounded to milliseconds.</summary>
    public double Seconds { get; set; }

    /// <summary>When the stage finished (UTC).</summary>
    public DateTimeOffset Finished { get; set; }

    /// <summary>Counts the stage reports (sentences, words kept and dropped and why, concepts, ...).</summary>
    public JsonNode? Statistics { get; set; }

    /// <summary>
    /// Its outputs were deleted on purpose once every stage reading them had finished (<c>keep_activations: false</c>):
    /// the stage counts as done until a stage that reads them has to run again.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Dropped { get; set; }
}
