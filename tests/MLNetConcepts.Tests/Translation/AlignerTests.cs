using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Translation;

public class AlignerTests
{
    /// <summary>A tiny corpus where every word has one obvious translation and word order is shared.</summary>
    private static ParallelCorpus TinyCorpus()
    {
        (string, string)[] pairs =
        [
            ("the house", "das Haus"), ("the book", "das Buch"), ("a book", "ein Buch"), ("a house", "ein Haus"),
            ("the small house", "das kleine Haus"), ("a small book", "ein kleines Buch"), ("the green book", "das grüne Buch"),
            ("a green house", "ein grünes Haus"), ("the dog", "der Hund"), ("a dog", "ein Hund"), ("the small dog", "der kleine Hund"),
        ];
        return ParallelCorpus.FromLines(Enumerable.Repeat(pairs, 5).SelectMany(p => p));
    }

    [Fact]
    public void AlignsAnObviousCorpusWordForWord()
    {
        ParallelCorpus corpus = TinyCorpus();
        IReadOnlyList<SentenceAlignment> alignments = new WordAligner().Align(corpus);
        // "the small house" / "das kleine Haus": the diagonal.
        Assert.Equal([(0, 0), (1, 1), (2, 2)], alignments[4].Links);
        Assert.Equal([(0, 0), (1, 1)], alignments[8].Links);

        TranslationDictionary dictionary = DictionaryInduction.FromAlignments(corpus, alignments, "en", "de", 10);
        Assert.Equal("Haus", dictionary.Translations("house")[0].Target);
        Assert.Equal("Buch", dictionary.Translations("book")[0].Target);
        Assert.Equal("Hund", dictionary.Translations("dog")[0].Target);
        Assert.Equal("ein", dictionary.Translations("a")[0].Target);
        Assert.Equal(1.0, dictionary.Translations("house")[0].Probability);
        Assert.Equal(["das", "der"], dictionary.Translations("the").Select(e => e.Target));
    }

    [Fact]
    public void BuildRunsBothDirectionsAndKeepsTheTensionInRange()
    {
        var aligner = new WordAligner();
        aligner.Align(TinyCorpus());
        Assert.InRange(aligner.FinalTensions.SourceToTarget, 0.1, 14);
        Assert.InRange(aligner.FinalTensions.TargetToSource, 0.1, 14);
        TranslationDictionary dictionary = DictionaryInduction.Build(TinyCorpus(), "en", "de", new DictionaryInductionOptions { NBest = 1 });
        Assert.All(dictionary.Entries, e => Assert.Equal(1, e.Rank));
        Assert.Equal("kleine", dictionary.Translations("small")[0].Target);  // 10 "kleine", 5 "kleines"
    }

    [Fact]
    public void GrowDiagFinalAndOnAHandCase()
    {
        // Intersection {(0,0)}. GROW-DIAG adds (1,1), the diagonal neighbour of (0,0) (source 1 unaligned), then
        // (1,2), the neighbour of (1,1) whose target 2 is unaligned. FINAL-AND adds (3,3) from the forward links
        // (both words unaligned) but then not (3,0) from the backward ones: source 3 and target 0 are aligned.
        var forward = new[] { (0, 0), (1, 1), (3, 3) };
        var backward = new[] { (0, 0), (1, 2), (3, 0) };
        var links = GrowDiagFinalAnd.Symmetrise(4, 4, forward, backward);
        Assert.Equal([(0, 0), (1, 1), (1, 2), (3, 3)], links);
    }

    [Fact]
    public void GrowDiagDoesNotLinkTwoAlreadyAlignedWords()
    {
        // (1,1) is in the union and next to (0,0), but source 1 and target 1 are both aligned already.
        var forward = new[] { (0, 0), (1, 2), (2, 1), (1, 1) };
        var backward = new[] { (0, 0), (1, 2), (2, 1) };
        Assert.Equal([(0, 0), (1, 2), (2, 1)], GrowDiagFinalAnd.Symmetrise(3, 3, forward, backward));
    }

    [Fact]
    public void LexicalProbabilitiesCountUnalignedWordsAgainstNull()
    {
        ParallelCorpus corpus = ParallelCorpus.FromLines([("a b", "x y"), ("a", "z"), ("a", "x")]);
        var alignments = new[]
        {
            new SentenceAlignment([(0, 0)]),       // b unaligned: NULL
            new SentenceAlignment([(0, 0)]),
            new SentenceAlignment([]),             // a unaligned: NULL
        };
        TranslationDictionary dictionary = DictionaryInduction.FromAlignments(corpus, alignments, "en", "de", 10);
        Assert.Equal([("x", 1, 1 / 3.0), ("z", 2, 1 / 3.0)], dictionary.Translations("a").Select(e => (e.Target, e.Rank, e.Probability)));
        Assert.Empty(dictionary.Translations("b"));  // NULL is never a translation
        Assert.DoesNotContain(dictionary.Entries, e => e.Target.Length == 0);
    }

    [Fact]
    public void CaseSensitiveAndUnicodeWordsStayDistinct()
    {
        ParallelCorpus corpus = ParallelCorpus.FromLines([("Straße", "street"), ("strasse", "road"), ("Straße", "street")]);
        TranslationDictionary dictionary = DictionaryInduction.Build(corpus, "de", "en");
        Assert.Equal("street", dictionary.Translations("Straße")[0].Target);
        Assert.Equal("road", dictionary.Translations("strasse")[0].Target);
        Assert.Empty(dictionary.Translations("straße"));
    }

    [Fact]
    public void EmptySidesAreSkippedWithTheirLineNumbers()
    {
        ParallelCorpus corpus = ParallelCorpus.FromLines([("a b", "x y"), ("", "x"), ("a", "  "), ("b", "y")]);
        Assert.Equal([2, 3], corpus.SkippedLines);
        Assert.Equal([1, 4], corpus.LineNumbers);
        TranslationDictionary dictionary = DictionaryInduction.Build(corpus, "en", "de");
        Assert.All(dictionary.Entries, e => Assert.False(double.IsNaN(e.Probability)));
    }

    [Fact]
    public void DigammaMatchesKnownValues()
    {
        Assert.Equal(-0.5772156649015329, SpecialFunctions.Digamma(1), 12);
        Assert.Equal(-1.9635100260214235, SpecialFunctions.Digamma(0.5), 12);
        Assert.Equal(2.2517525890667211, SpecialFunctions.Digamma(10), 12);
        Assert.Equal(-100.56088545786867, SpecialFunctions.Digamma(0.01), 10);
    }
}
