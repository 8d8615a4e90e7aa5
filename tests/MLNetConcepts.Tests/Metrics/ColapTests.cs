using MLNetConcepts.Metrics;

namespace MLNetConcepts.Tests.Metrics;

public class ColapTests
{
    private static IEnumerable<string> Repeat(string word, int count) => Enumerable.Repeat(word, count);

    [Fact]
    public void ThirtyPercentBoundaryIsInclusiveForAPair()
    {
        var concepts = new ConceptBuilder()
            .Concept("mixed", 0, Repeat("a", 3), "en").Concept("mixed", 0, Repeat("b", 7), "de")    // 0.3 / 0.7: overlapping
            .Concept("mixed", 1, Repeat("a", 2), "en").Concept("mixed", 1, Repeat("b", 8), "de")    // 0.2: not
            .Concept("mixed", 2, Repeat("b", 4), "de");                                              // de only: not
        ColapResult result = Colap.Compute(concepts.Rows);
        ColapSummary row = Assert.Single(result.Summary);  // exactly two languages: no "*" row
        Assert.Equal(("de", "en", 3, 1), (row.LanguageA, row.LanguageB, row.Concepts, row.Overlapping));
        Assert.Equal(100.0 / 3, row.Colap, 12);
        var shares = result.Concepts.Where(c => c.ConceptId == 0).ToDictionary(c => c.Language, c => c.Share);
        Assert.Equal(0.3, shares["en"]);
        Assert.Equal(0.7, shares["de"]);
        Assert.Equal([true, true, false, false, false, false], result.Concepts.Select(c => c.Overlapping));
    }

    [Fact]
    public void TypesCountDistinctWords()
    {
        // Occurrences: en 5/8, de 3/8 -> overlapping. Types: en 1/4 = 0.25 -> not.
        var concepts = new ConceptBuilder()
            .Concept("mixed", 0, Repeat("the", 5), "en").Concept("mixed", 0, ["der", "die", "das"], "de");
        Assert.Equal(1, Assert.Single(Colap.Compute(concepts.Rows).Summary).Overlapping);
        ColapResult types = Colap.Compute(concepts.Rows, new ColapOptions { Count = ColapCount.Types });
        Assert.Equal(0, Assert.Single(types.Summary).Overlapping);
        Assert.Equal(0.25, types.Concepts.Single(c => c.Language == "en").Share);
    }

    [Fact]
    public void ThreeLanguagesGetEveryPairAndTheAnyTwoRow()
    {
        var concepts = new ConceptBuilder()
            .Concept("mixed", 0, ["a", "b", "c"], "ar").Concept("mixed", 0, ["d", "e", "f"], "de").Concept("mixed", 0, ["g", "h", "i", "j"], "en")
            // en missing from concept 1: ar and de overlap
            .Concept("mixed", 1, ["a", "b"], "ar").Concept("mixed", 1, ["d", "e"], "de")
            // only en reaches 0.3: no overlap
            .Concept("mixed", 2, ["a"], "ar").Concept("mixed", 2, ["d"], "de").Concept("mixed", 2, ["g", "h", "i", "j", "k", "l", "m", "n"], "en");
        var summary = Colap.Compute(concepts.Rows).Summary;
        Assert.Equal([("ar", "de", 2), ("ar", "en", 1), ("de", "en", 1), ("*", "*", 2)],
            summary.Select(r => (r.LanguageA, r.LanguageB, r.Overlapping)));
        Assert.All(summary, r => Assert.Equal(3, r.Concepts));
    }

    [Fact]
    public void ALanguageMissingFromTheWholeScopeIsReportedWhenNamed()
    {
        var concepts = new ConceptBuilder().Concept("mixed", 0, ["a", "b"], "en").Concept("mixed", 0, ["c"], "de");
        var summary = Colap.Compute(concepts.Rows, new ColapOptions { Languages = ["en", "de", "ar"] }).Summary;
        Assert.Equal([("ar", "de", 0), ("ar", "en", 0), ("de", "en", 1), ("*", "*", 1)],
            summary.Select(r => (r.LanguageA, r.LanguageB, r.Overlapping)));

        // Not named: a scope with one language has no pair to report.
        var english = new ConceptBuilder().Concept("mixed", 0, ["a", "b"], "en");
        Assert.Empty(Colap.Compute(english.Rows).Summary);
    }

    [Fact]
    public void OnlyMixedScopesAndEachLayerSeparately()
    {
        var concepts = new ConceptBuilder()
            .Concept("en", 0, ["a", "b"])
            .Concept("mixed", 0, ["a"], "en", layer: 1).Concept("mixed", 0, ["b"], "de", layer: 1)
            .Concept("mixed", 0, ["a"], "en", layer: 2);
        var summary = Colap.Compute(concepts.Rows).Summary;
        Assert.Equal([(1, 100.0)], summary.Select(r => (r.Layer, r.Colap)));
        Assert.Empty(Colap.Compute(new ConceptBuilder().Concept("en", 0, ["a"]).Rows).Summary);
    }

    [Fact]
    public void NoConceptsGiveZeroNotNaN()
    {
        var summary = Colap.Compute(new ConceptBuilder().Rows, new ColapOptions { Languages = ["en", "de"] }).Summary;
        Assert.Empty(summary);
        var row = Colap.Compute(new ConceptBuilder().Concept("mixed", 0, ["a"], "en").Rows, new ColapOptions { Languages = ["en", "de"] }).Summary.Single();
        Assert.Equal((1, 0, 0.0), (row.Concepts, row.Overlapping, row.Colap));
    }
}
