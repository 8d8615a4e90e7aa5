using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetConcepts.Concepts;

/// <summary>
/// A read-only <see cref="IDataView"/> over a subset of a <see cref="LayerVectors"/>' rows with one column,
/// a fixed-size <see cref="VectorDataViewType"/> of <see cref="NumberDataViewType.Single"/>. Cursors copy each
/// vector into the caller's buffer, so the many passes of a trainer allocate nothing per row.
/// </summary>
internal sealed class VectorRowsDataView : IDataView
{
    private readonly LayerVectors _vectors;
    private readonly int[] _rows;

    public VectorRowsDataView(LayerVectors vectors, int[] rows, string columnName)
    {
        _vectors = vectors;
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, vectors.Dimension));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, 0, _rows.Length, batch: 0);

    /// <summary>
    /// Splits the rows into <paramref name="n"/> contiguous ranges, one cursor each, so ML.NET's trainers can read on
    /// several threads; each range is its own batch.
    /// </summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        n = Math.Clamp(n, 1, Math.Max(1, _rows.Length));
        var cursors = new DataViewRowCursor[n];
        for (int i = 0; i < n; i++)
            cursors[i] = new Cursor(this, (int)((long)_rows.Length * i / n), (int)((long)_rows.Length * (i + 1) / n), batch: i);
        return cursors;
    }

    private sealed class Cursor(VectorRowsDataView view, int start, int end, long batch) : DataViewRowCursor
    {
        private long _position = start - 1;
        private bool _started;

        public override DataViewSchema Schema => view.Schema;

        /// <summary>The row's index in the whole view, so ids and positions are the same whichever cursor reads it.</summary>
        public override long Position => _started ? _position : -1;

        public override long Batch => batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0;

        public override bool MoveNext()
        {
            _started = true;
            if (_position < end) _position++;
            return _position < end;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != 0 || typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"column {column.Name} is a vector of Single");
            int dimension = view._vectors.Dimension;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                if (!_started || _position >= end)
                    throw new InvalidOperationException("the cursor is not on a row");
                VBufferEditor<float> editor = VBufferEditor.Create(ref value, dimension);
                view._vectors.Vector(view._rows[_position]).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
