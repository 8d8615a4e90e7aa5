using System.Globalization;

namespace MLNetConcepts.Metrics;

/// <summary>Settings of CALIGN. Every default is the paper's (θA 0.8, 10 best translations, more than 5 types, sizes within 40 %); the values used are recorded with results.</summary>
public sealed class CalignOptions
{
    /// <summary>Language code whose concepts (scope = this code) are the sources. Required.</summary>
    public string SourceLanguage { get; set; } = "";

    /// <summary>Language code whose concepts (scope = this code) are the targets. Required.</summary>
    public string TargetLanguage { get; set; } = "";

    /// <summary>Component of the source concepts; null (default) means every component that has source concepts.</summary>
    public string? SourceComponent { get; set; }

    /// <summary>Component of the target concepts; null (default) means the same component as the source.</summary>
    public string? TargetComponent { get; set; }

    /// <summary>θ_A: the share of a source concept's types that must have a translation in one target concept. Default 0.8.</summary>
    public double ThetaA { get; set; } = 0.8;

    /// <summary>N: only the N best translations of each word count. Default 10.</summary>
    public int NBest { get; set; } = 10;

    /// <summary>A concept takes part only with more than this many distinct types (source and target). Default 5.</summary>
    public int MinTypes { get; set; } = 5;

    /// <summary>
    /// Largest allowed difference of type counts, as a share of the larger concept. Default 0.4. Under
    /// <see cref="MetricDefinition.ReleasedCode"/> it sets the released script's one-sided ratio instead:
    /// |Cs| / |Ct| must exceed 1 − this value (0.6 by default).
    /// </summary>
    public double MaxSizeDifference { get; set; } = 0.4;

    /// <summary>The paper's text (default) or the released script's comparisons; see <see cref="MetricDefinition"/>.</summary>
    public MetricDefinition Definition { get; set; } = MetricDefinition.Paper;

    /// <summary>The released script's size threshold: 1 − <see cref="MaxSizeDifference"/>, rounded so 0.4 gives exactly 0.6.</summary>
    public double ReleasedSizeRatio => Math.Round(1 - MaxSizeDifference, 12);

    /// <summary>
    /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>)
    /// whose <see cref="ArgumentException.ParamName"/> is the property (see <see cref="OptionErrors"/>).
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(CalignOptions);
        if (string.IsNullOrWhiteSpace(SourceLanguage)) throw OptionErrors.Invalid(owner, nameof(SourceLanguage), "is empty; give a language code");
        if (string.IsNullOrWhiteSpace(TargetLanguage)) throw OptionErrors.Invalid(owner, nameof(TargetLanguage), "is empty; give a language code");
        if (ThetaA is not (>= 0 and <= 1)) throw OptionErrors.OutOfRange(owner, nameof(ThetaA), Invariant($"must be in [0, 1], got {ThetaA}"));
        if (NBest < 1) throw OptionErrors.OutOfRange(owner, nameof(NBest), Invariant($"must be at least 1, got {NBest}"));
        if (MinTypes < 0) throw OptionErrors.OutOfRange(owner, nameof(MinTypes), Invariant($"must be 0 or more, got {MinTypes}"));
        if (MaxSizeDifference is not (>= 0 and <= 1))
            throw OptionErrors.OutOfRange(owner, nameof(MaxSizeDifference), Invariant($"must be in [0, 1], got {MaxSizeDifference}"));
        if (!Enum.IsDefined(Definition)) throw OptionErrors.OutOfRange(owner, nameof(Definition), $"is not a definition: {Definition}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A copy, for one direction of a template.</summary>
    internal CalignOptions Clone() => (CalignOptions)MemberwiseClone();

    /// <summary>The values as name → text, as recorded beside results.</summary>
    public IReadOnlyDictionary<string, string> ToRecord() => new Dictionary<string, string>
    {
        ["source_language"] = SourceLanguage,
        ["target_language"] = TargetLanguage,
        ["source_component"] = SourceComponent ?? "*",
        ["target_component"] = TargetComponent ?? "(same as source)",
        ["theta_a"] = ThetaA.ToString("R", CultureInfo.InvariantCulture),
        ["nbest"] = NBest.ToString(CultureInfo.InvariantCulture),
        ["min_types"] = MinTypes.ToString(CultureInfo.InvariantCulture),
        ["max_size_difference"] = MaxSizeDifference.ToString("R", CultureInfo.InvariantCulture),
        ["definition"] = Definition.Name(),
    };

    /// <summary>
    /// One record for several directions' options: the values they share, and under <c>directions</c> each direction
    /// as <c>source_language:source_component-&gt;target_language:target_component</c>, separated by "; ".
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToRecord(IReadOnlyList<CalignOptions> directions)
    {
        if (directions.Count == 1) return directions[0].ToRecord();
        var records = directions.Select(d => d.ToRecord()).ToList();
        string[] perDirection = ["source_language", "target_language", "source_component", "target_component"];
        var shared = new Dictionary<string, string>();
        foreach ((string key, string value) in records[0])
        {
            if (perDirection.Contains(key)) continue;
            shared[key] = records.All(r => r[key] == value) ? value : string.Join("; ", records.Select(r => r[key]));
        }
        shared["directions"] = string.Join("; ", records.Select(r =>
            $"{r["source_language"]}:{r["source_component"]}->{r["target_language"]}:{r["target_component"]}"));
        return shared;
    }
}
