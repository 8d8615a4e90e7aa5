using Microsoft.ML.Tokenizers;

namespace MLNetConcepts.Tokenization;

/// <summary>
/// BERT's WordPiece (a <c>vocab.txt</c>) through Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>, with
/// BERT's basic tokenization (text cleanup, punctuation split). Note that the library lower-cases by default;
/// here casing comes from <c>model.json</c>, and accents are stripped only for uncased vocabularies, as
/// Hugging Face's BERT tokenizer does.
/// </summary>
public sealed class WordPieceSubwordTokenizer : SubwordTokenizer
{
    private readonly BertTokenizer _tokenizer;

    /// <summary>Loads a WordPiece vocabulary (one piece per line, ids by line number).</summary>
    /// <param name="vocabularyFile">The <c>vocab.txt</c> file.</param>
    /// <param name="lowercase">Lowercase words and strip accents first (uncased models); false keeps casing and accents.</param>
    public WordPieceSubwordTokenizer(string vocabularyFile, bool lowercase)
    {
        _tokenizer = BertTokenizer.Create(vocabularyFile, new BertOptions
        {
            LowerCaseBeforeTokenization = lowercase,
            RemoveNonSpacingMarks = lowercase,
            ApplyBasicTokenization = true,
            // A word that happens to read "[SEP]" is text, not a control token.
            SplitOnSpecialTokens = false,
        });
        Prefix = [_tokenizer.ClassificationTokenId];
        Suffix = [_tokenizer.SeparatorTokenId];
        PaddingId = _tokenizer.PaddingTokenId;
        // WordPiece numbers the vocabulary by line.
        HighestId = File.ReadLines(vocabularyFile).Count(line => line.Length > 0) - 1;
    }

    /// <inheritdoc/>
    public override int? HighestId { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> Prefix { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> Suffix { get; }

    /// <inheritdoc/>
    public override int PaddingId { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int> EncodeWord(string word) =>
        _tokenizer.EncodeToIds(word, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
}
