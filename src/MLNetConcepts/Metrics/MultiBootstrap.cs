namespace MLNetConcepts.Metrics;

/// <summary>
/// One seed's part of a metric: the units it is a share of (considered concepts for CALIGN, non-empty concepts for
/// COLAP) and how many of them count (aligned, overlapping).
/// </summary>
/// <param name="Units">Considered (CALIGN) or non-empty (COLAP) concepts.</param>
/// <param name="Hits">Aligned (CALIGN) or overlapping (COLAP) concepts among them.</param>
public readonly record struct SeedCounts(int Units, int Hits)
{
    /// <summary>100 × hits / units; 0 when there are no units (as the metrics define it).</summary>
    public double Percent => Units == 0 ? 0 : 100.0 * Hits / Units;
}

/// <summary>A value over seeds with its 95 % percentile interval and the bootstrap replicates it came from.</summary>
/// <param name="Mean">The mean over seeds of each seed's value.</param>
/// <param name="Low">The 2.5th percentile of the replicates.</param>
/// <param name="High">The 97.5th percentile of the replicates.</param>
/// <param name="Replicates">Every replicate's value.</param>
public sealed record BootstrapInterval(double Mean, double Low, double High, double[] Replicates)
{
    /// <summary>Whether the interval leaves out <paramref name="value"/>.</summary>
    public bool Excludes(double value) => value < Low || value > High;
}

/// <summary>
/// The multi-bootstrap (Sellam et al., "The MultiBERTs", 2022) over K-means seeds and concepts: each replicate draws
/// S seeds with replacement and, inside each drawn seed, its concepts with replacement, and takes 100 × hits / units
/// over everything drawn. The spread of the replicates reflects both sources of chance in a concept metric: which
/// clustering the seed gave, and which concepts happened to be found.
/// </summary>
/// <remarks>
/// A concept either counts or not, so drawing n concepts of a seed with replacement is drawing n indices into its
/// concepts ordered hits first; that is what <see cref="Replicates"/> does, literally. The generator is seeded by
/// the caller from what is measured (<see cref="ChanceLevels.SeedOf"/>), so every interval is reproducible alone.
/// With one seed the interval reflects the concepts only.
/// </remarks>
public static class MultiBootstrap
{
    /// <summary>Replicates unless told otherwise (B in the method).</summary>
    public const int DefaultReplicates = 1000;

    /// <summary>The upper bound of the replicates.</summary>
    public const int MaximumReplicates = 100_000;

    /// <summary>The two-sided level of every interval.</summary>
    public const double Level = 0.95;

    /// <summary>The replicate values for <paramref name="seeds"/> (one entry per seed).</summary>
    public static double[] Replicates(IReadOnlyList<SeedCounts> seeds, int replicates, int generatorSeed)
    {
        if (seeds.Count == 0) throw new ArgumentException("at least one seed's counts", nameof(seeds));
        var random = new Random(generatorSeed);
        var values = new double[replicates];
        for (int b = 0; b < replicates; b++)
        {
            long units = 0, hits = 0;
            for (int s = 0; s < seeds.Count; s++)
            {
                SeedCounts drawn = seeds[random.Next(seeds.Count)];
                units += drawn.Units;
                for (int i = 0; i < drawn.Units; i++)
                    if (random.Next(drawn.Units) < drawn.Hits) hits++;
            }
            values[b] = units == 0 ? 0 : 100.0 * hits / units;
        }
        return values;
    }

    /// <summary>The mean over seeds and the 95 % percentile interval of <paramref name="replicates"/> replicates.</summary>
    public static BootstrapInterval Interval(IReadOnlyList<SeedCounts> seeds, int replicates, int generatorSeed)
    {
        double[] values = Replicates(seeds, replicates, generatorSeed);
        (double low, double high) = Bounds(values);
        return new BootstrapInterval(seeds.Average(s => s.Percent), low, high, values);
    }

    /// <summary>
    /// b − a: the difference of the means and the 95 % interval of the replicate differences, each model resampled
    /// on its own (<paramref name="a"/> and <paramref name="b"/> are independent clusterings).
    /// </summary>
    public static BootstrapInterval Difference(IReadOnlyList<SeedCounts> a, IReadOnlyList<SeedCounts> b, int replicates, int seedA, int seedB)
    {
        double[] ra = Replicates(a, replicates, seedA), rb = Replicates(b, replicates, seedB);
        double[] differences = new double[replicates];
        for (int i = 0; i < replicates; i++) differences[i] = rb[i] - ra[i];
        (double low, double high) = Bounds(differences);
        return new BootstrapInterval(b.Average(s => s.Percent) - a.Average(s => s.Percent), low, high, differences);
    }

    /// <summary>The 2.5th and 97.5th percentiles.</summary>
    public static (double Low, double High) Bounds(IReadOnlyList<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return (Percentile(sorted, (1 - Level) / 2), Percentile(sorted, 1 - (1 - Level) / 2));
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolated linearly between order statistics (numpy's default).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double position = (sorted.Count - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
