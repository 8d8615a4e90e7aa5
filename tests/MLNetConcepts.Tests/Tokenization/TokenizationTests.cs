using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Tests.Tokenization;

public class TokenizationTests
{
    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-xlmr")]
    [InlineData("tiny-t5")]
    public void PieceIdsMatchThePythonReferenceTokenizers(string model)
    {
        SubwordTokenizer tokenizer = ModelFolder.Load(TinyModels.Folder(model)).CreateTokenizer();
        foreach (ExpectedSentence sentence in TinyModels.Expected(model).Sentences)
        {
            var sides = new List<(string[] Words, int[][] Ids)> { (sentence.Words, sentence.WordPieceIds) };
            if (sentence.Target is { } target) sides.Add((target.Words, target.WordPieceIds));
            foreach ((string[] words, int[][] ids) in sides)
            for (int w = 0; w < words.Length; w++)
                Assert.True(ids[w].SequenceEqual(tokenizer.EncodeWord(words[w])),
                    $"{model}: word '{words[w]}' expected [{string.Join(",", ids[w])}] got [{string.Join(",", tokenizer.EncodeWord(words[w]))}]");
        }
    }

    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-xlmr")]
    [InlineData("tiny-t5")]
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
    public void T5UsesTheModelFilesIdsAndTeacherForcingShiftsTheTargetRight()
    {
        ModelFolder folder = ModelFolder.Load(TinyModels.Folder(TinyModels.T5));
        SubwordTokenizer tokenizer = folder.CreateTokenizer();
        Assert.Empty(tokenizer.Prefix);
        Assert.Equal([1], tokenizer.Suffix);
        Assert.Equal(0, tokenizer.PaddingId);
        Assert.Equal(0, tokenizer.DecoderStartId);
        // An unknown script is the dummy-prefix piece and one <unk> (T5's id 2), as the sentencepiece library gives.
        Assert.Equal([3, 2], tokenizer.EncodeWord("Ωμέγα"));

        foreach (ExpectedSentence sentence in TinyModels.Expected(TinyModels.T5).Sentences)
        {
            ExpectedTarget target = sentence.Target!;
            SentencePlan plan = SentencePlan.Create(0, target.Text, tokenizer, folder.MaxPositions);
            Assert.Equal(target.InputIds, plan.InputIds);
            Assert.Equal(target.KeptWordIndices, plan.Words.Select(w => w.WordIndex));
            Assert.Equal(target.Truncated.Length, plan.Truncated);
            SentencePlan predict = plan.ForDecoder(0, DecoderPosition.Predict), read = plan.ForDecoder(0, DecoderPosition.Read);
            Assert.Equal(target.DecoderInputIds, predict.InputIds);
            Assert.Equal(target.DecoderInputIds, read.InputIds);
            // predict: the step whose input is the previous token; read: the step whose input is the piece itself.
            foreach ((PlannedWord p, PlannedWord r) in predict.Words.Zip(read.Words))
            {
                Assert.Equal(plan.InputIds[p.FirstPiece], predict.InputIds[p.FirstPiece + 1]);
                Assert.Equal(plan.InputIds[p.FirstPiece], read.InputIds[r.FirstPiece]);
                Assert.Equal(p.FirstPiece + 1, r.FirstPiece);
            }
        }
    }

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
