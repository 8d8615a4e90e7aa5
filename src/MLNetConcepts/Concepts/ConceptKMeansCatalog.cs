using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNetConcepts.Concepts;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Catalog entry of <see cref="ConceptKMeansTrainer"/>: <c>mlContext.Clustering.Trainers.ConceptKMeans(...)</c>.</summary>
public static class ConceptKMeansCatalog
{
    /// <summary>
    /// K-means with scikit-learn's quality (greedy k-means++ seeding, exact Lloyd iterations, restarts) on every core;
    /// the fitted model is ML.NET's <see cref="KMeansModelParameters"/>.
    /// </summary>
    /// <param name="catalog">The clustering trainers catalog.</param>
    /// <param name="featureColumnName">The input column: a known-size vector of <see cref="float"/>.</param>
    /// <param name="numberOfClusters">K.</param>
    /// <param name="seed">Seed of the first fit (restart r uses seed + r); null (default) draws it from the MLContext, as ML.NET's KMeans does.</param>
    public static ConceptKMeansTrainer ConceptKMeans(this ClusteringCatalog.ClusteringTrainers catalog,
        string featureColumnName = ConceptKMeansTrainer.Defaults.FeatureColumnName, int numberOfClusters = ConceptKMeansTrainer.Defaults.NumberOfClusters,
        int? seed = null) =>
        catalog.ConceptKMeans(new ConceptKMeansTrainer.Options
        {
            FeatureColumnName = featureColumnName,
            NumberOfClusters = numberOfClusters,
            Seed = seed,
        });

    /// <summary>K-means with scikit-learn's quality, every setting given by <paramref name="options"/>.</summary>
    /// <param name="catalog">The clustering trainers catalog.</param>
    /// <param name="options">K, seed, restarts, threads, iteration limit, tolerance.</param>
    public static ConceptKMeansTrainer ConceptKMeans(this ClusteringCatalog.ClusteringTrainers catalog, ConceptKMeansTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ConceptKMeansTrainer(MLNetConceptsComponents.EnvironmentOf(catalog), options);
    }
}
