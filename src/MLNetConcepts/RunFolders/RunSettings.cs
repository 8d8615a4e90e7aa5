using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;

namespace MLNetConcepts.RunFolders;

/// <summary>Every option of the method (SPEC section 1), with SPEC's defaults.</summary>
public sealed class RunSettings
{
    /// <summary>Vector of a multi-piece word: last, first or mean.</summary>
    public string Aggregation { get; set; } = "last";

    /// <summary>Sentences per forward pass. Default 32; results do not depend on it.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>cpu or cuda:N.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>t5 decoder: the state at the step that predicts a piece (<c>predict</c>) or has read it (<c>read</c>); SPEC 1.7.</summary>
    public string DecoderPosition { get; set; } = "predict";

    /// <summary>ONNX Runtime intra-op threads (0 = all cores).</summary>
    public int Threads { get; set; }

    /// <summary>Concepts (K-means clusters) per layer and scope.</summary>
    public int K { get; set; } = 600;

    /// <summary>Seed of the first K-means fit; restart r uses seed + r. Default 212, as in the paper.</summary>
    public int Seed { get; set; } = 212;

    /// <summary>K-means fits per (layer, scope) from seeds seed, seed+1, ...; the lowest within-cluster sum of squares is kept.</summary>
    public int Restarts { get; set; } = 1;

    /// <summary>K-means trainer: <c>kmeans++</c> (scikit-learn's algorithm, the paper's) or <c>mlnet</c> (ML.NET's KMeansTrainer).</summary>
    public string Trainer { get; set; } = "kmeans++";

    /// <summary>Word types seen fewer times than this in a language are dropped before clustering. Default 5.</summary>
    public int MinFrequency { get; set; } = 5;

    /// <summary>At most this many occurrences of a type are clustered, the first in corpus order. Default 10.</summary>
    public int MaxOccurrences { get; set; } = 10;

    /// <summary>A sentence with this many words or more in any language is dropped in every language. Default 300.</summary>
    public int MaxSentenceWords { get; set; } = 300;

    /// <summary>Translations per source word (N best).</summary>
    public int Nbest { get; set; } = 10;

    /// <summary>θ_A: the share of a source concept's types that must translate into one target concept. Default 0.8.</summary>
    public double ThetaA { get; set; } = 0.8;

    /// <summary>A concept takes part in CALIGN only with more than this many distinct types. Default 5.</summary>
    public int MinTypes { get; set; } = 5;

    /// <summary>Largest allowed difference of two aligned concepts' type counts, as a share of the larger (see <see cref="MLNetConcepts.Metrics.CalignOptions.MaxSizeDifference"/>). Default 0.4.</summary>
    public double MaxSizeDifference { get; set; } = 0.4;

    /// <summary>θ_O: the share of a mixed concept each language of a pair must make up for COLAP. Default 0.3.</summary>
    public double ThetaO { get; set; } = 0.3;

    /// <summary>COLAP counts word occurrences or types.</summary>
    public string ColapCount { get; set; } = "occurrences";

    /// <summary>CALIGN and COLAP as the paper's text (<c>paper</c>) or its released scripts (<c>released-code</c>) define them.</summary>
    public string Definition { get; set; } = MetricDefinitions.PaperName;

    /// <summary>Extraction's options with these settings, for <paramref name="layers"/> (null: all) of <paramref name="components"/>.</summary>
    public ExtractionOptions ToExtractionOptions(IReadOnlyList<int>? layers, ExtractionComponents? components) => new()
    {
        Layers = layers,
        Aggregation = Enum.Parse<WordAggregation>(Aggregation, ignoreCase: true),
        BatchSize = BatchSize,
        Device = Device,
        IntraOpThreads = Threads,
        Components = components,
        DecoderPosition = Enum.Parse<DecoderPosition>(DecoderPosition, ignoreCase: true),
    };

    /// <summary>The frequency filter's options with these settings.</summary>
    public FrequencyFilterOptions ToFrequencyFilterOptions() => new()
    {
        MinFrequency = MinFrequency, MaxOccurrences = MaxOccurrences, MaxSentenceWords = MaxSentenceWords,
    };

    /// <summary>K-means' options with these settings (<see cref="Threads"/> 0: every core).</summary>
    public ConceptClusteringOptions ToClusteringOptions() => new()
    {
        NumberOfClusters = K, Seed = Seed, Restarts = Restarts,
        Trainer = Trainer == "mlnet" ? ConceptTrainer.MLNet : ConceptTrainer.KMeansPlusPlus,
        NumberOfThreads = Threads == 0 ? null : Threads,
    };

    /// <summary>CALIGN's options for one direction with these settings.</summary>
    public CalignOptions ToCalignOptions(string sourceLanguage, string targetLanguage) => new()
    {
        SourceLanguage = sourceLanguage,
        TargetLanguage = targetLanguage,
        ThetaA = ThetaA,
        NBest = Nbest,
        MinTypes = MinTypes,
        MaxSizeDifference = MaxSizeDifference,
        Definition = MetricDefinitions.Parse(Definition, "field 'options.definition'"),
    };

    /// <summary>COLAP's options with these settings.</summary>
    public ColapOptions ToColapOptions() => new()
    {
        ThetaO = ThetaO,
        Count = ColapCount == "types" ? Metrics.ColapCount.Types : Metrics.ColapCount.Occurrences,
        Definition = MetricDefinitions.Parse(Definition, "field 'options.definition'"),
    };

    internal void Validate(RunDescription owner)
    {
        void Fail(string field, string problem) => throw owner.FieldError($"options.{field}", problem);

        if (Aggregation is not ("last" or "first" or "mean")) Fail("aggregation", $"is '{Aggregation}', expected last, first or mean");
        if (BatchSize <= 0) Fail("batch_size", "must be positive");
        if (DecoderPosition is not ("predict" or "read")) Fail("decoder_position", $"is '{DecoderPosition}', expected predict or read");
        if (Threads < 0) Fail("threads", "must be 0 or more");
        if (K < 2) Fail("k", "must be at least 2");
        if (Restarts < 1) Fail("restarts", "must be at least 1");
        if (Trainer is not ("kmeans++" or "mlnet")) Fail("trainer", $"is '{Trainer}', expected kmeans++ or mlnet");
        if (MinFrequency < 1) Fail("min_frequency", "must be at least 1");
        if (MaxOccurrences < 1) Fail("max_occurrences", "must be at least 1");
        if (MaxSentenceWords < 1) Fail("max_sentence_words", "must be at least 1");
        if (Nbest < 1) Fail("nbest", "must be at least 1");
        if (ThetaA is <= 0 or > 1) Fail("theta_a", "must be in (0, 1]");
        if (MinTypes < 0) Fail("min_types", "must be 0 or more");
        if (MaxSizeDifference is < 0 or > 1) Fail("max_size_difference", "must be in [0, 1]");
        if (ThetaO is <= 0 or > 1) Fail("theta_o", "must be in (0, 1]");
        if (ColapCount is not ("occurrences" or "types")) Fail("colap_count", $"is '{ColapCount}', expected occurrences or types");
        if (!MetricDefinitions.Names.Contains(Definition)) Fail("definition", $"is '{Definition}', expected paper or released-code");
        if (Definition == MetricDefinitions.ReleasedCodeName && ColapCount == "types")
            Fail("colap_count", "is 'types', but the released COLAP script (definition released-code) counts occurrences");
    }
}
