namespace MLNetConcepts;

/// <summary>
/// How the options classes report a bad value, as ML.NET's own checks do: an <see cref="ArgumentOutOfRangeException"/>
/// (or <see cref="ArgumentException"/>) whose <see cref="ArgumentException.ParamName"/> is the property and whose message
/// names the class and property, e.g. <c>CalignOptions.ThetaA: must be in [0, 1], got 1.5</c>.
/// </summary>
/// <example>
/// A caller that names settings its own way (a command-line flag, a field of a file) keeps only what is wrong:
/// <code>
/// catch (ArgumentException e) when (e.ParamName == nameof(CalignOptions.ThetaA))
/// {
///     Console.Error.WriteLine($"option --theta-a: {OptionErrors.Problem(e)}");   // "must be in [0, 1], got 1.5"
/// }
/// </code>
/// </example>
public static class OptionErrors
{
    /// <summary>A value outside the range of <paramref name="owner"/>'s <paramref name="property"/>.</summary>
    internal static ArgumentOutOfRangeException OutOfRange(string owner, string property, string problem) =>
        new(property, $"{owner}.{property}: {problem}");

    /// <summary>A value that <paramref name="owner"/>'s <paramref name="property"/> does not accept, for reasons other than range.</summary>
    internal static ArgumentException Invalid(string owner, string property, string problem) =>
        new($"{owner}.{property}: {problem}", property);

    /// <summary>A method argument <paramref name="parameter"/> that does not fit the model or files it is used with.</summary>
    internal static ArgumentException InvalidArgument(string parameter, string problem) => new($"{parameter}: {problem}", parameter);

    /// <summary>
    /// What is wrong with the value, without the class and property that <paramref name="error"/>'s message starts
    /// with (or the parameter name) or the parameter note .NET appends: <c>must be in (0, 1], got 1.5</c>.
    /// </summary>
    public static string Problem(ArgumentException error)
    {
        string message = error.Message;
        if (error.ParamName is not { } name) return message;
        string suffix = $" (Parameter '{name}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        string property = "." + name + ": ";
        int at = message.IndexOf(property, StringComparison.Ordinal);
        if (at > 0 && !message[..at].Contains(' ', StringComparison.Ordinal)) message = message[(at + property.Length)..];
        else if (message.StartsWith(name + ": ", StringComparison.Ordinal)) message = message[(name.Length + 2)..];
        return message;
    }
}
