using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNetConcepts.Concepts;

/// <summary>
/// K-means with scikit-learn's quality for ML.NET pipelines: greedy k-means++ seeding, exact Lloyd iterations to
/// scikit-learn's tolerance, empty clusters re-seeded, restarts, on every core and deterministic for a seed (see
/// <see cref="KMeansPlusPlus"/>). Reach it with <c>mlContext.Clustering.Trainers.ConceptKMeans(...)</c>.
/// </summary>
/// <remarks>
/// The fitted model is ML.NET's own <see cref="KMeansModelParameters"/> in ML.NET's own
/// <see cref="ClusteringPredictionTransformer{TModel}"/>: the same output columns as <c>Clustering.Trainers.KMeans</c>
/// (<c>Score</c>, the squared distance to each centroid; <c>PredictedLabel</c>, the nearest centroid as a key 1..K), so
/// <c>mlContext.Clustering.Evaluate</c>, <c>mlContext.Model.Save</c> and <c>Load</c> work on it unchanged. ML.NET
/// creates those two types only through internal constructors, which this class reaches through
/// <see cref="MLNetInternals.KMeansTransformer"/> (checked by the save/load tests against the pinned Microsoft.ML version).
/// </remarks>
public sealed class ConceptKMeansTrainer : IEstimator<ClusteringPredictionTransformer<KMeansModelParameters>>
{
    /// <summary>
    /// The defaults, declared once: <see cref="Options"/>, the catalog's <c>ConceptKMeans</c> and
    /// <see cref="ConceptClusteringOptions"/> take theirs from here (as ML.NET's trainers keep a <c>Defaults</c> class).
    /// </summary>
    public static class Defaults
    {
        /// <summary>The input column's name: <c>Features</c>, ML.NET's.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>K: 600, the paper's number of concepts per layer.</summary>
        public const int NumberOfClusters = 600;

        /// <summary>
        /// The paper's seed, 212: what <see cref="ConceptClusteringOptions"/> (and so <c>analyze</c>) fits with. An ML.NET
        /// pipeline that gives no seed takes its MLContext's, as ML.NET's trainers do; give this one for the paper's.
        /// </summary>
        public const int Seed = 212;

        /// <summary>Fits per clustering: 1.</summary>
        public const int Restarts = 1;

        /// <summary>Lloyd iterations at most per fit: 300, scikit-learn's <c>max_iter</c>.</summary>
        public const int MaximumNumberOfIterations = 300;

        /// <summary>The convergence tolerance: 1e-4, scikit-learn's <c>tol</c>.</summary>
        public const double Tolerance = 1e-4;
    }

    /// <summary>Options of <see cref="ConceptKMeansTrainer"/>; the defaults (<see cref="Defaults"/>) are the paper's and scikit-learn's.</summary>
    public sealed class Options
    {
        /// <summary>The input column: a known-size vector of <see cref="float"/>. Default <c>Features</c>.</summary>
        public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

        /// <summary>K. Default 600, the paper's number of concepts per layer.</summary>
        public int NumberOfClusters { get; set; } = Defaults.NumberOfClusters;

        /// <summary>
        /// Seed of the first fit; restart r uses <c>Seed + r</c>. Default null: drawn from the MLContext's random source,
        /// as ML.NET's KMeans does, so <c>new MLContext(seed: s)</c> decides it (and a context without a seed varies
        /// run to run). <see cref="Defaults.Seed"/> (212) is the paper's.
        /// </summary>
        public int? Seed { get; set; }

        /// <summary>Fits from different seeds; the lowest within-cluster sum of squares is kept (scikit-learn's <c>n_init</c>). Default 1.</summary>
        public int Restarts { get; set; } = Defaults.Restarts;

        /// <summary>Threads; <c>null</c> (default) uses every core. The result does not depend on it.</summary>
        public int? NumberOfThreads { get; set; }

        /// <summary>Lloyd iterations at most per fit. Default 300 (scikit-learn's <c>max_iter</c>).</summary>
        public int MaximumNumberOfIterations { get; set; } = Defaults.MaximumNumberOfIterations;

        /// <summary>
        /// Stop when the centres' summed squared shift in an iteration is at most this times the mean per-feature variance
        /// of the data (scikit-learn's <c>tol</c>). Default 1e-4.
        /// </summary>
        public double Tolerance { get; set; } = Defaults.Tolerance;

        /// <summary>What computes the matrix products. Default ONNX Runtime's Gemm.</summary>
        public RowProductKernel Kernel { get; set; } = RowProductKernel.OnnxRuntime;

        /// <summary>
        /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>)
        /// whose <see cref="ArgumentException.ParamName"/> is the property, the message naming it as a property of
        /// <paramref name="owner"/> (see <see cref="OptionErrors"/>).
        /// </summary>
        internal void Validate(string owner = $"{nameof(ConceptKMeansTrainer)}.{nameof(Options)}")
        {
            if (string.IsNullOrEmpty(FeatureColumnName))
                throw OptionErrors.Invalid(owner, nameof(FeatureColumnName), "is empty; name a column");
            // One cluster would put every word in one concept: nothing to align or overlap. The one rule for K.
            if (NumberOfClusters < 2)
                throw OptionErrors.OutOfRange(owner, nameof(NumberOfClusters), $"must be at least 2, got {NumberOfClusters}");
            if (Restarts < 1)
                throw OptionErrors.OutOfRange(owner, nameof(Restarts), $"must be at least 1, got {Restarts}");
            if (NumberOfThreads is < 1)
                throw OptionErrors.OutOfRange(owner, nameof(NumberOfThreads), $"must be at least 1 (or null for every core), got {NumberOfThreads}");
            if (NumberOfThreads is int threads && Limits.Threads(threads) is { } tooMany)
                throw OptionErrors.OutOfRange(owner, nameof(NumberOfThreads), tooMany);
            if (MaximumNumberOfIterations < 1)
                throw OptionErrors.OutOfRange(owner, nameof(MaximumNumberOfIterations), $"must be at least 1, got {MaximumNumberOfIterations}");
            if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
                throw OptionErrors.OutOfRange(owner, nameof(Tolerance),
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be a finite number >= 0, got {Tolerance}"));
        }

        internal KMeansSettings ToSettings(int seed) => new(NumberOfClusters, seed, Restarts, MaximumNumberOfIterations, Tolerance,
            NumberOfThreads ?? Environment.ProcessorCount, Kernel);
    }

    private readonly IHostEnvironment _environment;
    private readonly IHost _host;
    private readonly Options _options;

    /// <summary>Use <c>mlContext.Clustering.Trainers.ConceptKMeans</c>; this constructor serves the catalog.</summary>
    internal ConceptKMeansTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _environment = environment;
        // Registered now, as ML.NET's trainers register theirs: the host's random source is drawn from the
        // MLContext's when the trainer is made, so a seeded context gives the same seed for the same pipeline.
        _host = environment.Register(nameof(ConceptKMeansTrainer));
        _options = options;
    }

    /// <summary>Reads the feature column once, fits, and returns ML.NET's KMeans prediction transformer over the centroids.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidOperationException">Fewer rows than clusters, or a NaN or infinite value (the row is named).</exception>
    public ClusteringPredictionTransformer<KMeansModelParameters> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = FeatureColumn(input.Schema);
        int dimension = ((VectorDataViewType)column.Type).Size;
        (float[] rows, int count) = ReadRows(input, column, dimension);
        if (count < _options.NumberOfClusters)
            throw new InvalidOperationException(
                $"Column '{column.Name}' has {count} rows, fewer than NumberOfClusters {_options.NumberOfClusters}");
        KMeansData data;
        try
        {
            data = new KMeansData(rows, count, dimension);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Column '{column.Name}': {e.Message}", e);
        }
        int seed = _options.Seed ?? _host.Rand.Next();
        KMeansFit fit = KMeansPlusPlus.Fit(data, _options.ToSettings(seed));
        using (IChannel channel = _host.Start("Fit"))
            channel.Info(MessageSensitivity.None, "{0}", $"ConceptKMeans: {count} rows of {dimension} floats in {_options.NumberOfClusters} clusters (seed {seed})");
        return MLNetInternals.KMeansTransformer(_environment, fit.Centres, _options.NumberOfClusters, dimension, input.Schema, column.Name);
    }

    /// <summary>The input columns plus <c>Score</c> and <c>PredictedLabel</c>, exactly as ML.NET's KMeans trainer adds them.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column column = inputSchema.LastOrDefault(c => c.Name == _options.FeatureColumnName);
        if (column.Name is null)
            throw SchemaErrors.Missing(nameof(inputSchema), _options.FeatureColumnName, FeatureHint, role: "feature");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(nameof(inputSchema), _options.FeatureColumnName, FeatureType, SchemaErrors.TypeText(column), FeatureHint, role: "feature");
        // ML.NET's own trainer describes exactly the columns this one's transformer adds. Its MLContext only builds
        // a schema (ML.NET offers no public way to make KMeans's output shape otherwise): it runs, draws and logs nothing.
        return new MLContext().Clustering.Trainers.KMeans(_options.FeatureColumnName, numberOfClusters: _options.NumberOfClusters)
            .GetOutputSchema(inputSchema);
    }

    // ML.NET's KMeans names the feature type so; the hint adds that its size must be known (KMeans needs it too).
    private const string FeatureType = "Vector<Single>";
    private const string FeatureHint = "ConceptKMeans clusters a known-size vector of Single (featureColumnName)";

    private DataViewSchema.Column FeatureColumn(DataViewSchema schema)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(_options.FeatureColumnName)
            ?? throw SchemaErrors.Missing(SchemaErrors.InputSchema, _options.FeatureColumnName, FeatureHint, role: "feature");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType t, IsKnownSize: true } || t != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(SchemaErrors.InputSchema, column.Name, FeatureType, $"{column.Type}", FeatureHint, role: "feature");
        return column;
    }

    /// <summary>The column's vectors as one row-major array (sparse vectors densified).</summary>
    private static (float[] Rows, int Count) ReadRows(IDataView input, DataViewSchema.Column column, int dimension)
    {
        const int chunkRows = 4096;
        var chunks = new List<float[]>();
        int count = 0;
        using (DataViewRowCursor cursor = input.GetRowCursor([column]))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                if (count % chunkRows == 0) chunks.Add(new float[chunkRows * dimension]);
                getter(ref value);
                value.CopyTo(chunks[^1].AsSpan((count % chunkRows) * dimension, dimension));
                count++;
            }
        }
        var rows = new float[(long)count * dimension];
        for (int c = 0; c < chunks.Count; c++)
        {
            int length = Math.Min(chunkRows, count - c * chunkRows) * dimension;
            Array.Copy(chunks[c], 0, rows, (long)c * chunkRows * dimension, length);
        }
        return (rows, count);
    }
}
