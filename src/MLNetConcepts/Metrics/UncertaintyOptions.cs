using System.Globalization;

namespace MLNetConcepts.Metrics;

/// <summary>
/// How the metric jobs state their uncertainty: chance draws per clustering (R) and bootstrap replicates per summary
/// row (B). The bootstrap's generator seed is fixed (derived from what is measured), so a re-run gives the same
/// intervals.
/// </summary>
public sealed class UncertaintyOptions
{
    /// <summary>R: random target concepts (CALIGN) or language shufflings (COLAP) per clustering. Default 20; 0 computes no chance level.</summary>
    public int ChanceDraws { get; set; } = ChanceLevels.DefaultDraws;

    /// <summary>B: multi-bootstrap replicates behind each interval. Default 1,000.</summary>
    public int Bootstrap { get; set; } = MultiBootstrap.DefaultReplicates;

    /// <summary>Checks both values; a bad one throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public void Validate()
    {
        const string owner = nameof(UncertaintyOptions);
        if (ChanceDraws is < 0 or > ChanceLevels.MaximumDraws)
            throw OptionErrors.OutOfRange(owner, nameof(ChanceDraws), string.Create(CultureInfo.InvariantCulture, $"must be in [0, {ChanceLevels.MaximumDraws}], got {ChanceDraws}"));
        if (Bootstrap is < 1 or > MultiBootstrap.MaximumReplicates)
            throw OptionErrors.OutOfRange(owner, nameof(Bootstrap), string.Create(CultureInfo.InvariantCulture, $"must be in [1, {MultiBootstrap.MaximumReplicates}], got {Bootstrap}"));
    }

    /// <summary>The values as name → text, as recorded beside results.</summary>
    public IReadOnlyDictionary<string, string> ToRecord() => new Dictionary<string, string>
    {
        ["chance_draws"] = ChanceDraws.ToString(CultureInfo.InvariantCulture),
        ["bootstrap"] = Bootstrap.ToString(CultureInfo.InvariantCulture),
        ["interval"] = "95% percentile, multi-bootstrap over seeds and concepts",
    };
}
