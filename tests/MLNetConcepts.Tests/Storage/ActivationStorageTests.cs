using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Storage;

public class ActivationStorageTests
{
    private static float[] VectorOf(long sentence, int word, int dimension) =>
        Enumerable.Range(0, dimension).Select(d => sentence * 100 + word + d / 10f).Select(v => (float)v).ToArray();

    private static async Task WriteAsync(string root, string language, int sentences, int wordsPerSentence, int dimension,
        int[] layers, int rowGroupBytes)
    {
        await using var writer = new ActivationWriter(root, "encoder", language, layers, dimension, rowGroupBytes);
        for (long s = 0; s < sentences; s++)
        for (int w = 0; w < wordsPerSentence; w++)
        foreach (int layer in layers)
            await writer.AddAsync(layer, s, w, $"{language}-w{w}é", VectorOf(s + layer, w, dimension));
        await writer.CommitAsync();
    }

    [Fact]
    public async Task RoundTripsThroughSeveralRowGroupsAndLanguages()
    {
        using var temp = new TempFolder();
        string root = temp.File("activations");
        // 64 rows per group (the minimum) so 150 words span three row groups.
        await WriteAsync(root, "en", 30, 5, 4, [0, 2], rowGroupBytes: 1);
        await WriteAsync(root, "de", 3, 2, 4, [0, 2], rowGroupBytes: 1);

        var partitions = ActivationFiles.ListPartitions(temp.Path);
        Assert.Equal([("encoder", 0), ("encoder", 2)], partitions.Select(p => (p.Component, p.Layer)));
        Assert.All(partitions, p => Assert.Equal(2, p.Files.Count));

        var rows = new List<(long, int, string, string, float[])>();
        int groups = 0;
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partitions[1]))
        {
            groups++;
            for (int i = 0; i < batch.Count; i++)
                rows.Add((batch.SentenceIds[i], batch.WordIndices[i], batch.Languages[i], batch.Words[i], batch.Vector(i).ToArray()));
        }
        Assert.Equal(4, groups);
        Assert.Equal(156, rows.Count);
        // Parts are named after their language (part-de, part-en) and read in name order: English's last word is the last row.
        Assert.Equal((29L, 4, "en", "en-w4é"), (rows[155].Item1, rows[155].Item2, rows[155].Item3, rows[155].Item4));
        Assert.Equal(VectorOf(29 + 2, 4, 4), rows[155].Item5);
        Assert.Equal(6, rows.Count(r => r.Item3 == "de"));
    }

    [Fact]
    public async Task RewritingALanguageReplacesOnlyItsParts()
    {
        using var temp = new TempFolder();
        await WriteAsync(temp.Path, "en", 2, 2, 3, [1], 1);
        await WriteAsync(temp.Path, "de", 2, 2, 3, [1], 1);
        await WriteAsync(temp.Path, "en", 1, 1, 3, [1], 1);

        var partition = Assert.Single(ActivationFiles.ListPartitions(temp.Path));
        var languages = new List<string>();
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition))
            languages.AddRange(batch.Languages);
        Assert.Equal(1, languages.Count(l => l == "en"));
        Assert.Equal(4, languages.Count(l => l == "de"));
        Assert.Empty(Directory.GetDirectories(temp.Path, ".staging-*"));
    }

    [Fact]
    public async Task AbandonedWriterLeavesNothingBehind()
    {
        using var temp = new TempFolder();
        await using (var writer = new ActivationWriter(temp.Path, "encoder", "en", [0], 3))
            await writer.AddAsync(0, 0, 0, "x", new float[] { 1, 2, 3 });
        Assert.Empty(ActivationFiles.ListPartitions(temp.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task DuckDbReadsTheHivePartitionedFolder()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string root = temp.File("activations");
        await WriteAsync(root, "en", 30, 5, 4, [0, 2], rowGroupBytes: 1);

        string glob = DuckDb.Literal(Path.Combine(root, "*", "*", "*.parquet"));
        var rows = DuckDb.Query(
            $"SELECT component, layer::INTEGER AS layer, count(*)::INTEGER AS n, typeof(any_value(vector)) AS t, " +
            $"typeof(any_value(sentence_id)) AS ts, typeof(any_value(word_index)) AS tw, " +
            $"max(len(vector))::INTEGER AS dim, sum(vector[4])::DOUBLE AS last_sum " +
            $"FROM read_parquet({glob}, hive_partitioning = true) GROUP BY ALL ORDER BY layer");
        Assert.Equal(2, rows.Count);
        Assert.Equal("encoder", rows[0].GetProperty("component").GetString());
        Assert.Equal(150, rows[1].GetProperty("n").GetInt32());
        Assert.Equal("FLOAT[]", rows[1].GetProperty("t").GetString());
        Assert.Equal("BIGINT", rows[1].GetProperty("ts").GetString());
        Assert.Equal("INTEGER", rows[1].GetProperty("tw").GetString());
        Assert.Equal(4, rows[1].GetProperty("dim").GetInt32());
        // sum over sentences s=0..29 (+2 for the layer), words w=0..4 of (s+2)*100 + w + 0.3
        double expected = Enumerable.Range(0, 30).SelectMany(s => Enumerable.Range(0, 5).Select(w => (double)(float)((s + 2) * 100 + w + 0.3f))).Sum();
        Assert.Equal(expected, rows[1].GetProperty("last_sum").GetDouble(), 3);
    }

    [Fact]
    public async Task ReadsAFolderWrittenByDuckDb()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string root = temp.File("activations");
        DuckDb.Query(
            $"COPY (SELECT 'encoder' AS component, (i % 2)::INTEGER AS layer, (i // 3)::BIGINT AS sentence_id, (i % 3)::INTEGER AS word_index, " +
            $"'fr' AS language, 'mot' || i AS word, [i::FLOAT, 1.5::FLOAT, -i::FLOAT] AS vector FROM range(10) t(i)) " +
            $"TO {DuckDb.Literal(root)} (FORMAT parquet, PARTITION_BY (component, layer))");

        var partitions = ActivationFiles.ListPartitions(root);
        Assert.Equal(2, partitions.Count);
        var words = new List<string>();
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partitions[1]))
        {
            Assert.Equal(3, batch.Dimension);
            for (int i = 0; i < batch.Count; i++)
            {
                words.Add(batch.Words[i]);
                int n = int.Parse(batch.Words[i][3..]);
                Assert.Equal(new float[] { n, 1.5f, -n }, batch.Vector(i).ToArray());
                Assert.Equal(n / 3, batch.SentenceIds[i]);
            }
        }
        Assert.Equal(["mot1", "mot3", "mot5", "mot7", "mot9"], words.Order());
    }

    [Fact]
    public async Task MissingColumnsAndBadVectorsNameTheFile()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string noWord = temp.File("noword.parquet");
        DuckDb.Query($"COPY (SELECT 1::BIGINT AS sentence_id, 0 AS word_index, 'en' AS language, [1.0::FLOAT] AS vector) TO {DuckDb.Literal(noWord)}");
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(async () => { await foreach (var _ in ActivationReader.ReadFileAsync(noWord)) { } });
        Assert.Contains(noWord, e.Message);
        Assert.Contains("word", e.Message);

        string ragged = temp.File("ragged.parquet");
        DuckDb.Query($"COPY (SELECT i::BIGINT AS sentence_id, 0 AS word_index, 'en' AS language, 'w' AS word, " +
                     $"CASE WHEN i = 1 THEN [1.0::FLOAT] ELSE [1.0::FLOAT, 2.0::FLOAT] END AS vector FROM range(3) t(i)) TO {DuckDb.Literal(ragged)}");
        e = await Assert.ThrowsAsync<MLNetConceptsException>(async () => { await foreach (var _ in ActivationReader.ReadFileAsync(ragged)) { } });
        Assert.Contains("different lengths", e.Message);

        string nan = temp.File("nan.parquet");
        DuckDb.Query($"COPY (SELECT 0::BIGINT AS sentence_id, 0 AS word_index, 'en' AS language, 'w' AS word, ['nan'::FLOAT, 2.0::FLOAT] AS vector) TO {DuckDb.Literal(nan)}");
        e = await Assert.ThrowsAsync<MLNetConceptsException>(async () => { await foreach (var _ in ActivationReader.ReadFileAsync(nan)) { } });
        Assert.Contains("NaN", e.Message);
    }
}
