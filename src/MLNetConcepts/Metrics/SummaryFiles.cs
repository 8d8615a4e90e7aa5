using System.Text.Json;
using MLNetConcepts.Storage;
using Parquet.Serialization;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Reads and writes the tables derived from the per-seed metrics: <c>calign_summary.parquet</c>,
/// <c>colap_summary.parquet</c> and <c>comparisons.parquet</c>. Their columns are the row classes' properties
/// (<see cref="CalignAcrossSeeds"/>, <see cref="ColapAcrossSeeds"/>, <see cref="ModelDifference"/>), written by
/// Parquet.Net's class serialiser, so a column is declared once. Writes are atomic.
/// </summary>
public static class SummaryFiles
{
    /// <summary>The comparisons table's file name, at a run folder's root.</summary>
    public const string ComparisonsFileName = "comparisons.parquet";

    /// <summary><c>calign_summary.parquet</c> beside <c>calign.parquet</c> (generally <c>&lt;name&gt;_summary.parquet</c> beside <c>&lt;name&gt;.parquet</c>).</summary>
    public static string PathBeside(string metricPath) =>
        Path.Combine(Path.GetDirectoryName(metricPath) ?? "", Path.GetFileNameWithoutExtension(metricPath) + "_summary.parquet");

    /// <summary>Writes rows atomically, with <paramref name="metadata"/> (e.g. the options) as the file's key-value metadata.</summary>
    public static async Task WriteAsync<T>(string path, IReadOnlyList<T> rows, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) where T : class, new()
    {
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await using (FileStream stream = File.Create(output.TemporaryPath))
        {
            var custom = metadata is null ? null
                : new Dictionary<string, string> { [MetricFiles.OptionsMetadataKey] = JsonSerializer.Serialize(metadata) };
            await ParquetSerializer.SerializeAsync(rows, stream, null, custom, cancellationToken).ConfigureAwait(false);
        }
        output.Commit();
    }

    /// <summary>Reads every row of a table written by <see cref="WriteAsync"/> (or another tool with the same columns).</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(string path, CancellationToken cancellationToken = default) where T : class, new()
    {
        // Opened once through the lenient reader, so a missing or broken file is a one-line error naming it.
        await using (await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false)) { }
        await using FileStream stream = File.OpenRead(path);
        try
        {
            return (await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: cancellationToken).ConfigureAwait(false)).Data.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new MLNetConceptsException($"{path}: not a {typeof(T).Name} table ({e.Message})");
        }
    }
}
