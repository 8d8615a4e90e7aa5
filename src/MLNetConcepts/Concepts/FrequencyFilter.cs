namespace MLNetConcepts.Concepts;

/// <summary>Options of the frequency filter. Every default is the paper's.</summary>
public sealed class FrequencyFilterOptions
{
    /// <summary>Word types seen fewer times than this in a language are dropped. Default 5.</summary>
    public int MinFrequency { get; set; } = 5;

    /// <summary>At most this many occurrences of a type are kept: the first ones in corpus order. Default 10.</summary>
    public int MaxOccurrences { get; set; } = 10;

    /// <summary>
    /// A sentence (line) with this many words or more in any language is dropped in every language, so a
    /// parallel sentence pair goes as a whole. Default 300.
    /// </summary>
    public int MaxSentenceWords { get; set; } = 300;

    /// <summary>
    /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> whose
    /// <see cref="ArgumentException.ParamName"/> is the property (see <see cref="OptionErrors"/>).
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(FrequencyFilterOptions);
        if (MinFrequency < 1)
            throw OptionErrors.OutOfRange(owner, nameof(MinFrequency), $"must be at least 1, got {MinFrequency}");
        if (MaxOccurrences < 1)
            throw OptionErrors.OutOfRange(owner, nameof(MaxOccurrences), $"must be at least 1, got {MaxOccurrences}");
        if (MaxSentenceWords < 1)
            throw OptionErrors.OutOfRange(owner, nameof(MaxSentenceWords), $"must be at least 1, got {MaxSentenceWords}");
    }
}

/// <summary>One word occurrence as the filter sees it: where it is and which type it is.</summary>
public readonly record struct WordOccurrence(string Language, long SentenceId, int WordIndex, string Word);

/// <summary>What the frequency filter dropped and kept. Every word seen is counted in exactly one bucket.</summary>
/// <param name="WordsSeen">Word occurrences read.</param>
/// <param name="LongSentences">Distinct (language, sentence) pairs dropped because a side had too many words.</param>
/// <param name="LongSentenceOccurrences">Occurrences dropped with those sentences.</param>
/// <param name="RareTypes">(language, type) pairs seen fewer than <see cref="FrequencyFilterOptions.MinFrequency"/> times.</param>
/// <param name="RareOccurrences">Occurrences of those rare types.</param>
/// <param name="OverCapOccurrences">Occurrences of frequent types past the first <see cref="FrequencyFilterOptions.MaxOccurrences"/>.</param>
/// <param name="KeptTypes">(language, type) pairs kept.</param>
/// <param name="KeptOccurrences">Occurrences kept.</param>
public sealed record FrequencyFilterStatistics(
    long WordsSeen,
    long LongSentences,
    long LongSentenceOccurrences,
    long RareTypes,
    long RareOccurrences,
    long OverCapOccurrences,
    long KeptTypes,
    long KeptOccurrences);

/// <summary>
/// The outcome of the frequency filter: which occurrences are kept, and the statistics. Holds one entry per
/// kept occurrence (at most types x max-occurrences) and nothing per dropped one.
/// </summary>
public sealed class FrequencySelection
{
    private readonly HashSet<(string Language, long SentenceId, int WordIndex)> _kept;

    internal FrequencySelection(HashSet<(string, long, int)> kept, FrequencyFilterStatistics statistics)
    {
        _kept = kept;
        Statistics = statistics;
    }

    /// <summary>What the filter saw and dropped, step by step.</summary>
    public FrequencyFilterStatistics Statistics { get; }

    /// <summary>Number of kept occurrences.</summary>
    public int Count => _kept.Count;

    /// <summary>Whether the occurrence of word <paramref name="wordIndex"/> (0-based) in sentence <paramref name="sentenceId"/> of <paramref name="language"/> is kept.</summary>
    public bool IsKept(string language, long sentenceId, int wordIndex) => _kept.Contains((language, sentenceId, wordIndex));

    /// <summary>The kept occurrences, in no particular order (for saving the selection with a model).</summary>
    internal IReadOnlyCollection<(string Language, long SentenceId, int WordIndex)> Kept => _kept;
}

/// <summary>
/// The frequency filter, per language: (1) drop every sentence that has
/// <see cref="FrequencyFilterOptions.MaxSentenceWords"/> words or more in any language (the whole parallel pair);
/// (2) over what remains, drop types seen fewer than <see cref="FrequencyFilterOptions.MinFrequency"/> times;
/// (3) keep the first <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences of each remaining type in
/// corpus order, that is by sentence id then word index, whatever order the rows arrive in, so the result is
/// deterministic.
/// </summary>
/// <remarks>
/// A sentence's length is its largest word index plus one: words the tokenizer dropped or that fell past the
/// model's positions still count, as they were words of the sentence. Memory: one entry per sentence and per
/// type, plus the kept occurrences; the words are read twice, so the source must be re-enumerable.
/// </remarks>
public static class FrequencyFilter
{
    /// <summary>Selects the occurrences to keep. <paramref name="words"/> is enumerated twice.</summary>
    public static FrequencySelection Select(IEnumerable<WordOccurrence> words, FrequencyFilterOptions? options = null)
    {
        options ??= new FrequencyFilterOptions();
        options.Validate();

        // Pass 1: sentence lengths per (language, sentence).
        var lengths = new Dictionary<(string, long), int>();
        foreach (WordOccurrence w in words)
        {
            var key = (w.Language, w.SentenceId);
            // int.MaxValue + 1 would wrap to a negative length and let the sentence through.
            lengths[key] = Math.Max(lengths.GetValueOrDefault(key), w.WordIndex == int.MaxValue ? int.MaxValue : w.WordIndex + 1);
        }
        var longSentenceIds = new HashSet<long>();
        foreach (((string _, long sentence), int length) in lengths)
            if (length >= options.MaxSentenceWords) longSentenceIds.Add(sentence);
        long longSentences = lengths.Keys.Count(k => longSentenceIds.Contains(k.Item2));
        lengths.Clear();

        // Pass 2: per (language, type), its count and its first MaxOccurrences positions, kept in a bounded
        // max-heap so the latest of the first ones is the one replaced.
        var types = new Dictionary<(string Language, string Word), TypeTally>();
        long seen = 0, inLongSentences = 0;
        foreach (WordOccurrence w in words)
        {
            seen++;
            if (longSentenceIds.Contains(w.SentenceId))
            {
                inLongSentences++;
                continue;
            }
            var key = (w.Language, w.Word);
            if (!types.TryGetValue(key, out TypeTally? tally))
                types[key] = tally = new TypeTally();
            tally.Add(w.SentenceId, w.WordIndex, options.MaxOccurrences);
        }

        var kept = new HashSet<(string, long, int)>();
        long rareTypes = 0, rareOccurrences = 0, overCap = 0, keptTypes = 0;
        foreach (((string language, string _), TypeTally tally) in types)
        {
            if (tally.Count < options.MinFrequency)
            {
                rareTypes++;
                rareOccurrences += tally.Count;
                continue;
            }
            keptTypes++;
            overCap += tally.Count - tally.First.Count;
            foreach ((long sentence, int index) in tally.First.UnorderedItems.Select(i => i.Element))
                kept.Add((language, sentence, index));
        }

        var statistics = new FrequencyFilterStatistics(seen, longSentences, inLongSentences, rareTypes, rareOccurrences,
            overCap, keptTypes, kept.Count);
        return new FrequencySelection(kept, statistics);
    }

    private sealed class TypeTally
    {
        private static readonly Comparer<(long, int)> Latest = Comparer<(long, int)>.Create((a, b) => b.CompareTo(a));

        public long Count { get; private set; }

        /// <summary>The earliest positions seen so far; the root is the latest of them.</summary>
        public PriorityQueue<(long, int), (long, int)> First { get; } = new(Latest);

        public void Add(long sentenceId, int wordIndex, int capacity)
        {
            Count++;
            var position = (sentenceId, wordIndex);
            if (First.Count < capacity)
                First.Enqueue(position, position);
            else if (position.CompareTo(First.Peek()) < 0)
                First.EnqueueDequeue(position, position);
        }
    }
}
