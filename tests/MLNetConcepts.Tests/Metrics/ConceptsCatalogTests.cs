using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Tests.Metrics;

public class ConceptsCatalogTests
{
    private sealed class WordRow
    {
        [ColumnName("sentence_id")] public long SentenceId { get; set; }
        [ColumnName("word_index")] public int WordIndex { get; set; }
        [ColumnName("language")] public string Language { get; set; } = "en";
        [ColumnName("word")] public string Word { get; set; } = "";
        [VectorType(2)] public float[] Features { get; set; } = [];
    }

    /// <summary>English words s0..s15: s0..s7 near (10, 0), s8..s15 near (0, 10), so two clusters of eight types each.</summary>
    private static IDataView EnglishWords(MLContext ml)
    {
        var random = new Random(5);
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, 16).Select(i => new WordRow
        {
            SentenceId = i, Word = $"s{i}",
            Features = i < 8 ? [10 + (float)random.NextDouble(), (float)random.NextDouble()] : [(float)random.NextDouble(), 10 + (float)random.NextDouble()],
        }).ToList());
    }

    [Fact]
    public void EvaluateCalignReadsTheChainsOutputWithItsCounts()
    {
        var ml = new MLContext(seed: 1);
        IDataView words = EnglishWords(ml);
        ITransformer chain = ml.Clustering.Trainers.ConceptKMeans(numberOfClusters: 2)
            .Append(ml.Transforms.ConceptsFromClusters(layer: 4, scope: "en")).Fit(words);
        // German targets: t0..t7 together, t8..t15 split in two: only the first English concept is translated (θ_A 0.8).
        IDataView targets = ConceptDataView.FromAssignments(new ConceptBuilder()
            .Concept("de", 0, ConceptBuilder.Words("t", 8), layer: 4)
            .Concept("de", 1, ConceptBuilder.Words("t", 4, 8), layer: 4)
            .Concept("de", 2, ConceptBuilder.Words("t", 4, 12), layer: 4).Rows);

        CalignMetrics metrics = ml.Concepts().EvaluateCalign(chain.Transform(words), ConceptBuilder.Identity(16),
            new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" }, targets);

        Assert.Equal((2, 2, 1, 50.0), (metrics.ConceptsTotal, metrics.ConceptsConsidered, metrics.Aligned, metrics.Calign));
        Assert.Equal(2, metrics.Details.Concepts.Count);
    }

    [Fact]
    public void EvaluateColapReadsTheChainsOutputWithItsCounts()
    {
        var ml = new MLContext(seed: 1);
        IEstimator<ITransformer> method = ml.Clustering.Trainers.ConceptKMeans(numberOfClusters: 4)
            .Append(ml.Transforms.ConceptsFromClusters(layer: 3, scope: "mixed"));
        IDataView mixed = ConceptsFromClustersTests.Words(ml, mixed: true), apart = ConceptsFromClustersTests.Words(ml, mixed: false);

        ColapMetrics together = ml.Concepts().EvaluateColap(method.Fit(mixed).Transform(mixed));
        ColapMetrics separate = ml.Concepts().EvaluateColap(method.Fit(apart).Transform(apart));

        Assert.Equal((4, 4, 100.0, "de", "en"), (together.Concepts, together.Overlapping, together.Colap, together.LanguageA, together.LanguageB));
        Assert.Equal((4, 0, 0.0), (separate.Concepts, separate.Overlapping, separate.Colap));
    }

    [Fact]
    public void AViewOfSeveralLayersOrNoneIsAOneLineErrorNamingTheFix()
    {
        var ml = new MLContext();
        IDataView twoLayers = ConceptDataView.FromAssignments(new ConceptBuilder()
            .Concept("mixed", 0, ["a", "b"], "en", layer: 1).Concept("mixed", 0, ["c"], "de", layer: 1)
            .Concept("mixed", 0, ["a"], "en", layer: 2).Concept("mixed", 0, ["c"], "de", layer: 2).Rows);

        var several = Assert.Throws<ArgumentException>(() => ml.Concepts().EvaluateColap(twoLayers));
        Assert.Equal("data", several.ParamName);
        Assert.StartsWith("the view holds mixed concepts of 2 (component, layer) groups; COLAP is one number per group: filter the view to one layer", several.Message);
        var none = Assert.Throws<ArgumentException>(() => ml.Concepts().EvaluateCalign(twoLayers, ConceptBuilder.Identity(1),
            new CalignOptions { SourceLanguage = "fr", TargetLanguage = "de" }));
        Assert.StartsWith("the view holds no fr concepts; CALIGN needs them", none.Message);
    }
}
