using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace MLNetConcepts.Tokenization;

/// <summary>How a model numbers SentencePiece ids and which special tokens surround a sentence.</summary>
public enum SentencePieceIdLayout
{
    /// <summary>
    /// XLM-R's fairseq layout: &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3 and every other
    /// SentencePiece id shifted by one; sentences are <c>&lt;s&gt; … &lt;/s&gt;</c>.
    /// </summary>
    Fairseq,

    /// <summary>
    /// T5 / mT5: the model file's own ids (&lt;pad&gt;=0, &lt;/s&gt;=1, &lt;unk&gt;=2, no BOS); sentences are
    /// <c>… &lt;/s&gt;</c>, padding is 0 and the decoder starts from the pad id 0.
    /// </summary>
    T5,
}

/// <summary>
/// A SentencePiece model (Unigram or BPE, <c>.model</c> file) through Microsoft.ML.Tokenizers'
/// <see cref="SentencePieceTokenizer"/>. Two differences from the reference sentencepiece library are
/// corrected so ids match it (and Hugging Face's slow tokenizers): a run of unknown characters becomes one
/// unknown piece, not one per character, and control characters (which the usual <c>nmt_nfkc</c>
/// normalisation deletes) are removed before encoding.
/// </summary>
public sealed class SentencePieceSubwordTokenizer : SubwordTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly SentencePieceIdLayout _layout;
    private readonly int _unknownId;

    /// <summary>Loads a SentencePiece <c>.model</c> file and numbers its ids as <paramref name="layout"/> says.</summary>
    /// <param name="modelFile">The SentencePiece model file.</param>
    /// <param name="layout">The model's id layout; <see cref="SentencePieceIdLayout.T5"/> with a file whose &lt;unk&gt; is not 2 or &lt;/s&gt; not 1 throws <see cref="FormatException"/>.</param>
    public SentencePieceSubwordTokenizer(string modelFile, SentencePieceIdLayout layout)
    {
        byte[] model = File.ReadAllBytes(modelFile);
        if (layout == SentencePieceIdLayout.T5) model = [.. model, .. BosAsEndOfSentencePatch];
        using (var stream = new MemoryStream(model, writable: false))
            _tokenizer = SentencePieceTokenizer.Create(stream, false, false);
        _layout = layout;
        _unknownId = _tokenizer.UnknownId;
        (Prefix, Suffix, PaddingId, DecoderStartId) = layout switch
        {
            SentencePieceIdLayout.Fairseq => ((IReadOnlyList<int>)[0], (IReadOnlyList<int>)[2], 1, (int?)null),
            SentencePieceIdLayout.T5 => ([], [T5EndOfSentence], T5Padding, T5Padding),
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
        if (layout == SentencePieceIdLayout.T5 && (_unknownId != T5Unknown || _tokenizer.EndOfSentenceId != T5EndOfSentence))
            throw new FormatException(
                $"not a T5 SentencePiece model: <unk> is {_unknownId} and </s> is {_tokenizer.EndOfSentenceId}, expected <pad> 0, </s> 1, <unk> 2");
    }

    private const int T5Padding = 0, T5EndOfSentence = 1, T5Unknown = 2;

    // T5's model file has no BOS (trainer_spec.bos_id = -1), and Microsoft.ML.Tokenizers 2.0.1's Unigram model
    // indexes its id table with the BOS id, so Create throws. Protobuf merges a repeated embedded message
    // field into the earlier one, so appending ModelProto field 2 (trainer_spec) holding only field 41
    // (bos_id) = 1 makes BOS the </s> control piece. Control pieces never take part in segmentation and BOS
    // is never added here, so the pieces and ids are the sentencepiece library's (tested against it).
    private static readonly byte[] BosAsEndOfSentencePatch = [0x12, 0x03, 0xC8, 0x02, T5EndOfSentence];

    /// <inheritdoc/>
    public override IReadOnlyList<int> Prefix { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> Suffix { get; }

    /// <inheritdoc/>
    public override int PaddingId { get; }

    /// <summary>The last piece's id as the graph sees it (fairseq shifts every piece up by one).</summary>
    public override int? HighestId => MapId(_tokenizer.Vocabulary.Values.Max());

    /// <inheritdoc/>
    public override int? DecoderStartId { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> EncodeWord(string word)
    {
        string cleaned = RemoveControlCharacters(word);
        if (cleaned.Length == 0) return [];
        IReadOnlyList<int> raw = _tokenizer.EncodeToIds(cleaned, addBeginningOfSentence: false, addEndOfSentence: false,
            considerPreTokenization: true, considerNormalization: true);
        var ids = new List<int>(raw.Count);
        foreach (int id in raw)
        {
            if (id == _unknownId && ids.Count > 0 && ids[^1] == MapId(_unknownId))
                continue;
            ids.Add(MapId(id));
        }
        return ids;
    }

    private int MapId(int id) => _layout switch
    {
        SentencePieceIdLayout.Fairseq => id == _unknownId ? 3 : id + 1,
        _ => id,  // T5: ids as the model file numbers them
    };

    private static string RemoveControlCharacters(string word)
    {
        if (!word.Any(char.IsControl)) return word;
        return string.Concat(word.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Control));
    }
}
