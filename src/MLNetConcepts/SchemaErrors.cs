using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetConcepts;

/// <summary>
/// Input-schema errors worded and typed as ML.NET's own estimators and transformers report them: an
/// <see cref="ArgumentOutOfRangeException"/> whose <see cref="ArgumentException.ParamName"/> is the schema parameter and
/// whose message is <c>Could not find input column 'x'</c> or <c>Schema mismatch for input column 'x': expected String,
/// got Single</c>, followed by our hint on what to change (after <c>"; "</c>).
/// </summary>
internal static class SchemaErrors
{
    /// <summary>The parameter name ML.NET gives schema errors from <c>Fit</c>, <c>GetOutputSchema</c> and <c>Transform</c>.</summary>
    internal const string InputSchema = "inputSchema";

    /// <summary>ML.NET's name for a text column's type, as its messages spell it.</summary>
    internal static readonly string Text = $"{TextDataViewType.Instance}";

    /// <summary>What the integer columns accept: loaders differ in the width they choose.</summary>
    internal const string Integer = "Int32 or Int64";

    /// <summary>The column is absent.</summary>
    internal static ArgumentOutOfRangeException Missing(string parameterName, string column, string? hint = null, string role = "input") =>
        new(parameterName, $"Could not find {role} column '{column}'{Hint(hint)}");

    /// <summary>The column is there with another type.</summary>
    internal static ArgumentOutOfRangeException Mismatch(string parameterName, string column, string expected, string actual,
        string? hint = null, string role = "input") =>
        new(parameterName, $"Schema mismatch for {role} column '{column}': expected {expected}, got {actual}{Hint(hint)}");

    /// <summary>A column of a schema, or null when absent.</summary>
    internal static InputColumn? Find(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name) is { } column
            ? new InputColumn(column.Type is VectorDataViewType or KeyDataViewType ? null : column.Type,
                column.Type is KeyDataViewType key ? key.RawType : null, $"{column.Type}")
            : null;

    /// <summary>A column of a shape, or null when absent (the last of that name, as ML.NET's shapes hide earlier ones).</summary>
    internal static InputColumn? Find(SchemaShape shape, string name)
    {
        SchemaShape.Column[] matches = shape.Where(c => c.Name == name).ToArray();
        if (matches.Length == 0) return null;
        SchemaShape.Column column = matches[^1];
        bool scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
        // A shape keeps a key column's raw type (UInt32) as its item type and says it is a key apart.
        return new InputColumn(scalar && !column.IsKey ? column.ItemType : null, scalar && column.IsKey ? column.ItemType.RawType : null,
            TypeText(column));
    }

    /// <summary>
    /// Throws <see cref="Missing"/> or <see cref="Mismatch"/> unless <paramref name="column"/> is a scalar that
    /// <paramref name="accepts"/>; <paramref name="expected"/> is how the message names the accepted types.
    /// </summary>
    internal static void RequireScalar(InputColumn? column, string name, Func<DataViewType, bool> accepts, string expected,
        string parameterName, string? hint = null)
    {
        if (column is not { } found) throw Missing(parameterName, name, hint);
        if (found.ScalarType is not { } type || !accepts(type)) throw Mismatch(parameterName, name, expected, found.TypeText, hint);
    }

    /// <summary>Throws unless <paramref name="column"/> is a scalar key over <paramref name="rawType"/> (ML.NET's cluster and class labels).</summary>
    internal static void RequireKey(InputColumn? column, string name, Type rawType, string parameterName, string? hint = null)
    {
        if (column is not { } found) throw Missing(parameterName, name, hint);
        if (found.KeyRawType != rawType) throw Mismatch(parameterName, name, $"Key<{rawType.Name}>", found.TypeText, hint);
    }

    /// <summary>A shape column's type as ML.NET's schema messages write it: <c>Vector&lt;Single&gt;</c>, <c>Key&lt;UInt32&gt;</c>.</summary>
    internal static string TypeText(SchemaShape.Column column)
    {
        string text = $"{column.ItemType}";
        if (column.IsKey) text = $"Key<{text}>";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => $"Vector<{text}>",
            SchemaShape.Column.VectorKind.VariableVector => $"VarVector<{text}>",
            _ => text,
        };
    }

    private static string Hint(string? hint) => string.IsNullOrEmpty(hint) ? "" : "; " + hint;
}

/// <summary>
/// An input column found by <see cref="SchemaErrors"/>: its type when it is a scalar other than a key, its raw type when
/// it is a scalar key, and its type as messages write it.
/// </summary>
internal readonly record struct InputColumn(DataViewType? ScalarType, Type? KeyRawType, string TypeText);
