using System.Reflection;
using Microsoft.ML;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;

namespace MLNetConcepts.Tests.Concepts;

/// <summary>The K-means and extraction defaults are declared once: the catalogs, the trainer's options and the concept options agree.</summary>
public class KMeansDefaultsTests
{
    [Fact]
    public void TheCatalogTheTrainerOptionsAndTheConceptOptionsShareTheDefaults()
    {
        ParameterInfo[] parameters = typeof(ConceptKMeansCatalog).GetMethods()
            .Single(m => m.Name == nameof(ConceptKMeansCatalog.ConceptKMeans) && m.GetParameters().Any(p => p.Name == "numberOfClusters"))
            .GetParameters();
        object? Default(string name) => parameters.Single(p => p.Name == name).DefaultValue;
        var trainer = new ConceptKMeansTrainer.Options();
        var concepts = new ConceptClusteringOptions();
        Assert.Equal((object)trainer.FeatureColumnName, Default("featureColumnName"));
        Assert.Equal((object)trainer.NumberOfClusters, Default("numberOfClusters"));
        // A pipeline's seed comes from its MLContext unless given (as ML.NET's trainers); analyze's is the paper's.
        Assert.Null(trainer.Seed);
        Assert.Null(Default("seed"));
        Assert.Equal(ConceptKMeansTrainer.Defaults.Seed, concepts.Seed);
        Assert.Equal((trainer.NumberOfClusters, trainer.Restarts, trainer.MaximumNumberOfIterations, trainer.Tolerance),
            (concepts.NumberOfClusters, concepts.Restarts, concepts.MaximumNumberOfIterations, concepts.Tolerance));
    }

    [Fact]
    public void TheExtractionCatalogLeavesItsDefaultsToTheExtractionOptions()
    {
        WordActivationsEstimator estimator = new MLContext().Transforms.ExtractWordActivations("model", "en");
        var options = (WordActivationsEstimator.Options)typeof(WordActivationsEstimator)
            .GetField("_options", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(estimator)!;
        var defaults = new ExtractionOptions();
        Assert.Equal((defaults.Aggregation, defaults.BatchSize, "Text"), (options.Extraction.Aggregation, options.Extraction.BatchSize, options.TextColumnName));
    }

    [Fact]
    public void ConceptOptionsApplyTheTrainersRulesInTheirOwnName()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConceptClusteringOptions { Tolerance = -1 }.Validate());
        Assert.Equal(nameof(ConceptClusteringOptions.Tolerance), e.ParamName);
        Assert.StartsWith("ConceptClusteringOptions.Tolerance: must be a finite number >= 0, got -1", e.Message);
        var t = Assert.Throws<ArgumentOutOfRangeException>(() => new ConceptKMeansTrainer.Options { Restarts = 0 }.Validate());
        Assert.StartsWith("ConceptKMeansTrainer.Options.Restarts: must be at least 1, got 0", t.Message);
        Assert.Equal("must be at least 1, got 0", OptionErrors.Problem(t));
    }
}
