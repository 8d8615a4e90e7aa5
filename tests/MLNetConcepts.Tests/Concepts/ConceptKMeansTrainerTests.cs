using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MLNetConcepts.Concepts;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Concepts;

public class ConceptKMeansTrainerTests
{
    private const int Dimension = 8;

    private sealed class Point
    {
        [VectorType(Dimension)]
        public float[] Features { get; set; } = [];

        public float Blob { get; set; }
    }

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = [];
    }

    private static (MLContext Context, IDataView Data, int[] Blobs) BlobData()
    {
        (LayerVectors vectors, int[] blobs) = ConceptClusteringTests.Blobs(blobs: 6, perBlob: 40, dimension: Dimension, seed: 8);
        var points = Enumerable.Range(0, vectors.Count)
            .Select(i => new Point { Features = vectors.Vector(i).ToArray(), Blob = blobs[i] }).ToList();
        var context = new MLContext(seed: 1);
        return (context, context.Data.LoadFromEnumerable(points), blobs);
    }

    private static int[] Labels(MLContext context, IDataView scored) =>
        context.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).Select(p => (int)p.PredictedLabel - 1).ToArray();

    [Fact]
    public void FitsBlobsWithMLNetsOwnModelAndOutputColumns()
    {
        (MLContext context, IDataView data, int[] blobs) = BlobData();

        var model = context.Clustering.Trainers.ConceptKMeans(numberOfClusters: 6).Fit(data);
        IDataView scored = model.Transform(data);

        Assert.IsType<KMeansModelParameters>(model.Model);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 6), scored.Schema["Score"].Type);
        Assert.Equal(new KeyDataViewType(typeof(uint), 6), scored.Schema["PredictedLabel"].Type);
        Assert.True(ConceptClusteringTests.SamePartition(blobs, Labels(context, scored)), "the clusters are not the blobs");

        // ML.NET's clustering metrics read it as they read ML.NET's own KMeans.
        ClusteringMetrics metrics = context.Clustering.Evaluate(scored, labelColumnName: "Blob");
        Assert.Equal(1.0, metrics.NormalizedMutualInformation, 1e-9);
        Assert.InRange(metrics.AverageDistance, 0, 8 * 0.25 * 1.5);   // about dimension x variance (0.5²)
    }

    [Fact]
    public void SavesAndLoadsWithMLContextModel()
    {
        (MLContext context, IDataView data, _) = BlobData();
        ITransformer model = context.Clustering.Trainers.ConceptKMeans(numberOfClusters: 6).Fit(data);
        using var folder = new TempFolder();
        string path = folder.File("kmeans.zip");

        context.Model.Save(model, data.Schema, path);
        ITransformer loaded = new MLContext().Model.Load(path, out DataViewSchema inputSchema);

        Assert.Equal("Features", inputSchema["Features"].Name);
        Prediction[] before = context.Data.CreateEnumerable<Prediction>(model.Transform(data), false).ToArray();
        Prediction[] after = context.Data.CreateEnumerable<Prediction>(loaded.Transform(data), false).ToArray();
        Assert.Equal(before.Select(p => p.PredictedLabel), after.Select(p => p.PredictedLabel));
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i].Score, after[i].Score);
    }

    [Fact]
    public void ComposesInAPipelineAndDescribesItsOutputLikeMLNetsKMeans()
    {
        (MLContext context, IDataView data, _) = BlobData();
        var pipeline = context.Transforms.CopyColumns("Vectors", "Features")
            .Append(context.Clustering.Trainers.ConceptKMeans(new ConceptKMeansTrainer.Options { FeatureColumnName = "Vectors", NumberOfClusters = 4 }));

        SchemaShape expected = context.Clustering.Trainers.KMeans("Vectors", numberOfClusters: 4)
            .GetOutputSchema(context.Transforms.CopyColumns("Vectors", "Features").GetOutputSchema(SchemaShapes.Of(data.Schema)));
        SchemaShape shape = pipeline.GetOutputSchema(SchemaShapes.Of(data.Schema));
        Assert.Equal(expected.Select(c => (c.Name, c.Kind, c.ItemType)), shape.Select(c => (c.Name, c.Kind, c.ItemType)));

        IDataView scored = pipeline.Fit(data).Transform(data);
        Assert.Equal(4, Labels(context, scored).Distinct().Count());
    }

    [Fact]
    public void SameSeedSameCentroidsWhateverTheThreads()
    {
        (MLContext context, IDataView data, _) = BlobData();
        VBuffer<float>[] Centroids(int threads)
        {
            var options = new ConceptKMeansTrainer.Options { NumberOfClusters = 9, NumberOfThreads = threads, Seed = 5 };
            VBuffer<float>[] centroids = default!;
            context.Clustering.Trainers.ConceptKMeans(options).Fit(data).Model.GetClusterCentroids(ref centroids, out _);
            return centroids;
        }
        VBuffer<float>[] one = Centroids(1), two = Centroids(2);
        for (int j = 0; j < 9; j++) Assert.Equal(one[j].DenseValues(), two[j].DenseValues());
    }

    /// <summary>Noise with no cluster structure: where k-means++ starts decides the partition, so seeds show.</summary>
    private static IDataView Noise(MLContext context)
    {
        var random = new Random(3);
        return context.Data.LoadFromEnumerable(Enumerable.Range(0, 300)
            .Select(_ => new Point { Features = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray() }).ToList());
    }

    private static int[] NoiseLabels(int contextSeed, int? optionSeed = null)
    {
        var context = new MLContext(seed: contextSeed);
        IDataView data = Noise(context);
        var trainer = context.Clustering.Trainers.ConceptKMeans(new ConceptKMeansTrainer.Options { NumberOfClusters = 12, Seed = optionSeed });
        return Labels(context, trainer.Fit(data).Transform(data));
    }

    [Fact]
    public void WithoutASeedOfItsOwnItTakesTheMLContextsSeed()
    {
        int[] one = NoiseLabels(contextSeed: 1), two = NoiseLabels(contextSeed: 2);

        Assert.Equal(one, NoiseLabels(contextSeed: 1));
        Assert.False(ConceptClusteringTests.SamePartition(one, two), "MLContext seeds 1 and 2 gave the same clusters");
        // A seed in the options wins over the context's, as in ML.NET's trainers.
        Assert.Equal(NoiseLabels(contextSeed: 1, optionSeed: 212), NoiseLabels(contextSeed: 2, optionSeed: 212));
    }

    [Fact]
    public void LogsItsFitThroughTheMLContext()
    {
        (MLContext context, IDataView data, _) = BlobData();
        var messages = new List<string>();
        context.Log += (_, e) => { if (e.Source.Contains(nameof(ConceptKMeansTrainer), StringComparison.Ordinal)) messages.Add(e.Message); };

        context.Clustering.Trainers.ConceptKMeans(numberOfClusters: 6, seed: 4).Fit(data);

        Assert.Contains(messages, m => m.Contains("ConceptKMeans: 240 rows of 8 floats in 6 clusters (seed 4)", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongColumnTooFewRowsAndNonFiniteValuesAreClearErrors()
    {
        (MLContext context, IDataView data, _) = BlobData();

        const string hint = "ConceptKMeans clusters a known-size vector of Single (featureColumnName)";
        SchemaErrorAssert.Throws("inputSchema", $"Could not find feature column 'Nope'; {hint}",
            () => context.Clustering.Trainers.ConceptKMeans("Nope", numberOfClusters: 3).Fit(data));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for feature column 'Blob': expected Vector<Single>, got Single; {hint}",
            () => context.Clustering.Trainers.ConceptKMeans("Blob", numberOfClusters: 3).Fit(data));
        SchemaErrorAssert.Throws("inputSchema", $"Could not find feature column 'Nope'; {hint}",
            () => context.Clustering.Trainers.ConceptKMeans("Nope", numberOfClusters: 3).GetOutputSchema(SchemaShapes.Of(data.Schema)));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for feature column 'Blob': expected Vector<Single>, got Single; {hint}",
            () => context.Clustering.Trainers.ConceptKMeans("Blob", numberOfClusters: 3).GetOutputSchema(SchemaShapes.Of(data.Schema)));

        var tooMany = Assert.Throws<InvalidOperationException>(() =>
            context.Clustering.Trainers.ConceptKMeans(numberOfClusters: 241).Fit(data));
        Assert.Equal("Column 'Features' has 240 rows, fewer than NumberOfClusters 241", tooMany.Message);

        var points = Enumerable.Range(0, 5).Select(i => new Point { Features = Enumerable.Repeat((float)i, Dimension).ToArray() }).ToList();
        points[3].Features[1] = float.PositiveInfinity;
        var nonFinite = Assert.Throws<InvalidOperationException>(() =>
            context.Clustering.Trainers.ConceptKMeans(numberOfClusters: 2).Fit(context.Data.LoadFromEnumerable(points)));
        Assert.StartsWith("Column 'Features': row 3, value 1 is Infinity", nonFinite.Message);

        var badOption = Assert.Throws<ArgumentOutOfRangeException>(() =>
            context.Clustering.Trainers.ConceptKMeans(new ConceptKMeansTrainer.Options { Restarts = 0 }));
        Assert.Equal("Restarts", badOption.ParamName);
    }
}
