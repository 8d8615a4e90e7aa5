using MLNetConcepts.Cli.Commands;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Metrics;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Cli;

/// <summary>The dictionary, align and overlap commands: outputs on success, exit code 2 and nothing written on bad input.</summary>
public class MetricCommandTests
{
    private static async Task<string> WriteConceptsAsync(TempFolder temp)
    {
        var concepts = new ConceptBuilder()
            .Concept("en", 0, ConceptBuilder.Words("s", 10), layer: 1).Concept("de", 4, ConceptBuilder.Words("t", 10), layer: 1)
            .Concept("en", 0, ConceptBuilder.Words("s", 10), layer: 2).Concept("de", 4, ConceptBuilder.Words("u", 10), layer: 2)
            .Concept("mixed", 0, ["a", "b"], "en", layer: 1).Concept("mixed", 0, ["c"], "de", layer: 1);
        string path = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(path, concepts.Rows, TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task DictionaryAlignAndOverlapWriteTheirTables()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("en.txt"), Enumerable.Repeat(new[] { "the house", "the book", "a book", "", "a house" }, 3).SelectMany(x => x));
        File.WriteAllLines(temp.File("de.txt"), Enumerable.Repeat(new[] { "das Haus", "das Buch", "ein Buch", "nichts", "ein Haus" }, 3).SelectMany(x => x));
        var (code, error) = await CliRunner.RunTrimmedAsync("dictionary", "--source", temp.File("en.txt"), "--target", temp.File("de.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("dictionary.parquet"), "--nbest", "2");
        Assert.Equal(0, code);
        Assert.Equal("warning: skipped 3 line(s) with an empty side: 4, 9, 14",
            DictionaryCommand.SkippedLinesWarning(ParallelCorpus.FromFiles(temp.File("en.txt"), temp.File("de.txt")).SkippedLines));
        TranslationDictionary dictionary = await DictionaryFiles.LoadAsync(temp.File("dictionary.parquet"), "en", "de", TestContext.Current.CancellationToken);
        Assert.Equal("Haus", dictionary.Translations("house")[0].Target);

        string concepts = await WriteConceptsAsync(temp);
        File.WriteAllLines(temp.File("st.tsv"), Enumerable.Range(0, 10).Select(i => $"s{i}\tt{i}"));
        (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", temp.File("st.tsv"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("calign.parquet"), "--theta-a", "0.9");
        Assert.Equal((0, ""), (code, error));
        (code, error) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", concepts, "--out", temp.File("colap.parquet"), "--count", "types");
        Assert.Equal((0, ""), (code, error));

        DuckDb.SkipIfUnavailable();
        var calign = DuckDb.Query($"select layer, concepts_total, concepts_considered, aligned, calign from read_parquet({DuckDb.Literal(temp.File("calign.parquet"))}) order by layer");
        Assert.Equal(["1 1 1 1 100", "2 1 1 0 0"], calign.Select(r =>
            $"{r.GetProperty("layer")} {r.GetProperty("concepts_total")} {r.GetProperty("concepts_considered")} {r.GetProperty("aligned")} {r.GetProperty("calign")}"));
        var colap = DuckDb.Query($"select language_a, language_b, concepts, overlapping, colap from read_parquet({DuckDb.Literal(temp.File("colap.parquet"))})");
        Assert.Equal("de en 1 1 100", string.Join(" ", Assert.Single(colap).EnumerateObject().Select(p => p.Value.ToString())));
    }

    [Fact]
    public async Task CorporaWithDifferentLineCountsFailNamingBothCounts()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("en.txt"), ["a", "b", "c"]);
        File.WriteAllLines(temp.File("de.txt"), ["x", "y"]);
        var (code, error) = await CliRunner.RunTrimmedAsync("dictionary", "--source", temp.File("en.txt"), "--target", temp.File("de.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("dictionary.parquet"));
        Assert.Equal(2, code);
        Assert.Contains("has 3 lines but", error);
        Assert.Contains("de.txt has 2", error);
        Assert.False(File.Exists(temp.File("dictionary.parquet")));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length);
    }

    [Fact]
    public async Task NegativeThreadsFailWithoutWriting()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("en.txt"), ["a"]);
        File.WriteAllLines(temp.File("de.txt"), ["x"]);
        var (code, error) = await CliRunner.RunTrimmedAsync("dictionary", "--source", temp.File("en.txt"), "--target", temp.File("de.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("d.parquet"), "--threads", "-1");
        Assert.Equal((2, "mlnetconcepts: option --threads: must be 0 or more, got -1"), (code, error));
        Assert.False(File.Exists(temp.File("d.parquet")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task NonPositiveNBestFails(string nBest)
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("en.txt"), ["a"]);
        File.WriteAllLines(temp.File("de.txt"), ["x"]);
        var (code, error) = await CliRunner.RunTrimmedAsync("dictionary", "--source", temp.File("en.txt"), "--target", temp.File("de.txt"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("d.parquet"), "--nbest", nBest);
        Assert.Equal((2, $"mlnetconcepts: option --nbest: must be at least 1, got {nBest}"), (code, error));
        Assert.False(File.Exists(temp.File("d.parquet")));

        string concepts = await WriteConceptsAsync(temp);
        File.WriteAllLines(temp.File("st.tsv"), ["s0\tt0"]);
        (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", temp.File("st.tsv"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("calign.parquet"), "--nbest", nBest);
        Assert.Equal(2, code);
        Assert.Contains("--nbest", error);
        Assert.False(File.Exists(temp.File("calign.parquet")));
    }

    [Theory]
    [InlineData("s0\tt0\ns1 t1\n", "line 2: no tab")]
    [InlineData("s0\tt0\t0.5\ns1\tt1\tabc\n", "line 2: probability 'abc' is not a non-negative number")]
    public async Task BadDictionaryLinesFailAlign(string dictionaryText, string expected)
    {
        using var temp = new TempFolder();
        string concepts = await WriteConceptsAsync(temp);
        File.WriteAllText(temp.File("st.tsv"), dictionaryText);
        var (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", temp.File("st.tsv"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("calign.parquet"));
        Assert.Equal(2, code);
        Assert.StartsWith($"mlnetconcepts: {temp.File("st.tsv")}: {expected}", error);
        Assert.False(File.Exists(temp.File("calign.parquet")));
    }

    [Fact]
    public async Task ConceptFilesWithoutSpecColumnsFail()
    {
        using var temp = new TempFolder();
        string notConcepts = temp.File("dictionary.parquet");
        await DictionaryFiles.WriteAsync(notConcepts, ConceptBuilder.Identity(3), TestContext.Current.CancellationToken);
        var (code, error) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", notConcepts, "--out", temp.File("colap.parquet"));
        Assert.Equal(2, code);
        Assert.StartsWith($"mlnetconcepts: {notConcepts}: missing column(s) component", error);
        Assert.False(File.Exists(temp.File("colap.parquet")));

        File.WriteAllLines(temp.File("st.tsv"), ["s0\tt0"]);
        (code, error) = await CliRunner.RunTrimmedAsync("align", "--source-concepts", notConcepts, "--target-concepts", notConcepts, "--dictionary", temp.File("st.tsv"),
            "--source-language", "en", "--target-language", "de", "--out", temp.File("calign.parquet"));
        Assert.Equal(2, code);
        Assert.Contains("missing column(s)", error);
        Assert.False(File.Exists(temp.File("calign.parquet")));
    }

    [Fact]
    public async Task OverlapRejectsAnUnknownCountAndMissingMixedScope()
    {
        using var temp = new TempFolder();
        string concepts = await WriteConceptsAsync(temp);
        var (code, _) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", concepts, "--out", temp.File("colap.parquet"), "--count", "tokens");
        Assert.Equal(2, code);
        var english = new ConceptBuilder().Concept("en", 0, ["a"]);
        await ConceptFiles.WriteAsync(temp.File("en.parquet"), english.Rows, TestContext.Current.CancellationToken);
        string error;
        (code, error) = await CliRunner.RunTrimmedAsync("overlap", "--concepts", temp.File("en.parquet"), "--out", temp.File("colap.parquet"));
        Assert.Equal((2, $"mlnetconcepts: {temp.File("en.parquet")}: no concepts with scope 'mixed'"), (code, error));
        Assert.False(File.Exists(temp.File("colap.parquet")));
    }
}
