using System.CommandLine;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Cli.Commands;

/// <summary>
/// The method's options (<see cref="MethodOptions"/>) a command takes, as flags derived from their declarations: the
/// flag, help, default and accepted names come from there, and the values given land in a <see cref="RunSettings"/>,
/// whose conversions make the stage options. Nothing about an option is written twice.
/// </summary>
public sealed class MethodOptionFlags
{
    private readonly List<(MethodOption Option, Option<string> Flag)> _flags = [];
    private readonly IReadOnlyDictionary<string, string> _defaults;

    /// <param name="options">The options the command takes, by name (e.g. <c>theta_a</c>).</param>
    /// <param name="defaults">Defaults of this command that differ from the method's, by name (e.g. <c>cluster</c> fits one seed).</param>
    /// <param name="flags">Flags of this command that differ from the derived ones, by name (e.g. <c>overlap --count</c>).</param>
    public MethodOptionFlags(IEnumerable<string> options, IReadOnlyDictionary<string, string>? defaults = null,
        IReadOnlyDictionary<string, string>? flags = null)
    {
        _defaults = defaults ?? new Dictionary<string, string>();
        RunSettings defaultSettings = Defaults();
        foreach (string name in options)
        {
            MethodOption option = MethodOptions.Named(name);
            string flagName = flags?.GetValueOrDefault(name) ?? option.Flag;
            string defaultText = option.Text(defaultSettings);
            var flag = new Option<string>(flagName) { Description = option.Help, DefaultValueFactory = _ => defaultText };
            if (option.Choices is { } choices) flag.AcceptOnlyFromAmong([.. choices]);
            _flags.Add((option, flag));
        }
    }

    /// <summary>Every option (<see cref="MethodOptions.All"/>) under its derived flag: what <c>analyze</c> takes.</summary>
    public static MethodOptionFlags Every() => new(MethodOptions.All.Select(o => o.Name));

    /// <summary>The flags, to add to a command.</summary>
    public IEnumerable<Option> Options => _flags.Select(f => f.Flag);

    /// <summary>
    /// The flag of each property of <paramref name="optionTypes"/> (stage options classes) these options set, e.g.
    /// <c>ThetaA</c> → <c>--theta-a</c>: the library's errors name properties, the user reads the flag they typed.
    /// </summary>
    public IReadOnlyDictionary<string, string> FlagsByProperty(params Type[] optionTypes) => _flags
        .SelectMany(f => f.Option.Sets.Distinct().Select(p => (Property: p, f.Flag.Name)))
        .Where(p => optionTypes.Any(t => t.GetProperty(p.Property) is not null))
        .ToDictionary(p => p.Property, p => p.Name);

    /// <summary>
    /// Settings with this command's defaults and every flag given in <paramref name="parsed"/>. Not checked here: the
    /// command checks the stage options it makes of them (their rules, and only theirs), and <see cref="FlagsByProperty"/>
    /// names the flag of a bad value. (Names are checked as the flags are parsed.)
    /// </summary>
    public RunSettings Read(ParseResult parsed)
    {
        RunSettings settings = Defaults();
        Apply(parsed, settings, new Dictionary<string, string>());
        return settings;
    }

    /// <summary>
    /// Sets in <paramref name="settings"/> only the flags given in <paramref name="parsed"/> (a run description's own
    /// values stay otherwise), and records each in <paramref name="flagFields"/> (field → flag) so that errors name the flag.
    /// </summary>
    public void Apply(ParseResult parsed, RunSettings settings, IDictionary<string, string> flagFields)
    {
        foreach ((MethodOption option, Option<string> flag) in _flags)
        {
            if (parsed.GetResult(flag) is not { Implicit: false }) continue;
            option.Parse(settings, parsed.GetValue(flag)!, flag.Name);
            flagFields[option.Field] = flag.Name;
        }
    }

    /// <summary>The method's defaults with this command's own.</summary>
    private RunSettings Defaults()
    {
        var settings = new RunSettings();
        foreach ((string name, string text) in _defaults)
        {
            MethodOption option = MethodOptions.Named(name);
            option.Parse(settings, text, option.Flag);
        }
        return settings;
    }
}
