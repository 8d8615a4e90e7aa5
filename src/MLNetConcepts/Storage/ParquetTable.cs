using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// A <see cref="Table{TRow}"/> as a Parquet file: the schema from the column declarations, an atomic writer in row
/// groups, and a reader that finds columns by name, accepts what other tools write and fills optional columns a
/// file lacks with their defaults. Errors name the file and column in one line (see <see cref="ParquetColumns"/>).
/// </summary>
/// <typeparam name="TRow">The row type.</typeparam>
internal sealed class ParquetTable<TRow>
{
    private readonly Table<TRow> _table;
    private readonly DataField[] _leaves;

    /// <summary>The Parquet form of <paramref name="table"/>.</summary>
    public ParquetTable(Table<TRow> table)
    {
        _table = table;
        Field[] fields = table.Columns.Select(c => c.CreateField()).ToArray();
        Schema = new ParquetSchema(fields);
        // Taken after the schema is built: it sets the leaves' paths and levels.
        _leaves = table.Columns.Select((c, i) => c.Leaf(fields[i])).ToArray();
        RequiredNames = table.Columns.Where(c => c.IsFlat && !c.IsOptional && !c.IsDerived).Select(c => c.Name).ToArray();
    }

    /// <summary>The file's columns, in declaration order.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The flat columns every reader requires (reported together when missing).</summary>
    public IReadOnlyList<string> RequiredNames { get; }

    /// <summary>
    /// Writes <paramref name="rows"/> atomically in row groups of <paramref name="rowGroupRows"/> (one empty group when
    /// there are none), with <paramref name="customMetadata"/> as the file's key-value metadata when given.
    /// </summary>
    public Task WriteAsync(string path, IEnumerable<TRow> rows, int rowGroupRows, IReadOnlyDictionary<string, string>? customMetadata,
        CancellationToken cancellationToken) => WriteAsync(path, rows.ToAsyncEnumerable(), rowGroupRows, customMetadata, cancellationToken);

    /// <summary>Writes <paramref name="rows"/> as they arrive, in groups of <paramref name="rowGroupRows"/>, atomically (see the synchronous-sequence overload).</summary>
    public async Task WriteAsync(string path, IAsyncEnumerable<TRow> rows, int rowGroupRows, IReadOnlyDictionary<string, string>? customMetadata,
        CancellationToken cancellationToken)
    {
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await using (FileStream stream = File.Create(output.TemporaryPath))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (customMetadata is not null) writer.CustomMetadata = new Dictionary<string, string>(customMetadata);
            var buffer = new List<TRow>(Math.Min(rowGroupRows, 1 << 16));
            bool wroteAny = false;
            await foreach (TRow row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
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

    private async Task WriteGroupAsync(ParquetWriter writer, List<TRow> rows, CancellationToken cancellationToken)
    {
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        for (int c = 0; c < _leaves.Length; c++)
            await _table.Columns[c].WriteAsync(group, _leaves[c], rows, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>Reads every row of a file with this table's columns, written by this tool or another.</summary>
    public async Task<IReadOnlyList<TRow>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<TRow>();
        await using ParquetReader reader = await ParquetColumns.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<(TableColumn<TRow> Column, DataField Field)> sources = FindColumns(reader.Schema, path);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            ColumnBatch batch = _table.NewBatch();
            foreach ((TableColumn<TRow> column, DataField field) in sources)
                await column.ReadAsync(group, field, batch, path, cancellationToken).ConfigureAwait(false);
            rows.EnsureCapacity(rows.Count + count);
            for (int i = 0; i < count; i++)
                rows.Add(_table.Create(batch, i));
        }
        return rows;
    }

    /// <summary>The file's field of every column read, in declaration order; optional columns the file lacks are left out.</summary>
    private List<(TableColumn<TRow>, DataField)> FindColumns(ParquetSchema schema, string path)
    {
        DataField[] required = ParquetColumns.Require(schema, path, [.. RequiredNames]);
        var sources = new List<(TableColumn<TRow>, DataField)>();
        int next = 0;
        foreach (TableColumn<TRow> column in _table.Columns)
        {
            if (column.IsDerived) continue;
            DataField? field = column.IsFlat && !column.IsOptional ? required[next++] : column.Find(schema);
            if (field is not null) sources.Add((column, field));
            else if (!column.IsOptional) throw new MLNetConceptsException($"{path}: missing column {column.Name} ({column.Description})");
        }
        return sources;
    }
}
