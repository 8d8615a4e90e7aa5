using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Turns a KMeans model's predictions over word rows into concept rows (the concepts table's columns) (see <see cref="ConceptDataView.FromClusters"/>),
/// so that K-means and CALIGN or COLAP sit in one ML.NET chain:
/// <c>ExtractWordActivations -> frequency filter -> ConceptKMeans -> ConceptsFromClusters -> ConceptOverlap</c>.
/// Nothing is learned: <see cref="Fit"/> checks the columns.
/// </summary>
public sealed class ConceptsFromClustersEstimator : IEstimator<ConceptsFromClustersTransformer>
{
    private readonly ConceptsFromClustersTransformer _transformer;

    /// <param name="layer">The model layer recorded for every concept row.</param>
    /// <param name="scope">A language code (CALIGN's per-language concepts) or <c>mixed</c> (COLAP's).</param>
    /// <param name="component">The component recorded for every row. Default <c>encoder</c>.</param>
    /// <param name="predictedLabelColumnName">The cluster key column. Default <c>PredictedLabel</c>.</param>
    public ConceptsFromClustersEstimator(int layer, string scope, string component = "encoder", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        ArgumentException.ThrowIfNullOrWhiteSpace(predictedLabelColumnName);
        _transformer = new ConceptsFromClustersTransformer(layer, scope, component, predictedLabelColumnName);
    }

    /// <summary>Checks that <paramref name="input"/> has the key column and the word columns, and returns the transformer.</summary>
    public ConceptsFromClustersTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.CheckInput(input.Schema);
        return _transformer;
    }

    /// <summary>The concepts table's columns (those of <see cref="ConceptDataView"/>).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ConceptDataView.CheckClusterColumns(name => SchemaErrors.Find(inputSchema, name), _transformer.PredictedLabelColumnName, nameof(inputSchema));
        return SchemaShapes.Of(ConceptsFromClustersTransformer.OutputSchema);
    }
}

/// <summary>
/// The fitted <see cref="ConceptsFromClustersEstimator"/>: one concept row per clustered word, concept id = key − 1.
/// Reads its input once per <see cref="Transform"/> and holds the rows in memory (one layer and scope at a time).
/// </summary>
public sealed class ConceptsFromClustersTransformer : ITransformer, ICanSaveModel
{
    internal static readonly MLNetInternals.ModelVersion Version =
        MLNetInternals.ModelVersion.First("MLNCCLUS", "MLNetConceptsClusters");

    internal ConceptsFromClustersTransformer(int layer, string scope, string component, string predictedLabelColumnName)
    {
        Layer = layer;
        Scope = scope;
        Component = component;
        PredictedLabelColumnName = predictedLabelColumnName;
    }

    /// <summary>The concepts table's columns.</summary>
    public static DataViewSchema OutputSchema { get; } = ConceptDataView.FromAssignments([]).Schema;

    /// <summary>The layer recorded in every row.</summary>
    public int Layer { get; }

    /// <summary>The scope recorded in every row: a language code or <c>mixed</c>.</summary>
    public string Scope { get; }

    /// <summary>The component recorded in every row.</summary>
    public string Component { get; }

    /// <summary>The cluster key column read.</summary>
    public string PredictedLabelColumnName { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return OutputSchema;
    }

    /// <summary>The concept rows of the clustered words in <paramref name="input"/>.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return ConceptDataView.FromClusters(input, Layer, Scope, Component, PredictedLabelColumnName);
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new InvalidOperationException("concept rows are gathered from every clustered word; not a row-to-row mapper");

    internal void CheckInput(DataViewSchema schema) =>
        ConceptDataView.CheckClusterColumns(name => SchemaErrors.Find(schema, name), PredictedLabelColumnName, SchemaErrors.InputSchema);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetInternals.BeginSave(ctx, Version);
        writer.Write(Layer);
        writer.Write(Scope);
        writer.Write(Component);
        writer.Write(PredictedLabelColumnName);
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static ConceptsFromClustersTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetInternals.BeginLoad(loadContext, Version);
        return new ConceptsFromClustersTransformer(reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString());
    }
}
