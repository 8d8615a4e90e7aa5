using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;
using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Tests.Translation;

/// <summary>
/// <c>dictionary.parquet</c> as its declared table reads and writes it: every value back as written, files from other
/// tools (columns in another order, extra columns, optional strings, 64-bit ranks, float probabilities, several row
/// groups), and one-line errors naming the file and the column or row.
/// </summary>
public class DictionaryParquetTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] SourceLanguages = ["de", "de", "en"], TargetLanguages = ["en", "en", "de"],
        Sources = ["Haus", "Haus", "house"], Targets = ["house", "home", "Haus"];

    [Fact]
    public async Task EveryValueReadsBackAndWritesTheSameBytes()
    {
        using var temp = new TempFolder();
        var dictionary = new TranslationDictionary(
        [
            new("en", "ar", "book", "كتاب", 1, 0.5), new("en", "ar", "book", "كتب", 2, 1e-300), new("ar", "en", "كتاب", "book", 1, 1.0),
            new("de", "en", "Straße", "street", 7, 0), new("de", "en", "", "empty", int.MaxValue, double.MaxValue),
        ]);
        string first = temp.File("first.parquet"), second = temp.File("second.parquet");
        await DictionaryFiles.WriteAsync(first, dictionary, Cancel);
        TranslationDictionary read = await DictionaryFiles.ReadParquetAsync(first, Cancel);
        Assert.Equal(dictionary.Entries, read.Entries);
        DictionaryFiles.Write(second, DictionaryFiles.ReadParquet(first));
        Assert.Equal(await File.ReadAllBytesAsync(first, Cancel), await File.ReadAllBytesAsync(second, Cancel));
    }

    [Fact]
    public async Task FilesFromOtherToolsWithTheSameColumnsAreRead()
    {
        using var temp = new TempFolder();
        string path = temp.File("other.parquet");
        // Columns in another order with an extra one, strings marked optional, a 64-bit rank and a float probability,
        // in two row groups.
        var schema = new ParquetSchema(new DataField<float>("probability"), new DataField<string>("target", true), new DataField<string>("note", true),
            new DataField<long>("rank"), new DataField<string>("source", true), new DataField<string>("target_language", true),
            new DataField<string>("source_language", true));
        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: Cancel))
        {
            foreach (int[] rows in new[] { new[] { 0, 1 }, new[] { 2 } })
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync<float>(schema.DataFields[0], rows.Select(r => new[] { 0.75f, 0.25f, 1f }[r]).ToArray(), cancellationToken: Cancel);
                await group.WriteAsync(schema.DataFields[1], rows.Select(r => Targets[r]).ToArray());
                await group.WriteAsync(schema.DataFields[2], rows.Select(r => "note").ToArray());
                await group.WriteAsync<long>(schema.DataFields[3], rows.Select(r => new[] { 1L, 2L, 1L }[r]).ToArray(), cancellationToken: Cancel);
                await group.WriteAsync(schema.DataFields[4], rows.Select(r => Sources[r]).ToArray());
                await group.WriteAsync(schema.DataFields[5], rows.Select(r => TargetLanguages[r]).ToArray());
                await group.WriteAsync(schema.DataFields[6], rows.Select(r => SourceLanguages[r]).ToArray());
            }
        }
        TranslationDictionary all = await DictionaryFiles.ReadParquetAsync(path, Cancel);
        Assert.Equal(
        [
            new DictionaryEntry("de", "en", "Haus", "house", 1, 0.75), new DictionaryEntry("de", "en", "Haus", "home", 2, 0.25),
            new DictionaryEntry("en", "de", "house", "Haus", 1, 1.0),
        ], all.Entries);
        TranslationDictionary pair = await DictionaryFiles.LoadAsync(path, "en", "de", Cancel);
        Assert.Equal([all.Entries[2]], pair.Entries);
    }

    [Fact]
    public async Task MissingColumnsAreNamedInOneLine()
    {
        using var temp = new TempFolder();
        string path = temp.File("dictionary.parquet");
        await WriteAsync(path, rank: null, probability: false);
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: missing column(s) rank, probability; expected source_language, target_language, source, target, rank, probability",
            e.Message);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.LoadAsync(path, "de", "en", Cancel));
        Assert.Equal($"{path}: missing column(s) rank, probability; expected source_language, target_language, source, target, rank, probability",
            e.Message);
    }

    [Fact]
    public async Task MistypedAndNullValuesAreNamed()
    {
        using var temp = new TempFolder();
        string path = temp.File("dictionary.parquet");
        await WriteAsync(path, [1, 2, 1], probability: true, nullSource: true);
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: column 'source' has a null value in row 1", e.Message);

        await WriteAsync(path, [1, 5_000_000_000, 1], probability: true);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: column 'rank' value 5000000000 does not fit in int32", e.Message);
    }

    [Fact]
    public async Task RanksBelowOneNameTheRowAcrossRowGroups()
    {
        using var temp = new TempFolder();
        string path = temp.File("dictionary.parquet");
        await WriteAsync(path, [1, 2, 1], probability: true, secondGroupRanks: [1, 0, 1]);
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: row 5: rank 0 must be 1 or more", e.Message);

        await WriteAsync(path, [1, -3, 1], probability: true);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: row 2: rank -3 must be 1 or more", e.Message);
    }

    [Fact]
    public async Task ANullNumberIsNamedNotShiftedIntoTheNextRow()
    {
        // A nullable column stores only its non-null values: read naively, 0.5, null, 1.0 would come back as 0.5, 1.0, 1.0.
        using var temp = new TempFolder();
        string path = temp.File("dictionary.parquet");
        var schema = new ParquetSchema(new DataField<string>("source_language"), new DataField<string>("target_language"),
            new DataField<string>("source"), new DataField<string>("target"), new DataField<int?>("rank"), new DataField<double?>("probability"));
        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: Cancel))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(schema.DataFields[0], SourceLanguages);
            await group.WriteAsync(schema.DataFields[1], TargetLanguages);
            await group.WriteAsync(schema.DataFields[2], Sources);
            await group.WriteAsync(schema.DataFields[3], Targets);
            await group.WriteAsync<int>(schema.DataFields[4], new int?[] { 1, 2, 1 }, cancellationToken: Cancel);
            await group.WriteAsync<double>(schema.DataFields[5], new double?[] { 0.5, null, 1.0 }, cancellationToken: Cancel);
        }
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => DictionaryFiles.ReadParquetAsync(path, Cancel));
        Assert.Equal($"{path}: column 'probability' has a null value in row 1", e.Message);
    }

    /// <summary>
    /// The three rows above as another tool might write them: without <c>rank</c> when <paramref name="rank"/> is null
    /// (64-bit otherwise), with or without <c>probability</c>, optionally a null source, and a second row group.
    /// </summary>
    private static async Task WriteAsync(string path, long[]? rank, bool probability, bool nullSource = false, long[]? secondGroupRanks = null)
    {
        var fields = new List<DataField>
        {
            new DataField<string>("source_language"), new DataField<string>("target_language"), new DataField<string>("source", nullSource),
            new DataField<string>("target"),
        };
        if (rank is not null) fields.Add(new DataField<long>("rank"));
        if (probability) fields.Add(new DataField<double>("probability"));
        var schema = new ParquetSchema(fields.ToArray<Field>());
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: Cancel);
        long[]?[] groups = secondGroupRanks is null ? [rank] : [rank, secondGroupRanks];
        foreach (long[]? ranks in groups)
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(schema.DataFields[0], SourceLanguages);
            await group.WriteAsync(schema.DataFields[1], TargetLanguages);
            await group.WriteAsync(schema.DataFields[2], nullSource ? ["Haus", null!, "house"] : Sources);
            await group.WriteAsync(schema.DataFields[3], Targets);
            if (ranks is not null) await group.WriteAsync<long>(schema.DataFields[4], ranks, cancellationToken: Cancel);
            if (probability) await group.WriteAsync<double>(schema.DataFields[^1], new[] { 0.75, 0.25, 1.0 }, cancellationToken: Cancel);
        }
    }
}
