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
        WithProblem(new ArgumentOutOfRangeException(property, $"{owner}.{property}: {problem}"), problem);

    /// <summary>A value that <paramref name="owner"/>'s <paramref name="property"/> does not accept, for reasons other than range.</summary>
    internal static ArgumentException Invalid(string owner, string property, string problem) =>
        WithProblem(new ArgumentException($"{owner}.{property}: {problem}", property), problem);

    /// <summary>A method argument <paramref name="parameter"/> that does not fit the model or files it is used with.</summary>
    internal static ArgumentException InvalidArgument(string parameter, string problem) =>
        WithProblem(new ArgumentException($"{parameter}: {problem}", parameter), problem);

    /// <summary>
    /// What is wrong with the value, without the class and property the message names: <c>must be in (0, 1], got 1.5</c>.
    /// Our errors carry it apart from their message; another's gives its message without the note .NET appends.
    /// </summary>
    public static string Problem(ArgumentException error)
    {
        if (error.Data[ProblemKey] is string problem) return problem;
        string suffix = $" (Parameter '{error.ParamName}')";
        return error.ParamName is not null && error.Message.EndsWith(suffix, StringComparison.Ordinal) ? error.Message[..^suffix.Length] : error.Message;
    }

    // The problem travels in the exception's Data, so the exception keeps the exact type callers catch (and ML.NET's checks throw).
    private const string ProblemKey = "MLNetConcepts.OptionErrors.Problem";

    private static T WithProblem<T>(T error, string problem) where T : ArgumentException
    {
        error.Data[ProblemKey] = problem;
        return error;
    }
}
