namespace MLNetConcepts.Translation;

/// <summary>One translation: <paramref name="Rank"/> 1 is the best translation of <paramref name="Source"/>.</summary>
public sealed record DictionaryEntry(string SourceLanguage, string TargetLanguage, string Source, string Target, int Rank, double Probability);

/// <summary>
/// The translation relation T that CALIGN uses: for each source word its ranked translations (T(s, t) = 1 when t is among s's N best). Words are compared
/// ordinally (case-sensitive, no normalisation). Entries keep their ranks; <see cref="TopN"/> applies an N-best
/// cut-off.
/// </summary>
public sealed class TranslationDictionary
{
    private readonly Dictionary<string, DictionaryEntry[]> _bySource;

    /// <param name="entries">Entries; each source word's entries are ordered by rank here.</param>
    public TranslationDictionary(IEnumerable<DictionaryEntry> entries)
    {
        Entries = entries.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Rank).ToArray();
        _bySource = Entries.GroupBy(e => e.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>All entries, by source word (ordinal) then rank.</summary>
    public IReadOnlyList<DictionaryEntry> Entries { get; }

    /// <summary>Number of distinct source words that have at least one translation.</summary>
    public int SourceWordCount => _bySource.Count;

    /// <summary>The translations of a source word, best first (empty when unknown).</summary>
    public IReadOnlyList<DictionaryEntry> Translations(string source) =>
        _bySource.TryGetValue(source, out DictionaryEntry[]? entries) ? entries : [];

    /// <summary>Keeps the entries ranked 1..<paramref name="n"/>.</summary>
    public TranslationDictionary TopN(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new TranslationDictionary(Entries.Where(e => e.Rank <= n));
    }

    /// <summary>Only the entries of one language pair.</summary>
    public TranslationDictionary ForLanguages(string sourceLanguage, string targetLanguage) =>
        new(Entries.Where(e => e.SourceLanguage == sourceLanguage && e.TargetLanguage == targetLanguage));

    /// <summary>
    /// Ranks scored candidate translations: highest probability first, ties by ordinal target order; keeps the
    /// first <paramref name="nBest"/> of each source word.
    /// </summary>
    public static TranslationDictionary FromScores(string sourceLanguage, string targetLanguage,
        IEnumerable<(string Source, string Target, double Probability)> scores, int nBest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nBest, 1);
        var entries = new List<DictionaryEntry>();
        foreach (var group in scores.GroupBy(s => s.Source, StringComparer.Ordinal))
        {
            int rank = 0;
            foreach (var candidate in group.OrderByDescending(c => c.Probability).ThenBy(c => c.Target, StringComparer.Ordinal).Take(nBest))
                entries.Add(new DictionaryEntry(sourceLanguage, targetLanguage, group.Key, candidate.Target, ++rank, candidate.Probability));
        }
        return new TranslationDictionary(entries);
    }
}
