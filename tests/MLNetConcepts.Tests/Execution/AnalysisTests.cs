using System.Diagnostics;
using Microsoft.Data.Analysis;
using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Execution;

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

    /// <summary>Counts the stages running at once through the forms that name the stage (as several jobs call them).</summary>
    private sealed class ConcurrencyProgress : IAnalysisProgress
    {
        private readonly Lock _gate = new();
        private int _running;
        public int MostAtOnce { get; private set; }

        public void Started(string stage, long total, string unit)
        {
            lock (_gate) MostAtOnce = Math.Max(MostAtOnce, ++_running);
        }

        public void Advanced(long done) { }
        public void Finished(string summary) => throw new InvalidOperationException("with several jobs the stage must be named");
        public void Finished(string stage, string summary)
        {
            lock (_gate) _running--;
        }

        public void Skipped(string stage) { }
    }

    [Fact]
    public async Task SeveralJobsRunStagesAtOnceAndWriteTheSameTablesAsOne()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        var progress = new ConcurrencyProgress();
        RunFolder run = await Analysis.RunAsync(TinyRun.Description(folder), folder, new LocalRunOptions { Jobs = 3 }, progress);
        Assert.True(progress.MostAtOnce >= 2, $"at most {progress.MostAtOnce} stage(s) ran at once");

        // Every table and activation file byte for byte as the one-job reference run wrote it.
        RunFolder reference = await TinyRun.ReferenceAsync();
        string[] Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f.EndsWith(".parquet", StringComparison.Ordinal) || f.EndsWith(".bin", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        string[] files = Files(reference.Folder);
        Assert.NotEmpty(files);
        Assert.Equal(files, Files(run.Folder));
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(reference.Folder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run.Folder, file))),
                $"{file} differs from the one-job run's");

        // Same stages recorded, so a one-job re-run finds everything up to date, the report included.
        Assert.Equal(reference.Record.Stages.Keys.Order(), run.Record.Stages.Keys.Order());
        var again = new RecordingProgress();
        await Analysis.RunAsync(TinyRun.Description(folder), folder, again);
        Assert.Empty(again.Ran);
    }

    [Fact]
    public async Task DroppedActivationsFreeTheDiskAndComeBackOnlyWhenAStageReadsThemAgain()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        RunDescription Dropping(int k = 30, double? thetaA = null)
        {
            RunDescription d = TinyRun.Description(folder, k);
            d.KeepActivations = false;
            d.Options.ThetaA = thetaA ?? d.Options.ThetaA;
            return d;
        }
        string activations = Path.Combine(folder, "model=base", "corpus=en-de", "activations");

        RunFolder run = await Analysis.RunAsync(Dropping(), folder);
        Assert.False(Directory.Exists(activations));
        Assert.False(Directory.Exists(Path.Combine(folder, "model=fine-tuned", "corpus=en-de", "activations")));
        var extracts = run.Record.Stages.Where(s => s.Key.StartsWith("extract ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, extracts.Length);
        Assert.All(extracts, s => Assert.True(s.Value.Dropped));
        Assert.True((long)run.Record.Stages["drop model=base/corpus=en-de"].Statistics!["bytes"]! > 1_000_000);
        RunFolder reference = await TinyRun.ReferenceAsync();
        Assert.Equal((await reference.CalignAsync()).Select(r => r.Row), (await run.CalignAsync()).Select(r => r.Row));

        // Nothing to do again, and nothing extracted for a change that reads only the concepts.
        var again = new RecordingProgress();
        await Analysis.RunAsync(Dropping(), folder, again);
        Assert.Empty(again.Ran);
        var threshold = new RecordingProgress();
        await Analysis.RunAsync(Dropping(thetaA: 0.6), folder, threshold);
        Assert.Equal(["align model=base/corpus=en-de", "align model=fine-tuned/corpus=en-de", "compare", "report"], threshold.Ran);

        // Another K reads the activations: the plan says the extractions must run again, the run does and drops them again.
        RunPlan plan = await Analysis.PlanAsync(Dropping(k: 20, thetaA: 0.6), folder);
        Assert.Equal(4, plan.Stages.Count(s => s.Kind == "extract" && s.State == StageState.Stale));
        var otherK = new RecordingProgress();
        run = await Analysis.RunAsync(Dropping(k: 20, thetaA: 0.6), folder, otherK);
        Assert.Equal(4, otherK.Ran.Count(s => s.StartsWith("extract ", StringComparison.Ordinal)));
        Assert.All(await run.CalignAsync(), r => Assert.Equal(20, r.Row.ConceptsTotal));
        Assert.False(Directory.Exists(activations));

        // Keeping them again brings them back.
        RunDescription keeping = Dropping(k: 20, thetaA: 0.6);
        keeping.KeepActivations = true;
        var kept = new RecordingProgress();
        await Analysis.RunAsync(keeping, folder, kept);
        Assert.Equal(4, kept.Ran.Count);
        Assert.All(kept.Ran, s => Assert.StartsWith("extract ", s));
        Assert.True(Directory.Exists(activations));
    }

    [Fact]
    public async Task ShardedExtractionGivesTheSameConceptsAndMetricsAndAReShardReplacesTheParts()
    {
        using var temp = new TempFolder();
        // Batches of 4 make a sort window 256 sentences, so the 2,000-sentence sample splits into shards.
        RunDescription Described(string folder, int shard)
        {
            RunDescription d = TinyRun.Description(folder);
            d.Models.RemoveAt(1);
            d.Layers = [0, 2];
            d.Options.BatchSize = 4;
            d.ShardSentences = shard;
            return d;
        }
        string whole = temp.File("whole"), sharded = temp.File("sharded");
        await Analysis.RunAsync(Described(whole, 0), whole);
        var progress = new RecordingProgress();
        RunFolder run = await Analysis.RunAsync(Described(sharded, 500), sharded, progress);

        // 500 rounds up to two windows (512): four shards per language, the last one open-ended.
        Assert.Equal(["extract model=base/corpus=en-de language=en sentences=000000000000-000000000512",
            "extract model=base/corpus=en-de language=en sentences=000000000512-000000001024",
            "extract model=base/corpus=en-de language=en sentences=000000001024-000000001536",
            "extract model=base/corpus=en-de language=en sentences=000000001536-end"], progress.Ran.Where(s => s.Contains("language=en")));
        string layer = Path.Combine(sharded, "model=base", "corpus=en-de", "activations", "component=encoder", "layer=2");
        Assert.Equal(8, Directory.GetFiles(layer, "*.parquet").Length);
        foreach (string table in new[] { "concepts.parquet", "calign.parquet", "colap.parquet", "calign_summary.parquet" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole, "model=base", "corpus=en-de", table)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, "model=base", "corpus=en-de", table))), $"{table} differs");

        // Other shards (or none) replace the parts they overlap: never two copies of a sentence's vectors.
        await Analysis.RunAsync(Described(sharded, 1000), sharded);
        Assert.Equal(4, Directory.GetFiles(layer, "*.parquet").Length);
        await Analysis.RunAsync(Described(sharded, 0), sharded);
        Assert.Equal(["part-de.parquet", "part-en.parquet"], Directory.GetFiles(layer, "*.parquet").Select(Path.GetFileName).Order());
        Assert.True(File.ReadAllBytes(Path.Combine(whole, "model=base", "corpus=en-de", "concepts.parquet")).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, "model=base", "corpus=en-de", "concepts.parquet"))));
    }

    [Fact]
    public async Task StoringOnlyKeptVectorsGivesTheSameTablesAsStoringEveryVector()
    {
        // The reference run stores only what the frequency filter keeps (the default); this one stores every vector.
        RunFolder reference = await TinyRun.ReferenceAsync();
        using var temp = new TempFolder();
        string folder = temp.File("run");
        RunDescription all = TinyRun.Description(folder);
        all.StoreAllVectors = true;
        RunFolder run = await Analysis.RunAsync(all, folder);

        foreach (string model in new[] { "base", "fine-tuned" })
        {
            string Table(RunFolder r, string name) => Path.Combine(r.Folder, $"model={model}", "corpus=en-de", name);
            foreach (string table in new[] { "concepts.parquet", "concept_summary.parquet", "calign.parquet", "colap.parquet", "calign_summary.parquet" })
                Assert.True(File.ReadAllBytes(Table(reference, table)).AsSpan().SequenceEqual(File.ReadAllBytes(Table(run, table))), $"{model} {table} differs");
            long Bytes(RunFolder r) => Directory.EnumerateFiles(Table(r, "activations"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Assert.True(Bytes(reference) * 2 < Bytes(run), $"kept-only activations {Bytes(reference)} bytes, every vector {Bytes(run)}");
        }
        // The filter's counts in run.json are the corpus's either way (the report shows them).
        foreach ((string stage, StageRecord record) in run.Record.Stages.Where(s => s.Key.StartsWith("cluster ", StringComparison.Ordinal)))
            Assert.Equal(record.Statistics!.ToJsonString(), reference.Record.Stages[stage].Statistics!.ToJsonString());
        Assert.DoesNotContain(run.Record.Stages.Keys, k => k.StartsWith("select ", StringComparison.Ordinal));
        Assert.Equal((long)reference.Record.Stages["select model=base/corpus=en-de"].Statistics!["kept_occurrences"]!,
            (long)reference.Record.Stages["cluster model=base/corpus=en-de component=encoder layer=0 scope=mixed"].Statistics!["kept_occurrences"]!);
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
