using Microsoft.ML.Runtime;
using MLNetConcepts;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;

namespace Microsoft.ML;

/// <summary>Makes an <see cref="MLContext"/> able to load this library's transformers from model files.</summary>
/// <remarks>
/// The registry is the one type that knows every stage's loadable component, so it sits in the top layer beside the
/// catalog extensions; the stages write and read their model entries through <c>MLNetInternals</c>, which knows none
/// of them.
/// </remarks>
public static class MLNetConceptsComponents
{
    /// <summary>
    /// Registers the loaders of the word-activations, frequency filter, concepts-from-clusters, CALIGN and COLAP transformers with <paramref name="catalog"/>,
    /// as <c>mlContext.ComponentCatalog.RegisterAssembly</c> does for ML.NET's own components. Call it once per
    /// <see cref="MLContext"/> before <c>mlContext.Model.Load</c>; saving needs nothing. Calling it again is harmless.
    /// </summary>
    /// <example><code>
    /// var mlContext = new MLContext();
    /// mlContext.ComponentCatalog.RegisterMLNetConcepts();
    /// ITransformer model = mlContext.Model.Load("pipeline.zip", out DataViewSchema inputSchema);
    /// </code></example>
    public static ComponentCatalog RegisterMLNetConcepts(this ComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        MLNetInternals.RegisterLoader<WordActivationsTransformer>(catalog, WordActivationsTransformer.Version);
        MLNetInternals.RegisterLoader<FrequencyFilterTransformer>(catalog, FrequencyFilterTransformer.Version);
        MLNetInternals.RegisterLoader<CalignTransformer>(catalog, CalignTransformer.Version);
        MLNetInternals.RegisterLoader<ColapTransformer>(catalog, ColapTransformer.Version);
        MLNetInternals.RegisterLoader<ConceptsFromClustersTransformer>(catalog, ConceptsFromClustersTransformer.Version);
        return catalog;
    }

    /// <summary>
    /// The environment (the MLContext's) behind a catalog such as <c>mlContext.Transforms</c> or
    /// <c>mlContext.Clustering.Trainers</c>, with this library's model loaders registered in its component catalog: a
    /// pipeline built from the catalog extensions then loads back in the same MLContext without
    /// <c>RegisterMLNetConcepts()</c> (a fresh MLContext that only loads still needs that call).
    /// </summary>
    internal static IHostEnvironment EnvironmentOf(object catalog)
    {
        IHostEnvironment environment = MLNetInternals.CatalogEnvironment(catalog);
        environment.ComponentCatalog.RegisterMLNetConcepts();
        return environment;
    }
}
