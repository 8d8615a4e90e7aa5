using System.Text.Json;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Writes <c>calign.parquet</c> and <c>colap.parquet</c> with exactly the columns other tools read (docs/file-formats.md), atomically. The
/// options used are recorded in the file's key-value metadata under <see cref="OptionsMetadataKey"/> (JSON).
/// </summary>
public static class MetricFiles
{
    /// <summary>The CALIGN table's file name in a run folder.</summary>
    public const string CalignFileName = "calign.parquet";
    /// <summary>The COLAP table's file name in a run folder.</summary>
    public const string ColapFileName = "colap.parquet";
    /// <summary>The Parquet key-value metadata key under which the options used are stored, as JSON.</summary>
    public const string OptionsMetadataKey = "mlnetconcepts.options";

    // The columns are declared once, in CalignTable and ColapTable.
    internal static readonly ParquetTable<CalignSummary> CalignFile = new(CalignTable.Table);
    internal static readonly ParquetTable<ColapSummary> ColapFile = new(ColapTable.Table);

    /// <summary>Writes one CALIGN computation; its options are the file's metadata.</summary>
    public static Task WriteCalignAsync(string path, CalignResult result, CancellationToken cancellationToken = default) =>
        WriteCalignAsync(path, result.Summary, [result.Options], cancellationToken);

    /// <summary>
    /// Writes the rows of several CALIGN computations (one per direction, as <c>analyze</c> makes them). The metadata
    /// keeps the options they share and lists the directions under <c>directions</c>
    /// (<c>source_language:source_component-&gt;target_language:target_component</c>, separated by "; ").
    /// </summary>
    public static Task WriteCalignAsync(string path, IReadOnlyList<CalignSummary> rows, IReadOnlyList<CalignOptions> directions,
        CancellationToken cancellationToken = default)
    {
        if (directions.Count == 0) throw new ArgumentException("at least one direction's options", nameof(directions));
        return CalignFile.WriteAsync(path, rows, int.MaxValue, OptionsMetadata(CalignOptions.ToRecord(directions)), cancellationToken);
    }

    /// <summary>Writes one COLAP computation's summary (the colap table's columns) atomically; its options are the file's metadata.</summary>
    public static Task WriteColapAsync(string path, ColapResult result, CancellationToken cancellationToken = default) =>
        ColapFile.WriteAsync(path, result.Summary, int.MaxValue, OptionsMetadata(result.Options.ToRecord()), cancellationToken);

    /// <summary>Synchronous <see cref="WriteCalignAsync(string, CalignResult, CancellationToken)"/>.</summary>
    public static void WriteCalign(string path, CalignResult result) => Synchronously.Run(() => WriteCalignAsync(path, result));

    /// <summary>Synchronous <see cref="WriteColapAsync"/>.</summary>
    public static void WriteColap(string path, ColapResult result) => Synchronously.Run(() => WriteColapAsync(path, result));

    /// <summary>Synchronous <see cref="ReadCalignAsync"/>.</summary>
    public static IReadOnlyList<CalignSummary> ReadCalign(string path) => Synchronously.Run(() => ReadCalignAsync(path));

    /// <summary>Synchronous <see cref="ReadColapAsync"/>.</summary>
    public static IReadOnlyList<ColapSummary> ReadColap(string path) => Synchronously.Run(() => ReadColapAsync(path));

    /// <summary>Reads a calign table written by this tool or any other writer of its columns.</summary>
    public static Task<IReadOnlyList<CalignSummary>> ReadCalignAsync(string path, CancellationToken cancellationToken = default) =>
        CalignFile.ReadAsync(path, cancellationToken);

    /// <summary>Reads a colap table written by this tool or any other writer of its columns.</summary>
    public static Task<IReadOnlyList<ColapSummary>> ReadColapAsync(string path, CancellationToken cancellationToken = default) =>
        ColapFile.ReadAsync(path, cancellationToken);

    /// <summary>The files' key-value metadata: the options used, as JSON under <see cref="OptionsMetadataKey"/>.</summary>
    internal static IReadOnlyDictionary<string, string> OptionsMetadata(IReadOnlyDictionary<string, string> options) =>
        new Dictionary<string, string> { [OptionsMetadataKey] = JsonSerializer.Serialize(options) };
}
