using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.RunFolders;

/// <summary>Bad run descriptions fail before any work, with one line naming the file and field, exit code 2, nothing written.</summary>
public class RunDescriptionTests
{
    private static string Json(TempFolder temp, string body)
    {
        string path = temp.File("run.json");
        File.WriteAllText(path, body);
        return path;
    }

    private static string Models => RepoPaths.Models.Replace("\\", "/");

    private static string Data => Path.Combine(RepoPaths.Examples, "data").Replace("\\", "/");

    private static string Valid(string extra = "", string corpus = "", string layers = "[1, 2]") => $$"""
        {
          "models": [ { "label": "base", "path": "{{Models}}/tiny-xlmr" } ],
          "corpus": [ {{(corpus == "" ? $"{{ \"languages\": [\"en\", \"de\"], \"files\": [\"{Data}/en-de.en\", \"{Data}/en-de.de\"] }}" : corpus)}} ],
          "layers": {{layers}}{{extra}}
        }
        """;

    [Fact]
    public void AValidDescriptionLoadsWithDefaults()
    {
        using var temp = new TempFolder();
        RunDescription d = RunDescription.Load(Json(temp, Valid()));
        var models = d.Validate();
        Assert.Equal(["base"], models.Keys);
        Assert.Equal([600], d.Options.K);
        Assert.Equal(RunSettings.DefaultSeeds, d.Options.Seeds);
        Assert.Equal(0.8, d.Options.ThetaA);
        Assert.Equal([1, 2], d.Layers!);
        Assert.Equal("en-de", d.Corpus[0].Name);
    }

    [Fact]
    public void TheDefinitionReachesBothMetricsOptions()
    {
        using var temp = new TempFolder();
        RunDescription d = RunDescription.Load(Json(temp, Valid(", \"options\": { \"definition\": \"released-code\" }")));
        d.Validate();
        Assert.Equal(MetricDefinition.ReleasedCode, d.Options.ToCalignOptions("en", "de").Definition);
        Assert.Equal(MetricDefinition.ReleasedCode, d.Options.ToColapOptions().Definition);
        Assert.Equal(MetricDefinition.Paper, RunDescription.Load(Json(temp, Valid())).Options.ToColapOptions().Definition);
    }

    [Fact]
    public void LayersDefaultToThePapersSelection()
    {
        using var temp = new TempFolder();
        RunDescription d = RunDescription.Load(Json(temp, $$"""{ "models": [ { "path": "{{Models}}/tiny-xlmr" } ], "corpus": [] }"""));
        Assert.Equal([0, 1, 3, 6, 9, 12], d.Layers!);
        d = RunDescription.Load(Json(temp, Valid(layers: "\"all\"")));
        Assert.Null(d.Layers);
    }

    [Theory]
    [InlineData(", \"colour\": 1", "field 'colour': unknown field")]
    [InlineData(", \"options\": { \"thetaa\": 1 }", "field 'options.thetaa': unknown field")]
    [InlineData(", \"options\": { \"theta_a\": 1.5 }", "field 'options.theta_a' must be in [0, 1], got 1.5")]
    [InlineData(", \"options\": { \"k\": \"many\" }", "field 'options.k': expected a whole number")]
    [InlineData(", \"options\": { \"theta_a\": \"high\" }", "field 'options.theta_a': expected a number")]
    [InlineData(", \"options\": { \"definition\": \"code\" }", "field 'options.definition' is 'code', expected paper or released-code")]
    [InlineData(", \"options\": { \"definition\": \"released-code\", \"colap_count\": \"types\" }", "field 'options.colap_count' must count occurrences under the released-code definition (the released COLAP script counts occurrences only)")]
    [InlineData(", \"languages\": \"en\"", "field 'languages': expected a list")]
    [InlineData(", \"languages\": [\"en\", \"fr\"]", "field 'languages' 'fr' is not in the corpus (languages: de, en)")]
    public void BadFieldsNameTheFileAndField(string extra, string expected)
    {
        using var temp = new TempFolder();
        string path = Json(temp, Valid(extra));
        var e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path).Validate());
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LayersTheModelLacksAreNamed()
    {
        using var temp = new TempFolder();
        string path = Json(temp, Valid(layers: "[1, 7]"));
        var e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path).Validate());
        Assert.Contains("field 'layers' layer 7 is not in model 'base'", e.Message);
        Assert.Contains("has layers 0..3", e.Message);
    }

    [Fact]
    public void DefaultLayersThatDoNotFitSaySoAndHowToFix()
    {
        using var temp = new TempFolder();
        // No "layers": the default 0,1,3,6,9,12 meets a 3-layer model; the user never wrote layer 6.
        string path = Json(temp, Valid().Replace("\"layers\": [1, 2]", "\"out\": \"run\"", StringComparison.Ordinal));
        var e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path).Validate());
        Assert.Contains("field 'layers' layer 6 is not in model 'base'", e.Message);
        Assert.EndsWith("0,1,3,6,9,12 is the default when 'layers' is not given: give \"layers\": \"all\" or a list", e.Message);

        string given = Json(temp, Valid(layers: "[1, 7]"));
        Assert.DoesNotContain("default", Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(given).Validate()).Message);
    }

    [Fact]
    public void CorpusFilesMustExistAndBeLineAligned()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("a.en"), ["one two", "three"]);
        File.WriteAllLines(temp.File("a.de"), ["eins zwei"]);
        string path = Json(temp, Valid(corpus: $$"""{ "languages": ["en", "de"], "files": ["a.en", "a.de"] }"""));
        var e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path).Validate());
        Assert.Contains("field 'corpus[0].files[1]'", e.Message);
        Assert.Contains("has 1 lines but", e.Message);

        path = Json(temp, Valid(corpus: $$"""{ "languages": ["en", "de"], "files": ["a.en", "missing.de"] }"""));
        e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path).Validate());
        Assert.Contains("field 'corpus[0].files[1]' names", e.Message);
        Assert.Contains("which does not exist", e.Message);
    }

    [Fact]
    public void MalformedJsonNamesTheLine()
    {
        using var temp = new TempFolder();
        string path = Json(temp, "{\n  \"models\": [ ,\n}");
        var e = Assert.Throws<MLNetConceptsException>(() => RunDescription.Load(path));
        Assert.StartsWith($"{path}: line 2:", e.Message);
    }

    [Fact]
    public async Task TheCommandExitsWithTwoAndWritesNothing()
    {
        using var temp = new TempFolder();
        string path = Json(temp, Valid(", \"languages\": [\"en\", \"fr\"]"));
        string output = temp.File("run");
        var (code, error) = await CliRunner.RunAsync("analyze", "--config", path, "--out", output);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("'fr' is not in the corpus", error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task FlagsDescribeTheCommonCase()
    {
        using var temp = new TempFolder();
        var (code, error) = await CliRunner.RunAsync("analyze", "--model", Path.Combine(RepoPaths.Models, "tiny-xlmr"),
            "--corpus", Path.Combine(RepoPaths.Examples, "data", "en-xx"), "--languages", "en,de", "--out", temp.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("option --corpus: ", error);
        Assert.Contains("found 0", error);
    }
}
