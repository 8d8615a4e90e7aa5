using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Translation;

/// <summary>
/// Dictionary induction on real data: 50,000 Tatoeba English-German pairs (<c>../shared/data</c>), checked against
/// Debian's FreeDict German-English dictionary (<c>apt-get install dict-freedict-deu-eng</c>). Skips without them.
/// </summary>
public partial class RealDataTests(ITestOutputHelper output)
{
    private static string Tatoeba => Path.Combine(RepoPaths.SharedData, "tatoeba", "eng-deu.tsv.gz");

    private const string FreeDict = "/usr/share/dictd/freedict-deu-eng.dict.dz";

    /// <summary>
    /// The method's input is tokenized text; Tatoeba is not, so punctuation is split off words first (otherwise "Haus"
    /// competes with "house." and "house?" as translations).
    /// </summary>
    [GeneratedRegex(@"([.,!?;:""„“”«»()¡¿])")]
    private static partial Regex Punctuation();

    private static string Tokenize(string text) => Punctuation().Replace(text, " $1 ");

    [Fact]
    public void TopTranslationsOfFrequentGermanWordsAreMostlyFreeDictTranslations()
    {
        if (!File.Exists(Tatoeba)) Assert.Skip($"{Tatoeba} is absent");
        if (!File.Exists(FreeDict)) Assert.Skip($"{FreeDict} is absent (apt-get install dict-freedict-deu-eng)");

        var pairs = ParallelCorpus.ReadLines(Tatoeba).Select(l => l.Split('\t')).Where(f => f.Length == 2)
            .Select(f => (German: Tokenize(f[1]), English: Tokenize(f[0]))).ToList();
        ParallelCorpus corpus = ParallelCorpus.FromLines(pairs.Select(p => (p.German, p.English)));
        var clock = Stopwatch.StartNew();
        TranslationDictionary dictionary = DictionaryInduction.Build(corpus, "de", "en");
        clock.Stop();
        output.WriteLine($"aligned {corpus.Count} pairs in {clock.Elapsed.TotalSeconds:F1} s");

        Dictionary<string, HashSet<string>> freeDict = ReadFreeDict(FreeDict);
        var frequency = corpus.Source.SelectMany(w => w).GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // The 300 most frequent German words that are FreeDict headwords (words, not punctuation).
        var evaluated = frequency.Where(p => freeDict.ContainsKey(p.Key) && p.Key.Any(char.IsLetter))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(300).Select(p => p.Key).ToList();
        int correct = 0;
        var misses = new List<string>();
        foreach (string german in evaluated)
        {
            string? top = dictionary.Translations(german).FirstOrDefault()?.Target;
            if (top is not null && freeDict[german].Contains(top.ToLowerInvariant())) correct++;
            else misses.Add($"{german}->{top}");
        }
        double precision = (double)correct / evaluated.Count;
        output.WriteLine($"precision@1 against FreeDict: {correct}/{evaluated.Count} = {precision:F3}");
        output.WriteLine($"misses: {string.Join(", ", misses.Take(60))}");
        Assert.Equal(300, evaluated.Count);
        // Measured 0.710 (213/300); fast_align -d -o -v both ways + atools grow-diag-final-and + the same lexical
        // table scores 0.707 (212/300) on the same tokens (tests/benchmarks/dictionary_vs_fast_align.sh). Most misses
        // are FreeDict gaps rather than wrong links: inflected forms and pronouns are not headwords with those senses
        // ("sieht"->"looks", "uns"->"us"), and some common senses are missing ("sehen" lists look/view but not see).
        // The result does not depend on the thread count, so the bound only leaves room for deliberate changes.
        Assert.True(precision >= 0.70, $"precision {precision:F3}");
    }

    /// <summary>
    /// German headword → lower-cased English translations, each whole translation phrase and, for phrases like
    /// "to go" or "the house", the phrase without its leading particle or article. Blocks are "headword /ipa/ &lt;pos&gt;"
    /// lines followed by translation lines; notes, synonyms, examples and cross-references are skipped.
    /// </summary>
    private static Dictionary<string, HashSet<string>> ReadFreeDict(string path)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        HashSet<string>? current = null;
        // A headword line has its pronunciation before any tag; a translation line may carry an abbreviation's
        // pronunciation after its tag ("room <n>rm,  /ˌɛrˈɛm/").
        var headword = new Regex(@"^(\S[^<]*?) /[^/<]*/");
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) { current = null; continue; }
            Match head = headword.Match(line);
            if (head.Success)
            {
                string word = head.Groups[1].Value.Trim();
                if (!result.TryGetValue(word, out current)) result[word] = current = new HashSet<string>(StringComparer.Ordinal);
                continue;
            }
            if (current is null) continue;
            string text = line.Trim();
            if (text.StartsWith("Synonyms:") || text.StartsWith("Note:") || text.StartsWith("see:") || text.StartsWith('"')) continue;
            text = Regex.Replace(text, @"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}", " ");
            foreach (string part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A phrase ends at its part-of-speech tag or pronunciation ("room <n>rm, /ˌɛrˈɛm/").
                int end = part.IndexOfAny(['<', '/']);
                string phrase = end >= 0 ? part[..end] : part;
                string normalised = Regex.Replace(phrase.ToLowerInvariant(), @"\s+", " ").Trim();
                if (normalised.Length == 0) continue;
                current.Add(normalised);
                foreach (string particle in new[] { "to ", "the ", "a ", "an " })
                    if (normalised.StartsWith(particle)) current.Add(normalised[particle.Length..]);
            }
        }
        return result;
    }
}
