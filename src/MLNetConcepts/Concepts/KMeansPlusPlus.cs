using System.Buffers;
using System.Numerics.Tensors;

namespace MLNetConcepts.Concepts;

/// <summary>Settings of <see cref="KMeansPlusPlus.Fit"/>; validated by the options classes that create them.</summary>
/// <param name="Clusters">K.</param>
/// <param name="Seed">Seed of the first fit; fit r uses <c>Seed + r</c>.</param>
/// <param name="Restarts">Fits from different seeds; the lowest within-cluster sum of squares is kept.</param>
/// <param name="MaximumIterations">Lloyd iterations at most per fit.</param>
/// <param name="Tolerance">Relative tolerance: stop when the summed squared centre shift is at most this times the mean feature variance.</param>
/// <param name="Threads">Threads for the matrix products and sums; results do not depend on it.</param>
/// <param name="Kernel">What computes the matrix products.</param>
internal sealed record KMeansSettings(int Clusters, int Seed, int Restarts, int MaximumIterations, double Tolerance, int Threads,
    RowProductKernel Kernel = RowProductKernel.OnnxRuntime);

/// <summary>One K-means fit: centres (in the data's original coordinates), labels and how the fit went.</summary>
/// <param name="Centres">K x d, row-major.</param>
/// <param name="Labels">0-based cluster of each row, nearest centre of <paramref name="Centres"/>.</param>
/// <param name="Inertia">Sum of squared distances of the rows to their centre.</param>
/// <param name="Iterations">Lloyd iterations run.</param>
/// <param name="Converged">Whether the fit stopped on the tolerance or on unchanged labels, not on the iteration limit.</param>
/// <param name="Seed">The seed of this fit.</param>
internal sealed record KMeansFit(float[] Centres, int[] Labels, double Inertia, int Iterations, bool Converged, int Seed);

/// <summary>
/// K-means as scikit-learn's <c>KMeans(init="k-means++", algorithm="lloyd")</c> computes it (the paper's clustering): greedy
/// k-means++ seeding with 2 + ⌊ln K⌋ candidates per new centre, exact Lloyd iterations until the labels stop changing
/// or the summed squared centre shift is at most <c>tol</c> times the mean feature variance, empty clusters re-seeded
/// with the rows farthest from their centres, restarts keeping the lowest inertia.
/// </summary>
/// <remarks>
/// Rows are processed in fixed blocks of <see cref="BlockRows"/>: each block's products with the centres come from one
/// call of the <see cref="IRowProducts"/> kernel, blocks run on <see cref="KMeansSettings.Threads"/> threads, and every
/// sum is reduced in a fixed order (block by block, or member by member within a cluster), so a seed gives the same
/// result on any number of threads. Memory: besides the data where it is stored, K centres and, per thread, one block
/// of centred rows and its products with the centres.
/// </remarks>
internal sealed class KMeansPlusPlus
{
    /// <summary>Rows per block of products (as scikit-learn's chunks).</summary>
    public const int BlockRows = 256;

    private readonly KMeansData _data;
    private readonly IRowProducts _products;
    private readonly ParallelOptions _parallel;
    private readonly int _blocks;

    private KMeansPlusPlus(KMeansData data, IRowProducts products, int threads, CancellationToken cancellationToken)
    {
        _data = data;
        _products = products;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        _blocks = (data.Count + BlockRows - 1) / BlockRows;
    }

    /// <summary>Fits K-means to <paramref name="data"/>; the best of <see cref="KMeansSettings.Restarts"/> fits.</summary>
    public static KMeansFit Fit(KMeansData data, KMeansSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.Clusters < 1 || settings.Clusters > data.Count)
            throw new ArgumentOutOfRangeException(nameof(settings), $"K must be between 1 and the {data.Count} rows, got {settings.Clusters}");
        using IRowProducts products = RowProducts.Create(settings.Kernel);
        var engine = new KMeansPlusPlus(data, products, settings.Threads, cancellationToken);
        double tolerance = settings.Tolerance * data.MeanVariance;
        KMeansFit? best = null;
        for (int restart = 0; restart < settings.Restarts; restart++)
        {
            int seed = unchecked(settings.Seed + restart);
            float[] centres = engine.SeedCentres(settings.Clusters, new Random(seed));
            KMeansFit fit = engine.Lloyd(centres, settings.Clusters, settings.MaximumIterations, tolerance, seed);
            if (best is null || fit.Inertia < best.Inertia) best = fit;
        }
        return best! with { Centres = engine.Uncentre(best.Centres) };
    }

    /// <summary>Lloyd iterations from given centres (centred coordinates, K x d); the result's centres are centred too. For tests.</summary>
    internal static KMeansFit FitFrom(KMeansData data, float[] centres, KMeansSettings settings)
    {
        using IRowProducts products = RowProducts.Create(settings.Kernel);
        return new KMeansPlusPlus(data, products, settings.Threads, default)
            .Lloyd((float[])centres.Clone(), settings.Clusters, settings.MaximumIterations, settings.Tolerance * data.MeanVariance, settings.Seed);
    }

    /// <summary>
    /// Greedy k-means++: the first centre uniformly at random; each next one the best (lowest resulting potential,
    /// the sum of squared distances to the nearest centre) of 2 + ⌊ln K⌋ rows drawn with probability proportional to
    /// their current squared distance.
    /// </summary>
    private float[] SeedCentres(int clusters, Random random)
    {
        int n = _data.Count, d = _data.Dimension;
        int trials = 2 + (int)Math.Log(clusters);
        var centres = new float[clusters * d];
        var candidates = new float[trials * d];
        var candidateRows = new int[trials];

        int first = random.Next(n);
        _data.CopyRow(first, centres.AsSpan(0, d));
        var closest = new double[n];
        Array.Fill(closest, double.PositiveInfinity);
        var candidateDistances = new double[n];
        double potential = NearestDistances(centres, 1, closest, candidateDistances)[0];
        Array.Copy(candidateDistances, closest, n);

        candidateDistances = new double[trials * n];
        var cumulative = new double[n];
        for (int c = 1; c < clusters; c++)
        {
            _parallel.CancellationToken.ThrowIfCancellationRequested();
            double running = 0;
            for (int i = 0; i < n; i++) cumulative[i] = running += closest[i];
            for (int t = 0; t < trials; t++)
            {
                double target = random.NextDouble() * potential;
                candidateRows[t] = Math.Min(LowerBound(cumulative, target), n - 1);
                _data.CopyRow(candidateRows[t], candidates.AsSpan(t * d, d));
            }
            double[] potentials = NearestDistances(candidates, trials, closest, candidateDistances);
            int best = 0;
            for (int t = 1; t < trials; t++)
                if (potentials[t] < potentials[best]) best = t;
            potential = potentials[best];
            Array.Copy(candidateDistances, best * n, closest, 0, n);
            _data.CopyRow(candidateRows[best], centres.AsSpan(c * d, d));
        }
        return centres;
    }

    /// <summary>First index whose cumulative value is at least <paramref name="target"/> (numpy's searchsorted, side left).</summary>
    private static int LowerBound(double[] cumulative, double target)
    {
        int low = 0, high = cumulative.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>
    /// For each of <paramref name="count"/> candidate centres t: <c>distances[t * n + i] = min(closest[i], ‖x_i − c_t‖²)</c>,
    /// and the returned potential of t, the sum of those over i (reduced block by block, in order).
    /// </summary>
    private double[] NearestDistances(float[] candidates, int count, double[] closest, double[] distances)
    {
        int n = _data.Count, d = _data.Dimension;
        var candidateNorms = new float[count];
        for (int t = 0; t < count; t++)
        {
            ReadOnlySpan<float> c = candidates.AsSpan(t * d, d);
            candidateNorms[t] = TensorPrimitives.Dot(c, c);
        }
        var partial = new double[_blocks * count];
        Parallel.For(0, _blocks, _parallel, () => (Rent(BlockRows * d), Rent(BlockRows * count)), (block, _, buffers) =>
        {
            (float[] rowBlock, float[] products) = buffers;
            int start = block * BlockRows, rows = Math.Min(BlockRows, n - start);
            _data.CopyRows(start, rows, rowBlock);
            _products.Multiply(rowBlock, 0, rows, candidates, count, d, products);
            for (int r = 0; r < rows; r++)
            {
                int i = start + r;
                for (int t = 0; t < count; t++)
                {
                    double distance = Math.Max(0.0, (double)_data.SquaredNorms[i] + candidateNorms[t] - 2.0 * products[r * count + t]);
                    distance = Math.Min(distance, closest[i]);
                    distances[t * n + i] = distance;
                    partial[block * count + t] += distance;
                }
            }
            return buffers;
        }, buffers => Return(buffers.Item1, buffers.Item2));
        var potentials = new double[count];
        for (int block = 0; block < _blocks; block++)
            for (int t = 0; t < count; t++)
                potentials[t] += partial[block * count + t];
        return potentials;
    }

    /// <summary>Lloyd iterations from <paramref name="centres"/> (centred coordinates), as scikit-learn runs them.</summary>
    private KMeansFit Lloyd(float[] centres, int clusters, int maximumIterations, double tolerance, int seed)
    {
        int n = _data.Count;
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new float[n];
        var next = new float[centres.Length];
        int iterations = 0;
        bool stable = false, converged = false;
        while (iterations < maximumIterations)
        {
            _parallel.CancellationToken.ThrowIfCancellationRequested();
            Assign(centres, clusters, labels, distances);
            double shift = UpdateCentres(centres, clusters, labels, distances, next);
            (centres, next) = (next, centres);
            iterations++;
            if (labels.AsSpan().SequenceEqual(previous))
            {
                stable = converged = true;
                break;
            }
            if (shift <= tolerance)
            {
                converged = true;
                break;
            }
            labels.CopyTo(previous, 0);
        }
        // Unless the labels were already stable, the last update moved the centres: label the rows by the final ones.
        if (!stable) Assign(centres, clusters, labels, distances);
        return new KMeansFit(centres, labels, Inertia(centres, labels), iterations, converged, seed);
    }

    /// <summary>Each row's nearest centre (first on ties) and its squared distance to it.</summary>
    private void Assign(float[] centres, int clusters, int[] labels, float[] distances)
    {
        int n = _data.Count, d = _data.Dimension;
        var norms = new float[clusters];
        for (int j = 0; j < clusters; j++)
        {
            ReadOnlySpan<float> c = centres.AsSpan(j * d, d);
            norms[j] = TensorPrimitives.Dot(c, c);
        }
        Parallel.For(0, _blocks, _parallel, () => (Rent(BlockRows * d), Rent(BlockRows * clusters), Rent(clusters)), (block, _, buffers) =>
        {
            (float[] rowBlock, float[] products, float[] rented) = buffers;
            Span<float> scores = rented.AsSpan(0, clusters);
            int start = block * BlockRows, rows = Math.Min(BlockRows, n - start);
            _data.CopyRows(start, rows, rowBlock);
            _products.Multiply(rowBlock, 0, rows, centres, clusters, d, products);
            for (int r = 0; r < rows; r++)
            {
                // ‖x − c‖² = ‖x‖² + (‖c‖² − 2x·c); the first term is the same for every centre.
                TensorPrimitives.MultiplyAdd(products.AsSpan(r * clusters, clusters), -2f, norms, scores);
                int nearest = TensorPrimitives.IndexOfMin(scores);
                labels[start + r] = nearest;
                distances[start + r] = Math.Max(0f, _data.SquaredNorms[start + r] + scores[nearest]);
            }
            return buffers;
        }, buffers => Return(buffers.Item1, buffers.Item2, buffers.Item3));
    }

    /// <summary>
    /// Writes the mean of each cluster's rows into <paramref name="next"/>, re-seeding empty clusters with the rows
    /// farthest from their centres (scikit-learn's rule), and returns the summed squared shift of the centres.
    /// </summary>
    private double UpdateCentres(float[] centres, int clusters, int[] labels, float[] distances, float[] next)
    {
        int n = _data.Count, d = _data.Dimension;
        // Members of each cluster in row order (a counting sort), so each cluster's sum has one fixed order.
        var starts = new int[clusters + 1];
        foreach (int label in labels) starts[label + 1]++;
        for (int j = 0; j < clusters; j++) starts[j + 1] += starts[j];
        var members = new int[n];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < n; i++) members[fill[labels[i]]++] = i;

        var sums = new double[clusters * d];
        var counts = new int[clusters];
        Parallel.For(0, clusters, _parallel, () => new float[d], (j, _, row) =>
        {
            Span<double> sum = sums.AsSpan(j * d, d);
            for (int m = starts[j]; m < starts[j + 1]; m++)
            {
                _data.CopyRow(members[m], row);
                for (int f = 0; f < d; f++) sum[f] += row[f];
            }
            counts[j] = starts[j + 1] - starts[j];
            return row;
        }, _ => { });

        RelocateEmpty(clusters, labels, distances, sums, counts);

        double shift = 0;
        for (int j = 0; j < clusters; j++)
        {
            Span<float> target = next.AsSpan(j * d, d);
            ReadOnlySpan<float> old = centres.AsSpan(j * d, d);
            if (counts[j] == 0)
            {
                old.CopyTo(target);
                continue;
            }
            ReadOnlySpan<double> sum = sums.AsSpan(j * d, d);
            for (int f = 0; f < d; f++)
            {
                target[f] = (float)(sum[f] / counts[j]);
                double moved = target[f] - old[f];
                shift += moved * moved;
            }
        }
        return shift;
    }

    /// <summary>
    /// Gives each empty cluster (in index order) one of the rows farthest from their centres (farthest first, lower
    /// row first on ties): that row becomes the cluster's sum and leaves its own cluster's sum. Labels are not
    /// changed; the next assignment settles them.
    /// </summary>
    private void RelocateEmpty(int clusters, int[] labels, float[] distances, double[] sums, int[] counts)
    {
        int empty = counts.Count(c => c == 0);
        if (empty == 0) return;
        int d = _data.Dimension;
        int[] farthest = Enumerable.Range(0, _data.Count)
            .OrderByDescending(i => distances[i]).ThenBy(i => i)
            .Take(empty).ToArray();
        int next = 0;
        for (int j = 0; j < clusters && next < farthest.Length; j++)
        {
            if (counts[j] != 0) continue;
            int row = farthest[next++];
            int from = labels[row];
            ReadOnlySpan<float> x = _data.Row(row);   // a handful of rows: an array each is fine
            Span<double> fromSum = sums.AsSpan(from * d, d), toSum = sums.AsSpan(j * d, d);
            for (int f = 0; f < d; f++)
            {
                fromSum[f] -= x[f];
                toSum[f] = x[f];
            }
            counts[from]--;
            counts[j] = 1;
        }
    }

    /// <summary>Sum of squared distances of the rows to their centre, computed directly and reduced block by block.</summary>
    private double Inertia(float[] centres, int[] labels)
    {
        int n = _data.Count, d = _data.Dimension;
        var partial = new double[_blocks];
        Parallel.For(0, _blocks, _parallel, () => new float[d], (block, _, difference) =>
        {
            int start = block * BlockRows, end = Math.Min(n, start + BlockRows);
            double total = 0;
            for (int i = start; i < end; i++)
            {
                _data.CopyRow(i, difference);
                TensorPrimitives.Subtract(difference, centres.AsSpan(labels[i] * d, d), difference);
                total += TensorPrimitives.SumOfSquares<float>(difference);
            }
            partial[block] = total;
            return difference;
        }, _ => { });
        return partial.Sum();
    }

    // Blocks of rows and products are large (256 rows x d or K floats): pooled per worker, not allocated per call,
    // so seeding's K passes leave no trail of large-object garbage behind.
    private static float[] Rent(int length) => ArrayPool<float>.Shared.Rent(length);

    private static void Return(params float[][] buffers)
    {
        foreach (float[] buffer in buffers) ArrayPool<float>.Shared.Return(buffer);
    }

    /// <summary>Centres moved back to the data's original coordinates.</summary>
    private float[] Uncentre(float[] centres)
    {
        int d = _data.Dimension;
        var result = new float[centres.Length];
        for (int i = 0; i < centres.Length; i++)
            result[i] = (float)(centres[i] + _data.Mean[i % d]);
        return result;
    }
}
