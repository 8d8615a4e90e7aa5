using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Text;

namespace MLNetConcepts.Tests.Text;

public class TokenizationTests
{
    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-xlmr")]
    public void PieceIdsMatchThePythonReferenceTokenizers(string model)
    {
        SubwordTokenizer tokenizer = ModelFolder.Load(TinyModels.Folder(model)).CreateTokenizer();
        foreach (ExpectedSentence sentence in TinyModels.Expected(model).Sentences)
        {
            for (int w = 0; w < sentence.Words.Length; w++)
                Assert.True(sentence.WordPieceIds[w].SequenceEqual(tokenizer.EncodeWord(sentence.Words[w])),
                    $"{model}: word '{sentence.Words[w]}' expected [{string.Join(",", sentence.WordPieceIds[w])}] got [{string.Join(",", tokenizer.EncodeWord(sentence.Words[w]))}]");
        }
    }

    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-xlmr")]
    public void SentencePlansMatchSpecialTokensDropsAndTruncation(string model)
    {
        ModelFolder folder = ModelFolder.Load(TinyModels.Folder(model));
        SubwordTokenizer tokenizer = folder.CreateTokenizer();
        foreach (ExpectedSentence sentence in TinyModels.Expected(model).Sentences)
        {
            SentencePlan plan = SentencePlan.Create(0, sentence.Text, tokenizer, folder.MaxPositions);
            Assert.Equal(sentence.InputIds, plan.InputIds);
            Assert.Equal(sentence.KeptWordIndices, plan.Words.Select(w => w.WordIndex));
            Assert.Equal(sentence.DroppedByTokenizer.Length, plan.DroppedByTokenizer);
            Assert.Equal(sentence.Truncated.Length, plan.Truncated);
            Assert.True(plan.InputIds.Length <= folder.MaxPositions);
        }
    }

    [Theory]
    [InlineData("a  b\tc \u00a0 d\n", new[] { "a", "b", "c", "d" })]
    [InlineData("   ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("\tone\t\ttwo\r", new[] { "one", "two" })]
    public void WhitespaceRunsNeverMakeEmptyWords(string line, string[] words) =>
        Assert.Equal(words, WordSplitter.Split(line));

    [Fact]
    public void XlmrUsesTheFairseqLayout()
    {
        SubwordTokenizer tokenizer = ModelFolder.Load(TinyModels.Folder("tiny-xlmr")).CreateTokenizer();
        Assert.Equal([0], tokenizer.Prefix);
        Assert.Equal([2], tokenizer.Suffix);
        Assert.Equal(1, tokenizer.PaddingId);
        // An unknown script becomes the dummy-prefix piece and one <unk> (id 3), as the sentencepiece library does.
        Assert.Contains(3, tokenizer.EncodeWord("Ωμέγα"));
        Assert.Single(tokenizer.EncodeWord("Ωμέγα"), 3);
    }
}
