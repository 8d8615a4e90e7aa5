namespace MLNetConcepts.RunFolders;

/// <summary>
/// Declares a <see cref="RunSettings"/> property an option of the method. The property is the declaration: its name
/// gives the run description's field (<c>ThetaA</c> → <c>options.theta_a</c>) and the flag (<c>--theta-a</c>), its
/// initializer the default (read from the stage's options class, whose <c>Validate</c> holds the rule). This attribute
/// adds what the property cannot say; <see cref="MethodOptions"/> derives the rest.
/// </summary>
/// <param name="help">One line for the command line's help.</param>
/// <param name="stages">The stages whose results depend on the option: their fingerprints take its value.</param>
/// <param name="sets">The stage options' properties it sets, so that their validation errors name this option.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MethodOptionAttribute(string help, MethodStage stages, params string[] sets) : Attribute
{
    /// <summary>One line for the command line's help.</summary>
    public string Help { get; } = help;

    /// <summary>The stages whose fingerprints take the option's value.</summary>
    public MethodStage Stages { get; } = stages;

    /// <summary>The stage options' properties the option sets (their names in <see cref="ArgumentException.ParamName"/>).</summary>
    public IReadOnlyList<string> Sets { get; } = sets;

    /// <summary>For an option that names one of a set of values: the accepted names (the property's value is one of them).</summary>
    public Type? Choices { get; init; }
}
