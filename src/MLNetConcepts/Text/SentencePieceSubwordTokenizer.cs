using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace MLNetConcepts.Text;

/// <summary>How a model numbers SentencePiece ids and which special tokens surround a sentence.</summary>
public enum SentencePieceIdLayout
{
    /// <summary>
    /// XLM-R's fairseq layout: &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3 and every other
    /// SentencePiece id shifted by one; sentences are <c>&lt;s&gt; … &lt;/s&gt;</c>.
    /// </summary>
    Fairseq,
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

    public SentencePieceSubwordTokenizer(string modelFile, SentencePieceIdLayout layout)
    {
        using (FileStream stream = File.OpenRead(modelFile))
            _tokenizer = SentencePieceTokenizer.Create(stream, false, false);
        _layout = layout;
        _unknownId = _tokenizer.UnknownId;
        (Prefix, Suffix, PaddingId) = layout switch
        {
            SentencePieceIdLayout.Fairseq => ((IReadOnlyList<int>)[0], (IReadOnlyList<int>)[2], 1),
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
    }

    public override IReadOnlyList<int> Prefix { get; }

    public override IReadOnlyList<int> Suffix { get; }

    public override int PaddingId { get; }

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
        _ => id,
    };

    private static string RemoveControlCharacters(string word)
    {
        if (!word.Any(char.IsControl)) return word;
        return string.Concat(word.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Control));
    }
}
