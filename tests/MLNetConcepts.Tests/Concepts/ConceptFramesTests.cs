using Microsoft.Data.Analysis;
using MLNetConcepts.Concepts;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Tests.Concepts;

public class ConceptFramesTests
{
    private static readonly ConceptAssignment[] Assignments =
    [
        new("encoder", 3, "mixed", 1, 0, 0, "en", "cat"),
        new("encoder", 3, "mixed", 1, 1, 0, "en", "cat"),
        new("encoder", 3, "mixed", 1, 1, 2, "de", "katze"),
        new("encoder", 3, "mixed", 1, 2, 0, "en", "dog"),
        new("encoder", 3, "mixed", 0, 2, 1, "en", "run"),
    ];

    [Fact]
    public void TypesPerConceptCountsOccurrencesMostFrequentFirst()
    {
        DataFrame frame = ConceptFrames.TypesPerConcept(Assignments);

        Assert.Equal(["component", "layer", "scope", "concept_id", "language", "word", "count", "k", "seed"], frame.Columns.Select(c => c.Name));
        Assert.Equal(4, frame.Rows.Count);
        var rows = frame.Rows.Select(r => ((int)r["concept_id"], (string)r["word"], (int)r["count"])).ToList();
        Assert.Equal([(0, "run", 1), (1, "cat", 2), (1, "katze", 1), (1, "dog", 1)], rows);
    }

    [Fact]
    public void LanguagesPerConceptGivesShares()
    {
        DataFrame frame = ConceptFrames.LanguagesPerConcept(Assignments);

        var rows = frame.Rows.Select(r => ((int)r["concept_id"], (string)r["language"], (int)r["occurrences"], (int)r["types"], (double)r["share"])).ToList();
        Assert.Equal([(0, "en", 1, 1, 1.0), (1, "en", 3, 2, 0.75), (1, "de", 1, 1, 0.25)], rows);
    }

    [Fact]
    public void SummaryFrameHasTheLexicalFlag()
    {
        DataFrame frame = ConceptFrames.Summary([
            new ConceptSummary("encoder", 1, "en", 0, 9, 5, 1.5, "suffix", "ly", 0.8, [1f, 2f]),
            new ConceptSummary("encoder", 1, "en", 1, 4, 4, 0.5, null, null, null, [0f, 0f]),
        ]);
        Assert.Equal([true, false], frame.Rows.Select(r => (bool)r["lexical"]));
        Assert.Equal("ly", frame.Rows[0]["affix"]);
    }
}
