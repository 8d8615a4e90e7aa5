using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>One word occurrence assigned to a concept: a row of the concepts table.</summary>
/// <param name="ConceptId">0-based concept (cluster) id within its (component, layer, scope).</param>
/// <param name="Scope">A language code, or <c>mixed</c> for concepts found on several languages together.</param>
/// <param name="Component">The component the vectors came from (<c>encoder</c> or <c>decoder</c>).</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="SentenceId">The 0-based line of the word's sentence.</param>
/// <param name="WordIndex">The 0-based word in the sentence.</param>
/// <param name="Language">The word's language code.</param>
/// <param name="Word">The word itself.</param>
/// <param name="K">The number of clusters of the K-means fit that found the concept (0 when a file does not say).</param>
/// <param name="Seed">The K-means seed of that fit (0 when a file does not say); one table may hold several seeds' concepts.</param>
public sealed record ConceptAssignment(string Component, int Layer, string Scope, int ConceptId, long SentenceId,
    int WordIndex, string Language, string Word, int K = 0, int Seed = 0)
{
    /// <summary>The clustering a row belongs to: concept ids are unique only within one (component, layer, scope, k, seed).</summary>
    public ClusteringKey Clustering => new(Component, Layer, Scope, K, Seed);
}

/// <summary>One K-means fit of a run: the (component, layer, scope, k, seed) its concept ids belong to.</summary>
public readonly record struct ClusteringKey(string Component, int Layer, string Scope, int K, int Seed);

/// <summary>Reads and writes <c>concepts.parquet</c>: <c>component</c>, <c>layer</c>, <c>scope</c>, <c>concept_id</c>, <c>sentence_id</c>, <c>word_index</c>, <c>language</c>, <c>word</c>, <c>k</c>, <c>seed</c>.</summary>
public static class ConceptFiles
{
    /// <summary>The concepts table's file name.</summary>
    public const string FileName = "concepts.parquet";
    /// <summary>The scope of concepts clustered over several languages together (COLAP's input).</summary>
    public const string MixedScope = "mixed";

    private static readonly DataField<string> Component = new("component", false);
    private static readonly DataField<int> Layer = new("layer");
    private static readonly DataField<string> Scope = new("scope", false);
    private static readonly DataField<int> ConceptId = new("concept_id");
    private static readonly DataField<long> SentenceId = new("sentence_id");
    private static readonly DataField<int> WordIndex = new("word_index");
    private static readonly DataField<string> Language = new("language", false);
    private static readonly DataField<string> Word = new("word", false);
    private static readonly DataField<int> K = new("k");
    private static readonly DataField<int> Seed = new("seed");

    /// <summary>The columns of <c>concepts.parquet</c>, in the order other tools expect, <c>k</c> and <c>seed</c> last.</summary>
    public static readonly ParquetSchema Schema = new(Component, Layer, Scope, ConceptId, SentenceId, WordIndex, Language, Word, K, Seed);

    /// <summary>The column names every reader requires (files from other tools may lack <c>k</c> and <c>seed</c>: one fit).</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = Schema.DataFields.Take(8).Select(f => f.Name).ToArray();

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, IEnumerable<ConceptAssignment> rows) => Synchronously.Run(() => WriteAsync(path, rows));

    /// <summary>Writes the rows in row groups of <paramref name="rowGroupRows"/>, atomically.</summary>
    public static async Task WriteAsync(string path, IEnumerable<ConceptAssignment> rows, CancellationToken cancellationToken = default,
        int rowGroupRows = 1 << 18)
    {
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await using (FileStream stream = File.Create(output.TemporaryPath))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var buffer = new List<ConceptAssignment>(Math.Min(rowGroupRows, 1 << 16));
            bool wroteAny = false;
            foreach (ConceptAssignment row in rows)
            {
                buffer.Add(row);
                if (buffer.Count == rowGroupRows)
                {
                    await WriteGroupAsync(writer, buffer, cancellationToken).ConfigureAwait(false);
                    buffer.Clear();
                    wroteAny = true;
                }
            }
            if (buffer.Count > 0 || !wroteAny)
                await WriteGroupAsync(writer, buffer, cancellationToken).ConfigureAwait(false);
        }
        output.Commit();
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, List<ConceptAssignment> rows, CancellationToken cancellationToken)
    {
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(Component, rows.Select(r => r.Component).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(Layer, rows.Select(r => r.Layer).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(Scope, rows.Select(r => r.Scope).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(ConceptId, rows.Select(r => r.ConceptId).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<long>(SentenceId, rows.Select(r => r.SentenceId).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(WordIndex, rows.Select(r => r.WordIndex).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(Language, rows.Select(r => r.Language).ToArray()).ConfigureAwait(false);
        await group.WriteAsync(Word, rows.Select(r => r.Word).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(K, rows.Select(r => r.K).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(Seed, rows.Select(r => r.Seed).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>Synchronous <see cref="ReadAsync"/>.</summary>
    public static IReadOnlyList<ConceptAssignment> Read(string path) => Synchronously.Run(() => ReadAsync(path));

    /// <summary>Reads every row; files from other tools with the same columns are accepted.</summary>
    public static async Task<IReadOnlyList<ConceptAssignment>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var rows = new List<ConceptAssignment>();
        await using ParquetReader reader = await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        DataField[] f = ParquetColumns.Require(reader.Schema, path, ColumnNames.ToArray());
        DataField? kField = ParquetColumns.Optional(reader.Schema, K.Name), seedField = ParquetColumns.Optional(reader.Schema, Seed.Name);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            string[] component = await ParquetColumns.ReadStringAsync(group, f[0], path, cancellationToken).ConfigureAwait(false);
            int[] layer = await ParquetColumns.ReadInt32Async(group, f[1], path, cancellationToken).ConfigureAwait(false);
            string[] scope = await ParquetColumns.ReadStringAsync(group, f[2], path, cancellationToken).ConfigureAwait(false);
            int[] conceptId = await ParquetColumns.ReadInt32Async(group, f[3], path, cancellationToken).ConfigureAwait(false);
            long[] sentenceId = await ParquetColumns.ReadInt64Async(group, f[4], path, cancellationToken).ConfigureAwait(false);
            int[] wordIndex = await ParquetColumns.ReadInt32Async(group, f[5], path, cancellationToken).ConfigureAwait(false);
            string[] language = await ParquetColumns.ReadStringAsync(group, f[6], path, cancellationToken).ConfigureAwait(false);
            string[] word = await ParquetColumns.ReadStringAsync(group, f[7], path, cancellationToken).ConfigureAwait(false);
            int[] k = kField is null ? new int[component.Length] : await ParquetColumns.ReadInt32Async(group, kField, path, cancellationToken).ConfigureAwait(false);
            int[] seed = seedField is null ? new int[component.Length] : await ParquetColumns.ReadInt32Async(group, seedField, path, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < component.Length; i++)
                rows.Add(new ConceptAssignment(component[i], layer[i], scope[i], conceptId[i], sentenceId[i], wordIndex[i], language[i], word[i], k[i], seed[i]));
        }
        return rows;
    }
}
