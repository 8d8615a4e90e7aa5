using System.CommandLine;
using System.Globalization;
using System.Reflection;
using MLNetConcepts.Cli;
using MLNetConcepts.Cli.Commands;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Interop;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Cli;

/// <summary>
/// The commands' defaults are the library options' defaults, and the library's errors (which name properties) reach
/// the user naming the flag they typed.
/// </summary>
public class CommandDefaultsTests
{
    private static ParseResult Parse(params string[] args) => CliApp.CreateRootCommand().Parse(args);

    [Fact]
    public void ClusterDefaultsAreTheClusteringAndFilterOptions()
    {
        ParseResult p = Parse("cluster", "--activations", "a", "--out", "b");
        var clustering = new ConceptClusteringOptions();
        var filter = new FrequencyFilterOptions();
        Assert.Equal(clustering.NumberOfClusters.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--k"));
        Assert.Equal(clustering.Seed.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--seed"));
        Assert.Equal(clustering.Restarts.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--restarts"));
        Assert.Equal(clustering.MaximumNumberOfIterations, p.GetValue<int>("--max-iterations"));
        Assert.Equal(clustering.Tolerance, p.GetValue<double>("--tolerance"));
        Assert.Equal(RunSettings.NameOf(clustering.Trainer), p.GetValue<string>("--trainer"));
        Assert.Equal(filter.MinFrequency.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--min-frequency"));
        Assert.Equal(filter.MaxOccurrences.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--max-occurrences"));
        Assert.Equal(filter.MaxSentenceWords.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--max-sentence-words"));
        // cluster fits one seed unless told otherwise (analyze fits three).
        Assert.Equal(new ConceptDiscoveryOptions().Seeds.ToString(CultureInfo.InvariantCulture), p.GetValue<string>("--seeds"));
    }

    [Fact]
    public void ExtractDictionaryAlignAndOverlapDefaultsAreTheirOptions()
    {
        ParseResult extract = Parse("extract", "--model", "m", "--input", "i", "--language", "en", "--out", "o");
        var extraction = new ExtractionOptions();
        Assert.Equal(extraction.BatchSize.ToString(CultureInfo.InvariantCulture), extract.GetValue<string>("--batch-size"));
        Assert.Equal(extraction.DeviceOrCpu, extract.GetValue<string>("--device"));
        Assert.Equal(extraction.IntraOpThreads.ToString(CultureInfo.InvariantCulture), extract.GetValue<string>("--threads"));
        Assert.Equal(RunSettings.NameOf(extraction.Aggregation), extract.GetValue<string>("--aggregation"));
        Assert.Equal(RunSettings.NameOf(extraction.DecoderPosition), extract.GetValue<string>("--decoder-position"));

        ParseResult dictionary = Parse("dictionary", "--source", "s", "--target", "t", "--source-language", "en", "--target-language", "de", "--out", "o");
        var induction = new DictionaryInductionOptions();
        Assert.Equal(induction.NBest, dictionary.GetValue<int>("--nbest"));
        Assert.Equal(induction.Aligner.Threads, dictionary.GetValue<int>("--threads"));

        ParseResult align = Parse("align", "--source-concepts", "c", "--target-concepts", "c", "--dictionary", "d", "--source-language", "en",
            "--target-language", "de", "--out", "o");
        var calign = new CalignOptions();
        Assert.Equal(calign.ThetaA.ToString("R", CultureInfo.InvariantCulture), align.GetValue<string>("--theta-a"));
        Assert.Equal(calign.NBest.ToString(CultureInfo.InvariantCulture), align.GetValue<string>("--nbest"));
        Assert.Equal(calign.MinTypes.ToString(CultureInfo.InvariantCulture), align.GetValue<string>("--min-types"));
        Assert.Equal(calign.MaxSizeDifference.ToString("R", CultureInfo.InvariantCulture), align.GetValue<string>("--max-size-difference"));
        Assert.Equal(calign.Definition.Name(), align.GetValue<string>("--definition"));

        ParseResult overlap = Parse("overlap", "--concepts", "c", "--out", "o");
        var colap = new ColapOptions();
        Assert.Equal(colap.ThetaO.ToString("R", CultureInfo.InvariantCulture), overlap.GetValue<string>("--theta-o"));
        Assert.Equal(RunSettings.NameOf(colap.Count), overlap.GetValue<string>("--count"));

        ParseResult export = Parse("export", "--concepts", "c", "--out", "o");
        Assert.Equal(new ConceptXExportOptions().NBest, export.GetValue<int>("--nbest"));
    }

    /// <summary>Per command: its map, the options classes whose properties it names, and the jobs whose parameters it names.</summary>
    public static TheoryData<string, IReadOnlyDictionary<string, string>, Type[], Type[]> PropertyFlagMaps => new()
    {
        { "align", AlignCommand.Flags, [typeof(CalignOptions), typeof(UncertaintyOptions)], [] },
        { "overlap", OverlapCommand.Flags, [typeof(ColapOptions), typeof(UncertaintyOptions)], [] },
        { "dictionary", DictionaryCommand.Flags, [typeof(DictionaryInductionOptions), typeof(WordAlignerOptions)], [typeof(DictionaryJob)] },
        { "cluster", ClusterCommand.Flags, [typeof(ConceptDiscoveryOptions), typeof(ConceptClusteringOptions), typeof(FrequencyFilterOptions)], [] },
        { "cluster", NeuroxInputOptions.Flags, [typeof(NeuroxSource)], [] },
        { "extract", ExtractCommand.Flags, [typeof(ExtractionOptions)], [typeof(ExtractionJob)] },
        { "export", ExportCommand.Flags, [typeof(ConceptXExportOptions)], [typeof(ConceptXExport)] },
        { "analyze", AnalyzeCommand.Flags, [typeof(MLNetConcepts.Execution.LocalRunOptions)], [typeof(MLNetConcepts.Execution.Analysis)] },
    };

    [Theory]
    [MemberData(nameof(PropertyFlagMaps))]
    public void EveryMappedPropertyAndFlagExists(string command, IReadOnlyDictionary<string, string> flags, Type[] options, Type[] jobs)
    {
        Command found = CliApp.CreateRootCommand().Subcommands.Single(c => c.Name == command);
        foreach ((string name, string flag) in flags)
        {
            bool isProperty = options.Any(t => t.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is not null);
            bool isParameter = jobs.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).SelectMany(m => m.GetParameters())
                .Any(p => p.Name == name);
            Assert.True(isProperty || isParameter, $"{command}: '{name}' is no property of its options nor a parameter of its jobs");
            Assert.Contains(found.Options, o => o.Name == flag);
        }
    }

    [Theory]
    [InlineData("--theta-a", "1.5", "option --theta-a: must be in [0, 1], got 1.5")]
    [InlineData("--min-types", "-1", "option --min-types: must be 0 or more, got -1")]
    [InlineData("--max-size-difference", "2", "option --max-size-difference: must be in [0, 1], got 2")]
    [InlineData("--bootstrap", "-1", "option --bootstrap: must be in [1, 100000], got -1")]
    public async Task AlignNamesTheFlagOfABadProperty(string flag, string value, string expected)
    {
        var (code, error) = await CliRunner.RunTrimmedAsync(
            "align", "--source-concepts", "c", "--target-concepts", "c", "--dictionary", "d", "--source-language", "en", "--target-language", "de",
            "--out", "o.parquet", flag, value);
        Assert.Equal((CommandRunner.BadInput, $"mlnetconcepts: {expected}"), (code, error));
    }

    [Fact]
    public async Task ClusterNamesTheFlagOfABadPropertyBeforeReadingAnything()
    {
        var (code, error) = await CliRunner.RunTrimmedAsync("cluster", "--activations", "missing", "--out", "o.parquet", "--k", "1");
        Assert.Equal((CommandRunner.BadInput, "mlnetconcepts: option --k: must be at least 2, got 1"), (code, error));
    }

    [Fact]
    public async Task ACommandChecksOnlyTheRulesOfItsOwnStage()
    {
        // max_sentence_words is one option with two rules: the frequency filter's and the aligner's (at most 4,096 words).
        // cluster checks only the filter's, so 5,000 passes and the missing activations are what it reports ...
        var (code, error) = await CliRunner.RunTrimmedAsync("cluster", "--activations", "missing", "--out", "o.parquet", "--max-sentence-words", "5000");
        Assert.Equal(CommandRunner.BadInput, code);
        Assert.DoesNotContain("--max-sentence-words", error);
        Assert.Contains("missing", error);
        // ... and dictionary the aligner's, naming the flag.
        (code, error) = await CliRunner.RunTrimmedAsync("dictionary", "--source", "s", "--target", "t", "--source-language", "en",
            "--target-language", "de", "--out", "o.parquet", "--max-sentence-words", "5000");
        Assert.Equal(CommandRunner.BadInput, code);
        Assert.StartsWith("mlnetconcepts: option --max-sentence-words: ", error);
    }
}
