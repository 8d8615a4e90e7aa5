using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>One row group of an activations part: parallel columns, vectors flattened row by row.</summary>
public sealed class ActivationBatch
{
    /// <summary>The Parquet part the rows were read from, for messages.</summary>
    public required string File { get; init; }
    /// <summary>Rows in the batch.</summary>
    public required int Count { get; init; }
    /// <summary>Floats per vector.</summary>
    public required int Dimension { get; init; }
    /// <summary><c>sentence_id</c> of each row.</summary>
    public required long[] SentenceIds { get; init; }
    /// <summary><c>word_index</c> of each row.</summary>
    public required int[] WordIndices { get; init; }
    /// <summary><c>language</c> of each row.</summary>
    public required string[] Languages { get; init; }
    /// <summary><c>word</c> of each row.</summary>
    public required string[] Words { get; init; }

    /// <summary><see cref="Count"/> x <see cref="Dimension"/> floats, row-major.</summary>
    public required float[] Vectors { get; init; }

    /// <summary>The vector of <paramref name="row"/> (0-based within the batch), without copying.</summary>
    public ReadOnlySpan<float> Vector(int row) => Vectors.AsSpan(row * Dimension, Dimension);
}

/// <summary>
/// Reads activations parts one row group at a time, so a caller holds at most one row group in memory.
/// Accepts files written by this project or by other tools that write the same columns (DuckDB, pandas, Spark):
/// integer columns may be 32- or 64-bit, vector elements float or double, strings optional.
/// Every problem is reported as an <see cref="MLNetConceptsException"/> naming the file.
/// </summary>
public static class ActivationReader
{
    /// <summary>The columns an activations part must have; others are ignored.</summary>
    public static readonly string[] RequiredColumns = ["sentence_id", "word_index", "language", "word", "vector"];

    /// <summary>Reads all row groups of a partition, checking that every vector has the same length and is finite.</summary>
    public static async IAsyncEnumerable<ActivationBatch> ReadAsync(ActivationPartition partition,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int dimension = -1;
        string? dimensionFile = null;
        foreach (string file in partition.Files)
        {
            await foreach (ActivationBatch batch in ReadFileAsync(file, cancellationToken).ConfigureAwait(false))
            {
                if (batch.Count == 0) continue;
                if (dimension < 0)
                {
                    dimension = batch.Dimension;
                    dimensionFile = file;
                }
                else if (batch.Dimension != dimension)
                {
                    throw new MLNetConceptsException(
                        $"{file}: vectors have {batch.Dimension} values but {dimensionFile} has {dimension} (component={partition.Component}, layer={partition.Layer})");
                }
                yield return batch;
            }
        }
    }

    /// <summary>The language of a part's first row (its <c>language</c> column only is read); empty for a part without rows.</summary>
    public static async Task<string> FirstLanguageAsync(string file, CancellationToken cancellationToken = default)
    {
        await using ParquetReader reader = await ParquetColumns.OpenAsync(file, cancellationToken).ConfigureAwait(false);
        DataField language = ParquetColumns.Require(reader.Schema, file, "language")[0];
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            string[] values = await ParquetColumns.ReadStringAsync(group, language, file, cancellationToken).ConfigureAwait(false);
            if (values.Length > 0) return values[0];
        }
        return "";
    }

    /// <summary>Reads one Parquet file of activations, a row group at a time.</summary>
    public static async IAsyncEnumerable<ActivationBatch> ReadFileAsync(string file,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ParquetReader reader = await ParquetColumns.OpenAsync(file, cancellationToken).ConfigureAwait(false);

        await using (reader)
        {
            Columns columns = FindColumns(reader.Schema, file);
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                yield return await ReadGroupAsync(group, columns, file, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed record Columns(DataField SentenceId, DataField WordIndex, DataField Language, DataField Word, DataField VectorElement);

    private static Columns FindColumns(ParquetSchema schema, string file)
    {
        DataField? vector = schema.DataFields.FirstOrDefault(f => f.Path.FirstPart == "vector");
        if (vector is null)
            throw new MLNetConceptsException($"{file}: missing column(s) vector; expected {string.Join(", ", RequiredColumns)}");
        if (vector.MaxRepetitionLevel != 1)
            throw new MLNetConceptsException($"{file}: column 'vector' must be a list of floats");
        DataField[] flat = ParquetColumns.Require(schema, file, "sentence_id", "word_index", "language", "word");
        return new Columns(flat[0], flat[1], flat[2], flat[3], vector);
    }

    private static async Task<ActivationBatch> ReadGroupAsync(ParquetRowGroupReader group, Columns columns, string file,
        CancellationToken cancellationToken)
    {
        int rows = checked((int)group.RowCount);
        long[] sentenceIds = await ParquetColumns.ReadInt64Async(group, columns.SentenceId, file, cancellationToken).ConfigureAwait(false);
        int[] wordIndices = await ParquetColumns.ReadInt32Async(group, columns.WordIndex, file, cancellationToken).ConfigureAwait(false);
        string[] languages = await ParquetColumns.ReadStringAsync(group, columns.Language, file, cancellationToken).ConfigureAwait(false);
        string[] words = await ParquetColumns.ReadStringAsync(group, columns.Word, file, cancellationToken).ConfigureAwait(false);
        (float[] vectors, int dimension) = await ReadVectorsAsync(group, columns.VectorElement, rows, file, cancellationToken).ConfigureAwait(false);
        CheckValues(vectors, dimension, file, sentenceIds, wordIndices, languages, words);
        return new ActivationBatch
        {
            File = file, Count = rows, Dimension = dimension, SentenceIds = sentenceIds, WordIndices = wordIndices,
            Languages = languages, Words = words, Vectors = vectors,
        };
    }

    /// <summary>
    /// Larger magnitudes overflow the squared distances K-means computes in single precision (3.4e38), and such a
    /// layer would silently collapse into a few concepts: refused with the word that carries them.
    /// </summary>
    public const float MaximumMagnitude = 1e15f;

    /// <summary>Every value finite and within <see cref="MaximumMagnitude"/>; an error names the word, its sentence and position.</summary>
    private static void CheckValues(float[] values, int dimension, string file, long[] sentenceIds, int[] wordIndices, string[] languages, string[] words)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            if (float.IsFinite(value) && Math.Abs(value) <= MaximumMagnitude) continue;
            int row = i / dimension;
            string problem = float.IsFinite(value)
                ? $"has {value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} at position {i % dimension}, beyond {MaximumMagnitude.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} (squared distances would overflow); rescale the vectors"
                : $"has {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at position {i % dimension}; K-means needs finite numbers";
            throw new MLNetConceptsException(
                $"{file}: the vector of word '{ErrorText.Shorten(words[row])}' (language {ErrorText.Shorten(languages[row])}, sentence_id {sentenceIds[row]}, word_index {wordIndices[row]}) {problem}");
        }
    }

    private static async Task<(float[] Vectors, int Dimension)> ReadVectorsAsync(ParquetRowGroupReader group, DataField element,
        int rows, string file, CancellationToken cancellationToken)
    {
        Type type = Nullable.GetUnderlyingType(element.ClrType) ?? element.ClrType;
        float[] values;
        int[] repetition;
        int[]? definition = null;
        if (type == typeof(float))
        {
            using var data = (RawColumnData<float>)await ParquetColumns.ReadRawAsync(group, element, file, cancellationToken).ConfigureAwait(false);
            values = data.Values.ToArray();
            repetition = data.RepetitionLevels.ToArray();
            if (element.MaxDefinitionLevel > 0) definition = data.DefinitionLevels.ToArray();
        }
        else if (type == typeof(double))
        {
            using var data = (RawColumnData<double>)await ParquetColumns.ReadRawAsync(group, element, file, cancellationToken).ConfigureAwait(false);
            values = new float[data.Values.Length];
            for (int i = 0; i < values.Length; i++) values[i] = (float)data.Values[i];
            repetition = data.RepetitionLevels.ToArray();
            if (element.MaxDefinitionLevel > 0) definition = data.DefinitionLevels.ToArray();
        }
        else
        {
            throw new MLNetConceptsException($"{file}: column 'vector' holds {type.Name}, expected float");
        }

        // Every slot that is not a fully defined element (a null list, an empty list or a null element) is an error.
        if (definition is not null)
        {
            for (int i = 0; i < definition.Length; i++)
            {
                if (definition[i] != element.MaxDefinitionLevel)
                    throw new MLNetConceptsException($"{file}: column 'vector' has a null or empty vector");
            }
        }
        if (rows == 0) return ([], 0);
        if (values.Length % rows != 0)
            throw new MLNetConceptsException($"{file}: vectors have different lengths within one row group");
        int dimension = values.Length / rows;
        if (dimension == 0)
            throw new MLNetConceptsException($"{file}: column 'vector' holds empty vectors");
        for (int i = 0; i < repetition.Length; i++)
        {
            if ((repetition[i] == 0) != (i % dimension == 0))
                throw new MLNetConceptsException($"{file}: vectors have different lengths within one row group (row {i / dimension})");
        }
        return (values, dimension);
    }
}
