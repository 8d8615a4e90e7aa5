using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetConcepts.Metrics;

/// <summary>COLAP as an ML.NET estimator over a view of concept assignments. Nothing is learned.</summary>
public sealed class ColapEstimator : IEstimator<ColapTransformer>
{
    private readonly ColapOptions _options;

    /// <summary>A COLAP estimator; <paramref name="options"/> null takes the defaults (θO 0.3, occurrences).</summary>
    public ColapEstimator(ColapOptions? options = null)
    {
        _options = options ?? new ColapOptions();
        _options.Validate();
    }

    /// <inheritdoc/>
    public ColapTransformer Fit(IDataView input)
    {
        ConceptDataView.Validate(input.Schema);
        return new ColapTransformer(_options);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ConceptDataView.Validate(inputSchema);
        return SchemaShapes.Of(ColapTransformer.OutputSchema);
    }
}

/// <summary>
/// Computes COLAP: <see cref="Transform"/> returns one row per (concept, language) with the language's share;
/// <see cref="Evaluate"/> also gives the colap table's summary rows.
/// </summary>
public sealed partial class ColapTransformer : ITransformer
{
    private readonly ColapOptions _options;

    internal ColapTransformer(ColapOptions options) => _options = options;

    /// <summary>Schema of <see cref="Transform"/>'s output: one row per (concept, language) with its share and whether the concept overlaps.</summary>
    public static DataViewSchema OutputSchema { get; } = ((IDataView)MetricFrames.ColapConcepts([])).Schema;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <summary>COLAP of the mixed-scope concept assignments in the view: per-concept details and the summary rows.</summary>
    public ColapResult Evaluate(IDataView input) => Colap.Compute(ConceptDataView.ReadAssignments(input), _options);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Evaluate(input).ConceptsDataFrame();

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ConceptDataView.Validate(inputSchema, nameof(inputSchema));
        return OutputSchema;
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new InvalidOperationException("COLAP aggregates whole concepts; it is not a row-to-row mapper");
}
