using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Concept assignments as an ML.NET <see cref="IDataView"/> with the concepts table's columns, and back. Inputs may
/// come from any loader: string columns must be text, integer columns Int32 or Int64. The columns are the concepts
/// table's (<see cref="ConceptTable"/>), without the fit's <c>k</c> and <c>seed</c>.
/// </summary>
public static class ConceptDataView
{
    /// <summary>Columns the metrics read.</summary>
    public static readonly string[] RequiredColumns = ConceptTable.MetricColumns.Select(c => c.Name).ToArray();

    /// <summary>Assignments as a view (a <see cref="DataFrame"/>) with the concepts table's columns.</summary>
    public static IDataView FromAssignments(IEnumerable<ConceptAssignment> rows) => TableFrames.Create(rows, ConceptTable.OneFit.Columns);

    /// <summary>
    /// Concepts from ML.NET's clustering of word rows: <paramref name="predictions"/> is the output of a KMeans
    /// model over the extractor's word rows (<c>sentence_id</c>, <c>word_index</c>, <c>language</c>, <c>word</c>
    /// and the cluster key in <paramref name="predictedLabelColumnName"/>). ML.NET's cluster keys count from 1;
    /// concept ids count from 0, as in the tables. Only these columns are read, not the vectors.
    /// </summary>
    /// <param name="scope">A language code for one language's concepts (CALIGN), or <c>mixed</c> (COLAP).</param>
    /// <param name="predictions">The KMeans model's output over the word rows; a missing or mistyped column throws <see cref="ArgumentOutOfRangeException"/>.</param>
    /// <param name="layer">The model layer recorded for every row.</param>
    /// <param name="component">The component recorded for every row. Default <c>encoder</c>.</param>
    /// <param name="predictedLabelColumnName">The cluster key column (a <c>uint</c> key). Default <c>PredictedLabel</c>.</param>
    public static IDataView FromClusters(IDataView predictions, int layer, string scope, string component = "encoder",
        string predictedLabelColumnName = "PredictedLabel")
    {
        DataViewSchema schema = predictions.Schema;
        CheckClusterColumns(name => SchemaErrors.Find(schema, name), predictedLabelColumnName, nameof(predictions));
        DataViewSchema.Column label = schema[predictedLabelColumnName], sentence = schema["sentence_id"], index = schema["word_index"],
            language = schema["language"], word = schema["word"];

        var rows = new List<ConceptAssignment>();
        using DataViewRowCursor cursor = predictions.GetRowCursor([label, sentence, index, language, word]);
        ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
        Func<long> getSentence = ColumnGetters.Integer(cursor, sentence), getIndex = ColumnGetters.Integer(cursor, index);
        Func<string> getLanguage = ColumnGetters.Text(cursor, language), getWord = ColumnGetters.Text(cursor, word);
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
                throw new MLNetConceptsException($"row {cursor.Position}: '{predictedLabelColumnName}' is missing (key 0); was the row clustered?");
            rows.Add(new ConceptAssignment(component, layer, scope, checked((int)key - 1), getSentence(), checked((int)getIndex()),
                getLanguage(), getWord()));
        }
        return FromAssignments(rows);
    }

    /// <summary>
    /// Checks the columns <see cref="FromClusters"/> reads: the cluster key and the word rows' <c>sentence_id</c>,
    /// <c>word_index</c>, <c>language</c> and <c>word</c>; throws as ML.NET does for a schema mismatch.
    /// </summary>
    internal static void CheckClusterColumns(Func<string, InputColumn?> find, string predictedLabelColumnName, string parameterName)
    {
        SchemaErrors.RequireKey(find(predictedLabelColumnName), predictedLabelColumnName, typeof(uint), parameterName,
            "the cluster key a KMeans model predicts (predictedLabelColumnName)");
        const string words = "concepts from clusters need the word rows' sentence_id, word_index, language and word";
        SchemaErrors.RequireScalar(find("sentence_id"), "sentence_id", ColumnGetters.IsInteger, SchemaErrors.Integer, parameterName, words);
        SchemaErrors.RequireScalar(find("word_index"), "word_index", ColumnGetters.IsInteger, SchemaErrors.Integer, parameterName, words);
        SchemaErrors.RequireScalar(find("language"), "language", t => t is TextDataViewType, SchemaErrors.Text, parameterName, words);
        SchemaErrors.RequireScalar(find("word"), "word", t => t is TextDataViewType, SchemaErrors.Text, parameterName, words);
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> as ML.NET does for a schema mismatch (<c>Could not find input
    /// column 'scope'</c>, <c>Schema mismatch for input column 'layer': expected Int32 or Int64, got String</c>) naming
    /// the first missing or mistyped concepts column; <paramref name="parameterName"/> becomes its <c>ParamName</c>.
    /// </summary>
    public static void Validate(DataViewSchema schema, string parameterName = SchemaErrors.InputSchema) =>
        CheckConceptColumns(name => SchemaErrors.Find(schema, name), parameterName);

    /// <summary>The same check for an estimator's <see cref="SchemaShape"/>.</summary>
    public static void Validate(SchemaShape shape, string parameterName = SchemaErrors.InputSchema) =>
        CheckConceptColumns(name => SchemaErrors.Find(shape, name), parameterName);

    private static void CheckConceptColumns(Func<string, InputColumn?> find, string parameterName) =>
        TableViews.Check(find, ConceptTable.MetricColumns, parameterName, $"the concepts columns are {string.Join(", ", RequiredColumns)}");

    /// <summary>Reads the assignments of a view (sentence_id and word_index are read when present, else 0).</summary>
    public static IReadOnlyList<ConceptAssignment> ReadAssignments(IDataView view)
    {
        Validate(view.Schema);
        return TableViews.Read(view, ConceptTable.OneFit, ConceptTable.MetricColumns);
    }
}
