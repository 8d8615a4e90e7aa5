using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;

namespace MLNetConcepts.Cli.Commands;

/// <summary>Option parsing shared by several commands.</summary>
public static class CommonOptions
{
    /// <summary>Parses a comma-separated list of non-negative integers, e.g. <c>0,1,3,6</c>.</summary>
    public static IReadOnlyList<int> ParseIntList(string optionName, string text)
    {
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw new MLNetConceptsException($"option {optionName}: '{part}' is not a non-negative integer");
            values.Add(value);
        }
        if (values.Count == 0)
            throw new MLNetConceptsException($"option {optionName}: no value given");
        return values;
    }

    /// <summary>
    /// <c>--definition paper|released-code</c>: which reading of CALIGN and COLAP to compute (docs/interop.md, "Paper text or
    /// released code").
    /// </summary>
    public static Option<string> Definition()
    {
        var option = new Option<string>("--definition")
        {
            Description = "paper (the metrics as the paper's text defines them) or released-code (the comparisons of the paper's released scripts)",
            DefaultValueFactory = _ => new MLNetConcepts.Metrics.CalignOptions().Definition.Name(),
        };
        option.AcceptOnlyFromAmong(MLNetConcepts.Metrics.MetricDefinitions.Names);
        return option;
    }

    /// <summary>Parses a comma-separated list of codes, e.g. <c>en,de</c>.</summary>
    public static IReadOnlyList<string> ParseList(string optionName, string text)
    {
        string[] values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
            throw new MLNetConceptsException($"option {optionName}: no value given");
        return values;
    }

    /// <summary><c>--chance-draws</c>: R, chance draws per clustering.</summary>
    public static Option<int> ChanceDraws() => new("--chance-draws")
    {
        Description = "Random target concepts (CALIGN) or language shufflings (COLAP) per clustering for the chance level; 0 for none",
        DefaultValueFactory = _ => new UncertaintyOptions().ChanceDraws,
    };

    /// <summary><c>--bootstrap</c>: B, multi-bootstrap replicates per interval.</summary>
    public static Option<int> Bootstrap() => new("--bootstrap")
    {
        Description = "Multi-bootstrap replicates behind each 95% interval of the summary table",
        DefaultValueFactory = _ => new UncertaintyOptions().Bootstrap,
    };

    /// <summary>The flags of <see cref="UncertaintyOptions"/>' properties.</summary>
    public static readonly IReadOnlyDictionary<string, string> UncertaintyFlags = new Dictionary<string, string>
    {
        [nameof(UncertaintyOptions.ChanceDraws)] = "--chance-draws",
        [nameof(UncertaintyOptions.Bootstrap)] = "--bootstrap",
    };
}
