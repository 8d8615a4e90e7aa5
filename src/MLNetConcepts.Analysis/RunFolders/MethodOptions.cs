using System.Reflection;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// Every option of the method, read once from the <see cref="MethodOptionAttribute"/>-declared properties of
/// <see cref="RunSettings"/>, in their declaration order. The run description reader, the command line's flags, the
/// error wording and the stage fingerprints all come from here, so a new option is one property (and its stage's rule).
/// </summary>
public static class MethodOptions
{
    /// <summary>Every option, in the order <see cref="RunSettings"/> declares them.</summary>
    public static IReadOnlyList<MethodOption> All { get; } = typeof(RunSettings)
        .GetProperties()
        .Where(p => p.GetCustomAttribute<MethodOptionAttribute>() is not null)
        .OrderBy(p => p.MetadataToken)
        .Select(p => new MethodOption(p, p.GetCustomAttribute<MethodOptionAttribute>()!))
        .ToArray();

    /// <summary>The option named <paramref name="name"/> (its run-description field, e.g. <c>theta_a</c>).</summary>
    public static MethodOption Named(string name) =>
        All.FirstOrDefault(o => o.Name == name) ?? throw new ArgumentException($"no option '{name}'", nameof(name));

    /// <summary>The option that sets the stage options' property <paramref name="property"/> (e.g. <c>ThetaA</c>), if any.</summary>
    public static MethodOption? Setting(string property) => All.FirstOrDefault(o => o.Sets.Contains(property));

    /// <summary>
    /// What a stage of kind <paramref name="stage"/> takes into its fingerprint from <paramref name="settings"/>:
    /// <c>name=value</c> for each option declared to change it, in declaration order.
    /// </summary>
    public static string[] FingerprintParts(RunSettings settings, MethodStage stage) =>
        All.Where(o => o.Stages.HasFlag(stage)).Select(o => $"{o.Name}={o.Text(settings)}").ToArray();
}
