using System.Globalization;

namespace MLNetConcepts.Metrics;

/// <summary>What |C| and |C ∩ L| count in COLAP.</summary>
public enum ColapCount
{
    /// <summary>Word occurrences (rows of the concepts table); the default.</summary>
    Occurrences,

    /// <summary>Distinct word types; a type is a (language, word) pair, so a spelling shared by two languages counts once for each.</summary>
    Types,
}

/// <summary>Settings of COLAP. θO 0.3 is the paper's; shares count word occurrences by default; the values used are recorded with results.</summary>
public sealed class ColapOptions
{
    /// <summary>θ_O: the share of a concept each language of a pair must make up. Default 0.3.</summary>
    public double ThetaO { get; set; } = 0.3;

    /// <summary>Whether shares count occurrences (default) or types.</summary>
    public ColapCount Count { get; set; } = ColapCount.Occurrences;

    /// <summary>
    /// The paper's text (default) or the released script: strict comparisons in percent units, occurrences only,
    /// each language pair on its own two languages' words, no <c>*</c> row; see <see cref="MetricDefinition"/>.
    /// </summary>
    public MetricDefinition Definition { get; set; } = MetricDefinition.Paper;

    /// <summary>Scope whose concepts are measured. Default <c>mixed</c>.</summary>
    public string Scope { get; set; } = "mixed";

    /// <summary>
    /// Languages to report; null (default) means the languages present in each (component, layer, scope). Naming
    /// them reports a language that never appears too (its share is 0 everywhere).
    /// </summary>
    public IReadOnlyList<string>? Languages { get; set; }

    /// <summary>
    /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>)
    /// whose <see cref="ArgumentException.ParamName"/> is the property (see <see cref="OptionErrors"/>).
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(ColapOptions);
        if (ThetaO is not (>= 0 and <= 1))
            throw OptionErrors.OutOfRange(owner, nameof(ThetaO), string.Create(CultureInfo.InvariantCulture, $"must be in [0, 1], got {ThetaO}"));
        if (string.IsNullOrWhiteSpace(Scope)) throw OptionErrors.Invalid(owner, nameof(Scope), "is empty; give a language code or mixed");
        if (!Enum.IsDefined(Count)) throw OptionErrors.OutOfRange(owner, nameof(Count), $"is not a count: {Count}");
        if (!Enum.IsDefined(Definition)) throw OptionErrors.OutOfRange(owner, nameof(Definition), $"is not a definition: {Definition}");
        if (Definition == MetricDefinition.ReleasedCode && Count == ColapCount.Types)
            throw OptionErrors.Invalid(owner, nameof(Count),
                "must count occurrences under the released-code definition (the released COLAP script counts occurrences only)");
    }

    /// <summary>The values as name → text, as recorded beside results.</summary>
    public IReadOnlyDictionary<string, string> ToRecord() => new Dictionary<string, string>
    {
        ["theta_o"] = ThetaO.ToString("R", CultureInfo.InvariantCulture),
        ["count"] = Count == ColapCount.Occurrences ? "occurrences" : "types",
        ["scope"] = Scope,
        ["languages"] = Languages is null ? "(present in the scope)" : string.Join(",", Languages),
        ["definition"] = Definition.Name(),
    };
}
