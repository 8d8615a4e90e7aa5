using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>The report's clouds show content concepts first, then the rule's order (match fraction; language balance).</summary>
public class CloudSelectionTests
{
    // English: "the" and "of" make up 5 of 10 occurrences (≥ 40 %), so they are frequent; German: "der" and "die".
    private static readonly FrequentWords Frequent = FrequentWords.FromCounts(new Dictionary<string, Dictionary<string, long>>
    {
        ["en"] = new(StringComparer.Ordinal) { ["the"] = 3, ["of"] = 2, ["house"] = 1, ["tree"] = 1, ["dog"] = 1, ["cat"] = 1, ["sun"] = 1 },
        ["de"] = new(StringComparer.Ordinal) { ["der"] = 3, ["die"] = 2, ["Haus"] = 1, ["Baum"] = 1, ["Hund"] = 1, ["Katze"] = 1, ["Sonne"] = 1 },
    });

    private static List<ConceptAssignment> Rows(string scope, params (int Concept, string Language, string Word)[] occurrences) =>
        occurrences.Select((o, i) => new ConceptAssignment("encoder", 1, scope, o.Concept, i, 0, o.Language, o.Word)).ToList();

    private static CalignConceptDiagnostic Aligned(int concept, double match, bool aligned = true) =>
        new("encoder", "encoder", 1, "en", "de", concept, 3, true, 100 + concept, match, aligned);

    [Fact]
    public void AContentConceptComesBeforeABetterMatchedFunctionConcept()
    {
        var rows = Rows("en", (1, "en", "the"), (1, "en", "of"), (1, "en", ","), (2, "en", "house"), (2, "en", "tree"), (2, "en", "dog"),
            (3, "en", "house"), (3, "en", "the"), (4, "en", "cat"));
        var chosen = CloudSelection.Aligned([Aligned(1, 1.0), Aligned(2, 0.85), Aligned(3, 0.9), Aligned(4, 0.95, aligned: false)], rows, Frequent, 3);
        Assert.Equal([2, 1, 3], chosen.Select(c => c.Diagnostic.SourceConcept));   // 3 is half function words: a function concept
        Assert.Equal([0, 1, 0.5], chosen.Select(c => c.FunctionShare));
    }

    [Fact]
    public void AContentMixedConceptComesBeforeABetterBalancedFunctionConcept()
    {
        var rows = Rows(ConceptFiles.MixedScope, (10, "en", "the"), (10, "en", "the"), (10, "de", "der"), (10, "de", "der"),
            (11, "en", "house"), (11, "en", "house"), (11, "de", "Haus"), (12, "en", "dog"), (12, "en", "dog"));
        var chosen = CloudSelection.Overlapping(rows, 0.3, Frequent, 3);
        Assert.Equal([11, 10], chosen.Select(c => c.Concept));   // 12 is English only: it does not overlap
        Assert.Equal(1 / 3.0, chosen[0].Balance, 9);
        Assert.Equal(0.5, chosen[1].Balance, 9);
    }
}
