using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>One row group of an activations part: parallel columns, vectors flattened row by row.</summary>
public sealed class ActivationBatch
{
    public required string File { get; init; }
    public required int Count { get; init; }
    public required int Dimension { get; init; }
    public required long[] SentenceIds { get; init; }
    public required int[] WordIndices { get; init; }
    public required string[] Languages { get; init; }
    public required string[] Words { get; init; }

    /// <summary><see cref="Count"/> x <see cref="Dimension"/> floats, row-major.</summary>
    public required float[] Vectors { get; init; }

    public ReadOnlySpan<float> Vector(int row) => Vectors.AsSpan(row * Dimension, Dimension);
}

/// <summary>
/// Reads activations parts one row group at a time, so a caller holds at most one row group in memory.
/// Accepts files written by this project or by other tools that write SPEC's columns (DuckDB, pandas, Spark):
/// integer columns may be 32- or 64-bit, vector elements float or double, strings optional.
/// Every problem is reported as an <see cref="MLNetConceptsException"/> naming the file.
/// </summary>
public static class ActivationReader
{
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

    /// <summary>Reads one Parquet file of activations, a row group at a time.</summary>
    public static async IAsyncEnumerable<ActivationBatch> ReadFileAsync(string file,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new MLNetConceptsException($"{file}: not a readable Parquet file: {e.Message}", e);
        }

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
        DataField? Find(string name) =>
            schema.DataFields.FirstOrDefault(f => f.Path.ToString() == name || (f.Path.FirstPart == name && name != "vector"));
        string[] missing = RequiredColumns.Where(c => c == "vector"
            ? schema.DataFields.All(f => f.Path.FirstPart != "vector")
            : Find(c) is null).ToArray();
        if (missing.Length > 0)
            throw new MLNetConceptsException($"{file}: missing column(s) {string.Join(", ", missing)}; activations need {string.Join(", ", RequiredColumns)}");
        DataField vector = schema.DataFields.Single(f => f.Path.FirstPart == "vector");
        if (vector.MaxRepetitionLevel != 1)
            throw new MLNetConceptsException($"{file}: column 'vector' must be a list of floats");
        return new Columns(Find("sentence_id")!, Find("word_index")!, Find("language")!, Find("word")!, vector);
    }

    private static async Task<ActivationBatch> ReadGroupAsync(ParquetRowGroupReader group, Columns columns, string file,
        CancellationToken cancellationToken)
    {
        int rows = checked((int)group.RowCount);
        long[] sentenceIds = await ReadIntegersAsync<long>(group, columns.SentenceId, rows, file, cancellationToken).ConfigureAwait(false);
        int[] wordIndices = await ReadIntegersAsync<int>(group, columns.WordIndex, rows, file, cancellationToken).ConfigureAwait(false);
        string[] languages = await ReadStringsAsync(group, columns.Language, rows, file, cancellationToken).ConfigureAwait(false);
        string[] words = await ReadStringsAsync(group, columns.Word, rows, file, cancellationToken).ConfigureAwait(false);
        (float[] vectors, int dimension) = await ReadVectorsAsync(group, columns.VectorElement, rows, file, cancellationToken).ConfigureAwait(false);
        return new ActivationBatch
        {
            File = file, Count = rows, Dimension = dimension, SentenceIds = sentenceIds, WordIndices = wordIndices,
            Languages = languages, Words = words, Vectors = vectors,
        };
    }

    private static async Task<T[]> ReadIntegersAsync<T>(ParquetRowGroupReader group, DataField field, int rows, string file,
        CancellationToken cancellationToken) where T : struct
    {
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        long[] values = new long[rows];
        if (type == typeof(long))
        {
            using var data = (RawColumnData<long>)await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
            CopyNonNull(data.Values, field, data, values, file);
        }
        else if (type == typeof(int))
        {
            using var data = (RawColumnData<int>)await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
            var wide = new long[data.Values.Length];
            for (int i = 0; i < wide.Length; i++) wide[i] = data.Values[i];
            CopyNonNull(wide, field, data, values, file);
        }
        else
        {
            throw new MLNetConceptsException($"{file}: column '{field.Name}' has type {type.Name}, expected an integer");
        }

        if (typeof(T) == typeof(long)) return (T[])(object)values;
        var narrow = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            if (values[i] is < int.MinValue or > int.MaxValue)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' value {values[i]} does not fit in int32");
            narrow[i] = (int)values[i];
        }
        return (T[])(object)narrow;
    }

    private static void CopyNonNull(ReadOnlySpan<long> source, DataField field, RawColumnData data, long[] target, string file)
    {
        if (source.Length != target.Length)
            throw new MLNetConceptsException($"{file}: column '{field.Name}' has null values");
        source.CopyTo(target);
    }

    private static async Task<string[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int rows, string file,
        CancellationToken cancellationToken)
    {
        // Parquet.Net surfaces UTF-8 columns as string or, for files from other writers, as ReadOnlyMemory<char>.
        if (field.ClrType != typeof(string) && field.ClrType != typeof(ReadOnlyMemory<char>))
            throw new MLNetConceptsException($"{file}: column '{field.Name}' must be a string column");
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < rows; i++)
        {
            if (values[i] is null)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' has a null value in row {i}");
        }
        return values!;
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
            using var data = (RawColumnData<float>)await group.ReadRawColumnDataBaseAsync(element, cancellationToken).ConfigureAwait(false);
            values = data.Values.ToArray();
            repetition = data.RepetitionLevels.ToArray();
            if (element.MaxDefinitionLevel > 0) definition = data.DefinitionLevels.ToArray();
        }
        else if (type == typeof(double))
        {
            using var data = (RawColumnData<double>)await group.ReadRawColumnDataBaseAsync(element, cancellationToken).ConfigureAwait(false);
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
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new MLNetConceptsException($"{file}: vector of row {i / dimension} has a NaN or infinite value");
        }
        return (values, dimension);
    }
}
