namespace MLNetConcepts.Metrics;

/// <summary>
/// Which reading of CALIGN and COLAP to compute. The paper's text and the scripts released with it differ in
/// comparisons, the size rule and which side min-types applies to; docs/interop.md's "Paper text or released code" table
/// lists every difference.
/// </summary>
public enum MetricDefinition
{
    /// <summary>CALIGN and COLAP as the paper's text states them (the default): non-strict thresholds, a symmetric size rule, min-types on both sides.</summary>
    Paper,

    /// <summary>As the released <c>alignClusters.py</c> and <c>get_overlapping_clusters.py</c> compute them.</summary>
    ReleasedCode,
}

/// <summary>The command-line and run-description spelling of <see cref="MetricDefinition"/>.</summary>
public static class MetricDefinitions
{
    /// <summary>The name of <see cref="MetricDefinition.Paper"/>: <c>paper</c>.</summary>
    public const string PaperName = "paper";
    /// <summary>The name of <see cref="MetricDefinition.ReleasedCode"/>: <c>released-code</c>.</summary>
    public const string ReleasedCodeName = "released-code";

    /// <summary>The accepted names, as options list them.</summary>
    public static readonly string[] Names = [PaperName, ReleasedCodeName];

    /// <summary>The option spelling of <paramref name="definition"/> (<see cref="PaperName"/> or <see cref="ReleasedCodeName"/>).</summary>
    public static string Name(this MetricDefinition definition) =>
        definition == MetricDefinition.ReleasedCode ? ReleasedCodeName : PaperName;

    /// <summary>Parses <c>paper</c> or <c>released-code</c>; anything else fails naming <paramref name="where"/>.</summary>
    public static MetricDefinition Parse(string text, string where) => text switch
    {
        PaperName => MetricDefinition.Paper,
        ReleasedCodeName => MetricDefinition.ReleasedCode,
        _ => throw new MLNetConceptsException($"{where}: '{text}' is not a definition; expected paper or released-code"),
    };
}
