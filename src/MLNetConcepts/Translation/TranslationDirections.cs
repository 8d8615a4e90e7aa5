namespace MLNetConcepts.Translation;

/// <summary>The translation directions of a set of languages: every ordered pair of two different languages.</summary>
public static class TranslationDirections
{
    /// <summary>
    /// Every (source, target) pair of two different <paramref name="languages"/>, sources in the given order and, for
    /// each source, targets in the given order (en,de,ar: en→de, en→ar, de→en, de→ar, ar→en, ar→de).
    /// </summary>
    public static IEnumerable<(string Source, string Target)> Of(IReadOnlyList<string> languages)
    {
        foreach (string a in languages)
            foreach (string b in languages)
                if (a != b) yield return (a, b);
    }
}
