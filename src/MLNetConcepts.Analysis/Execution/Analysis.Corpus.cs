using System.Globalization;
using System.Text.Json.Nodes;
using MLNetConcepts.Models;
using MLNetConcepts.Reporting;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Execution;

// Corpus stages: a TSV corpus split into line-aligned files, and each corpus's dictionary.
public sealed partial class Analysis
{
    private sealed class PreparedCorpus(string name, string[] languages, Dictionary<string, string> files, long lines)
    {
        public string Name { get; } = name;
        public string[] Languages { get; } = languages;
        public Dictionary<string, string> Files { get; } = files;
        public long Lines { get; } = lines;
        public string DictionaryFingerprint { get; set; } = "";
        public string DictionaryFile => RunLayout.Dictionary(Name);
        /// <summary>The stage that splits a TSV corpus, which every stage reading the corpus depends on; null for line-aligned files.</summary>
        public string? SplitStage { get; set; }
        public string DictionaryStage { get; set; } = "";
        /// <summary>Words and kept occurrences per language, measured for a plan only (null when running).</summary>
        public CorpusSizes? Sizes { get; set; }
        public string[] Reading => SplitStage is null ? [] : [SplitStage];
    }

    /// <summary>Line-aligned files per language: the given ones, or split from a TSV file into the run folder.</summary>
    private async Task<PreparedCorpus> PrepareCorpusAsync(CorpusEntry entry, string[] languages)
    {
        string name = string.Join("-", languages);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.Files is not null)
        {
            for (int i = 0; i < entry.Languages.Count; i++)
                if (languages.Contains(entry.Languages[i])) files[entry.Languages[i]] = entry.Files[i];
        }
        else
        {
            string[] outputs = languages.Select(l => RunLayout.CorpusText(name, l)).ToArray();
            foreach (string language in languages) files[language] = Path.Combine(Folder, RunLayout.CorpusText(name, language));
            string folder = Path.GetDirectoryName(files[languages[0]])!;
            await _stages.RunAsync($"corpus {name}", StageRunner.Fingerprint("corpus", _stages.HashFile(entry.Tsv!)), outputs, 0, "lines",
                new StageGraph("corpus", [], new StageWork()), _ =>
            {
                Directory.CreateDirectory(folder);
                long lines = TsvCorpus.Split(entry.Tsv!, languages.Select(l => (entry.Languages.IndexOf(l), files[l])).ToList());
                return Task.FromResult<(JsonNode?, string)>((new JsonObject { ["lines"] = lines }, $"{lines} lines split by language"));
            }).ConfigureAwait(false);
        }
        string? split = entry.Files is null ? _stages.LastStage : null;
        if (_stages.Planning)
        {
            // The split files may not exist yet: a plan measures the corpus where it is.
            CorpusSizes sizes = CorpusSizes.Measure(entry, languages, Settings.ToFrequencyFilterOptions());
            return new PreparedCorpus(name, languages, files, sizes.Lines) { SplitStage = split, Sizes = sizes };
        }
        if (split is not null) await _stages.WhenDone(split).ConfigureAwait(false);
        long count = Tokenization.SentenceFile.ReadLines(files[languages[0]]).LongCount();
        // Stages sharing the machine need their memory estimates, which grow with the corpus.
        CorpusSizes? measured = _stages.Concurrent ? CorpusSizes.Measure(entry, languages, Settings.ToFrequencyFilterOptions()) : null;
        return new PreparedCorpus(name, languages, files, count) { SplitStage = split, Sizes = measured };
    }

    private async Task<string> DictionaryAsync(PreparedCorpus corpus, CancellationToken cancellationToken)
    {
        string fingerprint = StageRunner.Fingerprint(["dictionary", StoredTranslations.ToString(CultureInfo.InvariantCulture),
            string.Join("|", corpus.Languages.Select(l => l + ":" + _stages.HashFile(corpus.Files[l]))), .. Options(MethodStage.Dictionary)]);
        await _stages.RunAsync($"dictionary corpus={corpus.Name}", fingerprint, [corpus.DictionaryFile],
            corpus.Languages.Length * (corpus.Languages.Length - 1), "directions",
            new StageGraph("dictionary", corpus.Reading, new StageWork(Words: (corpus.Sizes?.WordsTotal ?? 0) * (corpus.Languages.Length - 1))), async progress =>
            {
                CorpusDictionaryResult result = await DictionaryJob.RunAllDirectionsAsync(corpus.Files, corpus.Languages,
                    Path.Combine(Folder, corpus.DictionaryFile), new DictionaryInductionOptions
                    {
                        NBest = StoredTranslations, MaxSentenceWords = Settings.MaxSentenceWords, Aligner = new WordAlignerOptions { Threads = ThreadsPerStage },
                    },
                    progress, cancellationToken).ConfigureAwait(false);
                var counts = new JsonObject();
                foreach ((string direction, int words) in result.SourceWords) counts[direction] = words;
                return (new JsonObject { ["source_words"] = counts, ["stored_translations"] = StoredTranslations },
                    $"{result.Entries} entries ({StoredTranslations}-best), both directions");
            }).ConfigureAwait(false);
        return fingerprint;
    }
}
