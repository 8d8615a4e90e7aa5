using MLNetConcepts.Dictionary;
using MLNetConcepts.Metrics;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Catalog entry points, as ML.NET's own transforms: <c>mlContext.Transforms.ConceptAlignment(...)</c>.</summary>
public static class ConceptMetricsCatalog
{
    /// <summary>CALIGN (SPEC 1.5) over concept assignments.</summary>
    public static CalignEstimator ConceptAlignment(this TransformsCatalog catalog, TranslationDictionary dictionary,
        CalignOptions options, IDataView? targetConcepts = null) => new(dictionary, options, targetConcepts);

    /// <summary>COLAP (SPEC 1.6) over the concept assignments of mixed scopes.</summary>
    public static ColapEstimator ConceptOverlap(this TransformsCatalog catalog, ColapOptions? options = null) => new(options);
}
