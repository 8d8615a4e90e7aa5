using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Reporting;

/// <summary>
/// Recognises, per language and from the corpus alone, the words that carry little content: tokens without a letter
/// (punctuation, numbers) and the language's most frequent types, those that together make up the first
/// <see cref="HeadShare"/> of its word occurrences (by Zipf's law a few dozen types, nearly all function words: "the",
/// "of", "der", "und", "de", "la"; on a small corpus of one domain also its commonest nouns, e.g. "man" in image
/// captions). No hand-made word list, so it works for any language.
/// </summary>
public sealed class FrequentWords
{
    /// <summary>The share of a language's word occurrences that its most frequent types must cover to count as frequent.</summary>
    public const double HeadShare = 0.4;

    /// <summary>A concept with at least this share of function-like occurrences is taken as a function concept (not a content one).</summary>
    public const double FunctionConceptShare = 0.5;

    private readonly Dictionary<string, HashSet<string>> _frequent;

    private FrequentWords(Dictionary<string, HashSet<string>> frequent) => _frequent = frequent;

    /// <summary>The rule in words, for the report and the explorer.</summary>
    public static string Rule =>
        $"a word counts as punctuation or a function word when it has no letter, or when it is one of its language's most frequent types " +
        $"in the corpus that together make up {HeadShare:P0} of that language's word occurrences; a concept with at least " +
        $"{FunctionConceptShare:P0} of its occurrences on such words is a function concept";

    /// <summary>Counts the words of each language's corpus file (<see cref="WordSplitter"/>); a missing file leaves only the no-letter rule for that language.</summary>
    public static FrequentWords FromCorpus(IReadOnlyDictionary<string, string> fileByLanguage)
    {
        var frequent = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach ((string language, string path) in fileByLanguage)
        {
            if (!File.Exists(path)) continue;
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string line in SentenceFile.ReadLines(path))
                foreach (string word in WordSplitter.Split(line))
                    counts[word] = counts.GetValueOrDefault(word) + 1;
            frequent[language] = Head(counts);
        }
        return new FrequentWords(frequent);
    }

    /// <summary>From word counts per language (tests, and callers that counted already).</summary>
    public static FrequentWords FromCounts(IReadOnlyDictionary<string, Dictionary<string, long>> countsByLanguage) =>
        new(countsByLanguage.ToDictionary(p => p.Key, p => Head(p.Value), StringComparer.Ordinal));

    /// <summary>The frequent types of <paramref name="language"/> (empty when its corpus was not found).</summary>
    public IReadOnlySet<string> Of(string language) => _frequent.GetValueOrDefault(language) ?? [];

    /// <summary>Whether <paramref name="word"/> of <paramref name="language"/> is punctuation, a number or one of its frequent types.</summary>
    public bool IsFunctionLike(string language, string word) =>
        !word.Any(char.IsLetter) || (_frequent.TryGetValue(language, out var set) && set.Contains(word));

    private static HashSet<string> Head(Dictionary<string, long> counts)
    {
        long total = counts.Values.Sum();
        var head = new HashSet<string>(StringComparer.Ordinal);
        long covered = 0;
        foreach ((string word, long count) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if (covered >= HeadShare * total) break;
            head.Add(word);
            covered += count;
        }
        return head;
    }
}
