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
    public string Aggregation { get; set; } = NameOf(ExtractionDefaults.Aggregation);

    /// <summary>Sentences per forward pass (<see cref="ExtractionOptions.BatchSize"/>); results do not depend on it.</summary>
    public int BatchSize { get; set; } = ExtractionDefaults.BatchSize;

    /// <summary>cpu or cuda:N (<see cref="ExtractionOptions.Device"/>).</summary>
    public string Device { get; set; } = ExtractionDefaults.DeviceOrCpu;

    /// <summary>t5 decoder: the state at the step that predicts a piece (<c>predict</c>) or has read it (<c>read</c>), under teacher forcing.</summary>
    public string DecoderPosition { get; set; } = NameOf(ExtractionDefaults.DecoderPosition);

    /// <summary>Threads of ONNX Runtime and K-means (0 = all cores; <see cref="ExtractionOptions.IntraOpThreads"/>).</summary>
    public int Threads { get; set; } = ExtractionDefaults.IntraOpThreads;

    /// <summary>
    /// Concepts (K-means clusters) per layer and scope (<see cref="ConceptClusteringOptions.NumberOfClusters"/>); a
    /// number or a list (each K clustered and measured, for the report's K sensitivity). The first K is the headline.
    /// </summary>
    [JsonConverter(typeof(OneOrManyConverter))]
    public List<int> K { get; set; } = [ClusteringDefaults.NumberOfClusters];

    /// <summary>Seed of the first K-means fit; restart r uses seed + r (<see cref="ConceptClusteringOptions.Seed"/>).</summary>
    public int Seed { get; set; } = ClusteringDefaults.Seed;

    /// <summary>
    /// S: concept discovery repeated with seeds seed, seed+1, ..., seed+S-1 (<see cref="ConceptDiscoveryOptions.Seeds"/>);
    /// every metric is computed per seed and summarised with a multi-bootstrap interval. Default 3.
    /// </summary>
    public int Seeds { get; set; } = DefaultSeeds;

    /// <summary>The seeds <c>analyze</c> repeats concept discovery with unless told otherwise: enough for an interval over seeds.</summary>
    public const int DefaultSeeds = 3;

    /// <summary>B: multi-bootstrap replicates behind each interval (<see cref="UncertaintyOptions.Bootstrap"/>).</summary>
    public int Bootstrap { get; set; } = UncertaintyDefaults.Bootstrap;

    /// <summary>R: chance draws per clustering (<see cref="UncertaintyOptions.ChanceDraws"/>).</summary>
    public int ChanceDraws { get; set; } = UncertaintyDefaults.ChanceDraws;

    /// <summary>K-means fits per (layer, scope) from seeds seed, seed+1, ...; the lowest within-cluster sum of squares is kept.</summary>
    public int Restarts { get; set; } = ClusteringDefaults.Restarts;

    /// <summary>K-means trainer: <c>kmeans++</c> (scikit-learn's algorithm, the paper's) or <c>mlnet</c> (ML.NET's KMeansTrainer).</summary>
    public string Trainer { get; set; } = NameOf(ClusteringDefaults.Trainer);

    /// <summary>Word types seen fewer times than this in a language are dropped before clustering (<see cref="FrequencyFilterOptions.MinFrequency"/>).</summary>
    public int MinFrequency { get; set; } = FilterDefaults.MinFrequency;

    /// <summary>At most this many occurrences of a type are clustered, the first in corpus order (<see cref="FrequencyFilterOptions.MaxOccurrences"/>).</summary>
    public int MaxOccurrences { get; set; } = FilterDefaults.MaxOccurrences;

    /// <summary>A sentence with this many words or more in any language is dropped in every language (<see cref="FrequencyFilterOptions.MaxSentenceWords"/>).</summary>
    public int MaxSentenceWords { get; set; } = FilterDefaults.MaxSentenceWords;

    /// <summary>Translations per source word that count (<see cref="CalignOptions.NBest"/>).</summary>
    public int Nbest { get; set; } = CalignDefaults.NBest;

    /// <summary>θ_A: the share of a source concept's types that must translate into one target concept (<see cref="CalignOptions.ThetaA"/>).</summary>
    public double ThetaA { get; set; } = CalignDefaults.ThetaA;

    /// <summary>A concept takes part in CALIGN only with more than this many distinct types (<see cref="CalignOptions.MinTypes"/>).</summary>
    public int MinTypes { get; set; } = CalignDefaults.MinTypes;

    /// <summary>Largest allowed difference of two aligned concepts' type counts, as a share of the larger (<see cref="CalignOptions.MaxSizeDifference"/>).</summary>
    public double MaxSizeDifference { get; set; } = CalignDefaults.MaxSizeDifference;

    /// <summary>θ_O: the share of a mixed concept each language of a pair must make up for COLAP (<see cref="ColapOptions.ThetaO"/>).</summary>
    public double ThetaO { get; set; } = ColapDefaults.ThetaO;

    /// <summary>COLAP counts word <c>occurrences</c> or <c>types</c> (<see cref="ColapOptions.Count"/>).</summary>
    public string ColapCount { get; set; } = NameOf(ColapDefaults.Count);

    /// <summary>CALIGN and COLAP as the paper's text (<c>paper</c>) or its released scripts (<c>released-code</c>) define them.</summary>
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
        Definition = MetricDefinitions.Parse(Definition, "field 'options.definition'"),
    };

    /// <summary>COLAP's options with these settings.</summary>
    public ColapOptions ToColapOptions() => new()
    {
        ThetaO = ThetaO,
        Count = Parse<Metrics.ColapCount>(nameof(ColapCount), ColapCount, NameOf),
        Definition = MetricDefinitions.Parse(Definition, "field 'options.definition'"),
    };

    /// <summary>The run description's field (under <c>options</c>) of each stage option a setting maps to.</summary>
    private static readonly Dictionary<string, string> FieldOfProperty = new(StringComparer.Ordinal)
    {
        [nameof(ExtractionOptions.Aggregation)] = "aggregation",
        [nameof(ExtractionOptions.BatchSize)] = "batch_size",
        [nameof(ExtractionOptions.Device)] = "device",
        [nameof(ExtractionOptions.DecoderPosition)] = "decoder_position",
        [nameof(ExtractionOptions.IntraOpThreads)] = "threads",
        [nameof(ConceptClusteringOptions.NumberOfThreads)] = "threads",
        [nameof(ConceptClusteringOptions.NumberOfClusters)] = "k",
        [nameof(ConceptDiscoveryOptions.NumbersOfClusters)] = "k",
        [nameof(ConceptDiscoveryOptions.Seeds)] = "seeds",
        [nameof(UncertaintyOptions.Bootstrap)] = "bootstrap",
        [nameof(UncertaintyOptions.ChanceDraws)] = "chance_draws",
        [nameof(ConceptClusteringOptions.Seed)] = "seed",
        [nameof(ConceptClusteringOptions.Restarts)] = "restarts",
        [nameof(ConceptClusteringOptions.Trainer)] = "trainer",
        [nameof(FrequencyFilterOptions.MinFrequency)] = "min_frequency",
        [nameof(FrequencyFilterOptions.MaxOccurrences)] = "max_occurrences",
        [nameof(FrequencyFilterOptions.MaxSentenceWords)] = "max_sentence_words",
        [nameof(CalignOptions.NBest)] = "nbest",
        [nameof(CalignOptions.ThetaA)] = "theta_a",
        [nameof(CalignOptions.MinTypes)] = "min_types",
        [nameof(CalignOptions.MaxSizeDifference)] = "max_size_difference",
        [nameof(ColapOptions.ThetaO)] = "theta_o",
        [nameof(ColapOptions.Count)] = "colap_count",
        [nameof(ColapOptions.Definition)] = "definition",
    };

    internal void Validate(RunDescription owner)
    {
        void Fail(string field, string problem) => throw owner.FieldError($"options.{field}", problem);

        // The names first (the stage options take enums), then each stage's own rules.
        CheckName<WordAggregation>("aggregation", Aggregation, NameOf, Fail);
        CheckName<DecoderPosition>("decoder_position", DecoderPosition, NameOf, Fail);
        CheckName<ConceptTrainer>("trainer", Trainer, NameOf, Fail);
        CheckName<Metrics.ColapCount>("colap_count", ColapCount, NameOf, Fail);
        if (!MetricDefinitions.Names.Contains(Definition))
            Fail("definition", $"is '{Definition}', expected {string.Join(" or ", MetricDefinitions.Names)}");
        try
        {
            ToExtractionOptions(null, null).Validate();
            ToFrequencyFilterOptions().Validate();
            // The dictionary stage drops long pairs by the same rule, with the aligner's upper bound.
            new Dictionary.DictionaryInductionOptions { MaxSentenceWords = MaxSentenceWords }.Validate();
            ToDiscoveryOptions().Validate();
            ToUncertaintyOptions().Validate();
            ToCalignOptions("source", "target").Validate();
            ToColapOptions().Validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } property && FieldOfProperty.TryGetValue(property, out string? field))
        {
            Fail(field, OptionErrors.Problem(e));
        }
    }

    private static T Parse<T>(string property, string name, Func<T, string> nameOf) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => nameOf(v) == name).Cast<T?>().FirstOrDefault()
        ?? throw OptionErrors.Invalid(nameof(RunSettings), property, Unknown(name, nameOf));

    private static void CheckName<T>(string field, string name, Func<T, string> nameOf, Action<string, string> fail) where T : struct, Enum
    {
        if (!Enum.GetValues<T>().Any(v => nameOf(v) == name)) fail(field, Unknown(name, nameOf));
    }

    private static string Unknown<T>(string name, Func<T, string> nameOf) where T : struct, Enum
    {
        string[] names = Enum.GetValues<T>().Select(nameOf).ToArray();
        return $"is '{name}', expected {string.Join(", ", names[..^1])} or {names[^1]}";
    }
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
