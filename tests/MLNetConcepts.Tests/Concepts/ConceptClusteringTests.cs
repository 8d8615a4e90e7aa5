using MLNetConcepts.Concepts;

namespace MLNetConcepts.Tests.Concepts;

public class ConceptClusteringTests
{
    /// <summary>Well-separated Gaussian blobs: centres 20 apart on the axes, standard deviation 0.5.</summary>
    internal static (LayerVectors Vectors, int[] Labels) Blobs(int blobs, int perBlob, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new LayerVectors(dimension);
        int count = blobs * perBlob;
        var values = new float[count * dimension];
        var labels = new int[count];
        // Interleave the blobs so row order says nothing about the labels.
        for (int i = 0; i < count; i++)
        {
            int blob = i % blobs;
            labels[i] = blob;
            for (int d = 0; d < dimension; d++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[i * dimension + d] = (float)((d == blob ? 20.0 : 0.0) + 0.5 * gaussian);
            }
        }
        vectors.AddChunk(values, Enumerable.Range(0, count).Select(i => (long)i).ToArray(), new int[count],
            Enumerable.Repeat("en", count).ToArray(), labels.Select(l => $"w{l}").ToArray());
        return (vectors, labels);
    }

    /// <summary>True when two labellings are the same partition up to renaming the clusters.</summary>
    internal static bool SamePartition(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < a.Count; i++)
        {
            if (forward.TryGetValue(a[i], out int mapped) ? mapped != b[i] : !forward.TryAdd(a[i], b[i])) return false;
            if (backward.TryGetValue(b[i], out int back) ? back != a[i] : !backward.TryAdd(b[i], a[i])) return false;
        }
        return true;
    }

    [Fact]
    public void WellSeparatedBlobsComeOutAsTheBlobs()
    {
        (LayerVectors vectors, int[] labels) = Blobs(blobs: 5, perBlob: 60, dimension: 8, seed: 3);
        int[] rows = Enumerable.Range(0, vectors.Count).ToArray();

        ClusteringResult result = ConceptClustering.Fit(vectors, rows, new ConceptClusteringOptions { NumberOfClusters = 5 }, "blobs");

        Assert.True(SamePartition(labels, result.ConceptIds), "the clusters are not the blobs");
        Assert.All(result.ConceptIds, id => Assert.InRange(id, 0, 4));
        Assert.Equal(Enumerable.Repeat(60, 5), result.Sizes);
        // Each centroid sits near its blob's centre: 20 on the blob's own axis.
        for (int c = 0; c < 5; c++)
        {
            int blob = labels[Array.IndexOf(result.ConceptIds, c)];
            Assert.InRange(result.Centroid(c)[blob], 19.5f, 20.5f);
        }
        // Sum of squares is about n * dimension * variance = 300 * 8 * 0.25.
        Assert.InRange(result.WithinClusterSumOfSquares, 400, 800);
    }

    [Fact]
    public void SameSeedGivesTheSamePartitionAndRestartsKeepTheBest()
    {
        (LayerVectors vectors, _) = Blobs(blobs: 6, perBlob: 30, dimension: 6, seed: 5);
        int[] rows = Enumerable.Range(0, vectors.Count).ToArray();
        var options = new ConceptClusteringOptions { NumberOfClusters = 9 };

        ClusteringResult first = ConceptClustering.Fit(vectors, rows, options, "blobs");
        ClusteringResult again = ConceptClustering.Fit(vectors, rows, options, "blobs");
        Assert.Equal(first.ConceptIds, again.ConceptIds);

        var restarted = ConceptClustering.Fit(vectors, rows, new ConceptClusteringOptions { NumberOfClusters = 9, Restarts = 4 }, "blobs");
        var single = Enumerable.Range(0, 4).Select(r =>
            ConceptClustering.Fit(vectors, rows, new ConceptClusteringOptions { NumberOfClusters = 9, Seed = 212 + r }, "blobs")).ToList();
        Assert.Equal(single.Min(s => s.WithinClusterSumOfSquares), restarted.WithinClusterSumOfSquares, 6);
    }

    [Fact]
    public void WithinClusterSumOfSquaresIsComputedFromTheAssignment()
    {
        var vectors = new LayerVectors(2);
        vectors.AddChunk([0, 0, 2, 0, 10, 10, 10, 12], [0, 1, 2, 3], [0, 0, 0, 0], ["en", "en", "en", "en"], ["a", "b", "c", "d"]);
        ClusteringResult result = ConceptClustering.Summarise(vectors, [0, 1, 2, 3], [1, 1, 0, 0], clusters: 3, seed: 0);
        Assert.Equal([2, 2, 0], result.Sizes);
        Assert.Equal([10f, 11f, 1f, 0f, 0f, 0f], result.Centroids);
        Assert.Equal(4.0, result.WithinClusterSumOfSquares, 9);
    }

    [Fact]
    public void MoreClustersThanVectorsIsAClearError()
    {
        (LayerVectors vectors, _) = Blobs(blobs: 2, perBlob: 3, dimension: 2, seed: 1);
        var e = Assert.Throws<MLNetConceptsException>(() =>
            ConceptClustering.Fit(vectors, Enumerable.Range(0, 6).ToArray(), new ConceptClusteringOptions { NumberOfClusters = 7 }, "layer=3 scope=en"));
        Assert.StartsWith("layer=3 scope=en: K = 7 is larger than the 6 word vectors", e.Message);
    }
}
