using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>Concepts of one (component, layer, scope) as sets of word types, by concept id.</summary>
public sealed class ConceptTypeSets
{
    /// <summary>Wraps <paramref name="concepts"/> (concept id → its distinct word types) without copying.</summary>
    public ConceptTypeSets(IReadOnlyDictionary<int, IReadOnlySet<string>> concepts) => Concepts = concepts;

    /// <summary>Each concept's distinct word types, by concept id.</summary>
    public IReadOnlyDictionary<int, IReadOnlySet<string>> Concepts { get; }

    /// <summary>Groups assignments by concept id, keeping distinct words (ordinal, case-sensitive).</summary>
    public static ConceptTypeSets FromAssignments(IEnumerable<ConceptAssignment> rows)
    {
        var sets = new Dictionary<int, HashSet<string>>();
        foreach (ConceptAssignment row in rows)
        {
            if (!sets.TryGetValue(row.ConceptId, out HashSet<string>? set))
                sets[row.ConceptId] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(row.Word);
        }
        return new ConceptTypeSets(sets.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value));
    }
}
