using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Runs;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>The report's opening sentences say, from the numbers, which layer aligns most and what tuning did.</summary>
public class RunFindingsTests
{
    private static readonly ModelEntry Base = new() { Label = "base", Path = "b" };
    private static readonly ModelEntry Tuned = new() { Label = "fine-tuned", Path = "t", TunedOn = ["en", "de"] };

    private static RunCalign Row(string model, string source, string target, int layer, double calign) =>
        new(model, source == "ar" || target == "ar" ? "en-ar" : "en-de",
            new CalignSummary("encoder", "encoder", layer, source, target, 100, 20, (int)(calign / 5), calign));

    private static List<RunCalign> Rows() =>
    [
        // base: flat and low; fine-tuned: en-de peaks at layer 2, zero-shot en-ar rises a little
        Row("base", "en", "de", 0, 4), Row("base", "en", "de", 1, 6), Row("base", "en", "de", 2, 5),
        Row("base", "de", "en", 0, 2), Row("base", "de", "en", 1, 4), Row("base", "de", "en", 2, 3),
        Row("base", "en", "ar", 0, 1), Row("base", "en", "ar", 1, 2), Row("base", "en", "ar", 2, 0),
        Row("fine-tuned", "en", "de", 0, 4), Row("fine-tuned", "en", "de", 1, 20), Row("fine-tuned", "en", "de", 2, 40),
        Row("fine-tuned", "de", "en", 0, 2), Row("fine-tuned", "de", "en", 1, 16), Row("fine-tuned", "de", "en", 2, 30),
        Row("fine-tuned", "en", "ar", 0, 1), Row("fine-tuned", "en", "ar", 1, 3), Row("fine-tuned", "en", "ar", 2, 8),
    ];

    /// <summary>A third language: French gains from tuning on en-de, Arabic (above) a little.</summary>
    private static List<RunCalign> WithFrench() =>
    [
        .. Rows(),
        Row("base", "de", "fr", 0, 3), Row("base", "de", "fr", 1, 2), Row("base", "fr", "de", 1, 1),
        Row("fine-tuned", "de", "fr", 0, 3), Row("fine-tuned", "de", "fr", 1, 14), Row("fine-tuned", "fr", "de", 1, 10),
    ];

    [Fact]
    public void NamesTheLayerThatAlignsMostAndWhatTuningDid()
    {
        IReadOnlyList<string> sentences = RunFindings.Summarize(Rows(), [Base, Tuned]);

        Assert.Equal(2, sentences.Count);
        // fine-tuned, mean over en→de, de→en, en→ar: layer 0 = 2.33, layer 1 = 13, layer 2 = 26
        Assert.Equal("Concepts align most at layer 2 of fine-tuned: 26% of source concepts find a translated target concept " +
                     "there (mean CALIGN over 3 directions: en→de, de→en, en→ar), against 2.3% at layer 0.", sentences[0]);
        // tuned pair best layer: base max(3, 5, 4) = 5, fine-tuned max(3, 18, 35) = 35; zero-shot: base 2, tuned 8
        Assert.Equal("Tuning on en-de raised CALIGN between those languages at the best layer from 5% (base) to 35% (fine-tuned); " +
                     "for the zero-shot pair it went from en-ar 2% to 8%.", sentences[1]);
    }

    [Fact]
    public void EachZeroShotPairIsReportedOnItsOwn()
    {
        string tuning = RunFindings.Summarize(WithFrench(), [Base, Tuned])[1];
        // de-fr: base layer 0 = 3, layer 1 = mean(2, 1) = 1.5 -> 3; fine-tuned layer 1 = mean(14, 10) = 12; ar-en as above
        Assert.EndsWith("; for the zero-shot pairs it went from de-fr 3% to 12%, en-ar 2% to 8%.", tuning);   // a tuned language first, pairs in order
    }

    [Fact]
    public void SaysSoWhenTuningLoweredOrHardlyChangedAlignment()
    {
        List<RunCalign> lowered = Rows().Select(r => r.Model == "fine-tuned" ? r with { Row = r.Row with { Calign = r.Row.Calign / 10 } } : r).ToList();
        Assert.StartsWith("Tuning on en-de lowered CALIGN", RunFindings.Summarize(lowered, [Base, Tuned])[1]);

        List<RunCalign> same = Rows().Where(r => r.Model == "base").Concat(Rows().Where(r => r.Model == "base").Select(r => r with { Model = "fine-tuned" })).ToList();
        Assert.StartsWith("Tuning on en-de hardly changed CALIGN", RunFindings.Summarize(same, [Base, Tuned])[1]);
    }

    [Fact]
    public void WithoutATunedModelOnlyTheLayerIsReported()
    {
        IReadOnlyList<string> sentences = RunFindings.Summarize(Rows().Where(r => r.Model == "base").ToList(), [Base]);
        Assert.Single(sentences);
        Assert.StartsWith("Concepts align most at layer 1 of base: 4%", sentences[0]);
        Assert.Empty(RunFindings.Summarize([], [Base]));
    }

    [Fact]
    public async Task TheReportOpensWithTheFindings()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        string html = await File.ReadAllTextAsync(Path.Combine(run.Folder, "report.html"), TestContext.Current.CancellationToken);
        string first = RunFindings.Summarize(await run.CalignAsync(TestContext.Current.CancellationToken), run.Description.Models)[0];
        int lead = html.IndexOf("<p class=\"lead\">" + System.Net.WebUtility.HtmlEncode(first), StringComparison.Ordinal);
        Assert.True(lead > 0, "the report has no opening finding");
        Assert.True(lead < html.IndexOf("<h2>", StringComparison.Ordinal), "the findings come after the first section heading");
    }
}
