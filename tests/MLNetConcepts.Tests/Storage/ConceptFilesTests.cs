using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Storage;

public class ConceptFilesTests
{
    private static readonly ConceptAssignment[] Rows =
    [
        new("encoder", 3, "en", 0, 7, 2, "en", "running"),
        new("encoder", 3, "mixed", 599, 12345678901, 0, "ar", "كتاب"),
        new("decoder", 12, "de", 1, 0, 299, "de", "Straße"),
    ];

    [Fact]
    public async Task RoundTripsAcrossRowGroups()
    {
        using var temp = new TempFolder();
        string path = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(path, Rows, rowGroupRows: 2);
        Assert.Equal(Rows, await ConceptFiles.ReadAsync(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DuckDbSeesSpecColumnsAndTypes()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string path = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(path, Rows);
        var columns = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(path)}))");
        Assert.Equal(
            ["component:VARCHAR", "layer:INTEGER", "scope:VARCHAR", "concept_id:INTEGER", "sentence_id:BIGINT", "word_index:INTEGER", "language:VARCHAR", "word:VARCHAR",
             "k:INTEGER", "seed:INTEGER"],
            columns.Select(c => $"{c.GetProperty("column_name").GetString()}:{c.GetProperty("column_type").GetString()}"));
        var words = DuckDb.Query($"SELECT word FROM read_parquet({DuckDb.Literal(path)}) WHERE scope = 'mixed'");
        Assert.Equal("كتاب", Assert.Single(words).GetProperty("word").GetString());
    }

    [Fact]
    public async Task ReadsAFileWrittenByDuckDbAndRejectsMissingColumns()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string good = temp.File("good.parquet");
        DuckDb.Query($"COPY (SELECT 'encoder' AS component, 1 AS layer, 'fr' AS scope, 4 AS concept_id, 9::BIGINT AS sentence_id, " +
                     $"2 AS word_index, 'fr' AS language, 'été' AS word) TO {DuckDb.Literal(good)}");
        Assert.Equal([new ConceptAssignment("encoder", 1, "fr", 4, 9, 2, "fr", "été")], await ConceptFiles.ReadAsync(good));

        string bad = temp.File("bad.parquet");
        DuckDb.Query($"COPY (SELECT 'encoder' AS component, 1 AS layer, 4 AS concept_id) TO {DuckDb.Literal(bad)}");
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => ConceptFiles.ReadAsync(bad));
        Assert.StartsWith($"{bad}: missing column(s) scope, sentence_id, word_index, language, word", e.Message);
    }
}
