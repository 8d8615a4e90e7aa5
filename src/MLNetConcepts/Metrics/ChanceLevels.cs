using System.Text;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Metrics;

/// <summary>
/// What CALIGN and COLAP reach when the concepts carry no cross-lingual structure, so a value can be read against it.
/// </summary>
/// <remarks>
/// <para>CALIGN: the same source concepts against target concepts replaced by random sets of target-language types of
/// the same sizes. Each random concept draws its types without replacement from every type of the target scope (a
/// type may fall in several random concepts, as a word may sit in several real ones), so the eligibility and size
/// rules see exactly the sizes they saw, and only the grouping of the types is lost.</para>
/// <para>COLAP: the language labels of the scope's occurrences shuffled among them. Each concept keeps its size and
/// each language its total, so the level is what the languages' proportions alone give.</para>
/// Every draw is made from a generator seeded by <see cref="SeedOf"/>, so a re-run gives the same levels.
/// </remarks>
public static class ChanceLevels
{
    /// <summary>The draws per clustering unless told otherwise (R in the method).</summary>
    public const int DefaultDraws = 20;

    /// <summary>The upper bound of the draws per clustering.</summary>
    public const int MaximumDraws = 10_000;

    /// <summary>CALIGN of <paramref name="source"/> against <paramref name="draws"/> random versions of <paramref name="target"/>.</summary>
    /// <param name="source">The real source concepts.</param>
    /// <param name="target">The real target concepts, whose sizes (and the types of the scope) the random ones take.</param>
    /// <param name="dictionary">Translations, already cut to the N best.</param>
    /// <param name="options">The thresholds the real value used.</param>
    /// <param name="draws">How many random target sets.</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="cancellationToken">Checked between draws.</param>
    public static double[] Calign(ConceptTypeSets source, ConceptTypeSets target, TranslationDictionary dictionary, CalignOptions options,
        int draws, int seed, CancellationToken cancellationToken = default)
    {
        string[] types = target.Concepts.Values.SelectMany(t => t).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var sizes = target.Concepts.OrderBy(c => c.Key).Select(c => (c.Key, Size: c.Value.Count)).ToArray();
        var random = new Random(seed);
        var values = new double[draws];
        var pool = (string[])types.Clone();
        for (int d = 0; d < draws; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var concepts = new Dictionary<int, IReadOnlySet<string>>(sizes.Length);
            foreach ((int id, int size) in sizes)
            {
                // A partial Fisher-Yates shuffle: the first `size` entries of the pool become the concept.
                for (int i = 0; i < size; i++)
                {
                    int j = random.Next(i, pool.Length);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                }
                concepts[id] = new HashSet<string>(pool.AsSpan(0, size).ToArray(), StringComparer.Ordinal);
            }
            values[d] = global::MLNetConcepts.Metrics.Calign.ComputeLayer(source, new ConceptTypeSets(concepts), dictionary, options).Summary.Calign;
        }
        return values;
    }

    /// <summary>The rows with their language labels permuted among them (concepts, words and sizes unchanged).</summary>
    public static List<ConceptAssignment> ShuffleLanguages(IReadOnlyList<ConceptAssignment> rows, Random random)
    {
        string[] languages = rows.Select(r => r.Language).ToArray();
        random.Shuffle(languages);
        var shuffled = new List<ConceptAssignment>(rows.Count);
        for (int i = 0; i < rows.Count; i++) shuffled.Add(rows[i] with { Language = languages[i] });
        return shuffled;
    }

    /// <summary>
    /// A generator seed that depends only on what is measured (never on the order of the work), so each level is
    /// reproducible on its own: FNV-1a over the parts.
    /// </summary>
    public static int SeedOf(params object[] parts) => StableHash.Of(parts);
}

/// <summary>A hash of values that is the same in every process and .NET version (unlike <see cref="HashCode"/>).</summary>
internal static class StableHash
{
    public static int Of(params object[] parts)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)))))
            hash = (hash ^ b) * 16777619;
        return unchecked((int)hash);
    }
}
