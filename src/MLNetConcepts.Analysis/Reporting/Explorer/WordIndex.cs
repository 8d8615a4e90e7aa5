namespace MLNetConcepts.Reporting.Explorer;

/// <summary>
/// Every word's concepts in every layer file: for a (language, word), entries [unit, scope (0: its language's
/// clustering, 1: the mixed one), concept, occurrences]. Written in shards chosen by a hash of "language\tword" that
/// the page computes the same way (<see cref="Shard"/>), so a search loads one shard, not the whole index.
/// </summary>
internal sealed class WordIndex
{
    private readonly Dictionary<string, List<int[]>> _entries = new(StringComparer.Ordinal);
    // Occurrences per word in its language's clustering: the largest over layer files (a model may drop a few words).
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    public void Add(string language, string word, int unit, int scope, int concept, int count)
    {
        string key = language + "\t" + word;
        if (!_entries.TryGetValue(key, out List<int[]>? list)) _entries[key] = list = [];
        list.Add([unit, scope, concept, count]);
    }

    /// <summary>Records a word's occurrences in one layer file's own-language clustering (for completion's order).</summary>
    public void Count(string language, string word, int occurrences)
    {
        string key = language + "\t" + word;
        _occurrences[key] = Math.Max(_occurrences.GetValueOrDefault(key), occurrences);
    }

    /// <summary>Per language, its words most frequent first, each [word, occurrences].</summary>
    public Dictionary<string, object[][]> Completion() =>
        _occurrences.Select(p => (Parts: p.Key.Split('\t', 2), Count: p.Value))
            .GroupBy(p => p.Parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Count).ThenBy(p => p.Parts[1], StringComparer.Ordinal)
                .Select(p => new object[] { p.Parts[1], p.Count }).ToArray(), StringComparer.Ordinal);

    /// <summary>Writes the shards (about <see cref="ExplorerBuilder.WordShardBytes"/> each) and returns how many.</summary>
    public int WriteShards(DataFiles files)
    {
        long bytes = _entries.Sum(p => p.Key.Length + 8 + p.Value.Count * 18L);
        int shards = (int)Math.Max(1, (bytes + ExplorerBuilder.WordShardBytes - 1) / ExplorerBuilder.WordShardBytes);
        var byShard = Enumerable.Range(0, shards).Select(_ => new SortedDictionary<string, List<int[]>>(StringComparer.Ordinal)).ToArray();
        foreach ((string key, List<int[]> entries) in _entries)
            byShard[Shard(key, shards)][key] = entries;
        for (int s = 0; s < shards; s++)
            files.Write($"w{s}", $"w{s}", byShard[s]);
        return shards;
    }

    /// <summary>32-bit FNV-1a over the key's UTF-16 code units, modulo the shard count (explorer.js: <c>shardOf</c>).</summary>
    public static int Shard(string key, int shards)
    {
        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)(hash % (uint)shards);
    }
}
