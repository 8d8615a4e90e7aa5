using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Concept assignments as an ML.NET <see cref="IDataView"/> with SPEC's concepts columns, and back. Inputs may
/// come from any loader: string columns must be text, integer columns Int32 or Int64.
/// </summary>
public static class ConceptDataView
{
    /// <summary>Columns the metrics read.</summary>
    public static readonly string[] RequiredColumns = ["component", "layer", "scope", "concept_id", "language", "word"];

    private static readonly string[] TextColumns = ["component", "scope", "language", "word"];

    /// <summary>Assignments as a view (a <see cref="DataFrame"/>) with SPEC's concepts columns.</summary>
    public static IDataView FromAssignments(IEnumerable<ConceptAssignment> rows)
    {
        var list = rows as IReadOnlyList<ConceptAssignment> ?? rows.ToList();
        return new DataFrame(
            new StringDataFrameColumn("component", list.Select(r => r.Component)),
            new Int32DataFrameColumn("layer", list.Select(r => r.Layer)),
            new StringDataFrameColumn("scope", list.Select(r => r.Scope)),
            new Int32DataFrameColumn("concept_id", list.Select(r => r.ConceptId)),
            new Int64DataFrameColumn("sentence_id", list.Select(r => r.SentenceId)),
            new Int32DataFrameColumn("word_index", list.Select(r => r.WordIndex)),
            new StringDataFrameColumn("language", list.Select(r => r.Language)),
            new StringDataFrameColumn("word", list.Select(r => r.Word)));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (as ML.NET does for a schema mismatch) naming the first bad column.</summary>
    public static void Validate(DataViewSchema schema, string parameterName = "input")
    {
        foreach (string name in RequiredColumns)
        {
            DataViewSchema.Column? column = schema.GetColumnOrNull(name);
            if (column is null)
                throw new ArgumentOutOfRangeException(parameterName, $"Schema mismatch: concepts column '{name}' not found; expected {string.Join(", ", RequiredColumns)}");
            CheckType(name, column.Value.Type, parameterName);
        }
    }

    /// <summary>The same check for an estimator's <see cref="SchemaShape"/>.</summary>
    public static void Validate(SchemaShape shape, string parameterName = "inputSchema")
    {
        foreach (string name in RequiredColumns)
        {
            if (!shape.Any(c => c.Name == name))
                throw new ArgumentOutOfRangeException(parameterName, $"Schema mismatch: concepts column '{name}' not found; expected {string.Join(", ", RequiredColumns)}");
            SchemaShape.Column column = shape.First(c => c.Name == name);
            if (column.Kind != SchemaShape.Column.VectorKind.Scalar)
                throw new ArgumentOutOfRangeException(parameterName, $"Schema mismatch: concepts column '{name}' must be a scalar");
            CheckType(name, column.ItemType, parameterName);
        }
    }

    private static void CheckType(string name, DataViewType type, string parameterName)
    {
        bool ok = TextColumns.Contains(name)
            ? type is TextDataViewType
            : type.RawType == typeof(int) || type.RawType == typeof(long);
        if (!ok)
            throw new ArgumentOutOfRangeException(parameterName,
                $"Schema mismatch: concepts column '{name}' has type {type}, expected {(TextColumns.Contains(name) ? "text" : "Int32 or Int64")}");
    }

    /// <summary>Reads the assignments of a view (sentence_id and word_index are read when present, else 0).</summary>
    public static IReadOnlyList<ConceptAssignment> ReadAssignments(IDataView view)
    {
        Validate(view.Schema);
        DataViewSchema schema = view.Schema;
        var columns = RequiredColumns.Select(n => schema[n]).ToList();
        DataViewSchema.Column? sentence = schema.GetColumnOrNull("sentence_id");
        DataViewSchema.Column? wordIndex = schema.GetColumnOrNull("word_index");
        if (sentence is { } s && (s.Type.RawType == typeof(int) || s.Type.RawType == typeof(long))) columns.Add(s); else sentence = null;
        if (wordIndex is { } w && (w.Type.RawType == typeof(int) || w.Type.RawType == typeof(long))) columns.Add(w); else wordIndex = null;

        var rows = new List<ConceptAssignment>();
        using DataViewRowCursor cursor = view.GetRowCursor(columns);
        Func<string> component = TextGetter(cursor, schema["component"]);
        Func<long> layer = IntegerGetter(cursor, schema["layer"]);
        Func<string> scope = TextGetter(cursor, schema["scope"]);
        Func<long> conceptId = IntegerGetter(cursor, schema["concept_id"]);
        Func<string> language = TextGetter(cursor, schema["language"]);
        Func<string> word = TextGetter(cursor, schema["word"]);
        Func<long> sentenceId = sentence is { } sc ? IntegerGetter(cursor, sc) : () => 0;
        Func<long> index = wordIndex is { } wc ? IntegerGetter(cursor, wc) : () => 0;
        while (cursor.MoveNext())
            rows.Add(new ConceptAssignment(component(), checked((int)layer()), scope(), checked((int)conceptId()), sentenceId(),
                checked((int)index()), language(), word()));
        return rows;
    }

    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        ValueGetter<ReadOnlyMemory<char>> getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return () =>
        {
            getter(ref value);
            return value.ToString();
        };
    }

    private static Func<long> IntegerGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(int))
        {
            ValueGetter<int> getter = cursor.GetGetter<int>(column);
            int value = 0;
            return () =>
            {
                getter(ref value);
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
}
