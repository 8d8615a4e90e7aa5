using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Metrics;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Metrics;

public class ConceptsFromClustersTests
{
    private sealed class WordRow
    {
        [ColumnName("sentence_id")] public long SentenceId { get; set; }
        [ColumnName("word_index")] public int WordIndex { get; set; }
        [ColumnName("language")] public string Language { get; set; } = "";
        [ColumnName("word")] public string Word { get; set; } = "";
        [VectorType(4)] public float[] Features { get; set; } = [];
    }

    /// <summary>
    /// Four well-separated groups of word vectors. <paramref name="mixed"/>: every group holds English and German words
    /// alike (COLAP 100 % by construction); otherwise each group holds one language only (COLAP 0 %).
    /// </summary>
    internal static IDataView Words(MLContext ml, bool mixed)
    {
        var random = new Random(4);
        var rows = new List<WordRow>();
        for (int i = 0; i < 80; i++)
        {
            string language = i % 2 == 0 ? "en" : "de";
            int group = mixed ? (i / 2) % 4 : (language == "en" ? 0 : 2) + (i / 2) % 2;
            var vector = new float[4];
            vector[group] = 10;
            for (int d = 0; d < 4; d++) vector[d] += (float)(random.NextDouble() * 0.2);
            rows.Add(new WordRow { SentenceId = i / 4, WordIndex = i % 4, Language = language, Word = $"{language}{i}", Features = vector });
        }
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static IEstimator<ITransformer> Method(MLContext ml) =>
        ml.Clustering.Trainers.ConceptKMeans(numberOfClusters: 4)
            .Append(ml.Transforms.ConceptsFromClusters(layer: 3, scope: "mixed"))
            .Append(ml.Transforms.ConceptOverlap());

    private static double Colap(ITransformer model, IDataView words)
    {
        List<ITransformer> steps = ((IEnumerable<ITransformer>)model).ToList();   // KMeans, concepts, COLAP
        IDataView concepts = steps.Take(2).Aggregate(words, (view, step) => step.Transform(view));
        ColapResult result = ((ColapTransformer)steps[^1]).Evaluate(concepts);
        return result.Summary.Single(r => r.LanguageA == "de" && r.LanguageB == "en" && r.Layer == 3).Colap;
    }

    [Fact]
    public void KMeansToConceptsToColapIsOneChainWithTheKnownAnswer()
    {
        var ml = new MLContext(seed: 1);
        IDataView mixed = Words(ml, mixed: true), apart = Words(ml, mixed: false);

        Assert.Equal(100, Colap(Method(ml).Fit(mixed), mixed));
        Assert.Equal(0, Colap(Method(ml).Fit(apart), apart));
    }

    [Fact]
    public void TheFrequencyFilterJoinsTheChainFromTheCatalog()
    {
        var ml = new MLContext(seed: 1);
        IDataView words = Words(ml, mixed: true);
        var method = ml.Transforms.FilterWordsByFrequency(new MLNetConcepts.Concepts.FrequencyFilterOptions { MinFrequency = 1 })
            .Append(Method(ml));

        ITransformer model = method.Fit(words);

        // Every word of the constructed data occurs once, so min frequency 1 keeps them all: COLAP as without the filter.
        List<ITransformer> steps = ((IEnumerable<ITransformer>)model).ToList();
        Assert.IsType<MLNetConcepts.Concepts.FrequencyFilterTransformer>(steps[0]);
        Assert.Equal(100, Colap(steps[1], steps[0].Transform(words)));
    }

    private sealed class Cluster
    {
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void PredictionEngineRefusesTheChainAndServesTheKMeansStepAlone()
    {
        // docs/mlnet.md: the concept chain is not row-to-row, so ML.NET refuses a PredictionEngine over it; the fitted
        // K-means step alone is ML.NET's own row-to-row transformer and predicts one vector at a time.
        var ml = new MLContext(seed: 1);
        IDataView words = Words(ml, mixed: false);
        ITransformer chain = Method(ml).Fit(words);

        Exception refused = Assert.ThrowsAny<Exception>(() => ml.Model.CreatePredictionEngine<WordRow, Cluster>(chain));
        Assert.Contains("row to row mapper", refused.Message, StringComparison.OrdinalIgnoreCase);

        ITransformer kmeans = ((IEnumerable<ITransformer>)chain).First();
        var engine = ml.Model.CreatePredictionEngine<WordRow, Cluster>(kmeans);
        uint[] expected = kmeans.Transform(words).GetColumn<uint>("PredictedLabel").ToArray();
        WordRow[] rows = ml.Data.CreateEnumerable<WordRow>(words, reuseRowObject: false).ToArray();
        Assert.Equal(expected, rows.Select(r => engine.Predict(r).PredictedLabel));
    }

    [Fact]
    public void TheChainSavesAndLoads()
    {
        var ml = new MLContext(seed: 1);
        IDataView words = Words(ml, mixed: true);
        ITransformer model = Method(ml).Fit(words);
        using var folder = new TempFolder();
        ml.Model.Save(model, words.Schema, folder.File("method.zip"));

        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterMLNetConcepts();
        ITransformer loaded = fresh.Model.Load(folder.File("method.zip"), out _);

        bool[] before = model.Transform(words).GetColumn<bool>("overlapping").ToArray();
        bool[] after = loaded.Transform(words).GetColumn<bool>("overlapping").ToArray();
        Assert.Equal(before, after);
        Assert.All(after, Assert.True);
    }

    private sealed class UnkeyedLabelRow
    {
        [ColumnName("sentence_id")] public long SentenceId { get; set; }
        [ColumnName("word_index")] public int WordIndex { get; set; }
        [ColumnName("language")] public string Language { get; set; } = "en";
        [ColumnName("word")] public float Word { get; set; }
        public uint PredictedLabel { get; set; }
    }

    private const string Label = "the cluster key a KMeans model predicts (predictedLabelColumnName)";

    [Fact]
    public void SchemaErrorsAreMLNets()
    {
        var ml = new MLContext();
        IDataView words = Words(ml, mixed: true);
        var estimator = ml.Transforms.ConceptsFromClusters(3, "mixed");
        SchemaErrorAssert.Throws("inputSchema", $"Could not find input column 'PredictedLabel'; {Label}", () => estimator.Fit(words));
        SchemaErrorAssert.Throws("inputSchema", $"Could not find input column 'PredictedLabel'; {Label}",
            () => estimator.GetOutputSchema(SchemaShapes.Of(words.Schema)));
        SchemaErrorAssert.Throws("predictions", $"Could not find input column 'PredictedLabel'; {Label}",
            () => ConceptDataView.FromClusters(words, 3, "mixed"));

        // A plain uint is not ML.NET's cluster key.
        IDataView unkeyed = ml.Data.LoadFromEnumerable(new[] { new UnkeyedLabelRow() });
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'PredictedLabel': expected Key<UInt32>, got UInt32; {Label}",
            () => estimator.Fit(unkeyed));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'PredictedLabel': expected Key<UInt32>, got UInt32; {Label}",
            () => estimator.GetOutputSchema(SchemaShapes.Of(unkeyed.Schema)));

        // With the key in place, a word column of the wrong type is named.
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("PredictedLabel").Fit(unkeyed).Transform(unkeyed);
        const string wordRows = "concepts from clusters need the word rows' sentence_id, word_index, language and word";
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'word': expected String, got Single; {wordRows}",
            () => estimator.Fit(keyed));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'word': expected String, got Single; {wordRows}",
            () => estimator.GetOutputSchema(SchemaShapes.Of(keyed.Schema)));
        ConceptsFromClustersTransformer fitted = ml.Clustering.Trainers.ConceptKMeans("Features", numberOfClusters: 4).Append(estimator)
            .Fit(words).LastTransformer;
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'word': expected String, got Single; {wordRows}",
            () => fitted.Transform(keyed));
    }
}
