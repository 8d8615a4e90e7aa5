using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// One option of the method as every part of the tool sees it, derived from its <see cref="RunSettings"/> property and
/// <see cref="MethodOptionAttribute"/>: the run description's field, the flag, the help, the default, the accepted
/// names, the stages it changes and the stage options' properties it sets.
/// </summary>
public sealed class MethodOption
{
    private readonly PropertyInfo _property;

    internal MethodOption(PropertyInfo property, MethodOptionAttribute declaration)
    {
        _property = property;
        Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
        Help = declaration.Help;
        Stages = declaration.Stages;
        Sets = declaration.Sets;
        Choices = declaration.Choices is { } type ? RunSettings.NamesOf(type) : null;
    }

    /// <summary>The field under the run description's <c>options</c>, e.g. <c>theta_a</c>.</summary>
    public string Name { get; }

    /// <summary>The field with its path, as errors name it: <c>options.theta_a</c>.</summary>
    public string Field => "options." + Name;

    /// <summary>The command-line flag: the name with dashes, e.g. <c>--theta-a</c>.</summary>
    public string Flag => "--" + Name.Replace('_', '-');

    /// <summary>One line for the command line's help.</summary>
    public string Help { get; }

    /// <summary>The stages whose fingerprints take the option's value.</summary>
    public MethodStage Stages { get; }

    /// <summary>The stage options' properties the option sets.</summary>
    public IReadOnlyList<string> Sets { get; }

    /// <summary>The accepted names when the option names one of a set of values; null for numbers.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>The value's type: <see cref="int"/>, <see cref="double"/>, <see cref="string"/> or a list of <see cref="int"/>.</summary>
    public Type ValueType => _property.PropertyType;

    /// <summary>The option's value in <paramref name="settings"/>.</summary>
    public object Get(RunSettings settings) => _property.GetValue(settings)!;

    /// <summary>Sets the option in <paramref name="settings"/>; <paramref name="value"/> must be of <see cref="ValueType"/>.</summary>
    public void Set(RunSettings settings, object value) => _property.SetValue(settings, value);

    /// <summary>The default, as <see cref="Text"/> writes it.</summary>
    public string DefaultText => Text(new RunSettings());

    /// <summary>The value as one culture-invariant text (a list comma-separated, a number round-tripping), for fingerprints and help.</summary>
    public string Text(RunSettings settings) => Get(settings) switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<int> list => string.Join(",", list.Select(v => v.ToString(CultureInfo.InvariantCulture))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object o => o.ToString()!,
    };

    /// <summary>
    /// Reads a value typed on the command line (<paramref name="text"/>) into <paramref name="settings"/>; one-line
    /// errors name <paramref name="flag"/>. Names are checked with the rest of the settings, by <see cref="RunSettings"/>.
    /// </summary>
    public void Parse(RunSettings settings, string text, string flag)
    {
        string Problem(string expected) => $"option {flag}: '{ErrorText.Shorten(text)}' is not {expected}";
        object value = ValueType switch
        {
            _ when ValueType == typeof(int) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i)
                ? i : throw new MLNetConceptsException(Problem("a whole number")),
            _ when ValueType == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new MLNetConceptsException(Problem("a number")),
            _ when ValueType == typeof(List<int>) => ParseList(text, Problem),
            _ => text,
        };
        Set(settings, value);
    }

    private static List<int> ParseList(string text, Func<string, string> problem)
    {
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            values.Add(int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
                ? v : throw new MLNetConceptsException(problem("a whole number or a comma-separated list of them")));
        return values.Count > 0 ? values : throw new MLNetConceptsException(problem("a whole number or a comma-separated list of them"));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
