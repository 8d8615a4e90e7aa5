using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Reporting;

/// <summary>
/// Which concepts the report draws as word clouds, by a stated rule: content concepts before function concepts (a
/// concept is a function concept when at least <see cref="FrequentWords.FunctionConceptShare"/> of its occurrences are
/// punctuation or function words, <see cref="FrequentWords"/>); then, for CALIGN, the aligned source concepts with the
/// highest match fraction (then most types, then lowest id); for COLAP, the overlapping mixed concepts whose
/// second-largest language share is largest (then largest, then lowest id).
/// </summary>
public static class CloudSelection
{
    /// <summary>The aligned source concepts to show, best first, each with its share of function-like occurrences.</summary>
    /// <param name="diagnostics">CALIGN's per-concept results of one layer and direction.</param>
    /// <param name="sourceRows">The source language's concept rows of that layer.</param>
    /// <param name="frequent">The corpus's punctuation and function words.</param>
    /// <param name="count">How many.</param>
    public static IReadOnlyList<(CalignConceptDiagnostic Diagnostic, double FunctionShare)> Aligned(IEnumerable<CalignConceptDiagnostic> diagnostics,
        IReadOnlyList<ConceptAssignment> sourceRows, FrequentWords frequent, int count) =>
        diagnostics.Where(d => d.Aligned).Select(d => (Diagnostic: d, FunctionShare: FunctionShare(sourceRows, d.SourceConcept, frequent)))
            .OrderBy(c => c.FunctionShare >= FrequentWords.FunctionConceptShare).ThenByDescending(c => c.Diagnostic.MatchFraction)
            .ThenByDescending(c => c.Diagnostic.Types).ThenBy(c => c.Diagnostic.SourceConcept).Take(count).ToArray();

    /// <summary>The overlapping mixed concepts to show, best first: (concept, second-largest language share, share of function-like occurrences).</summary>
    /// <param name="mixedRows">The mixed scope's concept rows of one layer.</param>
    /// <param name="thetaO">A concept overlaps when its second-largest language share reaches this.</param>
    /// <param name="frequent">The corpus's punctuation and function words.</param>
    /// <param name="count">How many.</param>
    public static IReadOnlyList<(int Concept, double Balance, double FunctionShare)> Overlapping(IReadOnlyList<ConceptAssignment> mixedRows, double thetaO,
        FrequentWords frequent, int count) =>
        mixedRows.GroupBy(r => r.ConceptId).Select(g =>
            {
                double[] shares = g.GroupBy(r => r.Language).Select(l => (double)l.Count() / g.Count()).OrderDescending().ToArray();
                return (Concept: g.Key, Balance: shares.Length >= 2 ? shares[1] : 0, Size: g.Count(), FunctionShare: FunctionShare(mixedRows, g.Key, frequent));
            })
            .Where(c => c.Balance >= thetaO)
            .OrderBy(c => c.FunctionShare >= FrequentWords.FunctionConceptShare).ThenByDescending(c => c.Balance).ThenByDescending(c => c.Size)
            .ThenBy(c => c.Concept)
            .Take(count).Select(c => (c.Concept, c.Balance, c.FunctionShare)).ToArray();

    /// <summary>The share of a concept's occurrences on punctuation and function words.</summary>
    public static double FunctionShare(IReadOnlyList<ConceptAssignment> rows, int conceptId, FrequentWords frequent)
    {
        int total = 0, function = 0;
        foreach (ConceptAssignment r in rows)
        {
            if (r.ConceptId != conceptId) continue;
            total++;
            if (frequent.IsFunctionLike(r.Language, r.Word)) function++;
        }
        return total == 0 ? 0 : (double)function / total;
    }
}
