using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Execution;

/// <summary>
/// <c>analyze</c>'s default run (README.md, docs/results.md) shows the paper's picture: <c>analyze</c> over <c>examples/demo-run.json</c>, on its
/// Multi30k captions (English, German, French; held out from both demo models), at the run description's settings.
/// demo-tuned was tuned on English-German word alignment only (models/tune_demo_alignment.py), so its
/// English-German concepts must align far more than demo-base's, and French, never seen in tuning, must gain
/// something too (the paper's zero-shot finding). The thresholds are issue #13's target for the demo.
/// </summary>
public class DemoFindingsTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<RunFolder>> Run = new(async () =>
    {
        RunDescription description = RunDescription.Load(Path.Combine(RepoPaths.Examples, "demo-run.json"));
        // The English-Arabic corpus is the report's second zero-shot pair; these checks need only the captions.
        description.Corpus.RemoveAll(c => !c.Languages.Contains("fr"));
        string folder = TempFolder.ForProcess("demo-findings");
        description.Out = folder;
        return await Analysis.RunAsync(description, folder);
    });

    /// <summary>CALIGN of one model between two languages at each layer: the mean of both directions.</summary>
    private static async Task<double[]> PairByLayer(string model, string a, string b)
    {
        IReadOnlyList<RunCalign> rows = await (await Run.Value).CalignAsync(TestContext.Current.CancellationToken);
        return rows.Where(r => r.Model == model && r.Row.Seed == FirstSeed && (r.Row.SourceLanguage, r.Row.TargetLanguage) is var d && (d == (a, b) || d == (b, a)))
            .GroupBy(r => r.Row.Layer).OrderBy(g => g.Key).Select(g => g.Average(r => r.Row.Calign)).ToArray();
    }

    private static async Task<double[]> DirectionByLayer(string model, string source, string target)
    {
        IReadOnlyList<RunCalign> rows = await (await Run.Value).CalignAsync(TestContext.Current.CancellationToken);
        return rows.Where(r => r.Model == model && r.Row.Seed == FirstSeed && r.Row.SourceLanguage == source && r.Row.TargetLanguage == target)
            .OrderBy(r => r.Row.Layer).Select(r => r.Row.Calign).ToArray();
    }

    /// <summary>The checks below were set on one clustering, the run's first seed; the intervals over all three are checked apart.</summary>
    private const int FirstSeed = 212;

    [Theory]
    [InlineData("en", "de")]
    [InlineData("de", "en")]
    public async Task OverThreeSeedsTuningRaisesCalignBeyondTheIntervalOfTheDifferenceAtMostLayers(string source, string target)
    {
        IReadOnlyList<ModelDifference> comparisons = await (await Run.Value).ComparisonsAsync(TestContext.Current.CancellationToken);
        var cells = comparisons.Where(c => c.Metric == "calign" && c.ModelA == "base" && c.ModelB == "fine-tuned" && c.LanguageA == source && c.LanguageB == target)
            .OrderBy(c => c.Layer).ToArray();
        output.WriteLine(string.Join(" / ", cells.Select(c => $"{c.Layer}: {c.DifferenceMean:0.0} [{c.DifferenceLow:0.0}, {c.DifferenceHigh:0.0}]")));
        Assert.Equal(7, cells.Length);
        Assert.All(cells, c => Assert.Equal(3, c.Seeds));
        // Tuning's loss acts on layers 1-6, deeper ones weighted more: the gain must be told apart from 0 at most of layers 2-6.
        Assert.True(cells.Count(c => c.Layer >= 2 && c.DifferenceLow > 0) >= 4,
            $"fine-tuned - base {source}->{target} leaves out 0 at only {cells.Count(c => c.Layer >= 2 && c.DifferenceLow > 0)} of layers 2-6");
    }

    [Theory]
    [InlineData("en", "de")]
    [InlineData("de", "en")]
    public async Task TuningOnEnglishGermanAlignsTheirConcepts(string source, string target)
    {
        double[] tuned = await DirectionByLayer("fine-tuned", source, target);
        double[] untuned = await DirectionByLayer("base", source, target);
        output.WriteLine($"{source}->{target} CALIGN by layer: base {Show(untuned)}; fine-tuned {Show(tuned)}");

        Assert.Equal(7, tuned.Length);
        // At the best layer of each: at least 20%, and at least three times the base model's (one concept of ~35
        // considered is ~3%, so a base at 0% still asks for more than one aligned concept).
        Assert.True(tuned.Max() >= 20, $"fine-tuned {source}->{target} reaches only {tuned.Max():0.0}% at its best layer");
        Assert.True(tuned.Max() >= 3 * Math.Max(untuned.Max(), 3),
            $"fine-tuned {source}->{target} {tuned.Max():0.0}% is under three times base's {untuned.Max():0.0}%");
    }

    [Fact]
    public async Task ZeroShotFrenchGainsLessThanTheTunedPairButGains()
    {
        double[] tunedPair = await PairByLayer("fine-tuned", "en", "de");
        double[] french = await PairByLayer("fine-tuned", "de", "fr");
        double[] frenchBase = await PairByLayer("base", "de", "fr");
        output.WriteLine($"de-fr CALIGN by layer: base {Show(frenchBase)}; fine-tuned {Show(french)}; fine-tuned en-de {Show(tunedPair)}");

        // Layers 2-6, where tuning acted most (the loss weights deeper layers more); averaged, since one layer's
        // count of aligned concepts is small.
        double gained = french.Skip(2).Average(), before = frenchBase.Skip(2).Average();
        Assert.True(gained >= 2 * Math.Max(before, 2), $"zero-shot de-fr {gained:0.0}% is not clearly above base's {before:0.0}%");
        Assert.True(gained < tunedPair.Skip(2).Average(), $"zero-shot de-fr {gained:0.0}% is not below the tuned pair's");
    }

    private static string Show(double[] values) => string.Join(" / ", values.Select(v => v.ToString("0.0")));
}
