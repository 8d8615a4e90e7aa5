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
    public int MaxSentenceWords { get; set; } = Limits.DefaultMaxSentenceWords;

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
