using System.CommandLine;
using System.CommandLine.Parsing;

namespace MLNetConcepts.Cli;

/// <summary>Exit codes and the one-line error contract of SPEC section 4.</summary>
public static class CommandRunner
{
    public const int Success = 0;
    public const int BadInput = 2;

    /// <summary>
    /// Parses and runs. A parse error or an <see cref="MLNetConceptsException"/> prints one line on standard
    /// error and returns <see cref="BadInput"/>.
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"mlnetconcepts: {Describe(parsed.Errors[0])}").ConfigureAwait(false);
            return BadInput;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (MLNetConceptsException e)
        {
            await error.WriteLineAsync($"mlnetconcepts: {OneLine(e.Message)}").ConfigureAwait(false);
            return BadInput;
        }
    }

    /// <summary>A parse error with the option it concerns named first, as every other error names its option.</summary>
    private static string Describe(ParseError parseError)
    {
        SymbolResult? symbol = parseError.SymbolResult;
        OptionResult? option = symbol as OptionResult ?? (symbol as ArgumentResult)?.Parent as OptionResult;
        string message = OneLine(parseError.Message);
        return option is null ? message : $"option {option.Option.Name}: {message}";
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
