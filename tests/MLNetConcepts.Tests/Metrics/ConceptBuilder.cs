using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Metrics;

/// <summary>Builds concept assignments and dictionaries for hand-computed cases.</summary>
internal sealed class ConceptBuilder
{
    private readonly List<ConceptAssignment> _rows = new();
    private long _sentence;

    public IReadOnlyList<ConceptAssignment> Rows => _rows;

    /// <summary>Adds one occurrence of each word (language = scope unless given) to a concept.</summary>
    public ConceptBuilder Concept(string scope, int id, IEnumerable<string> words, string? language = null, int layer = 0, string component = "encoder")
    {
        foreach (string word in words)
            _rows.Add(new ConceptAssignment(component, layer, scope, id, _sentence++, 0, language ?? scope, word));
        return this;
    }

    public static IEnumerable<string> Words(string prefix, int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => $"{prefix}{i}");

    /// <summary>A dictionary of rank-1 pairs.</summary>
    public static TranslationDictionary Dictionary(params (string Source, string Target)[] pairs) =>
        new(pairs.Select(p => new DictionaryEntry("en", "de", p.Source, p.Target, 1, 1.0)));

    /// <summary>s{i} → t{i} for i in [0, count).</summary>
    public static TranslationDictionary Identity(int count, int start = 0) =>
        Dictionary(Enumerable.Range(start, count).Select(i => ($"s{i}", $"t{i}")).ToArray());
}
