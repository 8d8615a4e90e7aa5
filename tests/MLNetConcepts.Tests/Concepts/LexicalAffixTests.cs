using MLNetConcepts.Concepts;

namespace MLNetConcepts.Tests.Concepts;

public class LexicalAffixTests
{
    [Fact]
    public void FlagsTheLongestSuffixSharedByMostTypes()
    {
        LexicalAffix? affix = LexicalAffixFinder.Find(["quickly", "Slowly", "badly", "happily", "table", "quickly"]);
        Assert.Equal(new LexicalAffix(AffixKind.Suffix, "ly", 4, 5), affix);
        Assert.Equal(0.8, affix!.Share);
    }

    [Fact]
    public void PrefersTheLongerAffixWhileItStaysAboveHalf()
    {
        LexicalAffix? affix = LexicalAffixFinder.Find(["kindness", "darkness", "sadness", "boss", "cat"]);
        Assert.Equal(new LexicalAffix(AffixKind.Suffix, "ness", 3, 5), affix);
    }

    [Fact]
    public void FindsPrefixes()
    {
        Assert.Equal(new LexicalAffix(AffixKind.Prefix, "unre", 3, 4), LexicalAffixFinder.Find(["unread", "unreal", "unrest", "house"]));
    }

    [Fact]
    public void HalfIsNotMost()
    {
        Assert.Null(LexicalAffixFinder.Find(["walked", "talked", "house", "tree"]));
        Assert.NotNull(LexicalAffixFinder.Find(["walked", "talked", "jumped", "tree"]));
    }

    [Fact]
    public void TooFewTypesAreNeverFlagged()
    {
        Assert.Null(LexicalAffixFinder.Find(["walked", "talked"]));
        Assert.Null(LexicalAffixFinder.Find([]));
    }
}
