using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Translation;

public class DictionaryFilesTests
{
    [Fact]
    public async Task ParquetRoundTripsWithSpecColumns()
    {
        using var temp = new TempFolder();
        var dictionary = TranslationDictionary.FromScores("de", "en",
            [("Haus", "house", 0.75), ("Haus", "home", 0.25), ("Straße", "street", 1.0)], 10);
        string path = temp.File("dictionary.parquet");
        await DictionaryFiles.WriteAsync(path, dictionary, TestContext.Current.CancellationToken);
        Assert.Equal(["dictionary.parquet"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));

        TranslationDictionary read = await DictionaryFiles.LoadAsync(path, "de", "en", TestContext.Current.CancellationToken);
        Assert.Equal(dictionary.Entries, read.Entries);
        var wrongPair = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.LoadAsync(path, "en", "de", TestContext.Current.CancellationToken));
        Assert.Contains("de->en", wrongPair.Message);

        DuckDb.SkipIfUnavailable();
        var types = DuckDb.Query($"select column_name, column_type from (describe select * from read_parquet({DuckDb.Literal(path)}))")
            .Select(r => $"{r.GetProperty("column_name").GetString()} {r.GetProperty("column_type").GetString()}");
        Assert.Equal(["source_language VARCHAR", "target_language VARCHAR", "source VARCHAR", "target VARCHAR", "rank INTEGER", "probability DOUBLE"], types);
        var top = DuckDb.Query($"select target from read_parquet({DuckDb.Literal(path)}) where source = 'Haus' and rank = 1");
        Assert.Equal("house", Assert.Single(top).GetProperty("target").GetString());
    }

    [Fact]
    public async Task ReadsADictionaryWrittenByDuckDb()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string path = temp.File("duck.parquet");
        DuckDb.Query($"COPY (SELECT * FROM (VALUES ('de', 'en', 'Haus', 'house', 1, 0.75::DOUBLE), ('de', 'en', 'Haus', 'home', 2, 0.25::DOUBLE), " +
                     $"('en', 'de', 'house', 'Haus', 1, 1.0::DOUBLE)) AS t(source_language, target_language, source, target, rank, probability)) " +
                     $"TO {DuckDb.Literal(path)} (FORMAT parquet)");
        TranslationDictionary d = await DictionaryFiles.LoadAsync(path, "de", "en", TestContext.Current.CancellationToken);
        Assert.Equal([("house", 1, 0.75), ("home", 2, 0.25)], d.Translations("Haus").Select(e => (e.Target, e.Rank, e.Probability)));
        Assert.Empty(d.Translations("house"));
    }

    [Fact]
    public void InductionIsReproducible()
    {
        ParallelCorpus corpus = ParallelCorpus.FromLines(Enumerable.Range(0, 400).Select(i =>
            ($"w{i % 13} w{i % 7} w{i % 5}", $"v{i % 13} v{i % 5} v{i % 7} v{i % 3}")));
        var first = DictionaryInduction.Build(corpus, "a", "b");
        var second = DictionaryInduction.Build(corpus, "a", "b");
        Assert.Equal(first.Entries, second.Entries);
    }

    [Fact]
    public void TsvWithProbabilitiesIsRankedByProbability()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("d.tsv"), "Haus\thome\t0.25\nHaus\thouse\t0.75\nHaus\tbuilding\t0.25\n\nBuch\tbook\t1\n");
        TranslationDictionary d = DictionaryFiles.ReadText(temp.File("d.tsv"), "de", "en");
        Assert.Equal([("house", 1), ("building", 2), ("home", 3)], d.Translations("Haus").Select(e => (e.Target, e.Rank)));
        Assert.Equal(["building"], d.TopN(2).Translations("Haus").Skip(1).Select(e => e.Target));
    }

    [Fact]
    public void TsvWithoutProbabilitiesAndMusePairsKeepFileOrder()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("d.tsv"), "Haus\thouse\nHaus\thome\n");
        Assert.Equal(["house", "home"], DictionaryFiles.ReadText(temp.File("d.tsv"), "de", "en").Translations("Haus").Select(e => e.Target));
        File.WriteAllText(temp.File("muse.txt"), "Haus house\nHaus  home\nStraße street\n");
        TranslationDictionary muse = DictionaryFiles.ReadText(temp.File("muse.txt"), "de", "en");
        Assert.Equal(["house", "home"], muse.Translations("Haus").Select(e => e.Target));
        Assert.Equal("street", muse.Translations("Straße")[0].Target);
    }

    [Theory]
    [InlineData("Haus\thouse\nBuch book\n", "line 2: no tab")]
    [InlineData("Haus\thouse\t0.5\nBuch\tbook\tviel\n", "line 2: probability 'viel' is not a non-negative number")]
    [InlineData("Haus\thouse\t0.5\nBuch\tbook\tNaN\n", "line 2: probability 'NaN'")]
    [InlineData("Haus\nBuch\tbook\n", "line 1: no tab and not a space-separated 'source target' pair")]
    [InlineData("Haus house\nBuch book extra\n", "line 2: no tab and not")]
    [InlineData("Haus\thouse\nBuch\tbook\t0.5\n", "line 2: has a probability column unlike the lines before")]
    public void BadLinesNameTheFileAndLine(string text, string expected)
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.tsv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<MLNetConceptsException>(() => DictionaryFiles.ReadText(path, "de", "en"));
        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void DifferentLineCountsNameBothFilesAndCounts()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("en.txt"), "a\nb\nc\n");
        File.WriteAllText(temp.File("de.txt"), "x\ny\n");
        var error = Assert.Throws<MLNetConceptsException>(() => ParallelCorpus.FromFiles(temp.File("en.txt"), temp.File("de.txt")));
        Assert.Equal($"{temp.File("en.txt")} has 3 lines but {temp.File("de.txt")} has 2; parallel files need the same number of lines", error.Message);
    }

    [Fact]
    public void StreamedCorpusReadsWhatTheInMemoryOneReads()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("en.txt"), "the  house\ta\n\n  \nStraße road\nthe house\n");
        File.WriteAllText(temp.File("de.txt"), "das Haus\nnichts\nleer\nStraße Weg\r\n\n");
        ParallelCorpus text = ParallelCorpus.FromFiles(temp.File("en.txt"), temp.File("de.txt"));
        EncodedCorpus ids = EncodedCorpus.FromFiles(temp.File("en.txt"), temp.File("de.txt"));
        Assert.Equal([2, 3, 5], ids.SkippedLines);
        Assert.Equal(text.SkippedLines, ids.SkippedLines);
        Assert.Equal(text.Count, ids.Count);
        for (int s = 0; s < ids.Count; s++)
        {
            Assert.Equal(text.Source[s], ids.Source.Sentence(s).ToArray().Select(id => ids.Source.Vocabulary[id]));
            Assert.Equal(text.Target[s], ids.Target.Sentence(s).ToArray().Select(id => ids.Target.Vocabulary[id]));
        }
        Assert.Equal(["", "the", "house", "a", "Straße", "road"], Enumerable.Range(0, ids.Source.Vocabulary.Count).Select(id => ids.Source.Vocabulary[id]));
    }

    [Fact]
    public void StreamedCorpusWithAShorterSourceNamesBothCounts()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("en.txt"), "a\nb\n");
        File.WriteAllText(temp.File("de.txt"), "x\ny\nz\nw\n");
        var error = Assert.Throws<MLNetConceptsException>(() => EncodedCorpus.FromFiles(temp.File("en.txt"), temp.File("de.txt")));
        Assert.Equal($"{temp.File("en.txt")} has 2 lines but {temp.File("de.txt")} has 4; parallel files need the same number of lines", error.Message);
    }

    [Fact]
    public void NBestMustBePositive()
    {
        Assert.Equal("nBest", Assert.Throws<ArgumentOutOfRangeException>(() => TranslationDictionary.FromScores("a", "b", [], 0)).ParamName);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DictionaryInduction.Build(ParallelCorpus.FromLines([("a", "b")]), "a", "b", new DictionaryInductionOptions { NBest = -1 }));
        Assert.Equal(nameof(DictionaryInductionOptions.NBest), error.ParamName);
        Assert.Equal("must be at least 1, got -1", OptionErrors.Problem(error));
    }
}
