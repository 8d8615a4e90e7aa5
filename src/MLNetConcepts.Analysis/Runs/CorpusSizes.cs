using MLNetConcepts.Concepts;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Text;

namespace MLNetConcepts.Runs;

/// <summary>
/// A corpus's sizes for a plan's estimates, read from its text without running a model: lines, words per language,
/// and the occurrences the frequency filter will keep per language (types seen at least min-frequency times, at most
/// max-occurrences of each; the long-sentence rule is left out, so this is an upper bound).
/// </summary>
internal sealed record CorpusSizes(long Lines, IReadOnlyDictionary<string, long> Words, IReadOnlyDictionary<string, long> Kept)
{
    public long WordsTotal => Words.Values.Sum();

    public long KeptTotal => Kept.Values.Sum();

    public static CorpusSizes Measure(CorpusEntry entry, IReadOnlyList<string> languages, FrequencyFilterOptions filter)
    {
        var words = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new Dictionary<string, long>(StringComparer.Ordinal);
        long lines = 0;
        foreach (string language in languages)
        {
            int column = entry.Languages.IndexOf(language);
            IEnumerable<string> text = entry.Files is not null
                ? SentenceFile.ReadLines(entry.Files[column])
                : SentenceFile.ReadLines(entry.Tsv!).Select(line => line.Split('\t') is var cells && cells.Length > column ? cells[column] : "");
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            long n = 0, count = 0;
            foreach (string line in text)
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
        }
        return new CorpusSizes(lines, words, kept);
    }
}
