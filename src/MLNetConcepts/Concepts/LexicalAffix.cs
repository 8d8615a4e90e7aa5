namespace MLNetConcepts.Concepts;

/// <summary>Whether a concept's shared affix is at the start or the end of its words.</summary>
public enum AffixKind
{
    /// <summary>The affix starts the words.</summary>
    Prefix,
    /// <summary>The affix ends the words.</summary>
    Suffix,
}

/// <summary>A concept's dominant shared affix: e.g. suffix <c>ly</c> shared by 7 of its 9 types.</summary>
public sealed record LexicalAffix(AffixKind Kind, string Affix, int SharedBy, int Types)
{
    /// <summary>Fraction of the concept's types that carry the affix.</summary>
    public double Share => (double)SharedBy / Types;
}

/// <summary>Options of <see cref="LexicalAffixFinder"/>.</summary>
public sealed class LexicalAffixOptions
{
    /// <summary>Shortest affix considered, in characters. Default 2 (English <c>-ly</c>, <c>-ed</c>).</summary>
    public int MinLength { get; set; } = 2;

    /// <summary>An affix is dominant when strictly more than this fraction of the types share it. Default 0.5.</summary>
    public double MinShare { get; set; } = 0.5;

    /// <summary>Concepts with fewer distinct types are never flagged (two words share an affix by chance). Default 3.</summary>
    public int MinTypes { get; set; } = 3;
}

/// <summary>
/// Flags "lexical" concepts without a language model: a concept is lexical when more than half of its distinct
/// types (lower-cased, compared as Unicode text elements) start or end with the same string of at least
/// <see cref="LexicalAffixOptions.MinLength"/> characters, like the paper's "words ending with -ly" concepts.
/// </summary>
/// <remarks>
/// The longest affix still shared by more than the threshold wins, as it says most (suffix <c>ness</c> rather than
/// <c>ss</c>); between a prefix and a suffix the larger share wins, then the longer affix, then the suffix (in the
/// languages of the paper lexical clusters are mostly inflectional endings). A type equal to the affix counts as
/// sharing it.
/// </remarks>
public static class LexicalAffixFinder
{
    /// <summary>The dominant affix of a concept's types, or <c>null</c> when none is shared by enough of them.</summary>
    public static LexicalAffix? Find(IEnumerable<string> types, LexicalAffixOptions? options = null)
    {
        options ??= new LexicalAffixOptions();
        string[][] elements = types.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)
            .Select(TextElements).ToArray();
        if (elements.Length < options.MinTypes || elements.Length == 0) return null;

        LexicalAffix? prefix = Longest(elements, AffixKind.Prefix, options);
        LexicalAffix? suffix = Longest(elements, AffixKind.Suffix, options);
        if (prefix is null) return suffix;
        if (suffix is null) return prefix;
        if (prefix.SharedBy != suffix.SharedBy) return prefix.SharedBy > suffix.SharedBy ? prefix : suffix;
        return prefix.Affix.Length > suffix.Affix.Length ? prefix : suffix;
    }

    private static LexicalAffix? Longest(string[][] types, AffixKind kind, LexicalAffixOptions options)
    {
        LexicalAffix? best = null;
        int longest = types.Max(t => t.Length);
        for (int length = options.MinLength; length <= longest; length++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string[] type in types)
            {
                if (type.Length < length) continue;
                string affix = kind == AffixKind.Prefix ? string.Concat(type[..length]) : string.Concat(type[^length..]);
                counts[affix] = counts.GetValueOrDefault(affix) + 1;
            }
            if (counts.Count == 0) break;
            // Ties between affixes of one length go to the ordinal-smallest, so the flag is deterministic.
            KeyValuePair<string, int> top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
            if (top.Value <= options.MinShare * types.Length) break;  // longer affixes are shared by no more types
            best = new LexicalAffix(kind, top.Key, top.Value, types.Length);
        }
        return best;
    }

    private static string[] TextElements(string text)
    {
        var elements = new List<string>(text.Length);
        System.Globalization.TextElementEnumerator e = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        return elements.ToArray();
    }
}
