using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLNetConcepts.Reporting;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>
/// The concept explorer holds what the run's Parquet tables hold (every word's concepts, CALIGN's aligned counts,
/// COLAP's overlapping counts, example sentences from the corpus), and works in a real headless Chromium offline.
/// </summary>
public class ExplorerTests
{
    private static string Explorer(RunFolder run) => Path.Combine(run.Folder, ExplorerBuilder.FolderName);

    /// <summary>The value a data file gives to <c>MLNC.put</c>.</summary>
    private static JsonElement Data(string path)
    {
        Match m = Regex.Match(File.ReadAllText(path), "^MLNC\\.put\\(\"[^\"]+\", (.*)\\);\n$", RegexOptions.Singleline);
        Assert.True(m.Success, $"{path} is not one MLNC.put statement");
        return JsonDocument.Parse(m.Groups[1].Value).RootElement;
    }

    private sealed record Unit(int Id, string Model, int Corpus, string Component, int Layer, int Seed, string File);

    private static Unit[] Units(JsonElement index) =>
        index.GetProperty("units").EnumerateArray().Select((u, i) => new Unit(i, u[0].GetString()!, u[1].GetInt32(), u[2].GetString()!, u[3].GetInt32(),
            u[4].GetInt32(), u[5].GetString()!)).ToArray();

    [Fact]
    public async Task HoldsEveryWordsConceptsAndTheRunsMetrics()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        string folder = Explorer(run);
        JsonElement index = Data(Path.Combine(folder, "data", "index.js"));
        Unit[] units = Units(index);
        int k = run.Description.Options.K[0];
        string corpus = run.Corpora[0];
        IReadOnlyList<string> languages = run.LanguagesOf(corpus);

        // Every (language, word) → [unit, scope, concept, occurrences], from the shards, against concepts.parquet.
        var shown = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        int shards = index.GetProperty("shards").GetInt32();
        for (int s = 0; s < shards; s++)
            foreach (JsonProperty word in Data(Path.Combine(folder, "data", $"w{s}.js")).EnumerateObject())
            {
                Assert.Equal(s, WordIndex.Shard(word.Name, shards));   // the page finds it where it looks
                shown[word.Name] = word.Value.EnumerateArray().Select(e => $"{e[0]}|{e[1]}|{e[2]}|{e[3]}").ToHashSet(StringComparer.Ordinal);
            }
        var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var calign = await run.CalignAsync();
        var colap = await run.ColapAsync();
        foreach (Unit unit in units)
        {
            var rows = (await run.ConceptsAsync(unit.Model, run.Corpora[unit.Corpus]))
                .Where(r => r.K == k && r.Seed == unit.Seed && r.Layer == unit.Layer && r.Component == unit.Component).ToArray();
            Assert.NotEmpty(rows);
            foreach (var g in rows.GroupBy(r => (r.Language, r.Word, r.Scope, r.ConceptId)))
            {
                string key = g.Key.Language + "\t" + g.Key.Word;
                if (!expected.TryGetValue(key, out var set)) expected[key] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add($"{unit.Id}|{(g.Key.Scope == ConceptFiles.MixedScope ? 1 : 0)}|{g.Key.ConceptId}|{g.Count()}");
            }

            JsonElement layer = Data(Path.Combine(folder, unit.File));
            // CALIGN: aligned and considered concepts per direction are calign.parquet's.
            foreach (JsonElement direction in layer.GetProperty("align").EnumerateArray())
            {
                var stored = calign.Single(c => c.Model == unit.Model && c.Row.Layer == unit.Layer && c.Row.Seed == unit.Seed && c.Row.K == k &&
                    c.Row.SourceComponent == unit.Component && c.Row.SourceLanguage == direction[0].GetString() && c.Row.TargetLanguage == direction[1].GetString()).Row;
                JsonElement[] concepts = direction[2].EnumerateArray().ToArray();
                Assert.Equal(stored.Aligned, concepts.Count(c => c[4].GetInt32() == 1));
                Assert.Equal(stored.ConceptsConsidered, concepts.Count(c => c[1].GetInt32() == 1));
            }
            // COLAP: overlapping mixed concepts are colap.parquet's.
            JsonElement[] mixed = layer.GetProperty("scopes").GetProperty(ConceptFiles.MixedScope).EnumerateArray().ToArray();
            var overlap = colap.Single(c => c.Model == unit.Model && c.Row.Layer == unit.Layer && c.Row.Seed == unit.Seed && c.Row.K == k &&
                c.Row.Component == unit.Component && c.Row.LanguageA == languages.Min(StringComparer.Ordinal)).Row;
            Assert.Equal(overlap.Overlapping, mixed.Count(c => c[8].GetInt32() == 1));
            Assert.Equal(overlap.Concepts, mixed.Length);

            // The size rule, and the counts of what it leaves out.
            foreach (JsonProperty scope in layer.GetProperty("scopes").EnumerateObject())
                foreach (JsonElement concept in scope.Value.EnumerateArray())
                {
                    JsonElement[] words = concept[4].EnumerateArray().ToArray();
                    Assert.All(words.GroupBy(w => w[0].GetInt32()), g => Assert.True(g.Count() <= ExplorerBuilder.WordsPerLanguage));
                    Assert.Equal(concept[2].GetInt32(), words.Length + concept[5].GetInt32());
                    Assert.Equal(concept[1].GetInt32(), words.Sum(w => w[2].GetInt32()) + concept[6].GetInt32());
                    Assert.InRange(concept[7].GetArrayLength(), 1, ExplorerBuilder.SentencesPerConcept);
                    var byLanguage = concept[9].EnumerateArray().Select(x => x.GetInt32()).ToArray();
                    Assert.Equal(concept[1].GetInt32(), byLanguage.Sum());
                }
        }
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), shown.Keys.Order(StringComparer.Ordinal));
        foreach ((string key, HashSet<string> entries) in expected)
            Assert.True(entries.SetEquals(shown[key]), $"{key}: the explorer's concepts differ from concepts.parquet's");
    }

    [Fact]
    public async Task ExampleSentencesAreTheCorpusLinesWithTheConceptsWord()
    {
        RunFolder run = await TinyRun.ReferenceAsync();
        string folder = Explorer(run);
        JsonElement index = Data(Path.Combine(folder, "data", "index.js"));
        Unit unit = Units(index)[0];
        string corpus = run.Corpora[unit.Corpus];
        IReadOnlyList<string> languages = run.LanguagesOf(corpus);
        string[][] lines = languages.Select(l => File.ReadAllLines(run.CorpusFiles(corpus)[l])).ToArray();
        var rows = (await run.ConceptsAsync(unit.Model, corpus))
            .Where(r => r.K == run.Description.Options.K[0] && r.Seed == unit.Seed && r.Layer == unit.Layer && r.Component == unit.Component)
            .ToDictionary(r => (r.Scope, r.Language, r.SentenceId, r.WordIndex), r => r);
        JsonElement chunks = index.GetProperty("corpora")[unit.Corpus].GetProperty("sentences");
        int perChunk = index.GetProperty("sentences_per_chunk").GetInt32();
        int checkedExamples = 0;
        foreach (JsonProperty scope in Data(Path.Combine(folder, unit.File)).GetProperty("scopes").EnumerateObject())
            foreach (JsonElement concept in scope.Value.EnumerateArray())
                foreach (JsonElement example in concept[7].EnumerateArray())
                {
                    string language = languages[example[0].GetInt32()];
                    long sentence = example[1].GetInt64();
                    int word = example[2].GetInt32();
                    ConceptAssignment row = rows[(scope.Name, language, sentence, word)];
                    Assert.Equal(concept[0].GetInt32(), row.ConceptId);
                    string chunkFile = chunks.GetProperty(language)[(int)(sentence / perChunk)].GetString()!;
                    string text = Data(Path.Combine(folder, chunkFile))[(int)(sentence % perChunk)].GetString()!;
                    Assert.Equal(lines[example[0].GetInt32()][sentence], text);
                    Assert.Equal(row.Word, WordSplitter.Split(text)[word]);
                    checkedExamples++;
                }
        Assert.True(checkedExamples > 50, $"only {checkedExamples} examples");
    }

    [Fact]
    public void FunctionWordsAreTheCorpusMostFrequentTypesAndTokensWithoutLetters()
    {
        // 10 occurrences in all: "the" 3 covers 30 %, with "of" 2 it is 50 % ≥ 40 %, so those two are frequent and "house" is not;
        // "," has no letter.
        var words = FrequentWords.FromCounts(new Dictionary<string, Dictionary<string, long>>
        {
            ["en"] = new(StringComparer.Ordinal) { ["the"] = 3, ["of"] = 2, ["house"] = 1, ["tree"] = 1, [","] = 1, ["dog"] = 1, ["cat"] = 1 },
        });
        Assert.Equal(0.4, FrequentWords.HeadShare);
        Assert.True(words.IsFunctionLike("en", "the"));
        Assert.True(words.IsFunctionLike("en", "of"));
        Assert.False(words.IsFunctionLike("en", "house"));
        Assert.True(words.IsFunctionLike("en", ","));
        Assert.True(words.IsFunctionLike("de", "1990"));
        Assert.False(words.IsFunctionLike("de", "the"));   // per language: "the" is frequent in English only
    }

    private static string? FindChromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);

    [Fact]
    public async Task TypingAWordShowsItsConceptsAndOpeningOneShowsHighlightedSentences()
    {
        string? chromium = FindChromium();
        if (chromium is null) Assert.Skip("chromium is not installed (.ci/run installs Debian's chromium)");
        string? node = FindNode();
        string tools = Path.Combine(RepoPaths.Root, "tests", "tools");
        if (node is null || !Directory.Exists(Path.Combine(tools, "node_modules", "puppeteer-core")))
            Assert.Skip("Node.js or puppeteer-core is not installed (cd tests/tools && npm ci)");
        RunFolder run = await TinyRun.ReferenceAsync();
        string folder = Explorer(run);
        JsonElement index = Data(Path.Combine(folder, "data", "index.js"));
        Unit[] units = Units(index);
        int firstSeed = units.Min(u => u.Seed);
        string corpus = run.Corpora[0];
        string english = run.LanguagesOf(corpus)[0];

        // The most frequent English content word of the run (has a letter, not among the corpus's most frequent types).
        var frequent = index.GetProperty("corpora")[0].GetProperty("frequent").GetProperty(english).EnumerateArray().Select(w => w.GetString()).ToHashSet();
        string word = index.GetProperty("words").GetProperty(english).EnumerateArray().Select(w => w[0].GetString()!)
            .First(w => w.Length >= 4 && w.All(char.IsLetter) && !frequent.Contains(w));

        // A German word that shares a mixed concept with it at some (model, layer) and not at others, as concepts.parquet says.
        int k = run.Description.Options.K[0];
        string german = run.LanguagesOf(corpus)[1];
        var mixed = new List<ConceptAssignment>();
        foreach (string model in run.Models)
            mixed.AddRange((await run.ConceptsAsync(model, corpus)).Where(r => r.K == k && r.Seed == firstSeed && r.Scope == ConceptFiles.MixedScope)
                .Select(r => r with { Component = model }));   // the model in the component's place, to key by it below
        var conceptsOf = mixed.GroupBy(r => (r.Language, r.Word)).ToDictionary(g => g.Key, g => g.Select(r => (r.Component, r.Layer, r.ConceptId)).ToHashSet());
        var cells = mixed.Select(r => (Model: r.Component, r.Layer)).Distinct().OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Layer).ToArray();
        Dictionary<(string, int), bool> SharedWith(string other) => cells.ToDictionary(c => c, c => conceptsOf[(english, word)]
            .Any(x => x.Component == c.Model && x.Layer == c.Layer && conceptsOf[(german, other)].Contains(x)));
        string partner = conceptsOf.Keys.Where(key => key.Language == german).Select(key => key.Word).Order(StringComparer.Ordinal)
            .First(w => SharedWith(w).Values.Distinct().Count() == 2);
        var expectedShared = SharedWith(partner);

        var start = new ProcessStartInfo(node) { WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "explorer-check.mjs", chromium, Path.Combine(folder, "index.html"), english, word, german, partner })
            start.ArgumentList.Add(arg);
        using Process driver = Process.Start(start)!;
        Task<string> stderr = driver.StandardError.ReadToEndAsync();
        string stdout = await driver.StandardOutput.ReadToEndAsync();
        await driver.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(driver.ExitCode == 0, $"the browser driver failed: {await stderr}");
        JsonElement seen = JsonDocument.Parse(stdout).RootElement;

        Assert.Empty(seen.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(seen.GetProperty("requests").EnumerateArray().Select(e => e.GetString()));   // nothing but files beside the page

        // Per model: one row per layer, listing exactly the concepts concepts.parquet puts the word in (first seed).
        JsonElement[] results = seen.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(run.Models.Count, results.Length);
        foreach (JsonElement table in results)
        {
            string model = run.Models.Single(m => table.GetProperty("heading").GetString()!.StartsWith(m + " ", StringComparison.Ordinal));
            var rows = (await run.ConceptsAsync(model, corpus)).Where(r => r.K == k && r.Seed == firstSeed && r.Scope == english && r.Word == word).ToArray();
            var expected = rows.GroupBy(r => r.Layer).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}: {string.Join(",", g.Select(r => r.ConceptId).Distinct().Order())}");
            var actual = table.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("layer").GetInt32()}: " + string.Join(",",
                r.GetProperty("concepts").EnumerateArray().Select(h => int.Parse(h.GetString()!.Split('/')[^1])).Order()));
            Assert.Equal(expected, actual);
            Assert.All(table.GetProperty("rows").EnumerateArray(), r => Assert.Contains("overlap", r.GetProperty("mixed").GetString()));
            // Each of the word's concepts shows its best German concept with the match fraction (or that none holds a translation).
            Assert.All(table.GetProperty("rows").EnumerateArray(), r => Assert.Equal(r.GetProperty("concepts").GetArrayLength(),
                Regex.Matches(r.GetProperty("partners").GetString()!, @"de: (de concept \d+ \d+(\.\d+)?%|no de concept)").Count));
        }

        // The opened concept: its sentences are corpus lines, each with one of the concept's words highlighted at its position.
        JsonElement[] sentences = seen.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.NotEmpty(sentences);
        string[] lines = File.ReadAllLines(run.CorpusFiles(corpus)[english]);
        var listed = seen.GetProperty("words").EnumerateArray().Select(w => w[0].GetString()).ToHashSet();
        Assert.Contains(word, listed);
        foreach (JsonElement sentence in sentences)
        {
            long id = long.Parse(sentence.GetProperty("label").GetString()!.Split(' ')[1]);
            Assert.Equal(lines[id], sentence.GetProperty("text").GetString());
            string mark = sentence.GetProperty("mark").GetString()!;
            Assert.Equal(WordSplitter.Split(lines[id])[sentence.GetProperty("markIndex").GetInt32()], mark);
            Assert.Contains(mark, listed);
        }
        Assert.Equal(seen.GetProperty("words").EnumerateArray().Max(w => w[2].GetInt32()), seen.GetProperty("sortedFirst").GetInt32());
        Assert.Matches(@"layer 1: .*\(\d+ of \d+ words\)", seen.GetProperty("neighbours").GetString());
        Assert.True(seen.GetProperty("browseRows").GetInt32() > 0);

        // The word pair: one row per model and layer (mixed scope only, the words' languages differ), shared as concepts.parquet says.
        string[][] pairs = seen.GetProperty("pairs").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToArray();
        Assert.Equal(cells.Length, pairs.Length);
        Assert.All(pairs, r => Assert.Equal(ConceptFiles.MixedScope, r[4]));
        Assert.Equal(cells.Select(c => $"{c.Model} {c.Layer}: {(expectedShared[c] ? "1 of 1" : "0 of 1")}").OrderBy(r => r, StringComparer.Ordinal),
            pairs.Select(r => $"{r[0]} {r[3]}: {r[5]}").OrderBy(r => r, StringComparer.Ordinal));
    }
}
