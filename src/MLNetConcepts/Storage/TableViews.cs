using Microsoft.ML;

namespace MLNetConcepts.Storage;

/// <summary>
/// Reads a table's rows from any ML.NET <see cref="IDataView"/> with its columns, checking them as ML.NET's own
/// estimators do (see <see cref="SchemaErrors"/>).
/// </summary>
internal static class TableViews
{
    // Rows are gathered a chunk at a time, so values go through typed arrays rather than one call per value and row.
    private const int Chunk = 1024;

    /// <summary>Throws ML.NET's schema error for the first of <paramref name="required"/> that is missing or of a type it does not accept.</summary>
    public static void Check<TRow>(Func<string, InputColumn?> find, IEnumerable<TableColumn<TRow>> required, string parameterName, string hint)
    {
        foreach (TableColumn<TRow> column in required)
            SchemaErrors.RequireScalar(find(column.Name), column.Name, column.Accepts, column.ViewTypeText, parameterName, hint);
    }

    /// <summary>
    /// The rows of <paramref name="view"/>, whose <paramref name="required"/> columns were checked with <see cref="Check"/>.
    /// The form's other columns are read when the view has them with an accepted type, and take their defaults otherwise.
    /// </summary>
    public static IReadOnlyList<TRow> Read<TRow>(IDataView view, Table<TRow> form, IReadOnlyCollection<TableColumn<TRow>> required)
    {
        DataViewSchema schema = view.Schema;
        var used = new List<(TableColumn<TRow> Column, DataViewSchema.Column ViewColumn)>();
        foreach (TableColumn<TRow> column in form.Columns)
        {
            if (required.Contains(column)) used.Add((column, schema[column.Name]));
            else if (schema.GetColumnOrNull(column.Name) is { } found && column.Accepts(found.Type)) used.Add((column, found));
        }

        var rows = new List<TRow>();
        using DataViewRowCursor cursor = view.GetRowCursor(used.Select(u => u.ViewColumn));
        ColumnBatch batch = form.NewBatch();
        Action<int>[] readers = used.Select(u => u.Column.ReadCursor(cursor, u.ViewColumn, batch, Chunk)).ToArray();
        int filled = 0;
        while (cursor.MoveNext())
        {
            foreach (Action<int> read in readers) read(filled);
            if (++filled == Chunk)
            {
                for (int i = 0; i < filled; i++) rows.Add(form.Create(batch, i));
                filled = 0;
            }
        }
        for (int i = 0; i < filled; i++) rows.Add(form.Create(batch, i));
        return rows;
    }
}
