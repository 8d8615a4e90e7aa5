using MLNetConcepts.Metrics;
using MLNetConcepts.Translation;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>
/// Catalog entry points, as ML.NET's own transforms: <c>mlContext.Transforms.ConceptAlignment(...)</c>. Each one
/// registers this library's model loaders with the catalog's MLContext (see <c>RegisterMLNetConcepts</c>).
/// </summary>
public static class ConceptMetricsCatalog
{
    /// <summary>CALIGN over concept assignments: the percentage of source concepts whose types a size-compatible target concept translates.</summary>
    public static CalignEstimator ConceptAlignment(this TransformsCatalog catalog, TranslationDictionary dictionary,
        CalignOptions options, IDataView? targetConcepts = null)
    {
        _ = MLNetConceptsComponents.EnvironmentOf(catalog);
        return new(dictionary, options, targetConcepts);
    }

    /// <summary>
    /// KMeans predictions over word rows to concept rows (the concepts table's columns; concept id = key − 1), for CALIGN or COLAP next in the
    /// same chain. <paramref name="scope"/> is a language code or <c>mixed</c>.
    /// </summary>
    public static ConceptsFromClustersEstimator ConceptsFromClusters(this TransformsCatalog catalog, int layer, string scope,
        string component = "encoder", string predictedLabelColumnName = "PredictedLabel")
    {
        _ = MLNetConceptsComponents.EnvironmentOf(catalog);
        return new(layer, scope, component, predictedLabelColumnName);
    }

    /// <summary>COLAP over the concept assignments of mixed scopes: the percentage of concepts where two languages each make up at least θO.</summary>
    public static ColapEstimator ConceptOverlap(this TransformsCatalog catalog, ColapOptions? options = null)
    {
        _ = MLNetConceptsComponents.EnvironmentOf(catalog);
        return new(options);
    }
}
