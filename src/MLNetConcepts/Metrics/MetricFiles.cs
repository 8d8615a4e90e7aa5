using System.Text.Json;
using MLNetConcepts.Storage;
using Parquet;
using Parquet.Schema;

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

    private static DataField<string> Text(string name) => new(name, false);

    // The required columns first (readers need them), then the clustering's k and seed and the chance level.
    private static readonly ParquetSchema CalignSchema = new(
        Text("source_component"), Text("target_component"), new DataField<int>("layer"), Text("source_language"), Text("target_language"),
        new DataField<int>("concepts_total"), new DataField<int>("concepts_considered"), new DataField<int>("aligned"), new DataField<double>("calign"),
        new DataField<int>("k"), new DataField<int>("seed"), new DataField<double>("chance"));

    private static readonly ParquetSchema ColapSchema = new(
        Text("component"), new DataField<int>("layer"), Text("scope"), Text("language_a"), Text("language_b"),
        new DataField<int>("concepts"), new DataField<int>("overlapping"), new DataField<double>("colap"),
        new DataField<int>("k"), new DataField<int>("seed"), new DataField<double>("language_blind"));

    private const int CalignRequired = 9, ColapRequired = 8;

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
        IReadOnlyList<CalignSummary> r = rows;
        return WriteAsync(path, CalignSchema, CalignOptions.ToRecord(directions), cancellationToken,
            r.Select(x => x.SourceComponent).ToArray(), r.Select(x => x.TargetComponent).ToArray(), r.Select(x => x.Layer).ToArray(),
            r.Select(x => x.SourceLanguage).ToArray(), r.Select(x => x.TargetLanguage).ToArray(), r.Select(x => x.ConceptsTotal).ToArray(),
            r.Select(x => x.ConceptsConsidered).ToArray(), r.Select(x => x.Aligned).ToArray(), r.Select(x => x.Calign).ToArray(),
            r.Select(x => x.K).ToArray(), r.Select(x => x.Seed).ToArray(), r.Select(x => x.Chance).ToArray());
    }

    /// <summary>Writes one COLAP computation's summary (the colap table's columns) atomically; its options are the file's metadata.</summary>
    public static Task WriteColapAsync(string path, ColapResult result, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ColapSummary> r = result.Summary;
        return WriteAsync(path, ColapSchema, result.Options.ToRecord(), cancellationToken,
            r.Select(x => x.Component).ToArray(), r.Select(x => x.Layer).ToArray(), r.Select(x => x.Scope).ToArray(),
            r.Select(x => x.LanguageA).ToArray(), r.Select(x => x.LanguageB).ToArray(), r.Select(x => x.Concepts).ToArray(),
            r.Select(x => x.Overlapping).ToArray(), r.Select(x => x.Colap).ToArray(),
            r.Select(x => x.K).ToArray(), r.Select(x => x.Seed).ToArray(), r.Select(x => x.LanguageBlind).ToArray());
    }

    /// <summary>Synchronous <see cref="WriteCalignAsync(string, CalignResult, CancellationToken)"/>.</summary>
    public static void WriteCalign(string path, CalignResult result) => Synchronously.Run(() => WriteCalignAsync(path, result));

    /// <summary>Synchronous <see cref="WriteColapAsync"/>.</summary>
    public static void WriteColap(string path, ColapResult result) => Synchronously.Run(() => WriteColapAsync(path, result));

    /// <summary>Synchronous <see cref="ReadCalignAsync"/>.</summary>
    public static IReadOnlyList<CalignSummary> ReadCalign(string path) => Synchronously.Run(() => ReadCalignAsync(path));

    /// <summary>Synchronous <see cref="ReadColapAsync"/>.</summary>
    public static IReadOnlyList<ColapSummary> ReadColap(string path) => Synchronously.Run(() => ReadColapAsync(path));

    /// <summary>Reads a calign table written by this tool or any other writer of its columns.</summary>
    public static async Task<IReadOnlyList<CalignSummary>> ReadCalignAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<CalignSummary>();
        await using ParquetReader reader = await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        DataField[] f = ParquetColumns.Require(reader.Schema, path, CalignSchema.DataFields.Take(CalignRequired).Select(d => d.Name).ToArray());
        (DataField? kField, DataField? seedField, DataField? chanceField) = (ParquetColumns.Optional(reader.Schema, "k"),
            ParquetColumns.Optional(reader.Schema, "seed"), ParquetColumns.Optional(reader.Schema, "chance"));
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            string[] sourceComponent = await ParquetColumns.ReadStringAsync(group, f[0], path, cancellationToken).ConfigureAwait(false);
            string[] targetComponent = await ParquetColumns.ReadStringAsync(group, f[1], path, cancellationToken).ConfigureAwait(false);
            int[] layer = await ParquetColumns.ReadInt32Async(group, f[2], path, cancellationToken).ConfigureAwait(false);
            string[] sourceLanguage = await ParquetColumns.ReadStringAsync(group, f[3], path, cancellationToken).ConfigureAwait(false);
            string[] targetLanguage = await ParquetColumns.ReadStringAsync(group, f[4], path, cancellationToken).ConfigureAwait(false);
            int[] total = await ParquetColumns.ReadInt32Async(group, f[5], path, cancellationToken).ConfigureAwait(false);
            int[] considered = await ParquetColumns.ReadInt32Async(group, f[6], path, cancellationToken).ConfigureAwait(false);
            int[] aligned = await ParquetColumns.ReadInt32Async(group, f[7], path, cancellationToken).ConfigureAwait(false);
            double[] calign = await ParquetColumns.ReadDoubleAsync(group, f[8], path, cancellationToken).ConfigureAwait(false);
            (int[] k, int[] seed, double[] chance) = await ReadFitColumnsAsync(group, kField, seedField, chanceField, layer.Length, path, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < layer.Length; i++)
                rows.Add(new CalignSummary(sourceComponent[i], targetComponent[i], layer[i], sourceLanguage[i], targetLanguage[i], total[i],
                    considered[i], aligned[i], calign[i], k[i], seed[i], chance[i]));
        }
        return rows;
    }

    /// <summary>Reads a colap table written by this tool or any other writer of its columns.</summary>
    public static async Task<IReadOnlyList<ColapSummary>> ReadColapAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<ColapSummary>();
        await using ParquetReader reader = await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        DataField[] f = ParquetColumns.Require(reader.Schema, path, ColapSchema.DataFields.Take(ColapRequired).Select(d => d.Name).ToArray());
        (DataField? kField, DataField? seedField, DataField? blindField) = (ParquetColumns.Optional(reader.Schema, "k"),
            ParquetColumns.Optional(reader.Schema, "seed"), ParquetColumns.Optional(reader.Schema, "language_blind"));
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            string[] component = await ParquetColumns.ReadStringAsync(group, f[0], path, cancellationToken).ConfigureAwait(false);
            int[] layer = await ParquetColumns.ReadInt32Async(group, f[1], path, cancellationToken).ConfigureAwait(false);
            string[] scope = await ParquetColumns.ReadStringAsync(group, f[2], path, cancellationToken).ConfigureAwait(false);
            string[] a = await ParquetColumns.ReadStringAsync(group, f[3], path, cancellationToken).ConfigureAwait(false);
            string[] b = await ParquetColumns.ReadStringAsync(group, f[4], path, cancellationToken).ConfigureAwait(false);
            int[] concepts = await ParquetColumns.ReadInt32Async(group, f[5], path, cancellationToken).ConfigureAwait(false);
            int[] overlapping = await ParquetColumns.ReadInt32Async(group, f[6], path, cancellationToken).ConfigureAwait(false);
            double[] colap = await ParquetColumns.ReadDoubleAsync(group, f[7], path, cancellationToken).ConfigureAwait(false);
            (int[] k, int[] seed, double[] blind) = await ReadFitColumnsAsync(group, kField, seedField, blindField, layer.Length, path, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < layer.Length; i++)
                rows.Add(new ColapSummary(component[i], layer[i], scope[i], a[i], b[i], concepts[i], overlapping[i], colap[i], k[i], seed[i], blind[i]));
        }
        return rows;
    }

    /// <summary>k, seed and the chance level where the file has them (tables of one fit from other tools may not): 0, 0 and NaN otherwise.</summary>
    private static async Task<(int[] K, int[] Seed, double[] Chance)> ReadFitColumnsAsync(ParquetRowGroupReader group, DataField? k, DataField? seed,
        DataField? chance, int count, string path, CancellationToken cancellationToken)
    {
        int[] ks = k is null ? new int[count] : await ParquetColumns.ReadInt32Async(group, k, path, cancellationToken).ConfigureAwait(false);
        int[] seeds = seed is null ? new int[count] : await ParquetColumns.ReadInt32Async(group, seed, path, cancellationToken).ConfigureAwait(false);
        double[] levels = chance is null ? Enumerable.Repeat(double.NaN, count).ToArray()
            : await ParquetColumns.ReadDoubleAsync(group, chance, path, cancellationToken).ConfigureAwait(false);
        return (ks, seeds, levels);
    }

    /// <summary>Writes one row group whose columns are given in schema order (string[], int[] or double[]).</summary>
    internal static async Task WriteAsync(string path, ParquetSchema schema, IReadOnlyDictionary<string, string> options,
        CancellationToken cancellationToken, params Array[] columns)
    {
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await using (FileStream stream = File.Create(output.TemporaryPath))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            writer.CustomMetadata = new Dictionary<string, string> { [OptionsMetadataKey] = JsonSerializer.Serialize(options) };
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            for (int c = 0; c < columns.Length; c++)
            {
                DataField field = schema.DataFields[c];
                switch (columns[c])
                {
                    case string[] strings:
                        await group.WriteAsync(field, strings).ConfigureAwait(false);
                        break;
                    case int[] ints:
                        await group.WriteAsync<int>((DataField<int>)field, ints, cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case double[] doubles:
                        await group.WriteAsync<double>((DataField<double>)field, doubles, cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw new InvalidOperationException($"unsupported column type {columns[c].GetType()}");
                }
            }
            group.CompleteValidate();
        }
        output.Commit();
    }
}
