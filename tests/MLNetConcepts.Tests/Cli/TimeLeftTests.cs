using MLNetConcepts.Cli;
using MLNetConcepts.Execution;

namespace MLNetConcepts.Tests.Cli;

/// <summary>The time left comes from the plan's estimates corrected per stage kind, and moves without jumps after the first minute.</summary>
public class TimeLeftTests
{
    private static PlannedStage Stage(string id, string kind, double seconds, StageState state = StageState.Pending) =>
        new() { Id = id, Kind = kind, EstimatedSeconds = seconds, State = state };

    private static TimeLeft Plan() => new(
    [
        Stage("dictionary", "dictionary", 5, StageState.Done),
        Stage("extract en", "extract", 10), Stage("extract de", "extract", 10), Stage("extract fr", "extract", 10),
        Stage("cluster L0", "cluster", 20), Stage("cluster L1", "cluster", 20),
    ]);

    [Fact]
    public void EachKindIsCorrectedByWhatItsOwnStagesMeasured()
    {
        TimeLeft left = Plan();
        Assert.Equal(70, left.Estimate(0, 0), 6);            // the done stage costs nothing
        left.Started("extract en");
        left.Finished(30);                                    // extraction runs 3x its estimate here
        Assert.Equal(2 * 10 * 3 + 2 * 20, left.Estimate(0, 0), 6);   // clustering keeps its own estimate
        left.Skipped("extract de");
        Assert.Equal(10 * 3 + 2 * 20, left.Estimate(0, 0), 6);
    }

    [Fact]
    public void TheRunningStageUsesItsOwnRateOnceItHasShownOne()
    {
        TimeLeft left = Plan();
        left.Started("cluster L0");
        Assert.Equal(20 - 1 + 50, left.Estimate(1, 0), 6);   // early: its estimate less the time spent
        Assert.Equal(12 + 50, left.Estimate(12, 0.5), 6);     // half done in 12 s: 12 s more
    }

    [Fact]
    public void AfterTheFirstMinuteTheShownTimeNeverJumpsByAFactorOfTwo()
    {
        TimeLeft left = Plan();
        left.Started("extract en");
        // In the first minute the estimate is shown as it is.
        Assert.Equal(70 - 5, left.Shown(5, 5, 0), 6);
        // Then the running stage turns out 10x slower than planned: 2 % done after 70 s.
        double previous = left.Shown(61, 61, 0.001);
        for (double t = 62; t < 400; t += 1)
        {
            double raw = left.Estimate(t, 0.0025 * (t - 60));
            double shown = left.Shown(t, t, 0.0025 * (t - 60));
            Assert.InRange(shown / previous, 1 / 2.0, 2.0);
            Assert.True(shown <= previous * TimeLeft.MaxChangePerSecond + 1e-9, $"{previous} -> {shown} at {t} s");
            previous = shown;
            if (t > 200) Assert.Equal(raw, shown, 6);   // it catches up with the evidence, smoothly
        }
    }
}
