using System.Diagnostics;
using Microsoft.Data.Analysis;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Runs;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Runs;

/// <summary>A whole analyze run on the tiny models: its tables, run.json, resuming, and what a re-run recomputes.</summary>
public class AnalysisTests
{
    private sealed class RecordingProgress : IAnalysisProgress
    {
        public List<string> Ran { get; } = [];
        public List<string> UpToDate { get; } = [];

        public void Started(string stage, long total, string unit) => Ran.Add(stage);
        public void Advanced(long done) { }
        public void Finished(string summary) { }
        public void Skipped(string stage) => UpToDate.Add(stage);
    }

    [Fact]
    public async Task ARunHasEveryTableForEveryModelLayerAndDirection()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        IReadOnlyList<RunCalign> calign = await run.CalignAsync();
        // 2 models x 2 directions x 4 layers (0..3).
        Assert.Equal(16, calign.Count);
        Assert.Equal(["de->en", "en->de"], calign.Select(r => $"{r.Row.SourceLanguage}->{r.Row.TargetLanguage}").Distinct().Order());
        Assert.All(calign, r => Assert.Equal(30, r.Row.ConceptsTotal));
        IReadOnlyList<RunColap> colap = await run.ColapAsync();
        Assert.Equal(8, colap.Count);
        Assert.All(colap, r => Assert.Equal(("mixed", "de", "en"), (r.Row.Scope, r.Row.LanguageA, r.Row.LanguageB)));

        DataFrame frame = await run.CalignDataFrameAsync();
        Assert.Equal(["model", "corpus", "source_component", "target_component", "layer", "source_language", "target_language",
            "concepts_total", "concepts_considered", "aligned", "calign", "k", "seed", "chance"], frame.Columns.Select(c => c.Name));
        Assert.True(File.Exists(Path.Combine(run.Folder, "report.html")));

        // run.json: every option's value, and the statistics of every stage.
        StageRecord extract = run.Record.Stages["extract model=base/corpus=en-de language=de"];
        Assert.Equal(2000, (long)extract.Statistics!["encoder"]!["sentences"]!);
        Assert.True((long)extract.Statistics!["encoder"]!["words_kept"]! > 9000);
        StageRecord cluster = run.Record.Stages["cluster model=fine-tuned/corpus=en-de component=encoder layer=2 scope=mixed"];
        Assert.True((long)cluster.Statistics!["kept_occurrences"]! > 1000);
        Assert.Equal([30], run.Description.Options.K);
        Assert.Equal(0.3, run.Description.Options.ThetaO);
    }

    [Fact]
    public async Task ReRunningSkipsEverythingAndAChangedThresholdRecomputesOnlyWhatDependsOnIt()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        var first = new RecordingProgress();
        await Analysis.RunAsync(TinyRun.Description(folder), folder, first);
        string calignPath = Path.Combine(folder, "model=base", "corpus=en-de", MetricFiles.CalignFileName);
        DateTime written = File.GetLastWriteTimeUtc(calignPath);

        var second = new RecordingProgress();
        await Analysis.RunAsync(TinyRun.Description(folder), folder, second);
        Assert.Empty(second.Ran);
        Assert.Equal(first.Ran, second.UpToDate);
        Assert.Equal(written, File.GetLastWriteTimeUtc(calignPath));

        RunDescription changed = TinyRun.Description(folder);
        changed.Options.ThetaA = 0.6;
        var third = new RecordingProgress();
        RunFolder run = await Analysis.RunAsync(changed, folder, third);
        Assert.Equal(["align model=base/corpus=en-de", "align model=fine-tuned/corpus=en-de", "compare", "report"], third.Ran);
        Assert.Equal(0.6, run.Description.Options.ThetaA);

        // The numbers equal the reference run's where the options are the same.
        RunFolder reference = await TinyRun.ReferenceAsync();
        Assert.Equal((await reference.ColapAsync()).Select(r => r.Row), (await run.ColapAsync()).Select(r => r.Row));
    }

    [Theory]
    [InlineData("extract")]
    [InlineData("cluster")]
    public async Task ARunKilledDuringAStageResumesToTheSameNumbers(string stage)
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        string description = TinyRun.WriteDescription(temp.File("description.json"), TinyRun.Description(folder));
        using (Process cli = TinyRun.StartCli("analyze", "--config", description))
        {
            // Plain progress lines (standard error is a pipe): kill -9 as soon as the first such stage starts.
            string? line;
            bool killed = false;
            while ((line = await cli.StandardError.ReadLineAsync()) is not null)
            {
                if (line.StartsWith(stage + " ", StringComparison.Ordinal) && line.EndsWith(": started", StringComparison.Ordinal))
                {
                    cli.Kill(entireProcessTree: true);  // SIGKILL: no cleanup runs
                    killed = true;
                    break;
                }
            }
            await cli.WaitForExitAsync();
            Assert.True(killed, $"the run never started a {stage} stage");
        }
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));

        var resumed = new RecordingProgress();
        RunFolder run = await Analysis.RunAsync(TinyRun.Description(folder), folder, resumed);
        Assert.Contains(resumed.Ran, s => s.StartsWith(stage, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder, "*.tmp-*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateDirectories(folder, ".staging-*", SearchOption.AllDirectories));

        RunFolder reference = await TinyRun.ReferenceAsync();
        Assert.Equal((await reference.CalignAsync()).Select(r => (r.Model, r.Row)), (await run.CalignAsync()).Select(r => (r.Model, r.Row)));
        Assert.Equal((await reference.ColapAsync()).Select(r => (r.Model, r.Row)), (await run.ColapAsync()).Select(r => (r.Model, r.Row)));
    }

    [Fact]
    public async Task DuckDbReadsModelAndCorpusFromTheFolderNames()
    {
        DuckDb.SkipIfUnavailable();
        RunFolder run = await TinyRun.ReferenceAsync();
        string glob = Path.Combine(run.Folder, "model=*", "corpus=*", "calign.parquet").Replace("'", "''");
        var rows = DuckDb.Query($"SELECT model, corpus, count(*) AS n FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY ALL ORDER BY model");
        Assert.Equal(["base:en-de:8", "fine-tuned:en-de:8"],
            rows.Select(r => $"{r.GetProperty("model").GetString()}:{r.GetProperty("corpus").GetString()}:{r.GetProperty("n")}"));
    }

    [Fact]
    public async Task AnEncoderDecoderRunHasEncoderDecoderAndEncoderToDecoderRows()
    {
        using var temp = new TempFolder();
        RunDescription description = TinyRun.Description(temp.File("run"));
        description.Models = [new ModelEntry { Label = "t5", Path = Path.Combine(RepoPaths.Models, "tiny-t5") }];
        RunFolder run = await Analysis.RunAsync(description, description.Out!);

        IReadOnlyList<RunCalign> calign = await run.CalignAsync();
        // tiny-t5: encoder layers 0..3, decoder layers 0..2; encoder-to-decoder pairs the layers both have.
        Assert.Equal(["decoder->decoder:3", "encoder->decoder:3", "encoder->encoder:4"],
            calign.Where(r => r.Row.SourceLanguage == "en").GroupBy(r => $"{r.Row.SourceComponent}->{r.Row.TargetComponent}")
                .Select(g => $"{g.Key}:{g.Count()}").Order());
        Assert.Equal(["decoder", "encoder"], (await run.ColapAsync()).Select(r => r.Row.Component).Distinct().Order());
        Assert.Equal(2, run.Record.Stages.Keys.Count(k => k.StartsWith("extract model=t5/corpus=en-de source=", StringComparison.Ordinal)));
    }
}
