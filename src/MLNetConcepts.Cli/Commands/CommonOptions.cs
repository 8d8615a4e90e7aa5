using System.CommandLine;
using System.Globalization;

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

    /// <summary>Parses a comma-separated list of codes, e.g. <c>en,de</c>.</summary>
    public static IReadOnlyList<string> ParseList(string optionName, string text)
    {
        string[] values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
            throw new MLNetConceptsException($"option {optionName}: no value given");
        return values;
    }
}
