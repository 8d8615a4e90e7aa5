using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNetConcepts.Concepts;

/// <summary>Which K-means trainer finds the concepts.</summary>
public enum ConceptTrainer
{
    /// <summary>
    /// <see cref="ConceptKMeansTrainer"/>: greedy k-means++ seeding and exact Lloyd iterations, as scikit-learn's
    /// <c>KMeans</c> (the paper's tool) computes them, on every core. Default. Command line: <c>kmeans++</c>.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>ML.NET's own <see cref="KMeansTrainer"/> (k-means|| seeding, Yinyang iterations), for comparison. Command line: <c>mlnet</c>.</summary>
    MLNet,
}

/// <summary>Options of concept discovery by K-means: K, seed, restarts, trainer, iterations and tolerance.</summary>
public sealed class ConceptClusteringOptions
{
    /// <summary>K, the number of concepts per (component, layer, scope). Default 600, as in the paper.</summary>
    public int NumberOfClusters { get; set; } = ConceptKMeansTrainer.Defaults.NumberOfClusters;

    /// <summary>Seed of the first fit; restart r uses <c>Seed + r</c>. Default 212, as in the paper.</summary>
    public int Seed { get; set; } = ConceptKMeansTrainer.Defaults.Seed;

    /// <summary>
    /// Number of fits with different seeds; the one with the lowest within-cluster sum of squares is kept.
    /// Default 1 (one fit with <see cref="Seed"/>); the paper's scikit-learn 0.24 ran 10.
    /// </summary>
    public int Restarts { get; set; } = ConceptKMeansTrainer.Defaults.Restarts;

    /// <summary>The trainer. Default <see cref="ConceptTrainer.KMeansPlusPlus"/>.</summary>
    public ConceptTrainer Trainer { get; set; } = ConceptTrainer.KMeansPlusPlus;

    /// <summary>Threads of the trainer; <c>null</c> (default) uses every core. The k-means++ trainer gives the same concepts on any number.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Lloyd iterations at most per fit. Default 300, scikit-learn's.</summary>
    public int MaximumNumberOfIterations { get; set; } = ConceptKMeansTrainer.Defaults.MaximumNumberOfIterations;

    /// <summary>
    /// k-means++ trainer: a fit stops when the centres' summed squared shift in one iteration is at most this times the
    /// mean per-feature variance of the data (scikit-learn's rule and default, 1e-4), or when no label changes.
    /// ML.NET's trainer keeps its own tolerance.
    /// </summary>
    public double Tolerance { get; set; } = ConceptKMeansTrainer.Defaults.Tolerance;

    /// <summary>Receives ML.NET's trainer messages (iterations, convergence) when set; for diagnosis.</summary>
    public Action<string>? TrainerLog { get; set; }

    /// <summary>
    /// ML.NET trainer only: its seeding. Default <see cref="KMeansTrainer.InitializationAlgorithm.KMeansYinyang"/>
    /// (ML.NET's own default; its k-means++ is sequential in K and takes hours at K = 600).
    /// </summary>
    public KMeansTrainer.InitializationAlgorithm Initialization { get; set; } = KMeansTrainer.InitializationAlgorithm.KMeansYinyang;

    /// <summary>k-means++ trainer only: what computes the matrix products. Default ONNX Runtime's Gemm.</summary>
    public RowProductKernel Kernel { get; set; } = RowProductKernel.OnnxRuntime;

    /// <summary>
    /// These settings as options of ML.NET's KMeans trainer, for pipelines that cluster with
    /// <c>mlContext.Clustering.Trainers.KMeans</c> directly. ML.NET's trainer has no seed or restarts option: give
    /// <see cref="Seed"/> to the <see cref="MLContext"/> and fit once per restart.
    /// </summary>
    public KMeansTrainer.Options ToTrainerOptions(string featureColumnName) => new()
    {
        FeatureColumnName = featureColumnName,
        NumberOfClusters = NumberOfClusters,
        NumberOfThreads = NumberOfThreads,
        MaximumNumberOfIterations = MaximumNumberOfIterations,
        InitializationAlgorithm = Initialization,
    };

    /// <summary>These settings as options of <see cref="ConceptKMeansTrainer"/> (the default trainer) for ML.NET pipelines.</summary>
    public ConceptKMeansTrainer.Options ToConceptTrainerOptions(string featureColumnName) => new()
    {
        FeatureColumnName = featureColumnName,
        NumberOfClusters = NumberOfClusters,
        Seed = Seed,
        Restarts = Restarts,
        NumberOfThreads = NumberOfThreads,
        MaximumNumberOfIterations = MaximumNumberOfIterations,
        Tolerance = Tolerance,
        Kernel = Kernel,
    };

    internal ConceptClusteringOptions Clone() => (ConceptClusteringOptions)MemberwiseClone();

    internal KMeansSettings ToSettings() => new(NumberOfClusters, Seed, Restarts, MaximumNumberOfIterations, Tolerance,
        NumberOfThreads ?? Environment.ProcessorCount, Kernel);

    /// <summary>
    /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> whose
    /// <see cref="ArgumentException.ParamName"/> is the property (see <see cref="OptionErrors"/>).
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(ConceptClusteringOptions);
        if (!Enum.IsDefined(Trainer))
            throw OptionErrors.OutOfRange(owner, nameof(Trainer), $"is not a trainer: {Trainer}");
        // K and the rest are the K-means trainer's own rules.
        ToConceptTrainerOptions(ConceptKMeansTrainer.Defaults.FeatureColumnName).Validate(owner);
    }
}

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
