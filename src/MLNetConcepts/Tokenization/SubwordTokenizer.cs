namespace MLNetConcepts.Tokenization;

/// <summary>
/// Turns one word into the model's sub-word piece ids and knows the architecture's special tokens.
/// Words are tokenized one at a time, which maps every piece to its word exactly: WordPiece and
/// SentencePiece never let a piece cross whitespace, so this gives the same pieces as tokenizing the line.
/// </summary>
public abstract class SubwordTokenizer
{
    /// <summary>Piece ids of one word, without special tokens; empty when the tokenizer drops the word.</summary>
    public abstract IReadOnlyList<int> EncodeWord(string word);

    /// <summary>Ids placed before the pieces of a sentence (e.g. [CLS] or &lt;s&gt;).</summary>
    public abstract IReadOnlyList<int> Prefix { get; }

    /// <summary>Ids placed after the pieces of a sentence (e.g. [SEP] or &lt;/s&gt;).</summary>
    public abstract IReadOnlyList<int> Suffix { get; }

    /// <summary>Id used to pad a batch; padded positions are masked.</summary>
    public abstract int PaddingId { get; }

    /// <summary>
    /// The token a decoder's input starts with under teacher forcing (t5: the pad id 0); null for
    /// tokenizers of encoder-only models.
    /// </summary>
    public virtual int? DecoderStartId => null;

    /// <summary>
    /// The largest id the tokenizer can give (its vocabulary's last entry), checked against the graph's embedding
    /// table before extraction; null when unknown.
    /// </summary>
    public virtual int? HighestId => null;

    /// <summary>Number of special tokens around a sentence.</summary>
    public int SpecialTokenCount => Prefix.Count + Suffix.Count;
}
