using System.CommandLine;

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
            await error.WriteLineAsync($"mlnetconcepts: {parsed.Errors[0].Message}").ConfigureAwait(false);
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

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
