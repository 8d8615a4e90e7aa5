using System.CommandLine;

namespace MLNetConcepts.Cli.Commands;

/// <summary>
/// The library's options name their properties in errors (<see cref="OptionErrors"/>); a command says which of its
/// flags sets which property, so the user reads the flag they typed: <c>option --theta-a: must be in [0, 1], got 1.5</c>.
/// </summary>
public static class PropertyFlags
{
    /// <summary>
    /// <paramref name="action"/>, with an <see cref="ArgumentException"/> about a property in <paramref name="flags"/>
    /// (property → flag) turned into the one-line bad-input error of that flag (exit code 2).
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Naming(IReadOnlyDictionary<string, string> flags,
        Func<ParseResult, CancellationToken, Task<int>> action) => async (parsed, cancellationToken) =>
    {
        try
        {
            return await action(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e) when (e.ParamName is { } property && flags.TryGetValue(property, out string? flag))
        {
            throw new MLNetConceptsException($"option {flag}: {OptionErrors.Problem(e)}", e);
        }
    };
}
