using MLNetConcepts.Metrics;

namespace MLNetConcepts.Tests.Metrics;

/// <summary>The multi-bootstrap against answers known in closed form: certain outcomes, the binomial interval, numpy's percentiles.</summary>
public class MultiBootstrapTests
{
    [Fact]
    public void CertainOutcomesHaveAPointInterval()
    {
        BootstrapInterval all = MultiBootstrap.Interval([new SeedCounts(40, 40), new SeedCounts(30, 30)], 1000, 1);
        Assert.Equal((100.0, 100.0, 100.0), (all.Mean, all.Low, all.High));
        BootstrapInterval none = MultiBootstrap.Interval([new SeedCounts(40, 0)], 1000, 1);
        Assert.Equal((0.0, 0.0, 0.0), (none.Mean, none.Low, none.High));
    }

    [Fact]
    public void OneSeedGivesTheBinomialIntervalOfItsConcepts()
    {
        // 100 of 400 concepts: resampling concepts is a binomial draw; its 95% interval is 25 ± 1.96 · 100 · sqrt(0.25 · 0.75 / 400) = 25 ± 4.24.
        BootstrapInterval interval = MultiBootstrap.Interval([new SeedCounts(400, 100)], 4000, 7);
        Assert.Equal(25, interval.Mean);
        Assert.InRange(interval.Low, 20.76 - 0.8, 20.76 + 0.8);
        Assert.InRange(interval.High, 29.24 - 0.8, 29.24 + 0.8);
    }

    [Fact]
    public void SeedsThatDisagreeWidenTheInterval()
    {
        // Three seeds of 100 concepts at 10%, 30% and 50%: concepts alone would give about ±5 points around 30; seeds add their spread.
        SeedCounts[] seeds = [new(100, 10), new(100, 30), new(100, 50)];
        BootstrapInterval interval = MultiBootstrap.Interval(seeds, 2000, 3);
        Assert.Equal(30, interval.Mean, 9);
        BootstrapInterval conceptsOnly = MultiBootstrap.Interval([new SeedCounts(300, 90)], 2000, 3);
        Assert.True(interval.High - interval.Low > 2 * (conceptsOnly.High - conceptsOnly.Low),
            $"seed spread [{interval.Low}, {interval.High}] not wider than concepts alone [{conceptsOnly.Low}, {conceptsOnly.High}]");
    }

    [Fact]
    public void AFixedGeneratorSeedGivesTheSameIntervalAndAnotherSeedAnother()
    {
        SeedCounts[] seeds = [new(50, 12), new(45, 20)];
        Assert.Equal(MultiBootstrap.Interval(seeds, 500, 11).Replicates, MultiBootstrap.Interval(seeds, 500, 11).Replicates);
        Assert.NotEqual(MultiBootstrap.Interval(seeds, 500, 11).Replicates, MultiBootstrap.Interval(seeds, 500, 12).Replicates);
    }

    [Fact]
    public void DifferencesLeaveOutZeroOnlyWhenTheModelsDiffer()
    {
        SeedCounts[] a = [new(60, 6), new(60, 9), new(60, 7)];
        SeedCounts[] b = [new(60, 30), new(60, 33), new(60, 27)];
        BootstrapInterval far = MultiBootstrap.Difference(a, b, 1000, 1, 2);
        Assert.Equal(b.Average(s => s.Percent) - a.Average(s => s.Percent), far.Mean, 9);
        Assert.True(far.Excludes(0), $"[{far.Low}, {far.High}]");
        BootstrapInterval same = MultiBootstrap.Difference(a, a, 1000, 1, 2);
        Assert.Equal(0, same.Mean);
        Assert.False(same.Excludes(0), $"[{same.Low}, {same.High}]");
    }

    [Fact]
    public void PercentilesInterpolateAsNumpyDoes()
    {
        // numpy.percentile([1, 2, 3, 4], [50, 95, 2.5]) = [2.5, 3.85, 1.075]
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, MultiBootstrap.Percentile(sorted, 0.5), 12);
        Assert.Equal(3.85, MultiBootstrap.Percentile(sorted, 0.95), 12);
        Assert.Equal(1.075, MultiBootstrap.Percentile(sorted, 0.025), 12);
    }
}
