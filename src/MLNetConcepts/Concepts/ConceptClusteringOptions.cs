using Microsoft.ML;
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
