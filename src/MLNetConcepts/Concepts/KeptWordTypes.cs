namespace MLNetConcepts.Concepts;

/// <summary>The word types a frequency filter keeps, per language (words compare ordinally, as the filter counts them).</summary>
public sealed class KeptWordTypes
{
    private readonly Dictionary<string, HashSet<string>> _byLanguage;

    internal KeptWordTypes(Dictionary<string, HashSet<string>> byLanguage) => _byLanguage = byLanguage;

    /// <summary>Builds the set from (language, word) pairs, for example read back from a saved model.</summary>
    public KeptWordTypes(IEnumerable<(string Language, string Word)> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _byLanguage = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach ((string language, string word) in types)
        {
            if (!_byLanguage.TryGetValue(language, out HashSet<string>? words))
                _byLanguage[language] = words = new HashSet<string>(StringComparer.Ordinal);
            words.Add(word);
        }
    }

    /// <summary>Number of (language, word) types.</summary>
    public long Count => _byLanguage.Values.Sum(w => (long)w.Count);

    /// <summary>The languages with at least one kept type, in ordinal order.</summary>
    public IReadOnlyList<string> Languages => _byLanguage.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="word"/> is a kept type of <paramref name="language"/>.</summary>
    public bool Contains(string language, string word) => _byLanguage.TryGetValue(language, out HashSet<string>? words) && words.Contains(word);

    /// <summary>The kept words of <paramref name="language"/> in ordinal order (empty for a language never seen).</summary>
    public IReadOnlyList<string> WordsOf(string language) =>
        _byLanguage.TryGetValue(language, out HashSet<string>? words) ? words.Order(StringComparer.Ordinal).ToArray() : [];
}
