using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Metrics;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Cli;

/// <summary>
/// <c>export</c>, then <c>align</c> and <c>overlap</c> on the exported ConceptX files and lexical table: the same
/// numbers as on the Parquet tables, under both definitions.
/// </summary>
public class ExportCommandTests
{
    private static ConceptBuilder Concepts() => new ConceptBuilder()
        .Concept("en", 0, ConceptBuilder.Words("s", 10), layer: 6).Concept("de", 4, ConceptBuilder.Words("t", 10), layer: 6)
        .Concept("en", 1, ConceptBuilder.Words("s", 6, 10), layer: 6).Concept("de", 2, ConceptBuilder.Words("t", 10, 10), layer: 6)
        .Concept("en", 2, ConceptBuilder.Words("s", 20, 20), layer: 6).Concept("de", 3, ConceptBuilder.Words("t", 11, 20), layer: 6)
        .Concept("mixed", 0, Enumerable.Repeat("a", 3), "en", layer: 6).Concept("mixed", 0, Enumerable.Repeat("b", 7), "de", layer: 6)
        .Concept("mixed", 1, Enumerable.Repeat("c", 5), "en", layer: 6).Concept("mixed", 1, Enumerable.Repeat("d", 5), "de", layer: 6);

    [Theory]
    [InlineData("paper")]
    [InlineData("released-code")]
    public async Task AlignAndOverlapGiveTheSameNumbersOnTheExportedFiles(string definition)
    {
        using var temp = new TempFolder();
        CancellationToken ct = TestContext.Current.CancellationToken;
        string concepts = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(concepts, Concepts().Rows, ct);
        // s0..s7 -> t0..t7 (8 of 10), s10..s15 -> t10..t15, s20..s39 -> t20..t30 (many to one).
        var entries = Enumerable.Range(0, 8).Select(i => ($"s{i}", $"t{i}"))
            .Concat(Enumerable.Range(10, 6).Select(i => ($"s{i}", $"t{i}")))
            .Concat(Enumerable.Range(20, 20).Select(i => ($"s{i}", $"t{20 + i % 11}")))
            .Select(p => new DictionaryEntry("en", "de", p.Item1, p.Item2, 1, 0.5));
        string dictionary = temp.File("dictionary.parquet");
        await DictionaryFiles.WriteAsync(dictionary, new TranslationDictionary(entries), ct);

        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync("export", "--concepts", concepts, "--dictionary", dictionary, "--out", temp.File("x"), "--k", "600"));
        string layer = temp.File("x/encoder/layer6");
        Assert.True(File.Exists(temp.File("x/dictionary.en-de.txt")));

        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync("align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", dictionary,
            "--source-language", "en", "--target-language", "de", "--out", temp.File("a.parquet"), "--definition", definition));
        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync("align", "--source-concepts", $"{layer}/en/clusters-600.txt", "--target-concepts", $"{layer}/de/clusters-600.txt",
            "--dictionary", temp.File("x/dictionary.en-de.txt"), "--layer", "6",
            "--source-language", "en", "--target-language", "de", "--out", temp.File("b.parquet"), "--definition", definition));
        var fromParquet = await MetricFiles.ReadCalignAsync(temp.File("a.parquet"), ct);
        var fromText = await MetricFiles.ReadCalignAsync(temp.File("b.parquet"), ct);
        Assert.Equal(fromParquet, fromText);
        // Paper: s0..s9 (0.8 >= 0.8) and s10..s15 (6 vs 10 types) align, s20..s39 (20 vs 11) does not; released: the reverse.
        Assert.Equal(definition == "paper" ? 2 : 1, Assert.Single(fromText).Aligned);

        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync("overlap", "--concepts", concepts, "--out", temp.File("c.parquet"), "--definition", definition));
        // The threshold that tells the languages apart is in export.json (de's sentences come first).
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.File("x/export.json")));
        long threshold = manifest.RootElement.GetProperty("cluster_files").EnumerateArray()
            .Single(f => f.GetProperty("scope").GetString() == "mixed").GetProperty("sentences_threshold").GetInt64();
        Assert.Equal(Concepts().Rows.Where(r => r.Language == "de").Max(r => r.SentenceId), threshold);
        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync("overlap", "--concepts", $"{layer}/mixed/clusters-600.txt", "--languages", "de,en",
            "--sentence-threshold", threshold.ToString(System.Globalization.CultureInfo.InvariantCulture), "--layer", "6", "--out", temp.File("d.parquet"), "--definition", definition));
        var colapParquet = await MetricFiles.ReadColapAsync(temp.File("c.parquet"), ct);
        Assert.Equal(colapParquet, await MetricFiles.ReadColapAsync(temp.File("d.parquet"), ct));
        Assert.Equal(definition == "paper" ? 2 : 1, Assert.Single(colapParquet).Overlapping);
    }

    [Fact]
    public async Task BadInputIsOneLineAndExitCodeTwo()
    {
        using var temp = new TempFolder();
        CancellationToken ct = TestContext.Current.CancellationToken;
        string concepts = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(concepts, Concepts().Rows, ct);
        File.WriteAllLines(temp.File("bad.txt"), ["s0|||1|||0|||0|||0", "s1|||1|||0|||zero|||0"]);
        File.WriteAllLines(temp.File("lex.txt"), ["s0 -> t0: Probability = 1, Count = 1", "s1 -> t1: Probability = 1"]);

        var (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", temp.File("bad.txt"), "--target-concepts", concepts, "--dictionary", temp.File("lex.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("a.parquet"));
        Assert.Equal((2, $"mlnetconcepts: {temp.File("lex.txt")}: line 2: no 'Count ='; expected 'source -> target: Probability = p, Count = c'"), (code, error));
        File.WriteAllLines(temp.File("lex.txt"), ["s0 -> t0: Probability = 1, Count = 1"]);
        (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", temp.File("bad.txt"), "--target-concepts", concepts, "--dictionary", temp.File("lex.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("a.parquet"));
        Assert.Equal((2, $"mlnetconcepts: {temp.File("bad.txt")}: line 2: 'zero' is not a non-negative integer; expected word|||occurrence|||sentence|||token|||cluster"), (code, error));

        (code, error) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", temp.File("bad.txt"), "--out", temp.File("c.parquet"));
        Assert.Equal((2, $"mlnetconcepts: option --languages: {temp.File("bad.txt")} is a ConceptX cluster file; name its two languages, the one of the lower sentence ids first"), (code, error));
        (code, error) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", concepts, "--out", temp.File("c.parquet"), "--definition", "released-code", "--count", "types");
        Assert.Equal((2, "mlnetconcepts: option --count: must count occurrences under the released-code definition (the released COLAP script counts occurrences only)"), (code, error));
        (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", temp.File("lex.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("a.parquet"), "--definition", "code");
        Assert.Equal(2, code);
        Assert.StartsWith("mlnetconcepts: option --definition: ", error);
        Assert.DoesNotContain('\n', error);
        Assert.Equal(["bad.txt", "concepts.parquet", "lex.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }
}
