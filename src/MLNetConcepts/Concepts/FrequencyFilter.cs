namespace MLNetConcepts.Concepts;

/// <summary>One word occurrence as the filter sees it: where it is and which type it is.</summary>
public readonly record struct WordOccurrence(string Language, long SentenceId, int WordIndex, string Word);

/// <summary>
/// The frequency filter, per language: (1) drop every sentence that has
/// <see cref="FrequencyFilterOptions.MaxSentenceWords"/> words or more in any language (the whole parallel pair);
/// (2) over what remains, drop types seen fewer than <see cref="FrequencyFilterOptions.MinFrequency"/> times;
/// (3) keep the first <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences of each remaining type in
/// corpus order, that is by sentence id then word index, whatever order the rows arrive in, so the result is
/// deterministic.
/// </summary>
/// <remarks>
/// <see cref="Select"/> does all three on a corpus and learns which types pass step (2). <see cref="Apply"/> runs
/// steps (1) and (3) on any stream with step (2) replaced by "is a type <see cref="Select"/> kept": on the corpus
/// <see cref="Select"/> saw it keeps exactly the same occurrences, and on new sentences it keeps the learned types,
/// at most <see cref="FrequencyFilterOptions.MaxOccurrences"/> of each, never by position.
/// A sentence's length is its largest word index plus one: words the tokenizer dropped or that fell past the
/// model's positions still count, as they were words of the sentence. Memory: one entry per sentence and per
/// type, plus the kept occurrences; the words are read twice, so the source must be re-enumerable.
/// </remarks>
public static class FrequencyFilter
{
    /// <summary>Selects the occurrences to keep and learns the kept types. <paramref name="words"/> is enumerated twice.</summary>
    public static FrequencySelection Select(IEnumerable<WordOccurrence> words, FrequencyFilterOptions? options = null)
    {
        options ??= new FrequencyFilterOptions();
        options.Validate();
        int minFrequency = options.MinFrequency;
        return SelectWhere(words, options, (_, _, count) => count >= minFrequency);
    }

    /// <summary>
    /// Keeps, in a stream of words the filter may never have seen, the first
    /// <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences (in corpus order, outside long sentences) of
    /// each type in <paramref name="keptTypes"/>; <see cref="FrequencyFilterOptions.MinFrequency"/> is not applied
    /// again. In the statistics, "rare" counts the types and occurrences that are not kept types.
    /// <paramref name="words"/> is enumerated twice.
    /// </summary>
    public static FrequencySelection Apply(IEnumerable<WordOccurrence> words, KeptWordTypes keptTypes, FrequencyFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(keptTypes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return SelectWhere(words, options, (language, word, _) => keptTypes.Contains(language, word));
    }

    private static FrequencySelection SelectWhere(IEnumerable<WordOccurrence> words, FrequencyFilterOptions options,
        Func<string, string, long, bool> keepType)
    {
        ArgumentNullException.ThrowIfNull(words);

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
        var keptTypes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        long rareTypes = 0, rareOccurrences = 0, overCap = 0, keptTypeCount = 0;
        foreach (((string language, string word), TypeTally tally) in types)
        {
            if (!keepType(language, word, tally.Count))
            {
                rareTypes++;
                rareOccurrences += tally.Count;
                continue;
            }
            keptTypeCount++;
            if (!keptTypes.TryGetValue(language, out HashSet<string>? languageTypes))
                keptTypes[language] = languageTypes = new HashSet<string>(StringComparer.Ordinal);
            languageTypes.Add(word);
            overCap += tally.Count - tally.First.Count;
            foreach ((long sentence, int index) in tally.First.UnorderedItems.Select(i => i.Element))
                kept.Add((language, sentence, index));
        }

        var statistics = new FrequencyFilterStatistics(seen, longSentences, inLongSentences, rareTypes, rareOccurrences,
            overCap, keptTypeCount, kept.Count);
        return new FrequencySelection(kept, new KeptWordTypes(keptTypes), statistics);
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
