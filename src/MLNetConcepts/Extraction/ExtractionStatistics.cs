namespace MLNetConcepts.Extraction;

/// <summary>What extraction kept and dropped (words the tokenizer dropped, words past the model's positions): recorded in every run.</summary>
public sealed class ExtractionStatistics
{
    /// <summary>Sentences (lines) read.</summary>
    public long Sentences { get; set; }
    /// <summary>Sentences with no word at all (blank lines); they get no vector.</summary>
    public long EmptySentences { get; set; }
    /// <summary>Words in the sentences read, kept or not.</summary>
    public long Words { get; set; }
    /// <summary>Words given a vector.</summary>
    public long WordsKept { get; set; }

    /// <summary>Words for which the tokenizer produced no piece at all; they get no vector.</summary>
    public long WordsDroppedByTokenizer { get; set; }

    /// <summary>Words past the model's maximum positions.</summary>
    public long WordsTruncated { get; set; }

    /// <summary>Sentences that lost at least one word to the model's maximum positions.</summary>
    public long SentencesTruncated { get; set; }
    /// <summary>Subword pieces fed to the model for the kept words (special tokens not counted).</summary>
    public long Pieces { get; set; }

    /// <summary>Adds <paramref name="other"/>'s counts to these (e.g. to total several inputs).</summary>
    public void Add(ExtractionStatistics other)
    {
        Sentences += other.Sentences;
        EmptySentences += other.EmptySentences;
        Words += other.Words;
        WordsKept += other.WordsKept;
        WordsDroppedByTokenizer += other.WordsDroppedByTokenizer;
        WordsTruncated += other.WordsTruncated;
        SentencesTruncated += other.SentencesTruncated;
        Pieces += other.Pieces;
    }
}
