using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Metrics;

/// <summary>
/// CALIGN as an ML.NET estimator. Its input is a view of concept assignments (the concepts table's columns) holding
/// the source-language concepts and, unless a separate target view is given, the target-language concepts too.
/// Nothing is learned: <see cref="Fit"/> checks the schemas and returns the transformer.
/// </summary>
public sealed class CalignEstimator : IEstimator<CalignTransformer>
{
    private readonly TranslationDictionary _dictionary;
    private readonly CalignOptions _options;
    private readonly IDataView? _targetConcepts;

    /// <param name="dictionary">The translation relation T (N-best cut applied from <see cref="CalignOptions.NBest"/>).</param>
    /// <param name="options">Languages, components and thresholds.</param>
    /// <param name="targetConcepts">Target-language concepts when they are not in the input view.</param>
    public CalignEstimator(TranslationDictionary dictionary, CalignOptions options, IDataView? targetConcepts = null)
    {
        _dictionary = dictionary ?? throw new ArgumentNullException(nameof(dictionary));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _targetConcepts = targetConcepts;
    }

    /// <inheritdoc/>
    public CalignTransformer Fit(IDataView input)
    {
        ConceptDataView.Validate(input.Schema);
        if (_targetConcepts is not null) ConceptDataView.Validate(_targetConcepts.Schema, "targetConcepts");
        return new CalignTransformer(_dictionary, _options, _targetConcepts);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ConceptDataView.Validate(inputSchema);
        return SchemaShapes.Of(CalignTransformer.OutputSchema);
    }
}

/// <summary>
/// Computes CALIGN over a view of concept assignments. <see cref="Transform"/> returns one row per source
/// concept (diagnostics); <see cref="Evaluate"/> also gives the calign table's summary rows. The result aggregates whole
/// concepts, so this is not a row-to-row mapper.
/// </summary>
public sealed partial class CalignTransformer : ITransformer
{
    private readonly TranslationDictionary _dictionary;
    private readonly CalignOptions _options;
    private readonly IDataView? _targetConcepts;

    internal CalignTransformer(TranslationDictionary dictionary, CalignOptions options, IDataView? targetConcepts)
    {
        _dictionary = dictionary;
        _options = options;
        _targetConcepts = targetConcepts;
    }

    /// <summary>Schema of <see cref="Transform"/>'s output.</summary>
    public static DataViewSchema OutputSchema { get; } = ((IDataView)MetricFrames.CalignConcepts([])).Schema;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <summary>Diagnostics and summary for the concepts in <paramref name="input"/>.</summary>
    public CalignResult Evaluate(IDataView input)
    {
        var source = ConceptDataView.ReadAssignments(input);
        var target = _targetConcepts is null ? source : ConceptDataView.ReadAssignments(_targetConcepts);
        return Calign.Compute(source, target, _dictionary, _options);
    }

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
        throw new InvalidOperationException("CALIGN aggregates whole concepts; it is not a row-to-row mapper");
}
