using MLNetConcepts.Metrics;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Metrics;

/// <summary>
/// <c>--definition paper|released-code</c>: hand-made cases where the paper's text and the released scripts give
/// different numbers, one case per difference in docs/interop.md's table.
/// </summary>
public class DefinitionTests
{
    private static CalignOptions Options(MetricDefinition definition, double thetaA = 0.8) =>
        new() { SourceLanguage = "en", TargetLanguage = "de", ThetaA = thetaA, Definition = definition };

    private static (double Paper, double Released) Calign(ConceptBuilder concepts, TranslationDictionary dictionary, double thetaA = 0.8) =>
        (Assert.Single(MLNetConcepts.Metrics.Calign.Compute(concepts.Rows, concepts.Rows, dictionary, Options(MetricDefinition.Paper, thetaA)).Summary).Calign,
         Assert.Single(MLNetConcepts.Metrics.Calign.Compute(concepts.Rows, concepts.Rows, dictionary, Options(MetricDefinition.ReleasedCode, thetaA)).Summary).Calign);

    [Fact]
    public void ThetaAIsInclusiveInThePaperAndStrictInTheReleasedCode()
    {
        // 8 of 10 source types translated: 0.8 >= 0.8 (paper) but not 0.8 > 0.8 (released).
        var concepts = new ConceptBuilder().Concept("en", 0, ConceptBuilder.Words("s", 10)).Concept("de", 0, ConceptBuilder.Words("t", 10));
        Assert.Equal((100.0, 0.0), Calign(concepts, ConceptBuilder.Identity(8)));
    }

    [Fact]
    public void ALargerSourceConceptPassesOnlyTheReleasedOneSidedSizeRatio()
    {
        // 20 source types all translated into a 12-type target: paper |20-12|/20 = 0.4 passes, so use 11 types:
        // |20-11|/20 = 0.45 > 0.4 fails the paper; 20/11 > 0.6 passes the released ratio.
        var concepts = new ConceptBuilder().Concept("en", 0, ConceptBuilder.Words("s", 20)).Concept("de", 0, ConceptBuilder.Words("t", 11));
        var manyToOne = ConceptBuilder.Dictionary(Enumerable.Range(0, 20).Select(i => ($"s{i}", $"t{i % 11}")).ToArray());
        Assert.Equal((0.0, 100.0), Calign(concepts, manyToOne));
    }

    [Fact]
    public void ASmallerSourceConceptAtTheBoundaryPassesOnlyThePaperSizeRule()
    {
        // 6 source types, 10 target types: paper |6-10|/10 = 0.4 <= 0.4 passes; released 6/10 = 0.6 is not > 0.6.
        var concepts = new ConceptBuilder().Concept("en", 0, ConceptBuilder.Words("s", 6)).Concept("de", 0, ConceptBuilder.Words("t", 10));
        Assert.Equal((100.0, 0.0), Calign(concepts, ConceptBuilder.Identity(6)));
    }

    [Fact]
    public void MinTypesAppliesToTargetConceptsOnlyInThePaper()
    {
        // A 5-type target concept takes part only in the released code (its min-types test is on the source alone).
        var concepts = new ConceptBuilder().Concept("en", 0, ConceptBuilder.Words("s", 6)).Concept("de", 0, ConceptBuilder.Words("t", 5));
        var dictionary = ConceptBuilder.Dictionary(Enumerable.Range(0, 6).Select(i => ($"s{i}", $"t{Math.Min(i, 4)}")).ToArray());
        Assert.Equal((0.0, 100.0), Calign(concepts, dictionary));
    }

    [Fact]
    public void SourceMinTypesIsTheSameInBoth()
    {
        // 5 source types are not considered under either definition (the released script also tests len(Cs) > types).
        var concepts = new ConceptBuilder().Concept("en", 0, ConceptBuilder.Words("s", 5)).Concept("en", 1, ConceptBuilder.Words("s", 6, 5))
            .Concept("de", 0, ConceptBuilder.Words("t", 11));
        foreach (MetricDefinition definition in Enum.GetValues<MetricDefinition>())
        {
            CalignSummary row = Assert.Single(MLNetConcepts.Metrics.Calign.Compute(concepts.Rows, concepts.Rows, ConceptBuilder.Identity(11), Options(definition, 0.5)).Summary);
            Assert.Equal((2, 1), (row.ConceptsTotal, row.ConceptsConsidered));
        }
    }

    [Fact]
    public void ReleasedSizeRatioIsOneMinusTheMaxSizeDifference()
    {
        Assert.Equal(0.6, new CalignOptions { MaxSizeDifference = 0.4 }.ReleasedSizeRatio);
        Assert.Equal(0.7, new CalignOptions { MaxSizeDifference = 0.3 }.ReleasedSizeRatio);
        Assert.True(MLNetConcepts.Metrics.Calign.ReleasedSizeCompatible(7, 10, 0.6));
        Assert.False(MLNetConcepts.Metrics.Calign.ReleasedSizeCompatible(6, 10, 0.6));
        Assert.True(MLNetConcepts.Metrics.Calign.ReleasedSizeCompatible(100, 6, 0.6));
    }

    private static IEnumerable<string> Repeat(string word, int count) => Enumerable.Repeat(word, count);

    private static ColapOptions Colap(MetricDefinition definition) => new() { Definition = definition };

    [Fact]
    public void ThetaOIsInclusiveInThePaperAndStrictPercentInTheReleasedCode()
    {
        // en 3 of 10 occurrences: 0.3 >= 0.3 (paper); 30% > 30 fails (released).
        var concepts = new ConceptBuilder().Concept("mixed", 0, Repeat("a", 3), "en").Concept("mixed", 0, Repeat("b", 7), "de");
        Assert.Equal(1, Assert.Single(MLNetConcepts.Metrics.Colap.Compute(concepts.Rows, Colap(MetricDefinition.Paper)).Summary).Overlapping);
        Assert.Equal(0, Assert.Single(MLNetConcepts.Metrics.Colap.Compute(concepts.Rows, Colap(MetricDefinition.ReleasedCode)).Summary).Overlapping);

        // One more en occurrence (4 of 11 = 36%) overlaps under both.
        concepts.Concept("mixed", 0, ["a"], "en");
        Assert.Equal(1, Assert.Single(MLNetConcepts.Metrics.Colap.Compute(concepts.Rows, Colap(MetricDefinition.ReleasedCode)).Summary).Overlapping);
    }

    [Fact]
    public void WithThreeLanguagesTheReleasedCodeMeasuresEachPairOnItsOwnWords()
    {
        // Concept 0: en 2, de 2, fr 6. Paper: en and de are 0.2 of the concept each, so de-en does not overlap.
        // Released: the de-en file holds 4 of its words, 50% each, so it does. Concept 1 (fr only) is in the
        // paper's de-en denominator but not in the released de-en file.
        var concepts = new ConceptBuilder()
            .Concept("mixed", 0, Repeat("a", 2), "en").Concept("mixed", 0, Repeat("b", 2), "de").Concept("mixed", 0, Repeat("c", 6), "fr")
            .Concept("mixed", 1, Repeat("d", 5), "fr");
        var paper = MLNetConcepts.Metrics.Colap.Compute(concepts.Rows, Colap(MetricDefinition.Paper)).Summary;
        var released = MLNetConcepts.Metrics.Colap.Compute(concepts.Rows, Colap(MetricDefinition.ReleasedCode)).Summary;
        Assert.Equal(["de-en 2 0", "de-fr 2 0", "en-fr 2 0", "*-* 2 0"], paper.Select(r => $"{r.LanguageA}-{r.LanguageB} {r.Concepts} {r.Overlapping}"));
        Assert.Equal(["de-en 1 1", "de-fr 2 0", "en-fr 2 0"], released.Select(r => $"{r.LanguageA}-{r.LanguageB} {r.Concepts} {r.Overlapping}"));
    }

    [Fact]
    public void TheReleasedCodeCountsOccurrencesOnly()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            MLNetConcepts.Metrics.Colap.Compute([], new ColapOptions { Definition = MetricDefinition.ReleasedCode, Count = ColapCount.Types }));
        Assert.Equal(nameof(ColapOptions.Count), e.ParamName);
        Assert.Equal("must count occurrences under the released-code definition (the released COLAP script counts occurrences only)",
            OptionErrors.Problem(e));
    }

    [Fact]
    public void DefinitionNamesParseAndAreRecorded()
    {
        Assert.Equal(MetricDefinition.ReleasedCode, MetricDefinitions.Parse("released-code", "option --definition"));
        Assert.Equal("released-code", new CalignOptions { Definition = MetricDefinition.ReleasedCode }.ToRecord()["definition"]);
        Assert.Equal("paper", new ColapOptions().ToRecord()["definition"]);
        var e = Assert.Throws<MLNetConceptsException>(() => MetricDefinitions.Parse("code", "option --definition"));
        Assert.Equal("option --definition: 'code' is not a definition; expected paper or released-code", e.Message);
    }
}
