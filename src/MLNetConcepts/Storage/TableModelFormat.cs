namespace MLNetConcepts.Storage;

/// <summary>
/// A table's rows inside a saved ML.NET model: the row count, then each row's values in the form's column order
/// (<see cref="BinaryWriter"/> encodings, no names: the form is the format).
/// </summary>
internal static class TableModelFormat
{
    /// <summary>Writes <paramref name="rows"/> with <paramref name="form"/>'s columns.</summary>
    public static void Write<TRow>(BinaryWriter writer, Table<TRow> form, IReadOnlyList<TRow> rows)
    {
        writer.Write(rows.Count);
        foreach (TRow row in rows)
        {
            foreach (TableColumn<TRow> column in form.Columns) column.Write(writer, row);
        }
    }

    /// <summary>Reads rows written by <see cref="Write"/> with the same form; the columns it leaves out take their defaults.</summary>
    public static TRow[] Read<TRow>(BinaryReader reader, Table<TRow> form)
    {
        int count = reader.ReadInt32();
        ColumnBatch batch = form.NewBatch();
        Action<int>[] readers = form.Columns.Select(c => c.ReadModel(reader, batch, count)).ToArray();
        var rows = new TRow[count];
        for (int i = 0; i < count; i++)
        {
            foreach (Action<int> read in readers) read(i);
        }
        for (int i = 0; i < count; i++) rows[i] = form.Create(batch, i);
        return rows;
    }
}
