using MLNetConcepts.Execution;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Execution;

/// <summary>The run as a graph (analyze --plan, --status): the stages a run goes through, their dependencies, states and estimates.</summary>
public class RunPlanTests
{
    [Fact]
    public async Task ThePlanNamesEveryStageARunRecordsWithItsDependenciesFirstAndTracksItsState()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        RunDescription description = TinyRun.Description(folder.Path);
        description.Layers = [0, 2];

        RunPlan before = await Analysis.PlanAsync(description, folder.Path, write: true, cancellationToken: ct);
        Assert.True(File.Exists(Path.Combine(folder.Path, RunPlan.FileName)));
        Assert.All(before.Stages, s => Assert.Equal(StageState.Pending, s.State));
        // Every dependency is a stage planned before it: the list is an order a single process can run.
        var seen = new HashSet<string>();
        foreach (PlannedStage stage in before.Stages)
        {
            Assert.All(stage.DependsOn, d => Assert.Contains(d, seen));
            seen.Add(stage.Id);
        }
        PlannedStage cluster = before.Stages.First(s => s.Kind == "cluster");
        Assert.All(cluster.DependsOn, d => Assert.StartsWith("extract ", d));
        PlannedStage align = before.Stages.First(s => s.Kind == "align");
        Assert.Contains(align.DependsOn, d => d.StartsWith("dictionary ", StringComparison.Ordinal));
        Assert.Contains(align.DependsOn, d => d.StartsWith("concepts ", StringComparison.Ordinal));
        Assert.All(before.Stages, s => Assert.True(s.EstimatedSeconds > 0 && s.EstimatedPeakBytes > 0, s.Id));

        // A folder holding only plan.json is a run folder to be: the run goes ahead, and records exactly the planned stages.
        RunFolder run = await Analysis.RunAsync(description, folder.Path, cancellationToken: ct);
        Assert.Equal(before.Stages.Select(s => s.Id).Order(StringComparer.Ordinal), run.Record.Stages.Keys.Order(StringComparer.Ordinal));
        RunPlan after = await Analysis.PlanAsync(description, folder.Path, cancellationToken: ct);
        Assert.All(after.Stages, s => Assert.Equal(StageState.Done, s.State));

        // Disk: the estimate of the activations is within a factor of two of what extraction wrote.
        long written = Directory.EnumerateFiles(folder.Path, "*.parquet", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}activations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        long estimated = before.Stages.Where(s => s.Kind == "extract").Sum(s => s.EstimatedDiskBytes);
        Assert.InRange(estimated, written / 2, written * 2);

        // A changed threshold: CALIGN, the comparison and the report are stale, nothing else.
        description.Options.ThetaA = 0.7;
        RunPlan changed = await Analysis.PlanAsync(description, folder.Path, cancellationToken: ct);
        Assert.Equal(["align model=base/corpus=en-de", "align model=fine-tuned/corpus=en-de", "compare", "report"],
            changed.Stages.Where(s => s.State != StageState.Done).Select(s => s.Id));
        Assert.All(changed.Stages.Where(s => s.State != StageState.Done), s => Assert.Equal(StageState.Stale, s.State));
    }

    [Fact]
    public async Task StatusAndPlanFromTheCommandLine()
    {
        using var folder = new TempFolder();
        string config = TinyRun.WriteDescription(Path.Combine(folder.Path, "run.json"), TinyRun.Description(Path.Combine(folder.Path, "run")));
        var (code, error) = await CliRunner.RunAsync("analyze", "--config", config, "--status");
        Assert.True(code == 0, error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "run")), "--status wrote the run folder");
        (code, error) = await CliRunner.RunAsync("analyze", "--config", config, "--plan", "--status");
        Assert.Equal((2, "mlnetconcepts: option --status: give one of --plan, --status, --stage or --executor slurm, not --plan and --status"),
            (code, error.TrimEnd('\n')));
        (code, error) = await CliRunner.RunAsync("analyze", "--config", config, "--stage", "report", "--executor", "slurm");
        Assert.Equal((2, "mlnetconcepts: option --executor slurm: give one of --plan, --status, --stage or --executor slurm, not --stage and --executor slurm"),
            (code, error.TrimEnd('\n')));
    }

    [Fact]
    public async Task OneStageRunsOnlyWhenWhatItReadsIsDoneAndNeverTwice()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        RunDescription description = TinyRun.Description(folder.Path);
        description.Layers = [1];
        RunPlan plan = await Analysis.PlanAsync(description, folder.Path, write: true, cancellationToken: ct);
        PlannedStage select = plan.Stages.First(s => s.Kind == "select");
        PlannedStage extract = plan.Stages.First(s => s.Kind == "extract" && s.DependsOn.Contains(select.Id));
        PlannedStage cluster = plan.Stages.First(s => s.Kind == "cluster" && s.DependsOn.Contains(extract.Id));

        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => Analysis.RunStageAsync(description, folder.Path, cluster.Id, cancellationToken: ct));
        Assert.Contains($"stage '{cluster.Id}' reads the outputs of '", e.Message);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => Analysis.RunStageAsync(description, folder.Path, "no such stage", cancellationToken: ct));
        Assert.Contains("no stage 'no such stage' in this run; analyze --plan lists the stage ids", unknown.Message);

        var early = await Assert.ThrowsAsync<MLNetConceptsException>(() => Analysis.RunStageAsync(description, folder.Path, extract.Id, cancellationToken: ct));
        Assert.Contains($"stage '{extract.Id}' reads the outputs of '{select.Id}', which is not done", early.Message);

        await Analysis.RunStageAsync(description, folder.Path, select.Id, cancellationToken: ct);
        await Analysis.RunStageAsync(description, folder.Path, extract.Id, cancellationToken: ct);
        RunPlan after = await Analysis.PlanAsync(description, folder.Path, cancellationToken: ct);
        Assert.Equal([select.Id, extract.Id], after.Stages.Where(s => s.State == StageState.Done).Select(s => s.Id));
        DateTimeOffset finished = RunRecord.TryLoad(folder.Path)!.Stages[extract.Id].Finished;
        await Analysis.RunStageAsync(description, folder.Path, extract.Id, cancellationToken: ct);   // up to date: skipped
        Assert.Equal(finished, RunRecord.TryLoad(folder.Path)!.Stages[extract.Id].Finished);
    }

    [Theory]
    [InlineData("--partition=gpu --time=4:00:00", new[] { "--partition=gpu", "--time=4:00:00" })]
    [InlineData("  --comment 'two words'  --mem=\"8G\" ", new[] { "--comment", "two words", "--mem=8G" })]
    [InlineData("", new string[0])]
    public void SlurmArgumentsAreSplitAsAShellWould(string text, string[] expected) => Assert.Equal(expected, SlurmExecutor.SplitArguments(text));
}
