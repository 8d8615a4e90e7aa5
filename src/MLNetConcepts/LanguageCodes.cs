namespace MLNetConcepts;

/// <summary>
/// The one rule for a language code given to a command (<c>extract</c>, <c>dictionary</c>): it becomes part of file
/// names and table values, so it may not be empty or hold whitespace, a path separator or <c>=</c> (hive partitions).
/// </summary>
public static class LanguageCodes
{
    /// <summary>Throws an <see cref="ArgumentException"/> for <paramref name="parameter"/> when <paramref name="language"/> breaks the rule.</summary>
    public static void Check(string parameter, string? language)
    {
        if (string.IsNullOrWhiteSpace(language) || language.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '=')
            || language is "." or "..")
            throw OptionErrors.InvalidArgument(parameter, $"'{ErrorText.Shorten(language ?? "")}' is not a language code");
    }
}
