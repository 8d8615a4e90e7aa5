namespace MLNetConcepts.Translation;

/// <summary>
/// Word ↔ dense id for one language of a parallel corpus. Id 0 is kept for NULL (the empty word an unaligned
/// word links to), so real words get 1, 2, … in order of first appearance. Words are compared ordinally.
/// Lookups take spans, so encoding a line allocates no string per token.
/// </summary>
internal sealed class WordVocabulary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly List<string> _words = [""];

    public WordVocabulary() => _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of ids including NULL's (so the largest word id is Count − 1).</summary>
    public int Count => _words.Count;

    /// <summary>The word of an id (the empty string for NULL).</summary>
    public string this[int id] => _words[id];

    /// <summary>The id of a word, adding it when new.</summary>
    public int Encode(ReadOnlySpan<char> word)
    {
        if (_bySpan.TryGetValue(word, out int id)) return id;
        id = _words.Count;
        string text = word.ToString();
        _ids.Add(text, id);
        _words.Add(text);
        return id;
    }
}
