using System.Text.Json;
using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using Parquet;

namespace MLNetConcepts.Tests.RunFolders;

public class RunFolderTests
{
    [Fact]
    public void LanguagesOfACorpusKeepCodesThatHoldAHyphen()
    {
        using var folder = new TempFolder();
        var record = new RunRecord
        {
            Description = new RunDescription
            {
                Corpus =
                [
                    new CorpusEntry { Languages = ["en", "zh-Hans"], Files = ["a.en", "a.zh-Hans"] },
                    new CorpusEntry { Languages = ["en", "de"], Files = ["b.en", "b.de"] },
                ],
            },
        };
        record.Save(folder.Path);

        RunFolder run = RunFolder.Open(folder.Path);

        Assert.Equal(["en-zh-Hans", "en-de"], run.Corpora);
        Assert.Equal(["en", "zh-Hans"], run.LanguagesOf("en-zh-Hans"));
        Assert.Equal(["en", "de"], run.LanguagesOf("en-de"));
        Assert.Throws<ArgumentException>(() => run.LanguagesOf("fr-de"));
    }

    [Fact]
    public async Task CalignMetadataOfAnAnalyzeRunNamesEveryDirection()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        string path = Path.Combine(run.PartFolder("base", "en-de"), MetricFiles.CalignFileName);

        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        var options = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.CustomMetadata[MetricFiles.OptionsMetadataKey])!;

        Assert.Equal("en:*->de:(same as source); de:*->en:(same as source)", options["directions"]);
        Assert.Equal("0.8", options["theta_a"]);
        Assert.False(options.ContainsKey("source_language"), "one direction's language must not stand for all");
    }

    [Fact]
    public async Task SynchronousTwinsGiveWhatTheAsyncMethodsGive()
    {
        RunFolder run = await TinyRun.ReferenceAsync();

        Assert.Equal((await run.CalignAsync()).Select(r => r.Row), run.Calign().Select(r => r.Row));
        Assert.Equal((await run.ColapAsync()).Select(r => r.Row), run.Colap().Select(r => r.Row));
        IReadOnlyList<ConceptAssignment> concepts = run.Concepts("base", "en-de");
        Assert.Equal(await run.ConceptsAsync("base", "en-de"), concepts);

        using var folder = new TempFolder();
        ConceptFiles.Write(folder.File("concepts.parquet"), concepts);
        Assert.Equal(concepts, ConceptFiles.Read(folder.File("concepts.parquet")));
    }
}
