using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// How values of one column type are stored in every form a table takes: a Parquet field (written strictly, read
/// leniently through <see cref="ParquetColumns"/>), a <see cref="DataFrame"/> column, an ML.NET view column and a
/// field of a saved model. A kind that a form never needs says so with <see cref="NotSupportedException"/>.
/// </summary>
/// <typeparam name="T">The values' .NET type.</typeparam>
internal abstract class ColumnKind<T>
{
    /// <summary>What error messages call a column of this kind when it is missing, e.g. <c>list of floats</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The Parquet field of a column named <paramref name="name"/>, exactly as the tables have always written it.</summary>
    public abstract Field CreateField(string name);

    /// <summary>The field values are written to: the field itself, or a list's element.</summary>
    public virtual DataField Leaf(Field field) => (DataField)field;

    /// <summary>True for a flat top-level column; readers look those up together, so one message lists every missing one.</summary>
    public virtual bool IsFlat => true;

    /// <summary>The column in a file's schema, or null when the file lacks it.</summary>
    public virtual DataField? Find(ParquetSchema schema, string name) => ParquetColumns.Optional(schema, name);

    /// <summary>Writes one row group's values.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field, T[] values, CancellationToken cancellationToken);

    /// <summary>Reads one row group's values; a null, a wrong type or damage throws <see cref="MLNetConceptsException"/> naming <paramref name="file"/>.</summary>
    public abstract Task<T[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken);

    /// <summary>The values as a DataFrame column.</summary>
    public virtual DataFrameColumn ToFrame(string name, IEnumerable<T> values) => throw Unsupported("a DataFrame");

    /// <summary>True when a view column of <paramref name="type"/> can be read as this kind.</summary>
    public virtual bool Accepts(DataViewType type) => false;

    /// <summary>The accepted view types as ML.NET's schema messages write them.</summary>
    public virtual string ViewTypeText => throw Unsupported("an ML.NET view");

    /// <summary>A getter of the current row's value of <paramref name="column"/>, which <see cref="Accepts"/> its type.</summary>
    public virtual Func<T> Getter(DataViewRowCursor cursor, DataViewSchema.Column column) => throw Unsupported("an ML.NET view");

    /// <summary>Writes one value of a saved model.</summary>
    public virtual void Write(BinaryWriter writer, T value) => throw Unsupported("a saved model");

    /// <summary>Reads one value of a saved model.</summary>
    public virtual T Read(BinaryReader reader) => throw Unsupported("a saved model");

    private NotSupportedException Unsupported(string form) => new($"{Description} columns are not kept in {form}");
}
