using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Metrics;

/// <summary>Chance levels on concepts whose answer is known by construction.</summary>
public class ChanceLevelsTests
{
    private static ConceptTypeSets Sets(params string[][] concepts) =>
        new(concepts.Select((words, i) => (i, (IReadOnlySet<string>)words.ToHashSet(StringComparer.Ordinal))).ToDictionary(p => p.i, p => p.Item2));

    /// <summary>Each English word w translates to German "w_de".</summary>
    private static TranslationDictionary Identity(IEnumerable<string> words) =>
        new(words.Select(w => new DictionaryEntry("en", "de", w, w + "_de", 1, 1.0)));

    private static readonly CalignOptions Options = new() { SourceLanguage = "en", TargetLanguage = "de", MinTypes = 5 };

    [Fact]
    public void PerfectlyAlignedConceptsAreFarAboveTheirChanceLevel()
    {
        // 20 English concepts of 8 types, each matched by the German concept of their translations: CALIGN 100%.
        string[][] english = Enumerable.Range(0, 20).Select(c => Enumerable.Range(0, 8).Select(w => $"w{c}_{w}").ToArray()).ToArray();
        string[][] german = english.Select(c => c.Select(w => w + "_de").ToArray()).ToArray();
        TranslationDictionary dictionary = Identity(english.SelectMany(c => c));
        Assert.Equal(100, Calign.ComputeLayer(Sets(english), Sets(german), dictionary, Options).Summary.Calign);

        double[] chance = ChanceLevels.Calign(Sets(english), Sets(german), dictionary, Options, 20, 5);
        Assert.Equal(20, chance.Length);
        // A random 8 of 160 German types holds 80% of one English concept's translations with probability ~1e-9.
        Assert.All(chance, c => Assert.Equal(0, c));
        Assert.Equal(chance, ChanceLevels.Calign(Sets(english), Sets(german), dictionary, Options, 20, 5));
    }

    [Fact]
    public void WhenTheTargetScopeIsOneConceptChanceIsTheRealValue()
    {
        // A random set of every type of the scope is the scope itself.
        string[][] english = [["a", "b", "c", "d", "e", "f"]];
        string[][] german = [["a_de", "b_de", "c_de", "d_de", "e_de", "f_de", "g_de"]];
        TranslationDictionary dictionary = Identity(english[0]);
        double real = Calign.ComputeLayer(Sets(english), Sets(german), dictionary, Options).Summary.Calign;
        Assert.Equal(100, real);
        Assert.All(ChanceLevels.Calign(Sets(english), Sets(german), dictionary, Options, 10, 1), c => Assert.Equal(real, c));
    }

    private static ConceptAssignment Row(int concept, string language, string word, int index) =>
        new("encoder", 3, "mixed", concept, index, 0, language, word, 40, 212);

    [Fact]
    public void ShufflingLanguagesKeepsSizesAndTotalsAndFindsOverlapWhereTheLanguagesAreBalanced()
    {
        // 10 concepts of 10 occurrences, each all English or all German: COLAP 0. Shuffled labels mix every concept.
        var rows = new List<ConceptAssignment>();
        for (int c = 0; c < 10; c++)
            for (int i = 0; i < 10; i++)
                rows.Add(Row(c, c % 2 == 0 ? "en" : "de", $"w{c}_{i}", c * 10 + i));
        ColapResult result = Colap.Compute(rows, new ColapOptions(), chanceDraws: 20);
        ColapSummary row = Assert.Single(result.Summary);
        Assert.Equal((0.0, 40, 212), (row.Colap, row.K, row.Seed));
        Assert.True(row.LanguageBlind > 60, $"language-blind COLAP {row.LanguageBlind}");

        List<ConceptAssignment> shuffled = ChanceLevels.ShuffleLanguages(rows, new Random(3));
        Assert.Equal(rows.Count(r => r.Language == "en"), shuffled.Count(r => r.Language == "en"));
        Assert.Equal(rows.Select(r => (r.ConceptId, r.Word)), shuffled.Select(r => (r.ConceptId, r.Word)));
    }

    [Fact]
    public void ALanguageWithATinyShareHasALanguageBlindLevelOfZero()
    {
        // 99 English occurrences and 1 German: no shuffle can give German 30% of a concept.
        var rows = Enumerable.Range(0, 100).Select(i => Row(i % 5, i == 0 ? "de" : "en", $"w{i}", i)).ToList();
        ColapSummary row = Assert.Single(Colap.Compute(rows, new ColapOptions(), chanceDraws: 10).Summary);
        Assert.Equal(0, row.LanguageBlind);
    }
}
