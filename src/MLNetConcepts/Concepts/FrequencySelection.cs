namespace MLNetConcepts.Concepts;

/// <summary>What the frequency filter dropped and kept. Every word seen is counted in exactly one bucket.</summary>
/// <param name="WordsSeen">Word occurrences read.</param>
/// <param name="LongSentences">Distinct (language, sentence) pairs dropped because a side had too many words.</param>
/// <param name="LongSentenceOccurrences">Occurrences dropped with those sentences.</param>
/// <param name="RareTypes">
/// (language, type) pairs dropped as rare: seen fewer than <see cref="FrequencyFilterOptions.MinFrequency"/> times
/// (<see cref="FrequencyFilter.Select"/>), or not among the types learned at fit (<see cref="FrequencyFilter.Apply"/>).
/// </param>
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
/// The outcome of the frequency filter on one stream of words: which occurrences are kept, which word types
/// passed, and the statistics. Holds one entry per kept occurrence (at most types x max-occurrences) and per kept
/// type, nothing per dropped occurrence.
/// </summary>
public sealed class FrequencySelection
{
    private readonly HashSet<(string Language, long SentenceId, int WordIndex)> _kept;

    internal FrequencySelection(HashSet<(string, long, int)> kept, KeptWordTypes keptTypes, FrequencyFilterStatistics statistics)
    {
        _kept = kept;
        KeptTypes = keptTypes;
        Statistics = statistics;
    }

    /// <summary>What the filter saw and dropped, step by step.</summary>
    public FrequencyFilterStatistics Statistics { get; }

    /// <summary>The (language, word) types whose occurrences were kept: what a fitted filter carries to new data.</summary>
    public KeptWordTypes KeptTypes { get; }

    /// <summary>Number of kept occurrences.</summary>
    public int Count => _kept.Count;

    /// <summary>Whether the occurrence of word <paramref name="wordIndex"/> (0-based) in sentence <paramref name="sentenceId"/> of <paramref name="language"/> is kept.</summary>
    public bool IsKept(string language, long sentenceId, int wordIndex) => _kept.Contains((language, sentenceId, wordIndex));
}
