using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Extraction;

/// <summary>A kept word and where its pieces sit in the model input.</summary>
/// <param name="WordIndex">0-based index among the line's words.</param>
/// <param name="FirstPiece">Position of its first piece in the input ids (special tokens included).</param>
/// <param name="PieceCount">Number of its pieces (at least 1).</param>
/// <param name="Word">The word as split from the line.</param>
public readonly record struct PlannedWord(int WordIndex, string Word, int FirstPiece, int PieceCount);

/// <summary>
/// One sentence tokenized for the model: its input ids with special tokens and, for each word that gets a
/// vector, the span of its pieces. Words the tokenizer drops and words past the model's positions are counted.
/// </summary>
public sealed class SentencePlan
{
    /// <summary>The sentence's id: its 0-based line in the input file.</summary>
    public required long SentenceId { get; init; }
    /// <summary>The model's input ids: the tokenizer's prefix tokens, the kept words' pieces, then its suffix tokens (shifted right behind the start token in <see cref="ForDecoder"/>'s plan).</summary>
    public required long[] InputIds { get; init; }
    /// <summary>The words that get a vector, in sentence order.</summary>
    public required PlannedWord[] Words { get; init; }
    /// <summary>Words in the line, kept or not.</summary>
    public int WordCount { get; init; }
    /// <summary>Words for which the tokenizer produced no piece.</summary>
    public int DroppedByTokenizer { get; init; }
    /// <summary>Words cut off by the model's maximum positions: the first word that did not fit and every later one.</summary>
    public int Truncated { get; init; }

    /// <summary>
    /// Tokenizes a line word by word. Words are kept while their pieces plus the special tokens fit into
    /// <paramref name="maxPositions"/>; from the first word that does not fit, every later word is truncated.
    /// </summary>
    public static SentencePlan Create(long sentenceId, string line, SubwordTokenizer tokenizer, int maxPositions)
    {
        string[] words = WordSplitter.Split(line);
        var ids = new List<long>(words.Length * 2 + tokenizer.SpecialTokenCount);
        foreach (int id in tokenizer.Prefix) ids.Add(id);
        int budget = maxPositions - tokenizer.SpecialTokenCount;
        var kept = new List<PlannedWord>(words.Length);
        int dropped = 0, truncated = 0, used = 0;
        for (int w = 0; w < words.Length; w++)
        {
            IReadOnlyList<int> pieces = tokenizer.EncodeWord(words[w]);
            if (used + pieces.Count > budget)
            {
                truncated = words.Length - w;
                break;
            }
            if (pieces.Count == 0)
            {
                dropped++;
                continue;
            }
            kept.Add(new PlannedWord(w, words[w], ids.Count, pieces.Count));
            foreach (int id in pieces) ids.Add(id);
            used += pieces.Count;
        }
        foreach (int id in tokenizer.Suffix) ids.Add(id);
        return new SentencePlan
        {
            SentenceId = sentenceId, InputIds = ids.ToArray(), Words = kept.ToArray(), WordCount = words.Length,
            DroppedByTokenizer = dropped, Truncated = truncated,
        };
    }

    /// <summary>
    /// This plan giving vectors only to the words in <paramref name="kept"/> (by sentence id and word index); the model
    /// still reads the whole sentence, so their vectors are the ones a plan of every word gives them.
    /// </summary>
    public SentencePlan Keeping(IReadOnlySet<(long SentenceId, int WordIndex)> kept) => new()
    {
        SentenceId = SentenceId, InputIds = InputIds, WordCount = WordCount, DroppedByTokenizer = DroppedByTokenizer, Truncated = Truncated,
        Words = Words.Where(w => kept.Contains((SentenceId, w.WordIndex))).ToArray(),
    };

    /// <summary>
    /// The decoder's view of this (target) sentence under teacher forcing: the input is the start
    /// token followed by the target ids without the last one (the target shifted right), so input step j reads
    /// target id j - 1 and predicts target id j. A word's pieces map to the steps that predict them
    /// (<see cref="DecoderPosition.Predict"/>, the same positions) or to the steps that have read them
    /// (<see cref="DecoderPosition.Read"/>, one later). Counts are kept.
    /// </summary>
    public SentencePlan ForDecoder(int startId, DecoderPosition position)
    {
        var ids = new long[InputIds.Length];
        ids[0] = startId;
        Array.Copy(InputIds, 0, ids, 1, InputIds.Length - 1);
        int shift = position switch
        {
            DecoderPosition.Predict => 0,
            DecoderPosition.Read => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(position)),
        };
        return new SentencePlan
        {
            SentenceId = SentenceId, InputIds = ids, WordCount = WordCount, DroppedByTokenizer = DroppedByTokenizer, Truncated = Truncated,
            Words = Words.Select(w => w with { FirstPiece = w.FirstPiece + shift }).ToArray(),
        };
    }
}
