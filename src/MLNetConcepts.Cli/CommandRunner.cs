using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;

namespace MLNetConcepts.Cli;

/// <summary>
/// Exit codes and the one-line error contract (docs/cli.md): whatever goes wrong, the user sees one line on
/// standard error and never a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something the tool cannot handle by design or that looks like its own bug (the line says to report it).</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: a file, a line, an option or the environment (a folder that cannot be written).</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Parses and runs. A parse error, an <see cref="MLNetConceptsException"/> or a failed file operation prints one line
    /// and returns <see cref="BadInput"/>; an interruption returns <see cref="Interrupted"/>; anything else is reported
    /// as a bug, still in one line, with <see cref="InternalError"/>.
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
        if (EmptyValue(parsed) is { } empty)
        {
            await error.WriteLineAsync($"mlnetconcepts: option {empty}: empty value; give a path, name or number").ConfigureAwait(false);
            return BadInput;
        }
        if (LineBreak(parsed) is { } broken)
        {
            await error.WriteLineAsync($"mlnetconcepts: option {broken}: the value holds a line break; give it on one line").ConfigureAwait(false);
            return BadInput;
        }
        // Our own signal handling rather than System.CommandLine's: its timeout would end the process while the
        // command still holds temporaries; here the command stops at its next check and cleans up.
        using var interrupt = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Cancel(c, interrupt));
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Cancel(c, interrupt));
        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(configuration, interrupt.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            (int code, string message) = Classify(Unwrap(e), interrupt.IsCancellationRequested);
            await error.WriteLineAsync($"mlnetconcepts: {OneLine(message)}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>
    /// The first option given an empty value (<c>--out ""</c>, an unset shell variable): no option of the tool takes
    /// one, and an empty path would otherwise mean the current folder to some calls and an error to others.
    /// </summary>
    private static string? EmptyValue(ParseResult parsed) => parsed.CommandResult.Children.OfType<OptionResult>()
        .FirstOrDefault(o => o.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))?.Option.Name;

    /// <summary>The first option whose value holds a line break: it would split the one-line messages and reports that name it.</summary>
    private static string? LineBreak(ParseResult parsed) => parsed.CommandResult.Children.OfType<OptionResult>()
        .FirstOrDefault(o => o.Tokens.Any(t => t.Value.AsSpan().IndexOfAny('\n', '\r') >= 0))?.Option.Name;

    /// <summary>The first signal asks the command to stop; a second one ends the process at once.</summary>
    private static void Cancel(PosixSignalContext context, CancellationTokenSource interrupt)
    {
        if (interrupt.IsCancellationRequested) return;
        context.Cancel = true;
        interrupt.Cancel();
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        return e;
    }

    private static (int Code, string Message) Classify(Exception e, bool interrupted) => e switch
    {
        // Whatever a stage threw while stopping (some libraries wrap the cancellation) is the interruption.
        _ when interrupted =>
            (Interrupted, "interrupted; outputs are written only when complete, so nothing half-written was left (analyze: run it again to resume)"),
        MLNetConceptsException => (BadInput, e.Message),
        // The runtime's messages name the path ("Access to the path '/x' is denied", "No space left on device : '/x'").
        UnauthorizedAccessException or IOException => (BadInput, e.Message),
        _ => (InternalError, $"internal error ({e.GetType().Name}: {e.Message}); this is a bug, please report it with the command line that caused it"),
    };

    /// <summary>A parse error with the option it concerns named first, as every other error names its option.</summary>
    private static string Describe(ParseError parseError)
    {
        SymbolResult? symbol = parseError.SymbolResult;
        OptionResult? option = symbol as OptionResult ?? (symbol as ArgumentResult)?.Parent as OptionResult;
        string message = OneLine(parseError.Message);
        return option is null ? message : $"option {option.Option.Name}: {message}";
    }

    /// <summary>The longest error line printed; a longer one (a huge value quoted in it) keeps its start and end.</summary>
    private const int MaxLine = 2000;

    private static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        return line.Length <= MaxLine ? line : line[..1400] + $" … ({line.Length - 1900} characters left out) … " + line[^500..];
    }
}
