using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>The report's opening sentences claim only what the intervals allow: footing, indistinguishable layers, chance, few concepts, differences.</summary>
public class RunFindingsTests
{
    private static readonly ModelEntry Base = new() { Label = "base", Path = "b" };
    private static readonly ModelEntry Tuned = new() { Label = "fine-tuned", Path = "t", TunedOn = ["en", "de"] };
    private const string Footing = "K = 40, 3 K-means seeds (212–214), θA = 0.8, θO = 0.3";

    private static RunCalignSummary Row(string model, string source, string target, int layer, double mean, double low, double high,
        double considered = 40, double chanceHigh = 5) =>
        new(model, "en-de", new CalignAcrossSeeds
        {
            SourceComponent = "encoder", TargetComponent = "encoder", Layer = layer, SourceLanguage = source, TargetLanguage = target, K = 40, Seeds = 3,
            CalignMean = mean, CalignLow = low, CalignHigh = high, ConsideredMean = considered, AlignedMean = considered * mean / 100,
            ChanceMean = chanceHigh / 2, ChanceHigh = chanceHigh,
        });

    private static ModelDifference Difference(string source, string target, int layer, double mean, double low, double high) => new()
    {
        Metric = "calign", Corpus = "en-de", ModelA = "base", ModelB = "fine-tuned", SourceComponent = "encoder", TargetComponent = "encoder",
        Layer = layer, LanguageA = source, LanguageB = target, K = 40, Seeds = 3, DifferenceMean = mean, DifferenceLow = low, DifferenceHigh = high,
    };

    [Fact]
    public void StatesTheFootingFirst()
    {
        IReadOnlyList<string> sentences = RunFindings.Summarize([Row("base", "en", "de", 0, 10, 5, 15)], [], [Base], Footing);
        Assert.StartsWith($"Footing: {Footing}; each value is a mean over seeds with its 95% interval", sentences[0]);
    }

    [Fact]
    public void NamesEveryLayerWhoseIntervalOverlapsTheBest()
    {
        // Layer 3 has the highest mean, but layers 2 and 4 overlap its interval [14, 26]; layer 0 does not.
        RunCalignSummary[] rows =
        [
            Row("fine-tuned", "en", "de", 0, 3, 1, 6), Row("fine-tuned", "en", "de", 2, 17, 12, 22),
            Row("fine-tuned", "en", "de", 3, 20, 14, 26), Row("fine-tuned", "en", "de", 4, 15, 10, 20),
        ];
        string sentence = RunFindings.Summarize(rows, [], [Base, Tuned], Footing)[1];
        Assert.Equal("fine-tuned, en→de (en-de): CALIGN is highest mean at layer 3, but layers 2–4 are indistinguishable from it (their intervals overlap): " +
                     "20% (14%–26%; 8 of 40 considered concepts aligned on average), above the chance level (2.5%, 95th percentile 5%).", sentence);
    }

    [Fact]
    public void ALayerThatStandsOutIsSaidToAndChanceAndFewConceptsAreNamed()
    {
        RunCalignSummary[] rows = [Row("base", "en", "de", 0, 3, 0, 6, considered: 12, chanceHigh: 8), Row("base", "en", "de", 1, 30, 20, 40, considered: 12, chanceHigh: 8)];
        string best = RunFindings.Summarize(rows, [], [Base], Footing)[1];
        Assert.Contains("highest at layer 1, whose interval overlaps no other layer's", best);
        Assert.Contains("above the chance level", best);
        Assert.Contains("rests on fewer than 30 considered concepts, so one concept moves it by 8.3%", best);

        RunCalignSummary[] atChance = [Row("base", "en", "de", 0, 6, 2, 10, chanceHigh: 8)];
        Assert.Contains("not clearly above the chance level (4%, 95th percentile 8%)", RunFindings.Summarize(atChance, [], [Base], Footing)[1]);
    }

    [Fact]
    public void CallsModelsDifferentOnlyWhereTheIntervalLeavesOutZero()
    {
        RunCalignSummary[] rows = [Row("fine-tuned", "en", "de", 1, 20, 14, 26)];
        ModelDifference[] differences =
        [
            Difference("en", "de", 0, 1, -3, 5), Difference("en", "de", 1, 15, 8, 22), Difference("en", "de", 2, 9, 2, 16),
            Difference("en", "fr", 1, 4, -1, 9),
        ];
        string sentence = RunFindings.Summarize(rows, differences, [Base, Tuned], Footing)[^1];
        Assert.Equal("fine-tuned against base (CALIGN, b − a, called a difference only where its 95% interval leaves out 0): " +
                     "en→de: 2 of 3 layers differ, most at layer 1 (+15 points, +8 to +22); en→fr (zero-shot): no layer differs.", sentence);
    }

    [Fact]
    public void LinesAreDrawnAsThePaperDoesAndTheAnyTwoLanguagesRowIsNotZeroShot()
    {
        ModelEntry[] models = [Base, Tuned];
        Assert.Equal((LineStyle.Dotted, ""), ReportSeries.StyleOf(models, "base", "en", "de"));
        Assert.Equal((LineStyle.Solid, ""), ReportSeries.StyleOf(models, "fine-tuned", "en", "de"));
        Assert.Equal((LineStyle.Dashed, " (zero-shot)"), ReportSeries.StyleOf(models, "fine-tuned", "en", "fr"));
        // COLAP's "*" counts a concept where any two languages overlap, the tuned pair included.
        Assert.Equal((LineStyle.Solid, ""), ReportSeries.StyleOf(models, "fine-tuned", "*", "*"));
        Assert.Equal((LineStyle.Solid, ""), ReportSeries.StyleOf([Base], "base", "en", "de"));
    }

    [Fact]
    public void NoRowsNoFindings() => Assert.Empty(RunFindings.Summarize([], [], [Base], Footing));

    [Fact]
    public async Task TheReportOpensWithTheFindings()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        string html = await File.ReadAllTextAsync(Path.Combine(run.Folder, "report.html"), TestContext.Current.CancellationToken);
        int lead = html.IndexOf("<p class=\"lead\">Footing: K = ", StringComparison.Ordinal);
        Assert.True(lead > 0, "the report has no opening finding");
        Assert.True(lead < html.IndexOf("<h2>", StringComparison.Ordinal), "the findings come after the first section heading");
        string second = RunFindings.Summarize(await run.CalignSummaryAsync(TestContext.Current.CancellationToken), await run.ComparisonsAsync(TestContext.Current.CancellationToken),
            run.Description.Models, "x")[1];
        Assert.Contains(System.Net.WebUtility.HtmlEncode(second), html);
    }
}
