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

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this)];

    private sealed class Cursor(VectorRowsDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0;

        public override bool MoveNext()
        {
            if (_position < view._rows.Length) _position++;
            return _position < view._rows.Length;
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
                if (_position < 0 || _position >= view._rows.Length)
                    throw new InvalidOperationException("the cursor is not on a row");
                VBufferEditor<float> editor = VBufferEditor.Create(ref value, dimension);
                view._vectors.Vector(view._rows[_position]).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
