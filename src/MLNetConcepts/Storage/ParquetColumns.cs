using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// Lenient readers for the flat columns of the project's tables, shared by every table reader. Files written by other
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

    /// <summary>A top-level column by name, or null when the file does not have it (for columns added in later versions).</summary>
    public static DataField? Optional(ParquetSchema schema, string name) =>
        schema.DataFields.FirstOrDefault(f => f.Path.Length == 1 && f.Name == name);

    /// <summary>Opens a Parquet file, turning I/O and format failures into one-line errors naming it.</summary>
    public static async Task<ParquetReader> OpenAsync(string file, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(file))
            throw new MLNetConceptsException($"{file}: {(Directory.Exists(file) ? "is a folder, expected a Parquet file" : "file not found")}");
        try
        {
            return await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new MLNetConceptsException($"{file}: not a readable Parquet file: {e.Message}", e);
        }
    }

    /// <summary>A non-null integer column (int32 or int64) of one row group as int64; a null or another type throws <see cref="MLNetConceptsException"/> naming <paramref name="file"/>.</summary>
    public static async Task<long[]> ReadInt64Async(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        int rows = checked((int)group.RowCount);
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        using RawColumnData raw = await ReadRawAsync(group, field, file, cancellationToken).ConfigureAwait(false);
        RejectNulls(raw, field, file);
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

    /// <summary>As <see cref="ReadInt64Async"/>, then checks that every value fits in int32.</summary>
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

    /// <summary>A non-null floating-point column (double, float or decimal) of one row group as double; anything else throws <see cref="MLNetConceptsException"/> naming <paramref name="file"/>.</summary>
    public static async Task<double[]> ReadDoubleAsync(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        int rows = checked((int)group.RowCount);
        using RawColumnData raw = await ReadRawAsync(group, field, file, cancellationToken).ConfigureAwait(false);
        RejectNulls(raw, field, file);
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

    /// <summary>A string column of one row group; a null value or another type throws <see cref="MLNetConceptsException"/> naming <paramref name="file"/>.</summary>
    public static async Task<string[]> ReadStringAsync(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        if (field.ClrType != typeof(string) && field.ClrType != typeof(ReadOnlyMemory<char>))
            throw new MLNetConceptsException($"{file}: column '{field.Name}' must be a string column");
        int rows = checked((int)group.RowCount);
        var values = new string?[rows];
        await ReadIntoAsync(group, field, values.AsMemory(), file, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < rows; i++)
        {
            if (values[i] is null)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' has a null value in row {i}");
        }
        return values!;
    }

    /// <summary>
    /// A nullable column's raw values hold only its non-null values, packed: a null would shift every later value into
    /// the wrong row. Its definition levels say which rows are null; the first one is named.
    /// </summary>
    private static void RejectNulls(RawColumnData raw, DataField field, string file)
    {
        if (field.MaxDefinitionLevel == 0) return;
        Span<int> levels = raw.DefinitionLevels;
        for (int i = 0; i < levels.Length; i++)
            if (levels[i] < field.MaxDefinitionLevel)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' has a null value in row {i}");
    }

    /// <summary>Reads a column's raw data; damaged pages (a flipped bit, a cut file) become one line naming file and column.</summary>
    public static async Task<RawColumnData> ReadRawAsync(ParquetRowGroupReader group, DataField field, string file,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(file, field, e);
        }
    }

    /// <summary>Reads a string column into <paramref name="values"/>, reporting damage as <see cref="ReadRawAsync"/> does.</summary>
    public static Task ReadIntoAsync(ParquetRowGroupReader group, DataField field, Memory<string?> values, string file,
        CancellationToken cancellationToken = default) =>
        Guard(() => group.ReadAsync(field, values, null, cancellationToken).AsTask(), file, field);

    /// <summary>Reads a value column into <paramref name="values"/>, reporting damage as <see cref="ReadRawAsync"/> does.</summary>
    public static Task ReadIntoAsync<T>(ParquetRowGroupReader group, DataField field, Memory<T?> values, string file,
        CancellationToken cancellationToken = default) where T : struct =>
        Guard(() => group.ReadAsync(field, values, null, cancellationToken).AsTask(), file, field);

    private static async Task Guard(Func<Task> read, string file, DataField field)
    {
        try
        {
            await read().ConfigureAwait(false);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(file, field, e);
        }
    }

    // Parquet.Net reports damaged data with whatever its decoders throw; none of these is our own error or a cancel.
    private static bool IsDamage(Exception e) =>
        e is InvalidDataException or IOException or IndexOutOfRangeException or ArgumentException or OverflowException
            or InvalidOperationException or NotSupportedException or FormatException or InvalidCastException
        && e is not (MLNetConceptsException or OperationCanceledException);

    private static MLNetConceptsException Damaged(string file, DataField field, Exception e) =>
        new($"{file}: column '{field.Name}' cannot be read, the file is damaged ({e.Message.ReplaceLineEndings(" ")}); write it again", e);
}
