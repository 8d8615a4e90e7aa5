using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// Lenient readers for the flat columns of SPEC's tables, shared by every table reader. Files written by other
/// tools (DuckDB, pandas, Spark) mark columns optional, write integers as 32 or 64 bits and strings as
/// <see cref="ReadOnlyMemory{T}"/> of char; all of that is accepted, while a null value, a missing column or a
/// wrong type is an <see cref="MLNetConceptsException"/> naming the file and column.
/// </summary>
public static class ParquetColumns
{
    /// <summary>Finds top-level columns by name, failing with one message listing every missing one.</summary>
    public static DataField[] Require(ParquetSchema schema, string file, params string[] names)
    {
        var fields = new DataField[names.Length];
        var missing = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            DataField? field = schema.DataFields.FirstOrDefault(f => f.Path.Length == 1 && f.Name == names[i]);
            if (field is null) missing.Add(names[i]);
            else fields[i] = field;
        }
        if (missing.Count > 0)
            throw new MLNetConceptsException($"{file}: missing column(s) {string.Join(", ", missing)}; expected {string.Join(", ", names)}");
        return fields;
    }

    /// <summary>Opens a Parquet file, turning I/O and format failures into one-line errors naming it.</summary>
    public static async Task<ParquetReader> OpenAsync(string file, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(file))
            throw new MLNetConceptsException($"{file}: file not found");
        try
        {
            return await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new MLNetConceptsException($"{file}: not a readable Parquet file: {e.Message}", e);
        }
    }

    public static async Task<long[]> ReadInt64Async(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        int rows = checked((int)group.RowCount);
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        using RawColumnData raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        long[] values = new long[rows];
        if (raw is RawColumnData<long> longs && longs.Values.Length == rows)
            longs.Values.CopyTo(values);
        else if (raw is RawColumnData<int> ints && ints.Values.Length == rows)
            for (int i = 0; i < rows; i++) values[i] = ints.Values[i];
        else if (type == typeof(long) || type == typeof(int))
            throw new MLNetConceptsException($"{file}: column '{field.Name}' has null values");
        else
            throw new MLNetConceptsException($"{file}: column '{field.Name}' has type {type.Name}, expected an integer");
        return values;
    }

    public static async Task<int[]> ReadInt32Async(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        long[] wide = await ReadInt64Async(group, field, file, cancellationToken).ConfigureAwait(false);
        var values = new int[wide.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            if (wide[i] is < int.MinValue or > int.MaxValue)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' value {wide[i]} does not fit in int32");
            values[i] = (int)wide[i];
        }
        return values;
    }

    public static async Task<double[]> ReadDoubleAsync(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        int rows = checked((int)group.RowCount);
        using RawColumnData raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        var values = new double[rows];
        if (raw is RawColumnData<double> doubles && doubles.Values.Length == rows)
            doubles.Values.CopyTo(values);
        else if (raw is RawColumnData<float> floats && floats.Values.Length == rows)
            for (int i = 0; i < rows; i++) values[i] = floats.Values[i];
        else if (raw is RawColumnData<decimal> decimals && decimals.Values.Length == rows)  // e.g. DuckDB writes 0.75 literals as DECIMAL
            for (int i = 0; i < rows; i++) values[i] = (double)decimals.Values[i];
        else
            throw new MLNetConceptsException($"{file}: column '{field.Name}' must be a non-null floating-point column");
        return values;
    }

    public static async Task<string[]> ReadStringAsync(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        if (field.ClrType != typeof(string) && field.ClrType != typeof(ReadOnlyMemory<char>))
            throw new MLNetConceptsException($"{file}: column '{field.Name}' must be a string column");
        int rows = checked((int)group.RowCount);
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < rows; i++)
        {
            if (values[i] is null)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' has a null value in row {i}");
        }
        return values!;
    }
}
