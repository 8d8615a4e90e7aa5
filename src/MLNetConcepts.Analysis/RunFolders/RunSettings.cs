using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// Every option of the method as the run description's <c>options</c> object names it
/// (<c>k</c>, <c>theta_a</c>, ...). Each default and each rule is the stage's own: the defaults are read from the
/// stage options classes (<see cref="ExtractionOptions"/>, <see cref="FrequencyFilterOptions"/>,
/// <see cref="ConceptClusteringOptions"/>, <see cref="CalignOptions"/>, <see cref="ColapOptions"/>) and validation
/// is theirs, with errors told in terms of the description's fields.
/// </summary>
public sealed class RunSettings
{
    private static readonly ExtractionOptions ExtractionDefaults = new();
    private static readonly FrequencyFilterOptions FilterDefaults = new();
    private static readonly ConceptClusteringOptions ClusteringDefaults = new();
    private static readonly CalignOptions CalignDefaults = new();
    private static readonly ColapOptions ColapDefaults = new();
    private static readonly UncertaintyOptions UncertaintyDefaults = new();

    /// <summary>Vector of a multi-piece word: last, first or mean (<see cref="ExtractionOptions.Aggregation"/>).</summary>
    [MethodOption("Vector of a multi-piece word: last, first or mean", MethodStage.Extract, nameof(ExtractionOptions.Aggregation), Choices = typeof(WordAggregation))]
    public string Aggregation { get; set; } = NameOf(ExtractionDefaults.Aggregation);

    /// <summary>Sentences per forward pass (<see cref="ExtractionOptions.BatchSize"/>); results do not depend on it.</summary>
    [MethodOption("Sentences per forward pass; results do not depend on it", MethodStage.None, nameof(ExtractionOptions.BatchSize))]
    public int BatchSize { get; set; } = ExtractionDefaults.BatchSize;

    /// <summary>cpu or cuda:N (<see cref="ExtractionOptions.Device"/>).</summary>
    [MethodOption("cpu or cuda:N (falls back to CPU, with a notice, when CUDA cannot load)", MethodStage.None, nameof(ExtractionOptions.Device))]
    public string Device { get; set; } = ExtractionDefaults.DeviceOrCpu;

    /// <summary>t5 decoder: the state at the step that predicts a piece (<c>predict</c>) or has read it (<c>read</c>), under teacher forcing.</summary>
    [MethodOption("t5 decoder step giving a target piece its vector: predict (the step that predicts it) or read (the step that has read it)", MethodStage.Extract, nameof(ExtractionOptions.DecoderPosition), Choices = typeof(DecoderPosition))]
    public string DecoderPosition { get; set; } = NameOf(ExtractionDefaults.DecoderPosition);

    /// <summary>Threads of ONNX Runtime and K-means (0 = all cores; <see cref="ExtractionOptions.IntraOpThreads"/>).</summary>
    [MethodOption("Threads (0 = every core); results do not depend on it, but for --trainer mlnet (ML.NET's KMeansTrainer does not promise it)", MethodStage.None, nameof(ExtractionOptions.IntraOpThreads), nameof(ConceptClusteringOptions.NumberOfThreads))]
    public int Threads { get; set; } = ExtractionDefaults.IntraOpThreads;

    /// <summary>
    /// Concepts (K-means clusters) per layer and scope (<see cref="ConceptClusteringOptions.NumberOfClusters"/>); a
    /// number or a list (each K clustered and measured, for the report's K sensitivity). The first K is the headline.
    /// </summary>
    [MethodOption("Concepts (K-means clusters) per layer and scope, or a comma-separated list of K values", MethodStage.Cluster, nameof(ConceptClusteringOptions.NumberOfClusters), nameof(ConceptDiscoveryOptions.NumbersOfClusters))]
    [JsonConverter(typeof(OneOrManyConverter))]
    public List<int> K { get; set; } = [ClusteringDefaults.NumberOfClusters];

    /// <summary>Seed of the first K-means fit; restart r uses seed + r (<see cref="ConceptClusteringOptions.Seed"/>).</summary>
    [MethodOption("K-means seed of the first fit (restart r uses seed + r)", MethodStage.Cluster, nameof(ConceptClusteringOptions.Seed))]
    public int Seed { get; set; } = ClusteringDefaults.Seed;

    /// <summary>
    /// S: concept discovery repeated with seeds seed, seed+1, ..., seed+S-1 (<see cref="ConceptDiscoveryOptions.Seeds"/>);
    /// every metric is computed per seed and summarised with a multi-bootstrap interval. Default 3.
    /// </summary>
    [MethodOption("Repeat concept discovery with this many K-means seeds; metrics get 95% intervals over seeds and concepts", MethodStage.Cluster, nameof(ConceptDiscoveryOptions.Seeds))]
    public int Seeds { get; set; } = DefaultSeeds;

    /// <summary>The seeds <c>analyze</c> repeats concept discovery with unless told otherwise: enough for an interval over seeds.</summary>
    public const int DefaultSeeds = 3;

    /// <summary>B: multi-bootstrap replicates behind each interval (<see cref="UncertaintyOptions.Bootstrap"/>).</summary>
    [MethodOption("Multi-bootstrap replicates behind each 95% interval", MethodStage.Align | MethodStage.Overlap | MethodStage.Compare, nameof(UncertaintyOptions.Bootstrap))]
    public int Bootstrap { get; set; } = UncertaintyDefaults.Bootstrap;

    /// <summary>R: chance draws per clustering (<see cref="UncertaintyOptions.ChanceDraws"/>).</summary>
    [MethodOption("Random target concepts (CALIGN) or language shufflings (COLAP) per clustering for the chance level; 0 for none", MethodStage.Align | MethodStage.Overlap, nameof(UncertaintyOptions.ChanceDraws))]
    public int ChanceDraws { get; set; } = UncertaintyDefaults.ChanceDraws;

    /// <summary>K-means fits per (layer, scope) from seeds seed, seed+1, ...; the lowest within-cluster sum of squares is kept.</summary>
    [MethodOption("K-means fits per clustering from seeds seed, seed+1, ...; the lowest within-cluster sum of squares is kept", MethodStage.Cluster, nameof(ConceptClusteringOptions.Restarts))]
    public int Restarts { get; set; } = ClusteringDefaults.Restarts;

    /// <summary>K-means trainer: <c>kmeans++</c> (scikit-learn's algorithm, the paper's) or <c>mlnet</c> (ML.NET's KMeansTrainer).</summary>
    [MethodOption("K-means trainer: kmeans++ (scikit-learn's algorithm, the paper's) or mlnet (ML.NET's KMeansTrainer, for comparison)", MethodStage.Cluster, nameof(ConceptClusteringOptions.Trainer), Choices = typeof(ConceptTrainer))]
    public string Trainer { get; set; } = NameOf(ClusteringDefaults.Trainer);

    /// <summary>Word types seen fewer times than this in a language are dropped before clustering (<see cref="FrequencyFilterOptions.MinFrequency"/>).</summary>
    [MethodOption("Drop word types seen fewer times than this in a language", MethodStage.Select | MethodStage.Cluster, nameof(FrequencyFilterOptions.MinFrequency))]
    public int MinFrequency { get; set; } = FilterDefaults.MinFrequency;

    /// <summary>At most this many occurrences of a type are clustered, the first in corpus order (<see cref="FrequencyFilterOptions.MaxOccurrences"/>).</summary>
    [MethodOption("Keep at most this many (the first) occurrences of a word type", MethodStage.Select | MethodStage.Cluster, nameof(FrequencyFilterOptions.MaxOccurrences))]
    public int MaxOccurrences { get; set; } = FilterDefaults.MaxOccurrences;

    /// <summary>A sentence with this many words or more in any language is dropped in every language (<see cref="FrequencyFilterOptions.MaxSentenceWords"/>).</summary>
    [MethodOption("Drop a sentence with this many words or more in any language, in every language", MethodStage.Select | MethodStage.Dictionary | MethodStage.Cluster, nameof(FrequencyFilterOptions.MaxSentenceWords))]
    public int MaxSentenceWords { get; set; } = FilterDefaults.MaxSentenceWords;

    /// <summary>Translations per source word that count (<see cref="CalignOptions.NBest"/>).</summary>
    [MethodOption("Translations per source word that count for CALIGN", MethodStage.Align, nameof(CalignOptions.NBest))]
    public int Nbest { get; set; } = CalignDefaults.NBest;

    /// <summary>θ_A: the share of a source concept's types that must translate into one target concept (<see cref="CalignOptions.ThetaA"/>).</summary>
    [MethodOption("Share of a source concept's types that one target concept must translate (CALIGN)", MethodStage.Align, nameof(CalignOptions.ThetaA))]
    public double ThetaA { get; set; } = CalignDefaults.ThetaA;

    /// <summary>A concept takes part in CALIGN only with more than this many distinct types (<see cref="CalignOptions.MinTypes"/>).</summary>
    [MethodOption("Concepts take part in CALIGN only with more than this many distinct types", MethodStage.Align, nameof(CalignOptions.MinTypes))]
    public int MinTypes { get; set; } = CalignDefaults.MinTypes;

    /// <summary>Largest allowed difference of two aligned concepts' type counts, as a share of the larger (<see cref="CalignOptions.MaxSizeDifference"/>).</summary>
    [MethodOption("Largest type-count difference of two aligned concepts, as a share of the larger (released-code: |Cs|/|Ct| must exceed 1 minus this)", MethodStage.Align, nameof(CalignOptions.MaxSizeDifference))]
    public double MaxSizeDifference { get; set; } = CalignDefaults.MaxSizeDifference;

    /// <summary>θ_O: the share of a mixed concept each language of a pair must make up for COLAP (<see cref="ColapOptions.ThetaO"/>).</summary>
    [MethodOption("Share of a mixed concept each language of a pair must make up (COLAP)", MethodStage.Overlap, nameof(ColapOptions.ThetaO))]
    public double ThetaO { get; set; } = ColapDefaults.ThetaO;

    /// <summary>COLAP counts word <c>occurrences</c> or <c>types</c> (<see cref="ColapOptions.Count"/>).</summary>
    [MethodOption("What COLAP's shares count: occurrences or types", MethodStage.Overlap, nameof(ColapOptions.Count), Choices = typeof(Metrics.ColapCount))]
    public string ColapCount { get; set; } = NameOf(ColapDefaults.Count);

    /// <summary>CALIGN and COLAP as the paper's text (<c>paper</c>) or its released scripts (<c>released-code</c>) define them.</summary>
    [MethodOption("paper (the metrics as the paper's text defines them) or released-code (the comparisons of the paper's released scripts)", MethodStage.Align | MethodStage.Overlap, nameof(CalignOptions.Definition), nameof(ColapOptions.Definition), Choices = typeof(MetricDefinition))]
    public string Definition { get; set; } = CalignDefaults.Definition.Name();

    /// <summary>The name of an aggregation in run descriptions and on the command line: <c>last</c>, <c>first</c> or <c>mean</c>.</summary>
    public static string NameOf(WordAggregation aggregation) => aggregation.ToString().ToLowerInvariant();

    /// <summary>The name of a decoder position in run descriptions and on the command line: <c>predict</c> or <c>read</c>.</summary>
    public static string NameOf(DecoderPosition position) => position.ToString().ToLowerInvariant();

    /// <summary>The name of a trainer in run descriptions and on the command line: <c>kmeans++</c> or <c>mlnet</c>.</summary>
    public static string NameOf(ConceptTrainer trainer) => trainer == ConceptTrainer.MLNet ? "mlnet" : "kmeans++";

    /// <summary>The name of what COLAP counts in run descriptions and on the command line: <c>occurrences</c> or <c>types</c>.</summary>
    public static string NameOf(ColapCount count) => count.ToString().ToLowerInvariant();

    /// <summary>Extraction's options with these settings, for <paramref name="layers"/> (null: all) of <paramref name="components"/>.</summary>
    public ExtractionOptions ToExtractionOptions(IReadOnlyList<int>? layers, ExtractionComponents? components) => new()
    {
        Layers = layers,
        Aggregation = Parse<WordAggregation>(nameof(Aggregation), Aggregation, NameOf),
        BatchSize = BatchSize,
        Device = Device,
        IntraOpThreads = Threads,
        Components = components,
        DecoderPosition = Parse<DecoderPosition>(nameof(DecoderPosition), DecoderPosition, NameOf),
    };

    /// <summary>The frequency filter's options with these settings.</summary>
    public FrequencyFilterOptions ToFrequencyFilterOptions() => new()
    {
        MinFrequency = MinFrequency, MaxOccurrences = MaxOccurrences, MaxSentenceWords = MaxSentenceWords,
    };

    /// <summary>K-means' options with these settings, at the first K (<see cref="Threads"/> 0: every core).</summary>
    public ConceptClusteringOptions ToClusteringOptions() => new()
    {
        NumberOfClusters = K.Count > 0 ? K[0] : 0, Seed = Seed, Restarts = Restarts,
        Trainer = Parse<ConceptTrainer>(nameof(Trainer), Trainer, NameOf),
        NumberOfThreads = Threads == 0 ? null : Threads,
    };

    /// <summary>Concept discovery's options with these settings: the filter, K-means, every K and the seeds.</summary>
    public ConceptDiscoveryOptions ToDiscoveryOptions() => new()
    {
        Filter = ToFrequencyFilterOptions(),
        Clustering = ToClusteringOptions(),
        NumbersOfClusters = K.ToArray(),
        Seeds = Seeds,
    };

    /// <summary>The metric jobs' chance draws and bootstrap replicates.</summary>
    public UncertaintyOptions ToUncertaintyOptions() => new() { ChanceDraws = ChanceDraws, Bootstrap = Bootstrap };

    /// <summary>CALIGN's options for one direction with these settings.</summary>
    public CalignOptions ToCalignOptions(string sourceLanguage, string targetLanguage) => new()
    {
        SourceLanguage = sourceLanguage,
        TargetLanguage = targetLanguage,
        ThetaA = ThetaA,
        NBest = Nbest,
        MinTypes = MinTypes,
        MaxSizeDifference = MaxSizeDifference,
        Definition = ParseDefinition(),
    };

    /// <summary>COLAP's options with these settings.</summary>
    public ColapOptions ToColapOptions() => new()
    {
        ThetaO = ThetaO,
        Count = Parse<Metrics.ColapCount>(nameof(ColapCount), ColapCount, NameOf),
        Definition = ParseDefinition(),
    };

    internal void Validate(RunDescription owner) => Validate((option, problem) => owner.FieldError(option.Field, problem));

    /// <summary>
    /// Checks every option: the names, then each stage's own rules (its options class's <c>Validate</c>). A bad value
    /// throws what <paramref name="error"/> makes of its option and what is wrong (<c>must be in [0, 1], got 1.5</c>).
    /// </summary>
    public void Validate(Func<MethodOption, string, Exception> error)
    {
        void Fail(string name, string problem) => throw error(MethodOptions.Named(name), problem);

        // The names first (the stage options take enums), then each stage's own rules.
        foreach (MethodOption option in MethodOptions.All)
            if (option.Choices is { } names && !names.Contains(option.Text(this)))
                Fail(option.Name, $"is '{ErrorText.Shorten(option.Text(this))}', expected {Alternatives(names)}");
        try
        {
            ToExtractionOptions(null, null).Validate();
            ToFrequencyFilterOptions().Validate();
            // The dictionary stage drops long pairs by the same rule, with the aligner's upper bound.
            new Translation.DictionaryInductionOptions { MaxSentenceWords = MaxSentenceWords }.Validate();
            ToDiscoveryOptions().Validate();
            ToUncertaintyOptions().Validate();
            ToCalignOptions("source", "target").Validate();
            ToColapOptions().Validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } property && MethodOptions.Setting(property) is { } option)
        {
            Fail(option.Name, OptionErrors.Problem(e));
        }
    }

    private static T Parse<T>(string property, string name, Func<T, string> nameOf) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => nameOf(v) == name).Cast<T?>().FirstOrDefault()
        ?? throw OptionErrors.Invalid(nameof(RunSettings), property, Unknown(name, nameOf));

    private MetricDefinition ParseDefinition() => MetricDefinitions.Names.Contains(Definition)
        ? MetricDefinitions.Parse(Definition, nameof(Definition))
        : throw OptionErrors.Invalid(nameof(RunSettings), nameof(Definition), $"is '{Definition}', expected {Alternatives(MetricDefinitions.Names)}");

    private static string Unknown<T>(string name, Func<T, string> nameOf) where T : struct, Enum =>
        $"is '{name}', expected {Alternatives(Enum.GetValues<T>().Select(nameOf).ToArray())}";

    private static string Alternatives(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    /// <summary>The names run descriptions and the command line give the values of <paramref name="choices"/>, an enum of the stage options.</summary>
    internal static IReadOnlyList<string> NamesOf(Type choices) => choices switch
    {
        _ when choices == typeof(WordAggregation) => Enum.GetValues<WordAggregation>().Select(NameOf).ToArray(),
        _ when choices == typeof(DecoderPosition) => Enum.GetValues<DecoderPosition>().Select(NameOf).ToArray(),
        _ when choices == typeof(ConceptTrainer) => Enum.GetValues<ConceptTrainer>().Select(NameOf).ToArray(),
        _ when choices == typeof(Metrics.ColapCount) => Enum.GetValues<Metrics.ColapCount>().Select(NameOf).ToArray(),
        _ when choices == typeof(MetricDefinition) => MetricDefinitions.Names,
        _ => throw new ArgumentException($"no names for {choices.Name}", nameof(choices)),
    };
}

/// <summary>Reads a number or a list of numbers (<c>"k": 600</c> or <c>"k": [600, 1000]</c>) as a list; writes one number as a number.</summary>
internal sealed class OneOrManyConverter : JsonConverter<List<int>>
{
    public override List<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int one)) return [one];
        return LayerListConverter.ReadIntegers(ref reader, "expected a whole number or a list of whole numbers");
    }

    public override void Write(Utf8JsonWriter writer, List<int> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            writer.WriteNumberValue(value[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (int v in value) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
