using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Tests.RunFolders;

/// <summary>
/// The run description's options are the stage options under other names: the same defaults (docs/method.md) and the same
/// rules, so a default or a rule changed in one place cannot leave <c>analyze</c> and the commands apart.
/// </summary>
public class RunSettingsTests
{
    [Fact]
    public void TheStageOptionsHoldSpecsDefaults()
    {
        var clustering = new ConceptClusteringOptions();
        var filter = new FrequencyFilterOptions();
        var calign = new CalignOptions();
        var colap = new ColapOptions();
        var extraction = new ExtractionOptions();
        Assert.Equal((600, 212, 1, ConceptTrainer.KMeansPlusPlus, 300, 1e-4),
            (clustering.NumberOfClusters, clustering.Seed, clustering.Restarts, clustering.Trainer, clustering.MaximumNumberOfIterations, clustering.Tolerance));
        Assert.Equal((5, 10, 300), (filter.MinFrequency, filter.MaxOccurrences, filter.MaxSentenceWords));
        Assert.Equal((0.8, 10, 5, 0.4, MetricDefinition.Paper), (calign.ThetaA, calign.NBest, calign.MinTypes, calign.MaxSizeDifference, calign.Definition));
        Assert.Equal((0.3, ColapCount.Occurrences), (colap.ThetaO, colap.Count));
        // Device not given: the MLContext's GPU in a pipeline, CPU in the extraction job.
        Assert.Equal((WordAggregation.Last, 32, null, "cpu", 0, DecoderPosition.Predict),
            (extraction.Aggregation, extraction.BatchSize, extraction.Device, extraction.DeviceOrCpu, extraction.IntraOpThreads, extraction.DecoderPosition));
    }

    [Fact]
    public void DefaultSettingsMapToDefaultStageOptions()
    {
        var settings = new RunSettings();

        ConceptClusteringOptions clustering = settings.ToClusteringOptions(), clusteringDefaults = new();
        Assert.Equal((clusteringDefaults.NumberOfClusters, clusteringDefaults.Seed, clusteringDefaults.Restarts, clusteringDefaults.Trainer, clusteringDefaults.NumberOfThreads),
            (clustering.NumberOfClusters, clustering.Seed, clustering.Restarts, clustering.Trainer, clustering.NumberOfThreads));

        FrequencyFilterOptions filter = settings.ToFrequencyFilterOptions(), filterDefaults = new();
        Assert.Equal((filterDefaults.MinFrequency, filterDefaults.MaxOccurrences, filterDefaults.MaxSentenceWords),
            (filter.MinFrequency, filter.MaxOccurrences, filter.MaxSentenceWords));

        CalignOptions calign = settings.ToCalignOptions("en", "de"), calignDefaults = new();
        Assert.Equal((calignDefaults.ThetaA, calignDefaults.NBest, calignDefaults.MinTypes, calignDefaults.MaxSizeDifference, calignDefaults.Definition),
            (calign.ThetaA, calign.NBest, calign.MinTypes, calign.MaxSizeDifference, calign.Definition));

        ColapOptions colap = settings.ToColapOptions(), colapDefaults = new();
        Assert.Equal((colapDefaults.ThetaO, colapDefaults.Count, colapDefaults.Definition), (colap.ThetaO, colap.Count, colap.Definition));

        ExtractionOptions extraction = settings.ToExtractionOptions(null, null), extractionDefaults = new();
        // A run folder records the device it ran on: the job's default, CPU.
        Assert.Equal((extractionDefaults.Aggregation, extractionDefaults.BatchSize, extractionDefaults.DeviceOrCpu, extractionDefaults.IntraOpThreads, extractionDefaults.DecoderPosition),
            (extraction.Aggregation, extraction.BatchSize, extraction.Device, extraction.IntraOpThreads, extraction.DecoderPosition));
    }

    [Fact]
    public void EverySettingReachesItsStageOption()
    {
        var settings = new RunSettings
        {
            Aggregation = "mean", BatchSize = 7, Device = "cuda:1", DecoderPosition = "read", Threads = 3, K = [9], Seed = 4, Restarts = 2,
            Trainer = "mlnet", MinFrequency = 2, MaxOccurrences = 6, MaxSentenceWords = 50, Nbest = 4, ThetaA = 0.7, MinTypes = 3,
            MaxSizeDifference = 0.2, ThetaO = 0.25, ColapCount = "types",
        };
        ExtractionOptions e = settings.ToExtractionOptions([1, 2], ExtractionComponents.Both);
        Assert.Equal((WordAggregation.Mean, 7, "cuda:1", DecoderPosition.Read, 3, ExtractionComponents.Both),
            (e.Aggregation, e.BatchSize, e.Device, e.DecoderPosition, e.IntraOpThreads, e.Components));
        Assert.Equal([1, 2], e.Layers!);
        ConceptClusteringOptions c = settings.ToClusteringOptions();
        Assert.Equal((9, 4, 2, ConceptTrainer.MLNet, (int?)3), (c.NumberOfClusters, c.Seed, c.Restarts, c.Trainer, c.NumberOfThreads));
        FrequencyFilterOptions f = settings.ToFrequencyFilterOptions();
        Assert.Equal((2, 6, 50), (f.MinFrequency, f.MaxOccurrences, f.MaxSentenceWords));
        CalignOptions a = settings.ToCalignOptions("en", "de");
        Assert.Equal(("en", "de", 0.7, 4, 3, 0.2), (a.SourceLanguage, a.TargetLanguage, a.ThetaA, a.NBest, a.MinTypes, a.MaxSizeDifference));
        ColapOptions o = settings.ToColapOptions();
        Assert.Equal((0.25, ColapCount.Types), (o.ThetaO, o.Count));
    }

    public static TheoryData<string, Action<RunSettings>, Action> SameRule => new()
    {
        { "k", s => s.K = [1], () => new ConceptClusteringOptions { NumberOfClusters = 1 }.Validate() },
        { "restarts", s => s.Restarts = 0, () => new ConceptClusteringOptions { Restarts = 0 }.Validate() },
        { "min_frequency", s => s.MinFrequency = 0, () => new FrequencyFilterOptions { MinFrequency = 0 }.Validate() },
        { "max_sentence_words", s => s.MaxSentenceWords = 0, () => new FrequencyFilterOptions { MaxSentenceWords = 0 }.Validate() },
        { "theta_a", s => s.ThetaA = 1.5, () => new CalignOptions { SourceLanguage = "a", TargetLanguage = "b", ThetaA = 1.5 }.Validate() },
        { "nbest", s => s.Nbest = 0, () => new CalignOptions { SourceLanguage = "a", TargetLanguage = "b", NBest = 0 }.Validate() },
        { "max_size_difference", s => s.MaxSizeDifference = -0.1, () => new CalignOptions { SourceLanguage = "a", TargetLanguage = "b", MaxSizeDifference = -0.1 }.Validate() },
        { "theta_o", s => s.ThetaO = -0.5, () => new ColapOptions { ThetaO = -0.5 }.Validate() },
        { "batch_size", s => s.BatchSize = 0, () => new ExtractionOptions { BatchSize = 0 }.Validate() },
        { "threads", s => s.Threads = -1, () => new ExtractionOptions { IntraOpThreads = -1 }.Validate() },
        { "device", s => s.Device = "tpu", () => new ExtractionOptions { Device = "tpu" }.Validate() },
    };

    [Theory]
    [MemberData(nameof(SameRule))]
    public void ARunDescriptionRefusesWhatTheStageRefusesInTheStagesWords(string field, Action<RunSettings> spoil, Action stage)
    {
        var description = new RunDescription();
        spoil(description.Options);
        var run = Assert.Throws<MLNetConceptsException>(() => description.Options.Validate(description));
        var own = Assert.ThrowsAny<ArgumentException>(stage);
        Assert.Equal($"run description: field 'options.{field}' {OptionErrors.Problem(own)}", run.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(600)]
    public void AValueTheStageAcceptsTheRunDescriptionAcceptsToo(int k)
    {
        var description = new RunDescription();
        description.Options.K = [k];
        new ConceptClusteringOptions { NumberOfClusters = k }.Validate();
        description.Options.Validate(description);
    }
}
