using MLNetConcepts.Execution;

namespace MLNetConcepts.Tests.Execution;

/// <summary>The scheduler behind <c>analyze --jobs</c>: dependencies, the job and memory limits, and failures.</summary>
public class StageSchedulerTests
{
    /// <summary>A stage that records when it ran and how many stages ran beside it.</summary>
    private sealed class Log
    {
        private readonly Lock _gate = new();
        private int _running;
        public List<string> Events { get; } = [];
        public int MostAtOnce { get; private set; }

        public Func<Task> Stage(string name, int milliseconds = 50) => async () =>
        {
            lock (_gate)
            {
                Events.Add("start " + name);
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }
            await Task.Delay(milliseconds);
            lock (_gate)
            {
                Events.Add("end " + name);
                _running--;
            }
        };
    }

    [Fact]
    public async Task AStageStartsOnlyAfterTheStagesItReadsFrom()
    {
        using var failed = new CancellationTokenSource();
        var scheduler = new StageScheduler(jobs: 4, memoryBudgetBytes: 1 << 30, failed);
        var log = new Log();
        scheduler.Schedule("a", [], 0, log.Stage("a", 100));
        scheduler.Schedule("b", [], 0, log.Stage("b", 100));
        scheduler.Schedule("c", ["a", "b"], 0, log.Stage("c"));
        scheduler.Schedule("d", ["c", "up to date, never scheduled"], 0, log.Stage("d"));
        await scheduler.DrainAsync();

        Assert.Equal(2, log.MostAtOnce);   // a and b together; c and d each alone
        Assert.True(log.Events.IndexOf("start c") > Math.Max(log.Events.IndexOf("end a"), log.Events.IndexOf("end b")));
        Assert.True(log.Events.IndexOf("start d") > log.Events.IndexOf("end c"));
    }

    [Theory]
    [InlineData(1, 1L << 30, 1)]   // one job: one at a time
    [InlineData(3, 1L << 30, 3)]   // three jobs, memory for all
    [InlineData(3, 100, 1)]        // three jobs, but each stage's estimate is 60 % of the budget
    public async Task RunningStagesStayWithinTheJobsAndTheMemoryBudget(int jobs, long budget, int expectedAtOnce)
    {
        using var failed = new CancellationTokenSource();
        var scheduler = new StageScheduler(jobs, budget, failed);
        var log = new Log();
        for (int i = 0; i < 6; i++) scheduler.Schedule($"s{i}", [], 60, log.Stage($"s{i}", 80));
        await scheduler.DrainAsync();
        Assert.Equal(expectedAtOnce, log.MostAtOnce);
        Assert.Equal(expectedAtOnce, scheduler.MostAtOnce);
    }

    [Fact]
    public async Task AStageLargerThanTheWholeBudgetStillRunsAlone()
    {
        using var failed = new CancellationTokenSource();
        var scheduler = new StageScheduler(jobs: 2, memoryBudgetBytes: 100, failed);
        var log = new Log();
        scheduler.Schedule("small", [], 10, log.Stage("small", 100));
        scheduler.Schedule("huge", [], 1_000, log.Stage("huge"));
        await scheduler.DrainAsync();
        Assert.Equal(1, log.MostAtOnce);
        Assert.Equal(["start small", "end small", "start huge", "end huge"], log.Events);
    }

    [Fact]
    public async Task TheFirstFailureStopsTheOthersAndIsWhatTheRunReports()
    {
        using var failed = new CancellationTokenSource();
        var scheduler = new StageScheduler(jobs: 2, memoryBudgetBytes: 1 << 30, failed);
        bool slowSawCancellation = false, dependentRan = false;
        scheduler.Schedule("slow", [], 0, async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), failed.Token);
            }
            catch (OperationCanceledException)
            {
                slowSawCancellation = true;
                throw;
            }
        });
        scheduler.Schedule("broken", [], 0, async () =>
        {
            await Task.Delay(50);
            throw new MLNetConceptsException("broken: the input is bad");
        });
        scheduler.Schedule("after", ["broken"], 0, () =>
        {
            dependentRan = true;
            return Task.CompletedTask;
        });

        var e = await Assert.ThrowsAsync<MLNetConceptsException>(scheduler.DrainAsync);
        Assert.Equal("broken: the input is bad", e.Message);
        Assert.True(slowSawCancellation);
        Assert.False(dependentRan);
        Assert.True(failed.IsCancellationRequested);
    }
}
