using MLNetConcepts.Extraction;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Tests.Extraction;

/// <summary>
/// Piece-to-word bookkeeping with a fake tokenizer (the tokenizer is not what these tests are about):
/// a word's pieces are its characters, except that '~' characters vanish, so "~~" is dropped entirely.
/// </summary>
public class SentencePlanTests
{
    private sealed class CharacterTokenizer : SubwordTokenizer
    {
        public override IReadOnlyList<int> EncodeWord(string word) => word.Where(c => c != '~').Select(c => (int)c).ToArray();
        public override IReadOnlyList<int> Prefix => [1];
        public override IReadOnlyList<int> Suffix => [2];
        public override int PaddingId => 0;
    }

    private static readonly CharacterTokenizer Tokenizer = new();

    [Fact]
    public void SpecialTokensSurroundThePiecesAndNeverBecomeWords()
    {
        SentencePlan plan = SentencePlan.Create(7, "ab c", Tokenizer, maxPositions: 10);
        Assert.Equal([1, 'a', 'b', 'c', 2], plan.InputIds);
        Assert.Equal([new PlannedWord(0, "ab", 1, 2), new PlannedWord(1, "c", 3, 1)], plan.Words);
        Assert.Equal(7, plan.SentenceId);
    }

    [Fact]
    public void AWordWithoutPiecesIsDroppedAndCountedNotTruncated()
    {
        SentencePlan plan = SentencePlan.Create(0, "a ~~ b", Tokenizer, maxPositions: 5);
        Assert.Equal([0, 2], plan.Words.Select(w => w.WordIndex));
        Assert.Equal(1, plan.DroppedByTokenizer);
        Assert.Equal(0, plan.Truncated);
        Assert.Equal([1, 'a', 'b', 2], plan.InputIds);
    }

    [Fact]
    public void WordsPastMaxPositionsAreCutWholeAndCounted()
    {
        // Budget 6 - 2 specials = 4 pieces: "ab" (2) + "cd" (2) fit, "e" does not, and nothing after it is kept.
        SentencePlan plan = SentencePlan.Create(0, "ab cd e ~ f", Tokenizer, maxPositions: 6);
        Assert.Equal([0, 1], plan.Words.Select(w => w.WordIndex));
        Assert.Equal(3, plan.Truncated);
        Assert.Equal(0, plan.DroppedByTokenizer);
        Assert.Equal(6, plan.InputIds.Length);

        // A word longer than the whole budget truncates itself and the rest.
        plan = SentencePlan.Create(0, "abcdefg h", Tokenizer, maxPositions: 6);
        Assert.Empty(plan.Words);
        Assert.Equal(2, plan.Truncated);
    }

    [Fact]
    public void EmptyAndBlankLinesHaveNoWords()
    {
        foreach (string line in new[] { "", " \t ", "\u00a0" })
        {
            SentencePlan plan = SentencePlan.Create(0, line, Tokenizer, 8);
            Assert.Empty(plan.Words);
            Assert.Equal(0, plan.WordCount);
            Assert.Equal([1, 2], plan.InputIds);
        }
    }

    [Theory]
    [InlineData(WordAggregation.First, new float[] { 10, 11 })]
    [InlineData(WordAggregation.Last, new float[] { 30, 31 })]
    [InlineData(WordAggregation.Mean, new float[] { 20, 21 })]
    public void AggregationPicksOrAveragesThePiecesRows(WordAggregation aggregation, float[] expected)
    {
        // Sequence of 5 positions x hidden 2; the word covers positions 1..3.
        float[] sentence = [0, 1, 10, 11, 20, 21, 30, 31, 40, 41];
        var target = new float[2];
        ActivationExtractor.Aggregate(sentence, new PlannedWord(0, "abc", 1, 3), 2, aggregation, target);
        Assert.Equal(expected, target);
    }
}
