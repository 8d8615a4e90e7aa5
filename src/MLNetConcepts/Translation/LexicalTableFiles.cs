using System.Globalization;
using System.Text;

namespace MLNetConcepts.Translation;

/// <summary>
/// The lexical-table text form of a dictionary that the paper's released <c>alignClusters.py</c> reads: one line
/// <c>source -&gt; target: Probability = p, Count = c</c> per translation, a source word's lines best first, so that
/// "the first N lines of a source word" are its N best translations.
/// </summary>
public static class LexicalTableFiles
{
    private const string Arrow = " -> ";
    private const string ProbabilityLabel = ": Probability = ";
    private const string CountLabel = ", Count = ";

    /// <summary>Whether a (non-empty) line is in this form; how a text dictionary's format is told.</summary>
    public static bool LooksLikeLexicalTable(string line) =>
        line.Contains("->", StringComparison.Ordinal) && line.Contains(ProbabilityLabel, StringComparison.Ordinal);

    /// <summary>
    /// Writes the translations ranked 1..<paramref name="nBest"/> of every source word. This project's dictionary keeps
    /// no link counts, so <c>Count</c> is written as 0; the released script parses it but never uses it.
    /// </summary>
    /// <returns>The number of lines written.</returns>
    public static int Write(string path, TranslationDictionary dictionary, int nBest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nBest, 1);
        int lines = 0;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        foreach (DictionaryEntry e in dictionary.Entries)  // by source (ordinal), then rank
        {
            if (e.Rank > nBest) continue;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Source}{Arrow}{e.Target}{ProbabilityLabel}{e.Probability:R}{CountLabel}0"));
            lines++;
        }
        return lines;
    }

    /// <summary>
    /// Reads a lexical table. Ranks follow file order per source word, as the released script takes "the first N
    /// lines" (a repeated pair keeps its first line's rank and still uses up its slot). Bad lines fail naming file and line.
    /// </summary>
    public static TranslationDictionary Read(string path, string sourceLanguage, string targetLanguage)
    {
        var entries = new List<DictionaryEntry>();
        var linesOfSource = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        int number = 0;
        foreach (string raw in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            (string source, string target, double probability) = Parse(line, $"{path}: line {number}");
            int rank = linesOfSource[source] = linesOfSource.GetValueOrDefault(source) + 1;
            if (seen.Add((source, target)))
                entries.Add(new DictionaryEntry(sourceLanguage, targetLanguage, source, target, rank, probability));
        }
        if (entries.Count == 0) throw new MLNetConceptsException($"{path}: no dictionary entries");
        return new TranslationDictionary(entries);
    }

    private static (string Source, string Target, double Probability) Parse(string line, string where)
    {
        const string expected = "expected 'source -> target: Probability = p, Count = c'";
        int label = line.LastIndexOf(ProbabilityLabel, StringComparison.Ordinal);
        if (label < 0) throw new MLNetConceptsException($"{where}: no '{ProbabilityLabel.Trim()}'; {expected}");
        string pair = line[..label];
        // " -> " with its spaces first, so that a word "->" itself still parses; then a bare "->".
        int arrow = pair.IndexOf(Arrow, StringComparison.Ordinal);
        int arrowLength = Arrow.Length;
        if (arrow < 0)
        {
            arrow = pair.IndexOf("->", StringComparison.Ordinal);
            arrowLength = 2;
        }
        if (arrow < 0) throw new MLNetConceptsException($"{where}: no '->'; {expected}");
        string source = pair[..arrow].Trim(), target = pair[(arrow + arrowLength)..].Trim();
        if (source.Length == 0 || target.Length == 0) throw new MLNetConceptsException($"{where}: empty source or target word; {expected}");

        string numbers = line[(label + ProbabilityLabel.Length)..];
        int count = numbers.IndexOf(CountLabel, StringComparison.Ordinal);
        if (count < 0) throw new MLNetConceptsException($"{where}: no '{CountLabel.Trim(',', ' ')}'; {expected}");
        string probabilityText = numbers[..count].Trim(), countText = numbers[(count + CountLabel.Length)..].Trim();
        if (!double.TryParse(probabilityText, NumberStyles.Float, CultureInfo.InvariantCulture, out double probability) || !double.IsFinite(probability) || probability < 0)
            throw new MLNetConceptsException($"{where}: probability '{probabilityText}' is not a non-negative number");
        if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new MLNetConceptsException($"{where}: count '{countText}' is not a non-negative integer");
        return (source, target, probability);
    }
}
