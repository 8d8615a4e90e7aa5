using System.Reflection;
using Microsoft.ML.Runtime;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Persistence;

namespace Microsoft.ML;

/// <summary>Makes an <see cref="MLContext"/> able to load this library's transformers from model files.</summary>
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
        Register<WordActivationsTransformer>(catalog, WordActivationsTransformer.Version);
        Register<FrequencyFilterTransformer>(catalog, FrequencyFilterTransformer.Version);
        Register<CalignTransformer>(catalog, CalignTransformer.Version);
        Register<ColapTransformer>(catalog, ColapTransformer.Version);
        Register<ConceptsFromClustersTransformer>(catalog, ConceptsFromClustersTransformer.Version);
        return catalog;
    }

    private static void Register<T>(ComponentCatalog catalog, MLNetModelInternals.ModelVersion version)
    {
        MethodInfo create = typeof(T).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(IHostEnvironment), typeof(object)])
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no loader");
        MLNetModelInternals.RegisterLoader(catalog, typeof(T), version.LoaderSignature, create);
    }
}
