using System.Text;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tokenization;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Reporting.Explorer;

/// <summary>What the explorer folder holds: its layer files (units), all files, their bytes and the largest file's.</summary>
public sealed record ExplorerSummary(int Units, int Files, long Bytes, long LargestFileBytes);

/// <summary>
/// Writes <c>explorer/</c> in a run folder: a page that opens from <c>file://</c> with no server and no network, and
/// its data as JavaScript files beside it (browsers refuse <c>fetch</c> of <c>file://</c>, but load <c>&lt;script&gt;</c>
/// files), read lazily: the index first, then one file per (model, corpus, component, layer, seed) when it is shown,
/// one shard of the word index per searched word, and the sentences of a concept's examples.
/// </summary>
/// <remarks>
/// Size rule (so a paper-scale run stays usable): per concept a layer file lists at most <see cref="WordsPerLanguage"/>
/// word types per language (the most frequent; the rest as a count) and at most <see cref="SentencesPerConcept"/>
/// example occurrences; the word index is complete (every word's concept in every layer) and split into shards of about
/// <see cref="WordShardBytes"/>; only the sentences examples point to are copied, in chunks of <see cref="SentencesPerChunk"/>.
/// Concepts of the headline K (the first of <c>options.k</c>) only, every seed.
/// </remarks>
public static class ExplorerBuilder
{
    /// <summary>The folder's name in a run folder.</summary>
    public const string FolderName = RunLayout.Explorer;
    /// <summary>Word types listed per language and concept in a layer file.</summary>
    public const int WordsPerLanguage = 40;
    /// <summary>Example occurrences (with their sentence) per concept.</summary>
    public const int SentencesPerConcept = 10;
    /// <summary>Sentences per sentence file.</summary>
    public const int SentencesPerChunk = 500;
    /// <summary>Target bytes of one word-index shard.</summary>
    public const int WordShardBytes = 512 * 1024;

    /// <summary>The size rule in words, for the page and the README.</summary>
    public static string SizeRule =>
        $"per concept at most {WordsPerLanguage} word types per language (the most frequent; the rest counted) and {SentencesPerConcept} example " +
        $"sentences; the word index is complete, in shards of about {WordShardBytes / 1024} KB; only the sentences examples use are copied";

    /// <summary>Writes the explorer of <paramref name="run"/> to <paramref name="folder"/> atomically (nothing there until complete).</summary>
    public static async Task<ExplorerSummary> WriteAsync(RunFolder run, string folder, CancellationToken cancellationToken = default)
    {
        RunSettings o = run.Description.Options;
        int k = o.K[0];
        using AtomicOutput output = AtomicOutput.ForDirectory(folder);
        string data = Path.Combine(output.TemporaryPath, "data");
        Directory.CreateDirectory(data);

        var files = new DataFiles(data);
        var words = new WordIndex();
        var units = new List<object[]>();
        var corpora = new List<object>();
        for (int c = 0; c < run.Corpora.Count; c++)
        {
            string corpus = run.Corpora[c];
            IReadOnlyList<string> languages = run.LanguagesOf(corpus);
            IReadOnlyDictionary<string, string> texts = run.CorpusFiles(corpus);
            FrequentWords frequent = FrequentWords.FromCorpus(texts);
            TranslationDictionary dictionary = await run.DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);
            var examples = languages.ToDictionary(l => l, _ => new SortedSet<long>(), StringComparer.Ordinal);
            foreach (string model in run.Models)
            {
                if (!File.Exists(Path.Combine(run.Folder, RunLayout.Concepts(model, corpus)))) continue;
                IReadOnlyList<ConceptAssignment> concepts = await run.ConceptsAsync(model, corpus, cancellationToken).ConfigureAwait(false);
                foreach (var clustering in concepts.Where(r => r.K == k).GroupBy(r => (r.Component, r.Layer, r.Seed))
                             .OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Layer).ThenBy(g => g.Key.Seed))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int unit = units.Count;
                    var layer = new LayerView(clustering.ToList(), languages, frequent, dictionary, o, clustering.Key.Component, clustering.Key.Layer);
                    string file = files.Write($"u{unit}", $"u{unit}", layer.ToJson(unit, words, examples));
                    units.Add([model, c, clustering.Key.Component, clustering.Key.Layer, clustering.Key.Seed, file]);
                }
            }
            corpora.Add(new
            {
                name = corpus, languages, sentences = WriteSentences(files, c, languages, texts, examples),
                // Each corpus has its own frequent words (English captions and English chat differ).
                frequent = languages.ToDictionary(l => l, l => frequent.Of(l).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            });
        }

        int shards = words.WriteShards(files);
        var index = new
        {
            title = Path.GetFileName(run.Folder.TrimEnd(Path.DirectorySeparatorChar)),
            tool = run.Record.Tool,
            models = run.Description.Models.Select(m => new { label = m.Label, tuned_on = m.TunedOn }),
            corpora,
            k,
            theta_a = o.ThetaA,
            theta_o = o.ThetaO,
            min_types = o.MinTypes,
            units,
            shards,
            words = words.Completion(),
            function_rule = FrequentWords.Rule,
            size_rule = SizeRule,
            sentences_per_chunk = SentencesPerChunk,
        };
        files.Write("index", "index", index);
        foreach (string page in new[] { "index.html", "explorer.js", "explorer.css" })
            await File.WriteAllTextAsync(Path.Combine(output.TemporaryPath, page), PageResource(page), new UTF8Encoding(false), cancellationToken)
                .ConfigureAwait(false);
        long pageBytes = new[] { "index.html", "explorer.js", "explorer.css" }.Sum(p => new FileInfo(Path.Combine(output.TemporaryPath, p)).Length);
        output.Commit();
        return new ExplorerSummary(units.Count, files.Count + 3, files.Bytes + pageBytes, files.Largest);
    }

    /// <summary>Copies the sentences examples point to, per language in chunks; returns the chunk files per language (null where the corpus file is gone).</summary>
    private static Dictionary<string, string[]?> WriteSentences(DataFiles files, int corpus, IReadOnlyList<string> languages,
        IReadOnlyDictionary<string, string> texts, Dictionary<string, SortedSet<long>> examples)
    {
        var written = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        for (int l = 0; l < languages.Count; l++)
        {
            string language = languages[l];
            SortedSet<long> wanted = examples[language];
            if (!File.Exists(texts[language]) || wanted.Count == 0)
            {
                written[language] = null;
                continue;
            }
            var chunks = new Dictionary<long, string?[]>();
            long last = wanted.Max;
            foreach ((long id, string text) in SentenceFile.Read(texts[language]))
            {
                if (id > last) break;
                if (!wanted.Contains(id)) continue;
                long chunk = id / SentencesPerChunk;
                if (!chunks.TryGetValue(chunk, out string?[]? lines)) chunks[chunk] = lines = new string?[SentencesPerChunk];
                lines[id % SentencesPerChunk] = text;
            }
            long count = last / SentencesPerChunk + 1;
            var names = new string[count];
            for (long chunk = 0; chunk < count; chunk++)
                names[chunk] = chunks.TryGetValue(chunk, out string?[]? lines)
                    ? files.Write($"s{corpus}-{l}-{chunk}", $"s{corpus}-{l}-{chunk}", lines)
                    : "";
            written[language] = names;
        }
        return written;
    }

    private static string PageResource(string name)
    {
        using Stream stream = typeof(ExplorerBuilder).Assembly.GetManifestResourceStream($"MLNetConcepts.Explorer.{name}")
            ?? throw new InvalidOperationException($"the explorer's {name} is not embedded in the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
