using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;
using Parquet;

namespace MLNetConcepts.Tests.Storage;

/// <summary>
/// Pins what each table declared in code writes, element by element of the Parquet schema (name, physical type,
/// repetition, converted type, children) and the row-group sizes, as the files written before the tables were
/// declared once have them; other tools (DuckDB, pandas, the report) read these files.
/// </summary>
public class TableSchemaTests
{
    private static readonly ConceptAssignment Concept = new("encoder", 3, "en", 0, 7, 2, "en", "running", 600, 2);

    private static readonly ConceptSummary Summary = new("encoder", 6, "en", 0, 12, 7, 3.25, "suffix", "ly", 5 / 7.0, [1f, -2f, 3.5f], 600, 2);

    private static readonly CalignSummary Calign = new("encoder", "decoder", 3, "en", "de", 10, 8, 5, 62.5, 600, 2, 1.5);

    private static readonly ColapSummary Colap = new("encoder", 3, "mixed", "de", "en", 10, 4, 40, 600, 2, 12.5);

    [Fact]
    public async Task ConceptsTable()
    {
        using var temp = new TempFolder();
        string path = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(path, Enumerable.Repeat(Concept, 5), TestContext.Current.CancellationToken, rowGroupRows: 2);
        Assert.Equal(
        [
            "component:BYTE_ARRAY:REQUIRED:UTF8:-", "layer:INT32:REQUIRED:INT_32:-", "scope:BYTE_ARRAY:REQUIRED:UTF8:-",
            "concept_id:INT32:REQUIRED:INT_32:-", "sentence_id:INT64:REQUIRED:INT_64:-", "word_index:INT32:REQUIRED:INT_32:-",
            "language:BYTE_ARRAY:REQUIRED:UTF8:-", "word:BYTE_ARRAY:REQUIRED:UTF8:-", "k:INT32:REQUIRED:INT_32:-", "seed:INT32:REQUIRED:INT_32:-",
        ], await SchemaOf(path));
        Assert.Equal(new long[] { 2, 2, 1 }, await RowGroupsOf(path));
        Assert.Equal(["component", "layer", "scope", "concept_id", "sentence_id", "word_index", "language", "word"], ConceptFiles.ColumnNames);
        Assert.Equal(["component", "layer", "scope", "concept_id", "sentence_id", "word_index", "language", "word", "k", "seed"],
            ConceptFiles.Schema.DataFields.Select(f => f.Name));
    }

    [Fact]
    public async Task ConceptsTableInDefaultRowGroupsAndOneEmptyGroupWhenEmpty()
    {
        using var temp = new TempFolder();
        string path = temp.File("concepts.parquet");
        await ConceptFiles.WriteAsync(path, Enumerable.Repeat(Concept, (1 << 18) + 1), TestContext.Current.CancellationToken);
        Assert.Equal(new long[] { 1 << 18, 1 }, await RowGroupsOf(path));
        await ConceptFiles.WriteAsync(path, [], TestContext.Current.CancellationToken);
        Assert.Equal(new long[] { 0 }, await RowGroupsOf(path));
    }

    [Fact]
    public async Task ConceptSummaryTable()
    {
        using var temp = new TempFolder();
        string path = temp.File("concept_summary.parquet");
        await ConceptSummaryFiles.WriteAsync(path, Enumerable.Repeat(Summary, 4097), TestContext.Current.CancellationToken);
        Assert.Equal(
        [
            "component:BYTE_ARRAY:REQUIRED:UTF8:-", "layer:INT32:REQUIRED:INT_32:-", "scope:BYTE_ARRAY:REQUIRED:UTF8:-",
            "concept_id:INT32:REQUIRED:INT_32:-", "size:INT32:REQUIRED:INT_32:-", "types:INT32:REQUIRED:INT_32:-",
            "sum_of_squares:DOUBLE:REQUIRED:-:-", "lexical:BOOLEAN:REQUIRED:-:-", "affix_kind:BYTE_ARRAY:OPTIONAL:UTF8:-",
            "affix:BYTE_ARRAY:OPTIONAL:UTF8:-", "affix_share:DOUBLE:OPTIONAL:-:-", "centroid:-:OPTIONAL:LIST:1", "list:-:REPEATED:-:1",
            "element:FLOAT:REQUIRED:-:-", "k:INT32:REQUIRED:INT_32:-", "seed:INT32:REQUIRED:INT_32:-",
        ], await SchemaOf(path));
        Assert.Equal(new long[] { 4096, 1 }, await RowGroupsOf(path));
        await ConceptSummaryFiles.WriteAsync(path, [], TestContext.Current.CancellationToken);
        Assert.Equal(new long[] { 0 }, await RowGroupsOf(path));
    }

    [Fact]
    public async Task CalignTableInOneRowGroup()
    {
        using var temp = new TempFolder();
        string path = temp.File("calign.parquet");
        var options = new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" };
        await MetricFiles.WriteCalignAsync(path, Enumerable.Repeat(Calign, 5000).ToArray(), [options], TestContext.Current.CancellationToken);
        Assert.Equal(
        [
            "source_component:BYTE_ARRAY:REQUIRED:UTF8:-", "target_component:BYTE_ARRAY:REQUIRED:UTF8:-", "layer:INT32:REQUIRED:INT_32:-",
            "source_language:BYTE_ARRAY:REQUIRED:UTF8:-", "target_language:BYTE_ARRAY:REQUIRED:UTF8:-", "concepts_total:INT32:REQUIRED:INT_32:-",
            "concepts_considered:INT32:REQUIRED:INT_32:-", "aligned:INT32:REQUIRED:INT_32:-", "calign:DOUBLE:REQUIRED:-:-",
            "k:INT32:REQUIRED:INT_32:-", "seed:INT32:REQUIRED:INT_32:-", "chance:DOUBLE:REQUIRED:-:-",
        ], await SchemaOf(path));
        Assert.Equal(new long[] { 5000 }, await RowGroupsOf(path));
        await MetricFiles.WriteCalignAsync(path, [], [options], TestContext.Current.CancellationToken);
        Assert.Equal(new long[] { 0 }, await RowGroupsOf(path));
    }

    [Fact]
    public async Task ColapTableInOneRowGroup()
    {
        using var temp = new TempFolder();
        string path = temp.File("colap.parquet");
        await MetricFiles.WriteColapAsync(path, new ColapResult([], [Colap, Colap], new ColapOptions()), TestContext.Current.CancellationToken);
        Assert.Equal(
        [
            "component:BYTE_ARRAY:REQUIRED:UTF8:-", "layer:INT32:REQUIRED:INT_32:-", "scope:BYTE_ARRAY:REQUIRED:UTF8:-",
            "language_a:BYTE_ARRAY:REQUIRED:UTF8:-", "language_b:BYTE_ARRAY:REQUIRED:UTF8:-", "concepts:INT32:REQUIRED:INT_32:-",
            "overlapping:INT32:REQUIRED:INT_32:-", "colap:DOUBLE:REQUIRED:-:-", "k:INT32:REQUIRED:INT_32:-", "seed:INT32:REQUIRED:INT_32:-",
            "language_blind:DOUBLE:REQUIRED:-:-",
        ], await SchemaOf(path));
        Assert.Equal(new long[] { 2 }, await RowGroupsOf(path));
    }

    [Fact]
    public async Task DictionaryTableInOneRowGroup()
    {
        using var temp = new TempFolder();
        string path = temp.File("dictionary.parquet");
        var dictionary = new TranslationDictionary(Enumerable.Range(0, 5000).Select(i => new DictionaryEntry("en", "de", $"w{i}", "Haus", 1, 0.75)));
        await DictionaryFiles.WriteAsync(path, dictionary, TestContext.Current.CancellationToken);
        Assert.Equal(
        [
            "source_language:BYTE_ARRAY:REQUIRED:UTF8:-", "target_language:BYTE_ARRAY:REQUIRED:UTF8:-", "source:BYTE_ARRAY:REQUIRED:UTF8:-",
            "target:BYTE_ARRAY:REQUIRED:UTF8:-", "rank:INT32:REQUIRED:INT_32:-", "probability:DOUBLE:REQUIRED:-:-",
        ], await SchemaOf(path));
        Assert.Equal(new long[] { 5000 }, await RowGroupsOf(path));
        Assert.Equal(["source_language", "target_language", "source", "target", "rank", "probability"],
            DictionaryFiles.Schema.DataFields.Select(f => f.Name));
        await DictionaryFiles.WriteAsync(path, new TranslationDictionary([]), TestContext.Current.CancellationToken);
        Assert.Equal(new long[] { 0 }, await RowGroupsOf(path));
    }

    /// <summary>Each schema element below the root as name:physical type:repetition:converted type:children.</summary>
    private static async Task<string[]> SchemaOf(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        return reader.Metadata!.Schema.Skip(1).Select(e =>
            $"{e.Name}:{e.Type?.ToString() ?? "-"}:{e.RepetitionType}:{e.ConvertedType?.ToString() ?? "-"}:{e.NumChildren?.ToString() ?? "-"}").ToArray();
    }

    private static async Task<long[]> RowGroupsOf(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        return reader.Metadata!.RowGroups.Select(g => g.NumRows).ToArray();
    }
}
