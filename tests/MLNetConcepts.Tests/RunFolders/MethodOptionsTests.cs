using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using MLNetConcepts.Cli;
using MLNetConcepts.Execution;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.RunFolders;

/// <summary>
/// Every option of the method is declared once (a <see cref="RunSettings"/> property with its attribute) and reaches
/// every place from there: the run description's field, <c>analyze</c>'s flag, the error wording of both, the
/// fingerprints of exactly the stages it changes, and the reference table of docs/cli.md.
/// </summary>
public class MethodOptionsTests
{
    public static TheoryData<string> Options => new(MethodOptions.All.Select(o => o.Name));

    [Fact]
    public void EveryPublicSettingIsADeclaredOption()
    {
        // A setting without the attribute would reach no flag, no fingerprint and no error wording.
        string[] properties = typeof(RunSettings).GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order().ToArray();
        Assert.Equal(properties, MethodOptions.All.Select(o => o.Name).Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void TheRunDescriptionFieldAndTheAnalyzeFlagSetTheOption(string name)
    {
        MethodOption option = MethodOptions.Named(name);
        string value = OtherValue(option, new RunSettings());
        using var folder = new TempFolder();
        string path = TinyRun.WriteDescription(Path.Combine(folder.Path, "run.json"), TinyRun.Description(folder.Path));
        string json = File.ReadAllText(path);
        // Same value through the file's field ...
        string literal = option.ValueType == typeof(string) ? $"\"{value}\"" : option.ValueType == typeof(List<int>) ? $"[{value}]" : value;
        File.WriteAllText(path, Regex.Replace(json, $"\"{name}\": [^,\\n]+", $"\"{name}\": {literal}"));
        Assert.Equal(value, option.Text(RunDescription.Load(path).Options));
        // ... and through analyze's flag, which also records that errors about it name the flag.
        Command analyze = CliApp.CreateRootCommand().Subcommands.Single(c => c.Name == "analyze");
        Assert.Contains(analyze.Options, o => o.Name == option.Flag);
        var description = new RunDescription();
        var flags = new MLNetConcepts.Cli.Commands.MethodOptionFlags([name]);
        flags.Apply(new RootCommand { Options = { flags.Options.Single() } }.Parse([option.Flag, value]), description.Options, description.FlagFields);
        Assert.Equal(value, option.Text(description.Options));
        Assert.Equal(option.Flag, description.FlagFields[option.Field]);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public async Task ABadValueNamesTheFlagOrTheFieldItCameFrom(string name)
    {
        MethodOption option = MethodOptions.Named(name);
        string? bad = BadValue(option);
        if (bad is null)
        {
            // Only the seed takes any whole number; a new option without a rule must say so here.
            Assert.Equal("seed", name);
            return;
        }
        using var folder = new TempFolder();
        string path = TinyRun.WriteDescription(Path.Combine(folder.Path, "run.json"), TinyRun.Description(Path.Combine(folder.Path, "out")));
        string literal = option.ValueType == typeof(string) ? $"\"{bad}\"" : option.ValueType == typeof(List<int>) ? $"[{bad}]" : bad;
        File.WriteAllText(path, Regex.Replace(File.ReadAllText(path), $"\"{name}\": [^,\\n]+", $"\"{name}\": {literal}"));

        (int fileCode, string fileError) = await CliRunner.RunAsync("analyze", "--config", path, "--plan");
        Assert.Equal(2, fileCode);
        Assert.StartsWith($"mlnetconcepts: {path}: field '{option.Field}' ", fileError.Trim());

        (int flagCode, string flagError) = await CliRunner.RunAsync("analyze", "--config", path, option.Flag, bad, "--plan");
        Assert.Equal(2, flagCode);
        Assert.StartsWith("mlnetconcepts: ", flagError);
        Assert.Contains(option.Flag, flagError);
        Assert.DoesNotContain(path, flagError);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public async Task ChangingAnOptionChangesTheFingerprintsOfExactlyTheStagesItIsDeclaredFor(string name)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        MethodOption option = MethodOptions.Named(name);
        using var folder = new TempFolder();
        RunDescription description = TinyRun.Description(folder.Path);
        description.Layers = [0, 1];
        RunPlan before = await Analysis.PlanAsync(description, folder.Path, cancellationToken: ct);
        option.Parse(description.Options, OtherValue(option, description.Options), option.Flag);
        RunPlan after = await Analysis.PlanAsync(description, folder.Path, cancellationToken: ct);

        Dictionary<string, string> old = before.Stages.ToDictionary(s => s.Id, s => s.Fingerprint);
        var changed = after.Stages.Where(s => old[s.Id] != s.Fingerprint).Select(s => s.Id).ToHashSet();
        // Declared: its own stages change, and what reads them (transitively), and nothing else.
        var declared = after.Stages.Where(s => Enum.TryParse(s.Kind, ignoreCase: true, out MethodStage k) && option.Stages.HasFlag(k) && k != MethodStage.None)
            .Select(s => s.Id).ToHashSet();
        var expected = new HashSet<string>(declared);
        foreach (PlannedStage stage in after.Stages)   // the plan lists a stage after those it reads
            if (stage.DependsOn.Any(expected.Contains)) expected.Add(stage.Id);
        if (option.Stages != MethodStage.None) Assert.NotEmpty(declared);
        Assert.Equal(expected.Order(), changed.Order());
    }

    /// <summary>What each stage kind is built from, as <c>Analysis</c> builds it: the stage options made from the settings.</summary>
    private static readonly Dictionary<MethodStage, Func<RunSettings, object>> StageInputs = new()
    {
        [MethodStage.Select] = s => s.ToFrequencyFilterOptions(),
        [MethodStage.Extract] = s => s.ToExtractionOptions(null, null),
        [MethodStage.Dictionary] = s => s.MaxSentenceWords,
        [MethodStage.Cluster] = s => s.ToDiscoveryOptions(),
        [MethodStage.Align] = s => (s.ToCalignOptions("en", "de"), s.ToUncertaintyOptions()),
        [MethodStage.Overlap] = s => (s.ToColapOptions(), s.ToUncertaintyOptions()),
        [MethodStage.Compare] = s => s.Bootstrap,
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void AnOptionIsDeclaredForExactlyTheStagesItsValueReaches(string name)
    {
        // Independent of the declaration: which stages' options change when the value does.
        MethodOption option = MethodOptions.Named(name);
        var before = new RunSettings();
        var after = new RunSettings();
        option.Parse(after, OtherValue(option, after), option.Flag);
        var reached = StageInputs.Where(p => Json(p.Value(before)) != Json(p.Value(after))).Select(p => p.Key).ToArray();
        var declared = StageInputs.Keys.Where(k => option.Stages.HasFlag(k)).ToArray();
        if (option.Stages == MethodStage.None)
            // Batch size, device and threads reach extraction and K-means but change no result (tested with each stage).
            Assert.All(reached, k => Assert.Contains(k, new[] { MethodStage.Extract, MethodStage.Cluster }));
        else
            Assert.Equal(declared, reached);
    }

    /// <summary>Every value an options object holds (nested options and tuples walked, callbacks skipped), as text.</summary>
    private static string Json(object? value) => value switch
    {
        null => "null",
        string or Enum or ValueType when value.GetType().IsPrimitive || value is string or Enum or decimal =>
            Convert.ToString(value, CultureInfo.InvariantCulture)!,
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Json)) + "]",
        System.Runtime.CompilerServices.ITuple tuple => "(" + string.Join(",", Enumerable.Range(0, tuple.Length).Select(i => Json(tuple[i]))) + ")",
        _ => "{" + string.Join(",", value.GetType().GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && !typeof(Delegate).IsAssignableFrom(p.PropertyType))
            .Select(p => p.Name + "=" + Json(p.GetValue(value)))) + "}",
    };

    [Fact]
    public void TheCommandLineReferenceListsEveryOptionWithItsFieldDefaultAndStages()
    {
        string reference = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md"));
        int at = reference.IndexOf("### Options of the method", StringComparison.Ordinal);
        Assert.True(at >= 0, "docs/cli.md has no section 'Options of the method'");
        var rows = Regex.Matches(reference[at..], @"^\| `(--[a-z-]+)`(?: `[^`]*`)? \| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \|", RegexOptions.Multiline)
            .Select(m => (Flag: m.Groups[1].Value, Field: m.Groups[2].Value, Default: m.Groups[3].Value.Trim(), Stages: m.Groups[4].Value.Trim()))
            .ToArray();
        var declared = MethodOptions.All.Select(o => (o.Flag, Field: o.Name, Default: o.DefaultText,
            Stages: o.Stages == MethodStage.None ? "none" : o.Stages.ToString().ToLowerInvariant())).ToArray();
        Assert.Equal(declared, rows);
    }

    /// <summary>A valid value other than <paramref name="settings"/>' own, as typed on the command line.</summary>
    private static string OtherValue(MethodOption option, RunSettings settings)
    {
        string current = option.Text(settings);
        if (option.Choices is { } names) return names.First(n => n != current);
        if (option.ValueType == typeof(double)) return (double.Parse(current, CultureInfo.InvariantCulture) / 2).ToString("R", CultureInfo.InvariantCulture);
        if (option.Name == "device") return current == "cpu" ? "cuda:0" : "cpu";
        // Whole numbers (and K lists): one more fits every rule.
        return string.Join(",", current.Split(',').Select(v => (int.Parse(v, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>A value the option's rule refuses, or null when it takes any value of its type.</summary>
    private static string? BadValue(MethodOption option)
    {
        string bad = option.Choices is not null ? "nope" : "-1";
        var settings = new RunSettings();
        option.Parse(settings, bad, option.Flag);
        try
        {
            settings.Validate((o, problem) => new ArgumentException(problem));
            return null;
        }
        catch (ArgumentException)
        {
            return bad;
        }
    }
}
