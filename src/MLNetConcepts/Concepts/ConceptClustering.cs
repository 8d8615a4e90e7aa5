using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNetConcepts.Concepts;

/// <summary>The partition K-means found: 0-based concept per row, and per concept its size and centroid.</summary>
public sealed class ClusteringResult
{
    internal ClusteringResult(int[] conceptIds, int clusters, int dimension, int[] sizes, float[] centroids,
        double[] sumsOfSquares, int seed, int? iterations = null)
    {
        Iterations = iterations;
        ConceptIds = conceptIds;
        NumberOfClusters = clusters;
        Dimension = dimension;
        Sizes = sizes;
        Centroids = centroids;
        SumsOfSquares = sumsOfSquares;
        Seed = seed;
    }

    /// <summary>For each clustered row, its concept, 0-based (ML.NET's <c>PredictedLabel</c> minus one).</summary>
    public int[] ConceptIds { get; }

    /// <summary>K, the number of concepts (empty ones included).</summary>
    public int NumberOfClusters { get; }

    /// <summary>Floats per vector and per centroid.</summary>
    public int Dimension { get; }

    /// <summary>Rows per concept; a concept K-means left empty has size 0.</summary>
    public int[] Sizes { get; }

    /// <summary>Mean of each concept's vectors, <see cref="NumberOfClusters"/> x <see cref="Dimension"/> row-major (zeros when empty).</summary>
    public float[] Centroids { get; }

    /// <summary>Each concept's sum of squared distances to its centroid.</summary>
    public double[] SumsOfSquares { get; }

    /// <summary>Within-cluster sum of squares of the partition (sum of <see cref="SumsOfSquares"/>).</summary>
    public double WithinClusterSumOfSquares => SumsOfSquares.Sum();

    /// <summary>Seed of the fit that was kept.</summary>
    public int Seed { get; }

    /// <summary>Lloyd iterations of the kept fit (k-means++ trainer); <c>null</c> for ML.NET's trainer, which does not say.</summary>
    public int? Iterations { get; }

    /// <summary>The centroid of a concept (0-based id), a view into <see cref="Centroids"/>.</summary>
    public ReadOnlySpan<float> Centroid(int concept) => Centroids.AsSpan(concept * Dimension, Dimension);
}

/// <summary>
/// Clusters the word vectors of one (component, layer, scope) into concepts, with the trainer the
/// options name: <see cref="KMeansPlusPlus"/> (default; scikit-learn's algorithm) or ML.NET's <see cref="KMeansTrainer"/>.
/// </summary>
/// <remarks>
/// The within-cluster sum of squares is computed here from the assignment (distances to each concept's mean), not taken
/// from the trainer, so restarts, trainers and other tools are compared on the same measure.
/// </remarks>
public static class ConceptClustering
{
    internal const string FeaturesColumn = "Features";

    /// <summary>Clusters the given rows of a layer cache.</summary>
    /// <param name="vectors">The layer's kept vectors.</param>
    /// <param name="rows">Which rows to cluster (a scope).</param>
    /// <param name="options">K, seed, restarts, threads, trainer.</param>
    /// <param name="what">Names the data in error messages, e.g. the partition folder and scope.</param>
    /// <param name="cancellationToken">Stops a k-means++ fit between iterations.</param>
    public static ClusteringResult Fit(LayerVectors vectors, int[] rows, ConceptClusteringOptions options, string what,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (rows.Length == 0)
            throw new MLNetConceptsException($"{what}: no word vectors to cluster");
        if (options.NumberOfClusters > rows.Length)
            throw new MLNetConceptsException(
                $"{what}: K = {options.NumberOfClusters} is larger than the {rows.Length} word vectors to cluster; lower K (--k, or options.k in a run description) or use more text");
        CheckFinite(vectors, rows, what);

        // Layer 0 (embeddings) repeats a word's vector wherever it recurs; with fewer than K distinct vectors some
        // concepts would have to be empty copies, so say so plainly.
        int distinct = CountDistinct(vectors, rows, options.NumberOfClusters);
        if (distinct < options.NumberOfClusters)
            throw new MLNetConceptsException(
                $"{what}: only {distinct} distinct word vectors among {rows.Length}, fewer than K = {options.NumberOfClusters}; lower K (--k, or options.k in a run description) or leave this layer out");

        if (options.Trainer == ConceptTrainer.KMeansPlusPlus)
        {
            // Read in place from the layer cache: no second copy of the layer's vectors.
            var data = new KMeansData(i => vectors.Vector(rows[i]), rows.Length, vectors.Dimension);
            KMeansFit fit = KMeansPlusPlus.Fit(data, options.ToSettings(), cancellationToken);
            return Summarise(vectors, rows, fit.Labels, options.NumberOfClusters, fit.Seed, fit.Iterations);
        }

        IDataView view = new VectorRowsDataView(vectors, rows, FeaturesColumn);
        ClusteringResult? best = null;
        for (int restart = 0; restart < options.Restarts; restart++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ClusteringResult candidate = FitWithMLNet(view, vectors, rows, options, options.Seed + restart);
            if (best is null || candidate.WithinClusterSumOfSquares < best.WithinClusterSumOfSquares)
                best = candidate;
        }
        return best!;
    }

    /// <summary>Refuses NaN and infinite values, naming the word they belong to.</summary>
    private static void CheckFinite(LayerVectors vectors, int[] rows, string what)
    {
        foreach (int row in rows)
        {
            ReadOnlySpan<float> v = vectors.Vector(row);
            for (int f = 0; f < v.Length; f++)
            {
                if (!float.IsFinite(v[f]))
                    throw new MLNetConceptsException(
                        $"{what}: the vector of word '{vectors.Word(row)}' (language {vectors.Language(row)}, sentence_id {vectors.SentenceId(row)}, word_index {vectors.WordIndex(row)}) has {v[f]} at position {f}; K-means needs finite numbers");
            }
        }
    }

    /// <summary>Distinct vectors among <paramref name="rows"/>, counting no further than <paramref name="enough"/>.</summary>
    private static int CountDistinct(LayerVectors vectors, int[] rows, int enough)
    {
        var byHash = new Dictionary<int, List<int>>();
        int distinct = 0;
        foreach (int row in rows)
        {
            ReadOnlySpan<float> v = vectors.Vector(row);
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v));
            int h = hash.ToHashCode();
            if (!byHash.TryGetValue(h, out List<int>? same)) byHash[h] = same = [];
            bool found = false;
            foreach (int other in same)
                if (vectors.Vector(other).SequenceEqual(v)) { found = true; break; }
            if (found) continue;
            same.Add(row);
            if (++distinct >= enough) return distinct;
        }
        return distinct;
    }

    private static ClusteringResult FitWithMLNet(IDataView data, LayerVectors vectors, int[] rows, ConceptClusteringOptions options, int seed)
    {
        var context = new MLContext(seed: seed);
        if (options.TrainerLog is { } log)
            context.Log += (_, e) => { if (e.Source.Contains("KMeans", StringComparison.OrdinalIgnoreCase)) log(e.Message); };
        var trainer = context.Clustering.Trainers.KMeans(options.ToTrainerOptions(FeaturesColumn));
        ClusteringPredictionTransformer<KMeansModelParameters> model;
        try
        {
            model = trainer.Fit(data);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("too few examples", StringComparison.Ordinal)
                                                  && options.Initialization != KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus)
        {
            // ML.NET's k-means|| seeding gives up when many vectors coincide (layer 0 repeats a word's embedding);
            // plain k-means++ seeding copes, so that layer is seeded that way instead (same seed: still deterministic).
            options.TrainerLog?.Invoke($"k-means|| seeding found too few candidates ({e.Message}); seeding with k-means++");
            ConceptClusteringOptions plusPlus = options.Clone();
            plusPlus.Initialization = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus;
            return FitWithMLNet(data, vectors, rows, plusPlus, seed);
        }
        IDataView scored = model.Transform(data);

        int[] conceptIds = new int[rows.Length];
        DataViewSchema.Column label = scored.Schema["PredictedLabel"];
        using (DataViewRowCursor cursor = scored.GetRowCursor([label]))
        {
            ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
            uint key = 0;
            int i = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref key);
                // PredictedLabel is a key: 1..K, 0 would mean missing (it never is for a finite vector).
                if (key == 0) throw new InvalidOperationException($"K-means left row {i} unassigned");
                conceptIds[i++] = (int)key - 1;
            }
        }
        return Summarise(vectors, rows, conceptIds, options.NumberOfClusters, seed);
    }

    /// <summary>Centroids (member means), sizes and sums of squares of a partition, accumulated in double.</summary>
    internal static ClusteringResult Summarise(LayerVectors vectors, int[] rows, int[] conceptIds, int clusters, int seed, int? iterations = null)
    {
        int dimension = vectors.Dimension;
        var sums = new double[clusters * dimension];
        var sizes = new int[clusters];
        for (int i = 0; i < rows.Length; i++)
        {
            int c = conceptIds[i];
            sizes[c]++;
            ReadOnlySpan<float> v = vectors.Vector(rows[i]);
            Span<double> s = sums.AsSpan(c * dimension, dimension);
            for (int d = 0; d < dimension; d++) s[d] += v[d];
        }
        var centroids = new float[clusters * dimension];
        for (int c = 0; c < clusters; c++)
        {
            if (sizes[c] == 0) continue;
            for (int d = 0; d < dimension; d++)
                sums[c * dimension + d] /= sizes[c];
        }
        var squares = new double[clusters];
        for (int i = 0; i < rows.Length; i++)
        {
            int c = conceptIds[i];
            ReadOnlySpan<float> v = vectors.Vector(rows[i]);
            ReadOnlySpan<double> mean = sums.AsSpan(c * dimension, dimension);
            double total = 0;
            for (int d = 0; d < dimension; d++)
            {
                double diff = v[d] - mean[d];
                total += diff * diff;
            }
            squares[c] += total;
        }
        for (int j = 0; j < centroids.Length; j++) centroids[j] = (float)sums[j];
        return new ClusteringResult(conceptIds, clusters, dimension, sizes, centroids, squares, seed, iterations);
    }
}
