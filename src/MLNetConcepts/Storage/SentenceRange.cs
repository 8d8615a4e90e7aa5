using System.Globalization;

namespace MLNetConcepts.Storage;

/// <summary>
/// Sentences (0-based lines of a corpus file) from <see cref="First"/> up to, not including, <see cref="End"/>; a null
/// end runs to the end of the file. One shard of an extraction split across tasks, so many nodes share a large corpus.
/// </summary>
public readonly record struct SentenceRange(long First, long? End)
{
    /// <summary>Every sentence.</summary>
    public static SentenceRange All => new(0, null);

    /// <summary>Whether this range is every sentence.</summary>
    public bool IsAll => First == 0 && End is null;

    /// <summary>Whether sentence <paramref name="id"/> is in the range.</summary>
    public bool Contains(long id) => id >= First && (End is null || id < End);

    /// <summary>Whether the two ranges share a sentence.</summary>
    public bool Overlaps(SentenceRange other) => (End is null || other.First < End) && (other.End is null || First < other.End);

    /// <summary>
    /// The range in file names: twelve-digit bounds, so that names sort in sentence order (<c>000000001000-000000002000</c>,
    /// <c>000000002000-end</c>).
    /// </summary>
    public string FileTag => $"{First.ToString("D12", CultureInfo.InvariantCulture)}-{End?.ToString("D12", CultureInfo.InvariantCulture) ?? "end"}";

    /// <summary>The range a <see cref="FileTag"/> at the end of <paramref name="stem"/> (a file name without extension) names, or null.</summary>
    public static SentenceRange? FromFileTag(string stem)
    {
        string[] parts = stem.Split('-');
        if (parts.Length < 3 || parts[^2].Length != 12 || !long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out long first))
            return null;
        if (parts[^1] == "end") return new SentenceRange(first, null);
        return parts[^1].Length == 12 && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out long end) && end > first
            ? new SentenceRange(first, end)
            : null;
    }

    /// <summary>The shards of <paramref name="sentences"/> sentences, <paramref name="size"/> each; the last runs to the end.</summary>
    public static IReadOnlyList<SentenceRange> Shards(long sentences, long size)
    {
        if (size <= 0 || sentences <= size) return [All];
        var shards = new List<SentenceRange>();
        for (long first = 0; first < sentences; first += size)
            shards.Add(new SentenceRange(first, first + size >= sentences ? null : first + size));
        return shards;
    }

    /// <inheritdoc/>
    public override string ToString() => IsAll ? "all" : FileTag;
}
