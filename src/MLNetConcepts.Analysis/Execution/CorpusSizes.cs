using MLNetConcepts.Concepts;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Execution;

/// <summary>
/// A corpus's sizes for a plan's estimates, read from its text without running a model: lines, words per language,
/// and the occurrences the frequency filter will keep per language (types seen at least min-frequency times, at most
/// max-occurrences of each; the long-sentence rule is left out, so this is an upper bound), and the words of the
/// sentences that hold a kept occurrence (what an extraction of kept vectors only runs the model on).
/// </summary>
internal sealed record CorpusSizes(long Lines, IReadOnlyDictionary<string, long> Words, IReadOnlyDictionary<string, long> Kept,
    IReadOnlyDictionary<string, long> WordsRun)
{
    public long WordsTotal => Words.Values.Sum();

    public long KeptTotal => Kept.Values.Sum();

    public static CorpusSizes Measure(CorpusEntry entry, IReadOnlyList<string> languages, FrequencyFilterOptions filter)
    {
        var words = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new Dictionary<string, long>(StringComparer.Ordinal);
        var run = new Dictionary<string, long>(StringComparer.Ordinal);
        long lines = 0;
        foreach (string language in languages)
        {
            int column = entry.Languages.IndexOf(language);
            IEnumerable<string> Text() => entry.Files is not null
                ? SentenceFile.ReadLines(entry.Files[column])
                : SentenceFile.ReadLines(entry.Tsv!).Select(line => line.Split('\t') is var cells && cells.Length > column ? cells[column] : "");
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            long n = 0, count = 0;
            foreach (string line in Text())
            {
                n++;
                foreach (string word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    count++;
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                }
            }
            lines = Math.Max(lines, n);
            words[language] = count;
            kept[language] = counts.Values.Where(c => c >= filter.MinFrequency).Sum(c => (long)Math.Min(c, filter.MaxOccurrences));

            // A second pass: a sentence is run when one of its words is among its type's first occurrences.
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            long runWords = 0;
            foreach (string line in Text())
            {
                string[] sentence = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool holdsKept = false;
                foreach (string word in sentence)
                {
                    if (counts[word] < filter.MinFrequency) continue;
                    int before = seen.GetValueOrDefault(word);
                    seen[word] = before + 1;
                    holdsKept |= before < filter.MaxOccurrences;
                }
                if (holdsKept) runWords += sentence.Length;
            }
            run[language] = runWords;
        }
        return new CorpusSizes(lines, words, kept, run);
    }
}
