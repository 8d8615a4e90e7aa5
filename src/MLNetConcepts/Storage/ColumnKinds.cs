using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// The column types the project's tables use. Parquet fields are written as the tables always have been (strings
/// and integers required, <c>double?</c> and nullable strings optional); reading accepts what other tools write.
/// </summary>
internal static class ColumnKinds
{
    /// <summary>A string that is never null.</summary>
    public static readonly ColumnKind<string> Text = new TextKind();
    /// <summary>A string that may be null.</summary>
    public static readonly ColumnKind<string?> NullableText = new NullableTextKind();
    /// <summary>A 32-bit integer (files from other tools may hold 64-bit ones that fit).</summary>
    public static readonly ColumnKind<int> Int32 = new Int32Kind();
    /// <summary>A 64-bit integer.</summary>
    public static readonly ColumnKind<long> Int64 = new Int64Kind();
    /// <summary>A double (files from other tools may hold floats or decimals).</summary>
    public static readonly ColumnKind<double> Double = new DoubleKind();
    /// <summary>A double that may be null.</summary>
    public static readonly ColumnKind<double?> NullableDouble = new NullableDoubleKind();
    /// <summary>A boolean.</summary>
    public static readonly ColumnKind<bool> Boolean = new BooleanKind();
    /// <summary>A non-empty list of floats, the same length in every row (a centroid).</summary>
    public static readonly ColumnKind<float[]> FloatList = new FloatListKind();

    private sealed class TextKind : ColumnKind<string>
    {
        public override string Description => "string";
        public override Field CreateField(string name) => new DataField<string>(name, false);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, string[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync(field, values).ConfigureAwait(false);
        public override Task<string[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken) =>
            ParquetColumns.ReadStringAsync(group, field, file, cancellationToken);
        public override DataFrameColumn ToFrame(string name, IEnumerable<string> values) => new StringDataFrameColumn(name, values);
        public override bool Accepts(DataViewType type) => type is TextDataViewType;
        public override string ViewTypeText => SchemaErrors.Text;
        public override Func<string> Getter(DataViewRowCursor cursor, DataViewSchema.Column column) => ColumnGetters.Text(cursor, column);
        public override void Write(BinaryWriter writer, string value) => writer.Write(value);
        public override string Read(BinaryReader reader) => reader.ReadString();
    }

    private sealed class NullableTextKind : ColumnKind<string?>
    {
        public override string Description => "string";
        public override Field CreateField(string name) => new DataField<string>(name, true);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, string?[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync(field, values!).ConfigureAwait(false);
        public override async Task<string?[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken)
        {
            var values = new string?[checked((int)group.RowCount)];
            await ParquetColumns.ReadIntoAsync(group, field, values.AsMemory(), file, cancellationToken).ConfigureAwait(false);
            return values;
        }
        public override DataFrameColumn ToFrame(string name, IEnumerable<string?> values) => new StringDataFrameColumn(name, values!);
    }

    private sealed class Int32Kind : ColumnKind<int>
    {
        public override string Description => "integer";
        public override Field CreateField(string name) => new DataField<int>(name);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync<int>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        public override Task<int[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken) =>
            ParquetColumns.ReadInt32Async(group, field, file, cancellationToken);
        public override DataFrameColumn ToFrame(string name, IEnumerable<int> values) => new Int32DataFrameColumn(name, values);
        public override bool Accepts(DataViewType type) => ColumnGetters.IsInteger(type);
        public override string ViewTypeText => SchemaErrors.Integer;
        public override Func<int> Getter(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            Func<long> wide = ColumnGetters.Integer(cursor, column);
            return () => checked((int)wide());
        }
        public override void Write(BinaryWriter writer, int value) => writer.Write(value);
        public override int Read(BinaryReader reader) => reader.ReadInt32();
    }

    private sealed class Int64Kind : ColumnKind<long>
    {
        public override string Description => "integer";
        public override Field CreateField(string name) => new DataField<long>(name);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, long[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync<long>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        public override Task<long[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken) =>
            ParquetColumns.ReadInt64Async(group, field, file, cancellationToken);
        public override DataFrameColumn ToFrame(string name, IEnumerable<long> values) => new Int64DataFrameColumn(name, values);
        public override bool Accepts(DataViewType type) => ColumnGetters.IsInteger(type);
        public override string ViewTypeText => SchemaErrors.Integer;
        public override Func<long> Getter(DataViewRowCursor cursor, DataViewSchema.Column column) => ColumnGetters.Integer(cursor, column);
        public override void Write(BinaryWriter writer, long value) => writer.Write(value);
        public override long Read(BinaryReader reader) => reader.ReadInt64();
    }

    private sealed class DoubleKind : ColumnKind<double>
    {
        public override string Description => "floating-point";
        public override Field CreateField(string name) => new DataField<double>(name);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, double[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync<double>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        public override Task<double[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken) =>
            ParquetColumns.ReadDoubleAsync(group, field, file, cancellationToken);
        public override DataFrameColumn ToFrame(string name, IEnumerable<double> values) => new DoubleDataFrameColumn(name, values);
    }

    private sealed class NullableDoubleKind : ColumnKind<double?>
    {
        public override string Description => "floating-point";
        public override Field CreateField(string name) => new DataField<double?>(name);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, double?[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync<double>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        public override async Task<double?[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken)
        {
            var values = new double?[checked((int)group.RowCount)];
            await ParquetColumns.ReadIntoAsync(group, field, values.AsMemory(), file, cancellationToken).ConfigureAwait(false);
            return values;
        }
        public override DataFrameColumn ToFrame(string name, IEnumerable<double?> values) => new DoubleDataFrameColumn(name, values);
    }

    private sealed class BooleanKind : ColumnKind<bool>
    {
        public override string Description => "boolean";
        public override Field CreateField(string name) => new DataField<bool>(name);
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, bool[] values, CancellationToken cancellationToken) =>
            await group.WriteAsync<bool>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        public override async Task<bool[]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken)
        {
            int rows = checked((int)group.RowCount);
            using RawColumnData raw = await ParquetColumns.ReadRawAsync(group, field, file, cancellationToken).ConfigureAwait(false);
            if (raw is not RawColumnData<bool> flags || flags.Values.Length != rows)
                throw new MLNetConceptsException($"{file}: column '{field.Name}' must be a non-null boolean column");
            return flags.Values.ToArray();
        }
        public override DataFrameColumn ToFrame(string name, IEnumerable<bool> values) => new BooleanDataFrameColumn(name, values);
    }

    private sealed class FloatListKind : ColumnKind<float[]>
    {
        public override string Description => "list of floats";
        public override Field CreateField(string name) => new ListField(name, new DataField<float>("element", false));
        public override DataField Leaf(Field field) => (DataField)((ListField)field).Item;
        public override bool IsFlat => false;
        public override DataField? Find(ParquetSchema schema, string name) =>
            schema.DataFields.FirstOrDefault(d => d.Path.FirstPart == name && d.MaxRepetitionLevel == 1);

        // A list column is written flat: repetition level 0 starts a row's list, 1 continues it; all elements present.
        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, float[][] values, CancellationToken cancellationToken)
        {
            int total = 0;
            for (int row = 0; row < values.Length; row++)
            {
                if (values[row].Length == 0) throw new ArgumentException($"row {row}: column '{field.Path.FirstPart}' has an empty list");
                total += values[row].Length;
            }
            var flat = new float[total];
            var repetition = new int[total];
            int position = 0;
            foreach (float[] list in values)
            {
                list.CopyTo(flat, position);
                repetition.AsSpan(position + 1, list.Length - 1).Fill(1);
                position += list.Length;
            }
            var definition = new int[total];
            Array.Fill(definition, field.MaxDefinitionLevel);
            await group.WriteAllPartsAsync<float>(field, flat, definition, repetition, cancellationToken).ConfigureAwait(false);
        }

        public override async Task<float[][]> ReadAsync(ParquetRowGroupReader group, DataField field, string file, CancellationToken cancellationToken)
        {
            int count = checked((int)group.RowCount);
            string name = field.Path.FirstPart!;
            using var raw = (RawColumnData<float>)await ParquetColumns.ReadRawAsync(group, field, file, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<float> values = raw.Values;
            ReadOnlySpan<int> repetition = raw.RepetitionLevels;
            if (count > 0 && (values.Length % count != 0 || repetition.Length != values.Length))
                throw new MLNetConceptsException($"{file}: column '{name}' has lists of different lengths or nulls");
            int dimension = count == 0 ? 0 : values.Length / count;
            var lists = new float[count][];
            for (int i = 0; i < count; i++) lists[i] = values.Slice(i * dimension, dimension).ToArray();
            return lists;
        }
    }
}
