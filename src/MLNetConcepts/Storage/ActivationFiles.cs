using System.Globalization;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// The on-disk layout of the activations table: a hive-partitioned folder
/// <c>component=&lt;c&gt;/layer=&lt;L&gt;/part-&lt;n&gt;.parquet</c> whose files hold
/// <c>sentence_id</c> int64, <c>word_index</c> int32, <c>language</c> string, <c>word</c> string and
/// <c>vector</c> list&lt;float&gt;.
/// </summary>
public static class ActivationFiles
{
    /// <summary>The activations root's name inside a run or output folder.</summary>
    public const string FolderName = "activations";

    /// <summary>Parquet key-value metadata written into every part: the language it holds.</summary>
    public const string LanguageMetadataKey = "mlnetconcepts.language";

    /// <summary><c>sentence_id</c> int64: the 0-based line of the sentence file.</summary>
    public static readonly DataField<long> SentenceId = new("sentence_id");
    /// <summary><c>word_index</c> int32: the 0-based word in the sentence.</summary>
    public static readonly DataField<int> WordIndex = new("word_index");
    /// <summary><c>language</c> string: the sentence's language code.</summary>
    public static readonly DataField<string> Language = new("language", false);
    /// <summary><c>word</c> string: the word as split from the line.</summary>
    public static readonly DataField<string> Word = new("word", false);
    /// <summary>The float element of <see cref="Vector"/>.</summary>
    public static readonly DataField<float> VectorElement = new("element", false);
    /// <summary><c>vector</c> list&lt;float&gt;: the word's hidden-state vector at the part's layer.</summary>
    public static readonly ListField Vector = new("vector", VectorElement);

    /// <summary>The columns of every activations part, in the order above.</summary>
    public static readonly ParquetSchema Schema = new(SentenceId, WordIndex, Language, Word, Vector);

    /// <summary>The folder of one (component, layer) partition below an activations root.</summary>
    public static string PartitionFolder(string root, string component, int layer) =>
        Path.Combine(root, $"component={component}", $"layer={layer.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// The activations root of <paramref name="folder"/>: the folder itself when it holds
    /// <c>component=*</c> partitions, or its <c>activations</c> subfolder (as in a run folder).
    /// </summary>
    public static string ResolveRoot(string folder)
    {
        string nested = Path.Combine(folder, FolderName);
        if (Directory.Exists(nested) && Directory.EnumerateDirectories(nested, "component=*").Any())
            return nested;
        return folder;
    }

    /// <summary>
    /// The model folders named by the extraction reports (<c>extract-*.json</c>) beside the activations of
    /// <paramref name="folder"/> (the folder itself, or the one holding its <c>activations</c> root), with the report
    /// naming each; files that are not such reports are passed over.
    /// </summary>
    public static IReadOnlyList<(string Model, string Report)> ExtractedModels(string folder)
    {
        string root = ResolveRoot(folder);
        bool isRoot = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))) == FolderName && root == folder;
        return ReportedModels(isRoot ? Path.GetDirectoryName(Path.GetFullPath(root))! : folder);
    }

    /// <summary>The model folders named by the extraction reports directly in <paramref name="beside"/>.</summary>
    public static IReadOnlyList<(string Model, string Report)> ReportedModels(string beside)
    {
        var models = new List<(string, string)>();
        if (!Directory.Exists(beside)) return models;
        foreach (string report in Directory.EnumerateFiles(beside, "extract-*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
                if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && json.RootElement.TryGetProperty("model", out var model) && model.GetString() is { } path)
                    models.Add((Path.TrimEndingDirectorySeparator(path), report));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or InvalidOperationException)
            {
                // not one of our reports
            }
        }
        return models;
    }

    /// <summary>
    /// Refuses activations of two different models in one folder (they would be clustered together as if one
    /// model's), as told by the extraction reports beside them.
    /// </summary>
    public static void RequireOneModel(string folder)
    {
        var models = ExtractedModels(folder);
        if (models.Select(m => m.Model).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new MLNetConceptsException(
                $"{folder}: holds activations of {models.Select(m => m.Model).Distinct().Count()} models ({string.Join(", ", models.Select(m => $"{Path.GetFileName(m.Report)}: {m.Model}"))}); cluster one model's activations at a time");
    }

    /// <summary>Lists the (component, layer) partitions under an activations root, in a stable order.</summary>
    public static IReadOnlyList<ActivationPartition> ListPartitions(string folder)
    {
        string root = ResolveRoot(folder);
        if (!Directory.Exists(root))
            throw new MLNetConceptsException($"{folder}: {(File.Exists(root) ? "is a file, expected an activations folder" : "activations folder not found")}");
        var partitions = new List<ActivationPartition>();
        foreach (string componentDir in Directory.EnumerateDirectories(root, "component=*"))
        {
            string component = Path.GetFileName(componentDir)["component=".Length..];
            foreach (string layerDir in Directory.EnumerateDirectories(componentDir, "layer=*"))
            {
                string layerText = Path.GetFileName(layerDir)["layer=".Length..];
                if (!int.TryParse(layerText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int layer))
                    throw new MLNetConceptsException($"{layerDir}: partition name 'layer={layerText}' is not an integer layer");
                string[] files = Directory.GetFiles(layerDir, "*.parquet");
                Array.Sort(files, StringComparer.Ordinal);
                if (files.Length > 0)
                    partitions.Add(new ActivationPartition(component, layer, layerDir, files));
            }
        }
        return partitions.OrderBy(p => p.Component, StringComparer.Ordinal).ThenBy(p => p.Layer).ToList();
    }
}

/// <summary>One (component, layer) partition of an activations folder and its Parquet files.</summary>
public sealed record ActivationPartition(string Component, int Layer, string Folder, IReadOnlyList<string> Files);
