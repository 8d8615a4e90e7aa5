namespace MLNetConcepts.Storage;

/// <summary>
/// The values of a run of rows, one array per column of a <see cref="Table{TRow}"/>, at the columns' ordinals.
/// A column a source lacks has no array: <see cref="TableColumn{TRow, T}.In"/> then gives its default.
/// </summary>
internal sealed class ColumnBatch
{
    private readonly Array?[] _columns;

    /// <summary>An empty batch for a table of <paramref name="width"/> columns.</summary>
    public ColumnBatch(int width) => _columns = new Array?[width];

    /// <summary>The values of the column at <paramref name="ordinal"/>, or null.</summary>
    public Array? this[int ordinal]
    {
        get => _columns[ordinal];
        set => _columns[ordinal] = value;
    }
}
