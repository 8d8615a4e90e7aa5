using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetConcepts;

/// <summary>
/// Getters that read a cursor's text and integer columns as plain values, whatever the loader chose:
/// integers may be Int32 or Int64 (DataFrames, text loaders and Parquet differ).
/// </summary>
internal static class ColumnGetters
{
    public static Func<string> Text(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        ValueGetter<ReadOnlyMemory<char>> getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return () =>
        {
            getter(ref value);
            return value.ToString();
        };
    }

    public static Func<long> Integer(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(int))
        {
            ValueGetter<int> narrow = cursor.GetGetter<int>(column);
            int value = 0;
            return () =>
            {
                narrow(ref value);
                return value;
            };
        }
        ValueGetter<long> wide = cursor.GetGetter<long>(column);
        long wideValue = 0;
        return () =>
        {
            wide(ref wideValue);
            return wideValue;
        };
    }

    /// <summary>True for the integer types <see cref="Integer"/> reads.</summary>
    public static bool IsInteger(DataViewType type) => type.RawType == typeof(int) || type.RawType == typeof(long);
}
