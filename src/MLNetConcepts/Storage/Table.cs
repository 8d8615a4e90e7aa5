namespace MLNetConcepts.Storage;

/// <summary>
/// A table declared once: its columns in file order and how a row is made from their values. The Parquet file
/// (<see cref="ParquetTable{TRow}"/>), DataFrames (<see cref="TableFrames"/>), ML.NET views (<see cref="TableViews"/>)
/// and saved models (<see cref="TableModelFormat"/>) are all derived from it.
/// </summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal sealed class Table<TRow>
{
    private readonly Func<ColumnBatch, int, TRow> _create;

    /// <summary>Declares a table of <paramref name="columns"/> (each belongs to this table only); <paramref name="create"/> makes a row from its values.</summary>
    public Table(IReadOnlyList<TableColumn<TRow>> columns, Func<ColumnBatch, int, TRow> create)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Ordinal >= 0) throw new ArgumentException($"column '{columns[i].Name}' already belongs to a table", nameof(columns));
            columns[i].Ordinal = i;
        }
        Columns = columns;
        Width = columns.Count;
        _create = create;
    }

    private Table(IReadOnlyList<TableColumn<TRow>> columns, int width, Func<ColumnBatch, int, TRow> create)
    {
        Columns = columns;
        Width = width;
        _create = create;
    }

    /// <summary>The columns, in the order files hold them.</summary>
    public IReadOnlyList<TableColumn<TRow>> Columns { get; }

    /// <summary>How many columns a <see cref="ColumnBatch"/> of this table has room for (the whole declaration's).</summary>
    public int Width { get; }

    /// <summary>A new batch for this table's columns.</summary>
    public ColumnBatch NewBatch() => new(Width);

    /// <summary>The row at <paramref name="row"/> of <paramref name="batch"/>; columns the batch lacks take their defaults.</summary>
    public TRow Create(ColumnBatch batch, int row) => _create(batch, row);

    /// <summary>
    /// The same table with only <paramref name="columns"/>, in that order: for forms that hold fewer columns than the
    /// file. Rows read from such a form take the defaults of the columns it leaves out.
    /// </summary>
    public Table<TRow> Only(params TableColumn<TRow>[] columns)
    {
        foreach (TableColumn<TRow> column in columns)
        {
            if (!Columns.Contains(column))
                throw new ArgumentException($"column '{column.Name}' is not one of this table's", nameof(columns));
        }
        return new Table<TRow>(columns, Width, _create);
    }
}
