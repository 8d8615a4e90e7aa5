using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// One column of a table, declared once: its name, its <see cref="ColumnKind{T}"/>, how a row gives its value and
/// what a reader does when a file lacks it. Every form of the table (Parquet, DataFrame, view, saved model) is
/// derived from these declarations.
/// </summary>
/// <typeparam name="TRow">The table's row type.</typeparam>
internal abstract class TableColumn<TRow>
{
    private protected TableColumn(string name) => Name = name;

    /// <summary>The column's name in every form.</summary>
    public string Name { get; }

    /// <summary>
    /// True when files from other tools (or from earlier versions) may lack the column: readers then use its default
    /// instead of failing. Required columns are looked up by name and reported together when missing.
    /// </summary>
    public bool IsOptional { get; init; }

    /// <summary>True when the column is computed from the others (e.g. a flag): written for other tools, never read back.</summary>
    public bool IsDerived { get; init; }

    /// <summary>The column's position in its <see cref="Table{TRow}"/>, where a <see cref="ColumnBatch"/> keeps its values.</summary>
    internal int Ordinal { get; set; } = -1;

    /// <summary>What error messages call the column's type.</summary>
    public abstract string Description { get; }

    /// <summary>True for a flat top-level Parquet column.</summary>
    public abstract bool IsFlat { get; }

    /// <summary>A new Parquet field for the column.</summary>
    public abstract Field CreateField();

    /// <summary>The field values are written to (the field itself, or a list's element).</summary>
    public abstract DataField Leaf(Field field);

    /// <summary>The column in a file's schema, or null when the file lacks it.</summary>
    public abstract DataField? Find(ParquetSchema schema);

    /// <summary>Writes the values of <paramref name="rows"/> as one row group's column.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField leaf, List<TRow> rows, CancellationToken cancellationToken);

    /// <summary>Reads one row group's values into <paramref name="batch"/>.</summary>
    public abstract Task ReadAsync(ParquetRowGroupReader group, DataField field, ColumnBatch batch, string file, CancellationToken cancellationToken);

    /// <summary>The values of <paramref name="rows"/> as a DataFrame column.</summary>
    public abstract DataFrameColumn ToFrame(IEnumerable<TRow> rows);

    /// <summary>True when a view column of <paramref name="type"/> can be read as this column.</summary>
    public abstract bool Accepts(DataViewType type);

    /// <summary>The accepted view types as ML.NET's schema messages write them.</summary>
    public abstract string ViewTypeText { get; }

    /// <summary>An action that stores the cursor's current value at a row of <paramref name="batch"/>, making room for <paramref name="capacity"/> rows.</summary>
    public abstract Action<int> ReadCursor(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnBatch batch, int capacity);

    /// <summary>Writes a row's value to a saved model.</summary>
    public abstract void Write(BinaryWriter writer, TRow row);

    /// <summary>An action that reads one value of a saved model into a row of <paramref name="batch"/>, making room for <paramref name="capacity"/> rows.</summary>
    public abstract Action<int> ReadModel(BinaryReader reader, ColumnBatch batch, int capacity);

    /// <summary>The same column over another row type that contains this one (for frames of aggregates).</summary>
    public abstract TableColumn<TOther> Over<TOther>(Func<TOther, TRow> row);
}

/// <summary>A column whose values are <typeparamref name="T"/>.</summary>
/// <typeparam name="TRow">The table's row type.</typeparam>
/// <typeparam name="T">The values' type.</typeparam>
internal sealed class TableColumn<TRow, T> : TableColumn<TRow>
{
    /// <summary>Declares a column named <paramref name="name"/> of <paramref name="kind"/>, whose value in a row is <paramref name="value"/>.</summary>
    public TableColumn(string name, ColumnKind<T> kind, Func<TRow, T> value) : base(name)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>How the values are stored.</summary>
    public ColumnKind<T> Kind { get; }

    /// <summary>A row's value.</summary>
    public Func<TRow, T> Value { get; }

    /// <summary>The value read where a source lacks an optional column, or a form leaves the column out.</summary>
    public T Default { get; init; } = default!;

    /// <summary>The column's value at <paramref name="row"/> of <paramref name="batch"/>, or <see cref="Default"/> when the batch lacks the column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T In(ColumnBatch batch, int row)
    {
        Array? values = batch[Ordinal];
        // The batch holds this column's T[] at its ordinal (ColumnBatch is filled only by the column itself).
        return values is null ? Default : Unsafe.As<T[]>(values)[row];
    }

    /// <inheritdoc/>
    public override string Description => Kind.Description;
    /// <inheritdoc/>
    public override bool IsFlat => Kind.IsFlat;
    /// <inheritdoc/>
    public override Field CreateField() => Kind.CreateField(Name);
    /// <inheritdoc/>
    public override DataField Leaf(Field field) => Kind.Leaf(field);
    /// <inheritdoc/>
    public override DataField? Find(ParquetSchema schema) => Kind.Find(schema, Name);

    /// <inheritdoc/>
    public override Task WriteAsync(ParquetRowGroupWriter group, DataField leaf, List<TRow> rows, CancellationToken cancellationToken) =>
        Kind.WriteAsync(group, leaf, Values(rows), cancellationToken);

    private T[] Values(List<TRow> rows)
    {
        var values = new T[rows.Count];
        Span<TRow> span = CollectionsMarshal.AsSpan(rows);
        for (int i = 0; i < span.Length; i++) values[i] = Value(span[i]);
        return values;
    }

    /// <inheritdoc/>
    public override async Task ReadAsync(ParquetRowGroupReader group, DataField field, ColumnBatch batch, string file,
        CancellationToken cancellationToken) =>
        batch[Ordinal] = await Kind.ReadAsync(group, field, file, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override DataFrameColumn ToFrame(IEnumerable<TRow> rows) => Kind.ToFrame(Name, rows.Select(Value));
    /// <inheritdoc/>
    public override bool Accepts(DataViewType type) => Kind.Accepts(type);
    /// <inheritdoc/>
    public override string ViewTypeText => Kind.ViewTypeText;

    /// <inheritdoc/>
    public override Action<int> ReadCursor(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnBatch batch, int capacity)
    {
        var values = new T[capacity];
        batch[Ordinal] = values;
        Func<T> get = Kind.Getter(cursor, column);
        return row => values[row] = get();
    }

    /// <inheritdoc/>
    public override void Write(BinaryWriter writer, TRow row) => Kind.Write(writer, Value(row));

    /// <inheritdoc/>
    public override Action<int> ReadModel(BinaryReader reader, ColumnBatch batch, int capacity)
    {
        var values = new T[capacity];
        batch[Ordinal] = values;
        return row => values[row] = Kind.Read(reader);
    }

    /// <inheritdoc/>
    public override TableColumn<TOther> Over<TOther>(Func<TOther, TRow> row) =>
        new TableColumn<TOther, T>(Name, Kind, other => Value(row(other))) { Default = Default, IsOptional = IsOptional, IsDerived = IsDerived };
}
