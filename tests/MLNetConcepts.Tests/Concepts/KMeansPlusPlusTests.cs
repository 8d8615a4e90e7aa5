using MLNetConcepts.Concepts;

namespace MLNetConcepts.Tests.Concepts;

public class KMeansPlusPlusTests
{
    private static KMeansSettings Settings(int clusters, int seed = 212, int threads = 1, int restarts = 1,
        RowProductKernel kernel = RowProductKernel.OnnxRuntime) =>
        new(clusters, seed, restarts, MaximumIterations: 300, Tolerance: 1e-4, threads, kernel);

    /// <summary>Uniform random rows: no structure, so K-means has many local optima and every step matters.</summary>
    private static float[] RandomRows(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var rows = new float[count * dimension];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)(random.NextDouble() * 10 - 5);
        return rows;
    }

    private static (float[] Rows, int[] Labels) BlobRows(int blobs, int perBlob, int dimension, int seed)
    {
        (LayerVectors vectors, int[] labels) = ConceptClusteringTests.Blobs(blobs, perBlob, dimension, seed);
        var rows = new float[vectors.Count * dimension];
        for (int i = 0; i < vectors.Count; i++) vectors.Vector(i).CopyTo(rows.AsSpan(i * dimension, dimension));
        return (rows, labels);
    }

    [Fact]
    public void FiftyWellSeparatedBlobsAreFoundExactly()
    {
        // The case where ML.NET's k-means|| seeding merged and split blobs (issue 12): 50 blobs in 64 dimensions.
        (float[] rows, int[] labels) = BlobRows(blobs: 50, perBlob: 40, dimension: 64, seed: 11);
        KMeansFit fit = KMeansPlusPlus.Fit(new KMeansData(rows, labels.Length, 64), Settings(50));

        // Same partition up to renaming = adjusted Rand index 1.
        Assert.True(ConceptClusteringTests.SamePartition(labels, fit.Labels), "the clusters are not the blobs");
        Assert.True(fit.Converged);
    }

    [Fact]
    public void MatchesAPlainReferenceImplementationFromTheSameSeed()
    {
        const int count = 500, dimension = 5, clusters = 7, seed = 4;
        var data = new KMeansData(RandomRows(count, dimension, seed: 9), count, dimension);

        KMeansFit fit = KMeansPlusPlus.Fit(data, Settings(clusters, seed));
        (float[] centres, int[] labels, int iterations) = ReferenceKMeans.Fit(data, clusters, seed, tolerance: 1e-4);

        Assert.Equal(labels, fit.Labels);
        Assert.Equal(iterations, fit.Iterations);
        // Fit hands centres back in the data's own coordinates; the reference works on the centred rows.
        for (int j = 0; j < centres.Length; j++)
            Assert.Equal(centres[j] + data.Mean[j % dimension], fit.Centres[j], 1e-4);
    }

    [Fact]
    public void ThreadsAndKernelsDoNotChangeTheResult()
    {
        const int count = 3000, dimension = 16;   // 12 blocks of rows
        float[] rows = RandomRows(count, dimension, seed: 21);
        KMeansFit one = KMeansPlusPlus.Fit(new KMeansData((float[])rows.Clone(), count, dimension), Settings(40, threads: 1));
        KMeansFit two = KMeansPlusPlus.Fit(new KMeansData((float[])rows.Clone(), count, dimension), Settings(40, threads: 2));
        KMeansFit dots = KMeansPlusPlus.Fit(new KMeansData((float[])rows.Clone(), count, dimension),
            Settings(40, threads: 2, kernel: RowProductKernel.TensorPrimitives));

        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Centres, two.Centres);
        Assert.Equal(one.Inertia, two.Inertia);
        // The two kernels round products differently, so only the outcome is compared.
        Assert.Equal(one.Inertia, dots.Inertia, one.Inertia * 1e-5);
    }

    [Fact]
    public void RestartsKeepTheLowestInertia()
    {
        const int count = 400, dimension = 4;
        float[] rows = RandomRows(count, dimension, seed: 2);
        KMeansFit best = KMeansPlusPlus.Fit(new KMeansData((float[])rows.Clone(), count, dimension), Settings(12, seed: 30, restarts: 5));
        double[] singles = Enumerable.Range(30, 5)
            .Select(s => KMeansPlusPlus.Fit(new KMeansData((float[])rows.Clone(), count, dimension), Settings(12, seed: s)).Inertia)
            .ToArray();

        Assert.Equal(singles.Min(), best.Inertia);
        Assert.Equal(30 + Array.IndexOf(singles, singles.Min()), best.Seed);
        Assert.True(singles.Distinct().Count() > 1, "the seeds should reach different optima on structureless data");
    }

    [Fact]
    public void AnEmptyClusterIsReseededWithTheFarthestRow()
    {
        // Two tight groups and one far point; the third centre starts far from everything, so it is empty after the
        // first assignment and takes the row farthest from its centre: the far point.
        float[] rows = [0, 0, 0.1f, 0, 0, 0.1f, 10, 10, 10.1f, 10, 10, 10.1f, 30, 0];
        var data = new KMeansData(rows, 7, 2);
        var start = new float[6];
        data.CopyRow(0, start.AsSpan(0, 2));
        data.CopyRow(3, start.AsSpan(2, 2));
        start[4] = 1000;
        start[5] = 1000;

        KMeansFit fit = KMeansPlusPlus.FitFrom(data, start, Settings(3));

        Assert.Equal([0, 0, 0, 1, 1, 1, 2], fit.Labels);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void RepeatedVectorsEachGetTheirOwnCluster()
    {
        // As at layer 0, where every occurrence of a word has its embedding: 30 distinct vectors, each 10 times.
        float[] distinct = RandomRows(30, 8, seed: 5);
        var rows = new float[300 * 8];
        for (int i = 0; i < 300; i++) distinct.AsSpan((i % 30) * 8, 8).CopyTo(rows.AsSpan(i * 8, 8));

        KMeansFit fit = KMeansPlusPlus.Fit(new KMeansData(rows, 300, 8), Settings(30));

        Assert.Equal(30, fit.Labels.Distinct().Count());
        for (int i = 30; i < 300; i++) Assert.Equal(fit.Labels[i % 30], fit.Labels[i]);
        Assert.Equal(0, fit.Inertia, 1e-6);
    }

    [Fact]
    public void OnnxRuntimeGemmGivesTheDotProducts()
    {
        float[] rows = RandomRows(300, 37, seed: 1), centres = RandomRows(11, 37, seed: 2);
        var products = new float[250 * 11];
        using var kernel = new OnnxRowProducts();
        kernel.Multiply(rows, rowStart: 50, rowCount: 250, centres, 11, 37, products);
        for (int r = 0; r < 250; r++)
        {
            for (int j = 0; j < 11; j++)
            {
                double expected = 0;
                for (int f = 0; f < 37; f++) expected += (double)rows[(50 + r) * 37 + f] * centres[j * 37 + f];
                Assert.Equal(expected, products[r * 11 + j], 1e-4);
            }
        }
    }

    [Fact]
    public void NonFiniteValuesAreRefusedNamingTheRow()
    {
        float[] rows = RandomRows(10, 3, seed: 1);
        rows[7 * 3 + 2] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => new KMeansData(rows, 10, 3));
        Assert.StartsWith("row 7, value 2 is NaN", e.Message);
    }
}

/// <summary>
/// K-means written as plainly as possible, in double precision, for comparison: greedy k-means++ seeding drawing from
/// the same <see cref="Random"/> sequence, then Lloyd iterations with scikit-learn's stopping rule.
/// </summary>
internal static class ReferenceKMeans
{
    public static (float[] Centres, int[] Labels, int Iterations) Fit(KMeansData data, int clusters, int seed, double tolerance)
    {
        int n = data.Count, d = data.Dimension;
        float[][] rows = Enumerable.Range(0, n).Select(data.Row).ToArray();   // centred, as the trainer sees them
        var random = new Random(seed);
        double Distance(int i, double[] c) => Enumerable.Range(0, d).Sum(f => Math.Pow(rows[i][f] - c[f], 2));
        double[] RowOf(int i) => Enumerable.Range(0, d).Select(f => (double)rows[i][f]).ToArray();

        var centres = new List<double[]> { RowOf(random.Next(n)) };
        double[] closest = Enumerable.Range(0, n).Select(i => Distance(i, centres[0])).ToArray();
        int trials = 2 + (int)Math.Log(clusters);
        while (centres.Count < clusters)
        {
            double potential = closest.Sum();
            var picks = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                double target = random.NextDouble() * potential, running = 0;
                picks[t] = n - 1;
                for (int i = 0; i < n; i++)
                {
                    running += closest[i];
                    if (running >= target) { picks[t] = i; break; }
                }
            }
            // The candidate that leaves the lowest potential (the first of equals).
            double[] bestAfter = closest;
            int bestPick = -1;
            double bestPotential = double.PositiveInfinity;
            foreach (int pick in picks)
            {
                double[] after = Enumerable.Range(0, n).Select(i => Math.Min(closest[i], Distance(i, RowOf(pick)))).ToArray();
                if (after.Sum() < bestPotential) (bestPotential, bestPick, bestAfter) = (after.Sum(), pick, after);
            }
            closest = bestAfter;
            centres.Add(RowOf(bestPick));
        }

        var labels = new int[n];
        int[] previous = Enumerable.Repeat(-1, n).ToArray();
        int iterations = 0;
        bool stable = false;
        while (iterations < 300)
        {
            for (int i = 0; i < n; i++)
                labels[i] = Enumerable.Range(0, clusters).MinBy(j => Distance(i, centres[j]));
            var next = Enumerable.Range(0, clusters).Select(j =>
            {
                int[] members = Enumerable.Range(0, n).Where(i => labels[i] == j).ToArray();
                if (members.Length == 0) throw new InvalidOperationException("the reference does not re-seed empty clusters");
                return Enumerable.Range(0, d).Select(f => members.Average(i => (double)rows[i][f])).ToArray();
            }).ToList();
            double shift = Enumerable.Range(0, clusters).Sum(j => Enumerable.Range(0, d).Sum(f => Math.Pow(next[j][f] - centres[j][f], 2)));
            centres = next;
            iterations++;
            if (labels.SequenceEqual(previous)) { stable = true; break; }
            if (shift <= tolerance * data.MeanVariance) break;
            labels.CopyTo(previous, 0);
        }
        if (!stable)
            for (int i = 0; i < n; i++)
                labels[i] = Enumerable.Range(0, clusters).MinBy(j => Distance(i, centres[j]));
        return (centres.SelectMany(c => c.Select(v => (float)v)).ToArray(), labels, iterations);
    }
}
