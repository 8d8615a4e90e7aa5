namespace MLNetConcepts.Tokenization;

/// <summary>
/// Splits an already tokenized line into words: the runs of non-whitespace characters. Runs of
/// spaces, tabs and other Unicode whitespace never produce empty words.
/// </summary>
public static class WordSplitter
{
    /// <summary>The words of <paramref name="line"/>, in order; empty for a blank line.</summary>
    public static string[] Split(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
