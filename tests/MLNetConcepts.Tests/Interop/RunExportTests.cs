using MLNetConcepts.Cli;
using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Interop;

/// <summary>Exporting a whole analyze run, and getting the run's own CALIGN back from the exported files.</summary>
public class RunExportTests
{
    [Fact]
    public async Task ARunExportsEveryPartAndAlignOnTheFilesGivesTheRunsCalign()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var temp = new TempFolder();
        string output = temp.File("export");
        var (code, error) = await CliRunner.RunAsync("export", "--concepts", run.Folder, "--out", output);
        Assert.Equal((0, ""), (code, error));

        // Every (model, corpus, component, layer, scope) has a file with one line per concept row.
        foreach (string model in run.Models)
        {
            var concepts = await run.ConceptsAsync(model, "en-de", ct);
            foreach (var group in concepts.GroupBy(r => (r.Component, r.Layer, r.Scope)))
            {
                string file = Path.Combine(output, $"model={model}", "corpus=en-de", group.Key.Component, $"layer{group.Key.Layer}", group.Key.Scope, "clusters-30.txt");
                Assert.Equal(group.Count(), File.ReadLines(file).Count());
            }
        }
        Assert.True(File.Exists(Path.Combine(output, "corpora", "en-de", "dictionary.de-en.txt")));
        Assert.True(File.Exists(Path.Combine(output, "model=base", "corpus=en-de", "encoder", "en", "concept-net.json")));

        // The run's CALIGN of base en->de at some layer, recomputed by align from the exported text files.
        CalignSummary expected = (await run.CalignAsync(ct)).First(r => r.Model == "base" && r.Row.SourceLanguage == "en" && r.Row.TargetLanguage == "de").Row;
        string layer = Path.Combine(output, "model=base", "corpus=en-de", expected.SourceComponent, $"layer{expected.Layer}");
        (code, error) = await CliRunner.RunAsync("align", "--source-concepts", Path.Combine(layer, "en", "clusters-30.txt"),
            "--target-concepts", Path.Combine(layer, "de", "clusters-30.txt"), "--dictionary", Path.Combine(output, "corpora", "en-de", "dictionary.en-de.txt"),
            "--source-language", "en", "--target-language", "de", "--layer", expected.Layer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--source-component", expected.SourceComponent, "--out", temp.File("calign.parquet"));
        Assert.Equal((0, ""), (code, error));
        CalignSummary fromText = Assert.Single(await MetricFiles.ReadCalignAsync(temp.File("calign.parquet"), ct));
        // ConceptX files hold one fit and do not say its K and seed (so its chance draws are seeded otherwise); the counts are the run's.
        Assert.Equal(expected with { K = 0, Seed = 0, Chance = fromText.Chance }, fromText);
    }
}
