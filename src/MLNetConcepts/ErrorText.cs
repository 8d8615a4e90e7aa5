namespace MLNetConcepts;

/// <summary>User values quoted in one-line errors and warnings, kept short whatever the user gave.</summary>
public static class ErrorText
{
    /// <summary>The longest value an error line quotes in full.</summary>
    public const int MaxQuoted = 200;

    /// <summary>
    /// <paramref name="value"/> when at most <see cref="MaxQuoted"/> characters, else its first 140 and last 59 with an
    /// ellipsis between (both ends of a path or label are usually the telling parts).
    /// </summary>
    public static string Shorten(string value) => value.Length <= MaxQuoted ? value : value[..140] + "…" + value[^59..];
}
