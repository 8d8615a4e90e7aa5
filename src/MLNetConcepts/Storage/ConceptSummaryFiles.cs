using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// One concept of a (component, layer, scope): its size, distinct types, centroid and lexical flag. A row of
/// <c>concept_summary.parquet</c>, written next to <c>concepts.parquet</c>.
/// </summary>
/// <param name="Size">Word occurrences in the concept.</param>
/// <param name="Types">Distinct (language, word) types in the concept.</param>
/// <param name="SumOfSquares">Sum of squared distances of the concept's vectors to its centroid.</param>
/// <param name="AffixKind"><c>prefix</c> or <c>suffix</c> when the concept is lexical (most types share an affix), else null.</param>
/// <param name="Affix">The shared affix (lower case), or null.</param>
/// <param name="AffixShare">Fraction of the concept's distinct words that carry the affix, or null.</param>
/// <param name="Centroid">Mean of the concept's vectors.</param>
/// <param name="Component">The component the vectors came from.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="Scope">A language code, or <c>mixed</c>.</param>
/// <param name="ConceptId">The 0-based concept id within its (component, layer, scope, k, seed).</param>
/// <param name="K">The number of clusters of the fit (0 when a file does not say).</param>
/// <param name="Seed">The K-means seed of the fit (0 when a file does not say).</param>
public sealed record ConceptSummary(string Component, int Layer, string Scope, int ConceptId, int Size, int Types,
    double SumOfSquares, string? AffixKind, string? Affix, double? AffixShare, float[] Centroid, int K = 0, int Seed = 0)
{
    /// <summary>True when most of the concept's types share a prefix or suffix.</summary>
    public bool IsLexical => Affix is not null;
}

/// <summary>
/// Reads and writes <c>concept_summary.parquet</c>: <c>component</c> string, <c>layer</c> int32, <c>scope</c> string,
/// <c>concept_id</c> int32, <c>size</c> int32, <c>types</c> int32, <c>sum_of_squares</c> double, <c>lexical</c>
/// boolean, <c>affix_kind</c> string (null), <c>affix</c> string (null), <c>affix_share</c> double (null) and
/// <c>centroid</c> list&lt;float&gt;, then <c>k</c> and <c>seed</c> int32 (the fit). Only non-empty concepts have a row.
/// </summary>
public static class ConceptSummaryFiles
{
    /// <summary>The concept summary table's file name, beside <c>concepts.parquet</c>.</summary>
    public const string FileName = "concept_summary.parquet";

    private static readonly DataField<string> Component = new("component", false);
    private static readonly DataField<int> Layer = new("layer");
    private static readonly DataField<string> Scope = new("scope", false);
    private static readonly DataField<int> ConceptId = new("concept_id");
    private static readonly DataField<int> Size = new("size");
    private static readonly DataField<int> Types = new("types");
    private static readonly DataField<double> SumOfSquares = new("sum_of_squares");
    private static readonly DataField<bool> Lexical = new("lexical");
    private static readonly DataField<string> AffixKind = new("affix_kind", true);
    private static readonly DataField<string> Affix = new("affix", true);
    private static readonly DataField<double?> AffixShare = new("affix_share");
    private static readonly DataField<float> CentroidElement = new("element", false);
    private static readonly ListField Centroid = new("centroid", CentroidElement);
    private static readonly DataField<int> K = new("k");
    private static readonly DataField<int> Seed = new("seed");

    /// <summary>The columns of <c>concept_summary.parquet</c>, in the order listed above.</summary>
    public static readonly ParquetSchema Schema = new(Component, Layer, Scope, ConceptId, Size, Types, SumOfSquares, Lexical,
        AffixKind, Affix, AffixShare, Centroid, K, Seed);

    /// <summary>
    /// The summary file that goes with a concepts file: <c>concept_summary.parquet</c> beside <c>concepts.parquet</c>,
    /// otherwise <c>&lt;name&gt;_summary.parquet</c> beside <c>&lt;name&gt;.parquet</c>, so two runs in one folder do not clash.
    /// </summary>
    public static string PathBeside(string conceptsPath)
    {
        string full = Path.GetFullPath(conceptsPath);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string name = Path.GetFileName(full);
        return name == ConceptFiles.FileName
            ? Path.Combine(folder, FileName)
            : Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + "_summary.parquet");
    }

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, IEnumerable<ConceptSummary> rows) => Synchronously.Run(() => WriteAsync(path, rows));

    /// <summary>Writes the rows, one row group per 4096 concepts, atomically.</summary>
    public static async Task WriteAsync(string path, IEnumerable<ConceptSummary> rows, CancellationToken cancellationToken = default)
    {
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await using (FileStream stream = File.Create(output.TemporaryPath))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            bool wroteAny = false;
            foreach (ConceptSummary[] chunk in rows.Chunk(4096))
            {
                await WriteGroupAsync(writer, chunk, cancellationToken).ConfigureAwait(false);
                wroteAny = true;
            }
            if (!wroteAny) await WriteGroupAsync(writer, [], cancellationToken).ConfigureAwait(false);
        }
        output.Commit();
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, ConceptSummary[] rows, CancellationToken cancellationToken)
    {
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(Component, rows.Select(r => r.Component).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(Layer, rows.Select(r => r.Layer).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(Scope, rows.Select(r => r.Scope).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(ConceptId, rows.Select(r => r.ConceptId).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(Size, rows.Select(r => r.Size).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(Types, rows.Select(r => r.Types).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<double>(SumOfSquares, rows.Select(r => r.SumOfSquares).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<bool>(Lexical, rows.Select(r => r.IsLexical).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(AffixKind, rows.Select(r => r.AffixKind).ToArray()!).ConfigureAwait(false);
        await group.WriteAsync(Affix, rows.Select(r => r.Affix).ToArray()!).ConfigureAwait(false);
        await group.WriteAsync<double>(AffixShare, rows.Select(r => r.AffixShare).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);

        // A list column is written flat: repetition level 0 starts a row's list, 1 continues it; all elements present.
        float[] values = rows.SelectMany(r => r.Centroid).ToArray();
        var repetition = new int[values.Length];
        int position = 0;
        foreach (ConceptSummary row in rows)
        {
            if (row.Centroid.Length == 0) throw new ArgumentException($"concept {row.ConceptId} has an empty centroid");
            for (int i = 0; i < row.Centroid.Length; i++) repetition[position++] = i == 0 ? 0 : 1;
        }
        var definition = new int[values.Length];
        Array.Fill(definition, CentroidElement.MaxDefinitionLevel);
        await group.WriteAllPartsAsync<float>(CentroidElement, values, definition, repetition, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(K, rows.Select(r => r.K).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(Seed, rows.Select(r => r.Seed).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>Synchronous <see cref="ReadAsync"/>.</summary>
    public static IReadOnlyList<ConceptSummary> Read(string path) => Synchronously.Run(() => ReadAsync(path));

    /// <summary>Reads every row of a summary file written by <see cref="WriteAsync"/>.</summary>
    public static async Task<IReadOnlyList<ConceptSummary>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<ConceptSummary>();
        await using ParquetReader reader = await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        DataField[] f = ParquetColumns.Require(reader.Schema, path, "component", "layer", "scope", "concept_id", "size", "types",
            "sum_of_squares", "affix_kind", "affix", "affix_share");
        DataField centroid = reader.Schema.DataFields.FirstOrDefault(d => d.Path.FirstPart == "centroid" && d.MaxRepetitionLevel == 1)
            ?? throw new MLNetConceptsException($"{path}: missing column centroid (list of floats)");
        DataField? kField = ParquetColumns.Optional(reader.Schema, K.Name), seedField = ParquetColumns.Optional(reader.Schema, Seed.Name);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            string[] component = await ParquetColumns.ReadStringAsync(group, f[0], path, cancellationToken).ConfigureAwait(false);
            int[] layer = await ParquetColumns.ReadInt32Async(group, f[1], path, cancellationToken).ConfigureAwait(false);
            string[] scope = await ParquetColumns.ReadStringAsync(group, f[2], path, cancellationToken).ConfigureAwait(false);
            int[] conceptId = await ParquetColumns.ReadInt32Async(group, f[3], path, cancellationToken).ConfigureAwait(false);
            int[] size = await ParquetColumns.ReadInt32Async(group, f[4], path, cancellationToken).ConfigureAwait(false);
            int[] types = await ParquetColumns.ReadInt32Async(group, f[5], path, cancellationToken).ConfigureAwait(false);
            double[] squares = await ParquetColumns.ReadDoubleAsync(group, f[6], path, cancellationToken).ConfigureAwait(false);
            var affixKind = new string?[count];
            await ParquetColumns.ReadIntoAsync(group, f[7], affixKind.AsMemory(), path, cancellationToken).ConfigureAwait(false);
            var affix = new string?[count];
            await ParquetColumns.ReadIntoAsync(group, f[8], affix.AsMemory(), path, cancellationToken).ConfigureAwait(false);
            var share = new double?[count];
            await ParquetColumns.ReadIntoAsync(group, f[9], share.AsMemory(), path, cancellationToken).ConfigureAwait(false);
            using var raw = (RawColumnData<float>)await ParquetColumns.ReadRawAsync(group, centroid, path, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<float> values = raw.Values;
            ReadOnlySpan<int> repetition = raw.RepetitionLevels;
            if (count > 0 && (values.Length % count != 0 || repetition.Length != values.Length))
                throw new MLNetConceptsException($"{path}: column 'centroid' has lists of different lengths or nulls");
            int dimension = count == 0 ? 0 : values.Length / count;
            float[] centroids = values.ToArray();
            int[] k = kField is null ? new int[count] : await ParquetColumns.ReadInt32Async(group, kField, path, cancellationToken).ConfigureAwait(false);
            int[] seed = seedField is null ? new int[count] : await ParquetColumns.ReadInt32Async(group, seedField, path, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
                rows.Add(new ConceptSummary(component[i], layer[i], scope[i], conceptId[i], size[i], types[i], squares[i],
                    affixKind[i], affix[i], share[i], centroids.AsSpan(i * dimension, dimension).ToArray(), k[i], seed[i]));
        }
        return rows;
    }
}
