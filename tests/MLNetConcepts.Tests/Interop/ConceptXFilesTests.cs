using System.Text.Json;
using MLNetConcepts.Interop;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Interop;

/// <summary>ConceptX cluster files, lexical tables and <see cref="ConceptXExport"/>: exact lines, bad lines, round trips.</summary>
public class ConceptXFilesTests
{
    private static ConceptAssignment Row(string scope, int concept, long sentence, int word, string language, string text, int layer = 3) =>
        new("encoder", layer, scope, concept, sentence, word, language, text);

    [Fact]
    public void LinesAreWordOccurrenceSentenceTokenClusterInClusterThenCorpusOrder()
    {
        using var temp = new TempFolder();
        ConceptAssignment[] rows =
        [
            Row("en", 1, 2, 0, "en", "the"), Row("en", 0, 0, 1, "en", "house"), Row("en", 1, 0, 0, "en", "the"),
            Row("en", 0, 1, 3, "en", "house"), Row("en", 1, 1, 0, "en", "a"),
        ];
        string path = temp.File("clusters-2.txt");
        Assert.Equal(5, ConceptXFiles.Write(path, rows, new Dictionary<string, long>()));
        // Occurrence numbers count each word in corpus order (sentence, then token), across clusters.
        Assert.Equal(
            ["house|||1|||0|||1|||0", "house|||2|||1|||3|||0", "the|||1|||0|||0|||1", "a|||1|||1|||0|||1", "the|||2|||2|||0|||1"],
            File.ReadAllLines(path));
    }

    [Fact]
    public void ParsingTakesTheNumbersFromTheRightAndSkipsBlankLines()
    {
        using var temp = new TempFolder();
        string path = temp.File("clusters.txt");
        File.WriteAllText(path, "a|||b|||4|||7|||2|||9\r\n\nc|||1|||0|||0|||0\n");
        Assert.Equal([new ConceptXLine("a|||b", 4, 7, 2, 9), new ConceptXLine("c", 1, 0, 0, 0)], ConceptXFiles.Read(path).ToArray());
    }

    [Theory]
    [InlineData("the|||1|||2|||x|||4", "'x' is not a non-negative integer")]
    [InlineData("the|||1|||2|||3", "expected word|||occurrence|||sentence|||token|||cluster")]
    [InlineData("|||1|||2|||3|||4", "empty word")]
    [InlineData("the|||1|||2|||3|||-4", "'-4' is not a non-negative integer")]
    public void BadLinesNameFileAndLine(string bad, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("clusters.txt");
        File.WriteAllLines(path, ["ok|||1|||0|||0|||0", "", bad]);
        var e = Assert.Throws<MLNetConceptsException>(() => ConceptXFiles.Read(path).ToList());
        Assert.StartsWith($"{path}: line 3: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    /// <summary>Two layers of en and de concepts and a mixed scope, with repeated words and gaps in the sentence ids.</summary>
    private static List<ConceptAssignment> SampleConcepts()
    {
        var rows = new List<ConceptAssignment>();
        var random = new Random(7);
        foreach (int layer in new[] { 0, 6 })
        {
            foreach (string language in new[] { "en", "de" })
                for (int s = 0; s < 12; s++)
                    for (int w = 0; w < 3; w++)
                        rows.Add(Row(language, random.Next(4), s * 2, w, language, $"{language}{random.Next(6)}", layer));
            foreach (string language in new[] { "en", "de" })
                for (int s = 0; s < 9; s++)
                    for (int w = 0; w < 2; w++)
                        rows.Add(Row("mixed", random.Next(5), s, w, language, $"{language}{random.Next(6)}", layer));
        }
        return rows;
    }

    [Fact]
    public async Task ExportedClusterFilesReadBackToTheSameConcepts()
    {
        using var temp = new TempFolder();
        List<ConceptAssignment> rows = SampleConcepts();
        string concepts = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(concepts, rows, TestContext.Current.CancellationToken);
        string output = temp.File("export");
        ConceptXExportResult result = await ConceptXExport.RunAsync(concepts, output, new ConceptXExportOptions { K = 600 }, TestContext.Current.CancellationToken);

        Assert.Equal(6, result.ClusterFiles.Count);
        Assert.Contains("encoder/layer6/mixed/clusters-600.txt", result.ClusterFiles.Select(f => f.Path));
        foreach (ConceptXExportedFile file in result.ClusterFiles)
        {
            bool mixed = file.Scope == ConceptFiles.MixedScope;
            var options = new ConceptXReadOptions
            {
                Component = file.Component, Layer = file.Layer,
                Languages = mixed ? ["de", "en"] : [file.Scope],
                SentenceThreshold = file.SentencesThreshold,
            };
            if (mixed) Assert.Equal(8, file.SentencesThreshold);  // de holds sentences 0..8 and comes first
            var back = ConceptXFiles.ReadAssignments(Path.Combine(output, file.Path), options);
            var expected = rows.Where(r => r.Component == file.Component && r.Layer == file.Layer && r.Scope == file.Scope);
            Assert.Equal(expected.OrderBy(Key), back.OrderBy(Key));
        }

        // export.json tells the released COLAP script's sentences_threshold; the viewer file has every occurrence.
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ConceptXExport.ManifestFileName)));
        JsonElement mixedFile = manifest.RootElement.GetProperty("cluster_files").EnumerateArray().First(f => f.GetProperty("scope").GetString() == "mixed");
        Assert.Equal(8, mixedFile.GetProperty("sentences_threshold").GetInt64());
        using JsonDocument viewer = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "encoder/en/concept-net.json")));
        int words = viewer.RootElement.GetProperty("6").EnumerateObject().Sum(c => c.Value.GetProperty("words").GetArrayLength());
        Assert.Equal(rows.Count(r => r.Layer == 6 && r.Scope == "en"), words);
    }

    private static string Key(ConceptAssignment r) => $"{r.Language} {r.SentenceId:D6} {r.WordIndex:D3} {r.ConceptId} {r.Word} {r.Layer} {r.Scope}";

    [Fact]
    public async Task ExportRefusesANonEmptyFolderAndLeavesNothingOnError()
    {
        using var temp = new TempFolder();
        string concepts = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(concepts, SampleConcepts(), TestContext.Current.CancellationToken);
        Directory.CreateDirectory(temp.File("busy"));
        File.WriteAllText(temp.File("busy/keep.txt"), "mine");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ConceptXExport.RunAsync(concepts, temp.File("busy"), new(), TestContext.Current.CancellationToken));
        Assert.Equal(("outputFolder", $"{temp.File("busy")} is not empty; give a new or empty folder"), (e.ParamName, OptionErrors.Problem(e)));
        Assert.Equal("mine", File.ReadAllText(temp.File("busy/keep.txt")));

        // --k below a concept id fails before anything is committed.
        e = await Assert.ThrowsAsync<ArgumentException>(() => ConceptXExport.RunAsync(concepts, temp.File("new"), new() { K = 2 }, TestContext.Current.CancellationToken));
        Assert.Equal(nameof(ConceptXExportOptions.K), e.ParamName);
        Assert.StartsWith("2 is not above concept id", OptionErrors.Problem(e));
        Assert.False(Directory.Exists(temp.File("new")));
        Assert.Equal(["busy", "concepts.parquet"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void LexicalTableRoundTripsAndRanksByFileOrder()
    {
        using var temp = new TempFolder();
        var dictionary = new TranslationDictionary([
            new DictionaryEntry("en", "de", "house", "Haus", 1, 0.75), new DictionaryEntry("en", "de", "house", "Gebäude", 2, 0.125),
            new DictionaryEntry("en", "de", "house", "Heim", 3, 0.0625), new DictionaryEntry("en", "de", "->", "=>", 1, 1e-5),
        ]);
        string path = temp.File("lex.txt");
        Assert.Equal(3, LexicalTableFiles.Write(path, dictionary, nBest: 2));
        Assert.Equal(["-> -> =>: Probability = 1E-05, Count = 0", "house -> Haus: Probability = 0.75, Count = 0",
            "house -> Gebäude: Probability = 0.125, Count = 0"], File.ReadAllLines(path));
        TranslationDictionary back = DictionaryFiles.ReadText(path, "en", "de");
        Assert.Equal(dictionary.TopN(2).Entries, back.Entries);

        // As the released script takes "the first N lines" of a word, file order ranks, not probability, and a
        // repeated line still uses up its slot.
        File.WriteAllLines(path, ["a -> x: Probability = 0.1, Count = 3", "a -> x: Probability = 0.1, Count = 3", "a -> y: Probability = 0.9, Count = 27", ""]);
        Assert.Equal([("x", 1), ("y", 3)], DictionaryFiles.ReadText(path, "en", "de").Translations("a").Select(t => (t.Target, t.Rank)));
    }

    [Theory]
    [InlineData("a -> b: Probability = high, Count = 1", "probability 'high' is not a non-negative number")]
    [InlineData("a -> b: Probability = 0.5", "no 'Count ='")]
    [InlineData("a b: Probability = 0.5, Count = 1", "no '->'")]
    [InlineData("a -> b: Probability = 0.5, Count = 1.5", "count '1.5' is not a non-negative integer")]
    [InlineData(" -> b: Probability = 0.5, Count = 1", "empty source or target word")]
    public void BadLexicalTableLinesNameFileAndLine(string bad, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("lex.txt");
        File.WriteAllLines(path, ["a -> b: Probability = 0.5, Count = 1", bad]);
        var e = Assert.Throws<MLNetConceptsException>(() => DictionaryFiles.ReadText(path, "en", "de"));
        Assert.StartsWith($"{path}: line 2: {problem}", e.Message);
    }
}
