using MLNetConcepts.Cli;
using MLNetConcepts.Concepts;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Concepts;
using MLNetConcepts.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace MLNetConcepts.Tests.Cli;

public class ClusterCommandTests
{
    /// <summary>Three meanings, two words each, in two languages; a word's vector is its meaning's centre plus noise.</summary>
    private static readonly Dictionary<string, string[]> Vocabulary = new()
    {
        ["en"] = ["cat", "dog", "run", "walk", "red", "blue"],
        ["de"] = ["katze", "hund", "laufen", "gehen", "rot", "blau"],
    };

    private static int Meaning(int type) => type / 2;

    private const int Sentences = 40;
    private const int WordsPerSentence = 5;
    private const int Dimension = 4;

    /// <summary>40 sentences of 5 words per language: every type appears about 33 times, so 6 x 10 are kept.</summary>
    private static async Task WriteActivationsAsync(string root, int[] layers, string language, Func<long, int, float[]?>? vectorOverride = null,
        int dimension = Dimension, bool skipLayerOne = false)
    {
        var random = new Random(language.GetHashCode(StringComparison.Ordinal) & 0xffff);
        await using var writer = new ActivationWriter(root, "encoder", language, layers, dimension);
        for (long s = 0; s < Sentences; s++)
        for (int w = 0; w < WordsPerSentence; w++)
        {
            int type = (int)((s * 7 + w * 3) % 6);
            foreach (int layer in layers)
            {
                if (skipLayerOne && layer == 1) continue;
                float[] vector = vectorOverride?.Invoke(s, w) ?? Enumerable.Range(0, dimension)
                    .Select(d => (d == Meaning(type) ? 10f : 0f) + layer + (float)(random.NextDouble() - 0.5) * 0.2f).ToArray();
                await writer.AddAsync(layer, s, w, Vocabulary[language][type], vector);
            }
        }
        await writer.CommitAsync();
    }

    private static void AssertNothingWritten(string folder)
    {
        Assert.Empty(Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder) : []);
    }

    [Fact]
    public async Task ClustersEveryLayerAndLanguageIntoTheMeanings()
    {
        using var temp = new TempFolder();
        string activations = temp.File("activations");
        await WriteActivationsAsync(activations, [0, 1], "en");
        await WriteActivationsAsync(activations, [0, 1], "de");
        string output = temp.File("out/concepts.parquet");

        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", output, "--k", "3");

        Assert.True(code == 0, error);
        IReadOnlyList<ConceptAssignment> rows = await ConceptFiles.ReadAsync(output, TestContext.Current.CancellationToken);
        var groups = rows.GroupBy(r => (r.Layer, r.Scope)).OrderBy(g => g.Key).ToList();
        Assert.Equal([(0, "de"), (0, "en"), (1, "de"), (1, "en")], groups.Select(g => g.Key));
        foreach (var group in groups)
        {
            Assert.Equal(60, group.Count());  // 6 types x the first 10 occurrences
            Assert.All(group, r => Assert.Equal(group.Key.Scope, r.Language));
            Assert.All(group, r => Assert.Equal("encoder", r.Component));
            int[] meanings = group.Select(r => Meaning(Array.IndexOf(Vocabulary[r.Language], r.Word))).ToArray();
            Assert.True(ConceptClusteringTests.SamePartition(meanings, group.Select(r => r.ConceptId).ToArray()), $"layer {group.Key}");
        }
        // The first occurrences in corpus order are the kept ones: cat first occurs in sentence 0.
        Assert.Contains(rows, r => r is { Layer: 0, Word: "cat", SentenceId: 0, WordIndex: 0 });

        IReadOnlyList<ConceptSummary> summary = await ConceptSummaryFiles.ReadAsync(temp.File("out/concept_summary.parquet"), TestContext.Current.CancellationToken);
        Assert.Equal(12, summary.Count);
        Assert.All(summary, c => Assert.Equal((20, 2, Dimension), (c.Size, c.Types, c.Centroid.Length)));
        // One progress line per (layer, scope).
        Assert.Equal(4, error.Split('\n').Count(l => l.StartsWith("cluster: component encoder layer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MixedScopeClustersTheLanguagesTogether()
    {
        using var temp = new TempFolder();
        string activations = temp.File("activations");
        await WriteActivationsAsync(activations, [2], "en");
        await WriteActivationsAsync(activations, [2], "de");
        string output = temp.File("concepts.parquet");

        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", output, "--k", "3", "--scope", "mixed",
            "--languages", "en,de", "--layers", "2");

        Assert.True(code == 0, error);
        IReadOnlyList<ConceptAssignment> rows = await ConceptFiles.ReadAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal(120, rows.Count);
        Assert.All(rows, r => Assert.Equal("mixed", r.Scope));
        // cat and katze share a meaning, so a concept holds both languages.
        Assert.All(rows.GroupBy(r => r.ConceptId), g => Assert.Equal(2, g.Select(r => r.Language).Distinct().Count()));
    }

    [Fact]
    public async Task ConceptsReadBackByDuckDbHaveTheSpecColumnsAndTypes()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string activations = temp.File("activations");
        await WriteActivationsAsync(activations, [0], "en");
        string output = temp.File("concepts.parquet");
        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", output, "--k", "3");
        Assert.True(code == 0, error);

        var columns = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(output)})")
            .Select(r => (r.GetProperty("column_name").GetString(), r.GetProperty("column_type").GetString())).ToList();
        Assert.Equal([("component", "VARCHAR"), ("layer", "INTEGER"), ("scope", "VARCHAR"), ("concept_id", "INTEGER"),
            ("sentence_id", "BIGINT"), ("word_index", "INTEGER"), ("language", "VARCHAR"), ("word", "VARCHAR"), ("k", "INTEGER"), ("seed", "INTEGER")], columns);
        var fits = DuckDb.Query($"SELECT DISTINCT k, seed FROM read_parquet({DuckDb.Literal(output)})");
        Assert.Equal("3 212", string.Join(" ", Assert.Single(fits).EnumerateObject().Select(p => p.Value.ToString())));
        var counts = DuckDb.Query($"SELECT count(*)::INTEGER AS n, min(concept_id) AS lo, max(concept_id) AS hi FROM read_parquet({DuckDb.Literal(output)})");
        Assert.Equal((60, 0, 2), (counts[0].GetProperty("n").GetInt32(), counts[0].GetProperty("lo").GetInt32(), counts[0].GetProperty("hi").GetInt32()));

        string summary = temp.File("concept_summary.parquet");
        var summaryColumns = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(summary)})")
            .ToDictionary(r => r.GetProperty("column_name").GetString()!, r => r.GetProperty("column_type").GetString());
        Assert.Equal("FLOAT[]", summaryColumns["centroid"]);
        Assert.Equal("BOOLEAN", summaryColumns["lexical"]);
        Assert.Equal("INTEGER", summaryColumns["types"]);
        var sizes = DuckDb.Query($"SELECT sum(size)::INTEGER AS n, min(len(centroid))::INTEGER AS d FROM read_parquet({DuckDb.Literal(summary)})");
        Assert.Equal((60, Dimension), (sizes[0].GetProperty("n").GetInt32(), sizes[0].GetProperty("d").GetInt32()));
    }

    [Fact]
    public async Task ConceptsDoNotDependOnWhichLanguagesPartWasCommittedFirst()
    {
        // Slurm tasks extract languages at once and commit their parts in any order; K-means' seeding depends on row order.
        using var temp = new TempFolder();
        static float[] Noise(long s, int w) => Enumerable.Range(0, Dimension).Select(d => (float)new Random((int)(s * 131 + w * 17 + d)).NextDouble()).ToArray();
        string enFirst = temp.File("en-first"), deFirst = temp.File("de-first");
        await WriteActivationsAsync(enFirst, [0], "en", Noise);
        await WriteActivationsAsync(enFirst, [0], "de", (s, w) => Noise(s + 1000, w));
        await WriteActivationsAsync(deFirst, [0], "de", (s, w) => Noise(s + 1000, w));
        await WriteActivationsAsync(deFirst, [0], "en", Noise);
        var options = new ConceptDiscoveryOptions
        {
            Languages = ["en", "de"], Scope = ConceptFiles.MixedScope, Clustering = new ConceptClusteringOptions { NumberOfClusters = 7 },
            Filter = new FrequencyFilterOptions { MinFrequency = 1, MaxOccurrences = 1000 },
        };
        CancellationToken ct = TestContext.Current.CancellationToken;
        await ConceptDiscovery.RunAsync(enFirst, temp.File("a.parquet"), null, options, cancellationToken: ct);
        await ConceptDiscovery.RunAsync(deFirst, temp.File("b.parquet"), null, options, cancellationToken: ct);
        Assert.Equal(File.ReadAllBytes(temp.File("a.parquet")), File.ReadAllBytes(temp.File("b.parquet")));
    }

    [Fact]
    public async Task RepeatedSeedsKeepEachSeedsConceptsUnderItsSeed()
    {
        using var temp = new TempFolder();
        string activations = temp.File("activations");
        await WriteActivationsAsync(activations, [0], "en");
        string one = temp.File("one.parquet"), three = temp.File("three.parquet");
        Assert.Equal(0, (await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", one, "--k", "3", "--seed", "5")).Item1);
        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", three, "--k", "3", "--seed", "5", "--seeds", "3");
        Assert.True(code == 0, error);

        IReadOnlyList<ConceptAssignment> single = await ConceptFiles.ReadAsync(one, TestContext.Current.CancellationToken);
        IReadOnlyList<ConceptAssignment> repeated = await ConceptFiles.ReadAsync(three, TestContext.Current.CancellationToken);
        Assert.Equal([5, 6, 7], repeated.Select(r => r.Seed).Distinct().Order());
        Assert.All(repeated.GroupBy(r => r.Seed), g => Assert.Equal(single.Count, g.Count()));
        // The first seed's concepts are those of a single fit with that seed.
        Assert.Equal(single.Select(r => (r.SentenceId, r.WordIndex, r.ConceptId)), repeated.Where(r => r.Seed == 5).Select(r => (r.SentenceId, r.WordIndex, r.ConceptId)));
        IReadOnlyList<ConceptSummary> summaries = await ConceptSummaryFiles.ReadAsync(ConceptSummaryFiles.PathBeside(three), TestContext.Current.CancellationToken);
        Assert.Equal([5, 6, 7], summaries.Select(s => s.Seed).Distinct().Order());

        (code, error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", temp.File("bad.parquet"), "--k", "3", "--seeds", "0");
        Assert.Equal(2, code);
        Assert.Contains("option --seeds: must be in [1, 1000], got 0", error);
    }

    [Fact]
    public async Task ReadsAnActivationsFolderWrittenByDuckDb()
    {
        DuckDb.SkipIfUnavailable();
        using var temp = new TempFolder();
        string activations = temp.File("activations");
        await WriteActivationsAsync(activations, [0, 1], "en");
        string copied = temp.File("duck");
        DuckDb.Query($"COPY (SELECT * FROM read_parquet({DuckDb.Literal(activations + "/**/*.parquet")}, hive_partitioning = true)) " +
                     $"TO {DuckDb.Literal(copied)} (FORMAT parquet, PARTITION_BY (component, layer))");

        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", copied, "--out", temp.File("a.parquet"), "--k", "3");
        (int code2, string error2) = await CliRunner.RunAsync(ClusterProgress.Captured, "cluster", "--activations", activations, "--out", temp.File("b.parquet"), "--k", "3");

        Assert.True(code == 0, error);
        Assert.True(code2 == 0, error2);
        var fromDuck = await ConceptFiles.ReadAsync(temp.File("a.parquet"), TestContext.Current.CancellationToken);
        var fromOurs = await ConceptFiles.ReadAsync(temp.File("b.parquet"), TestContext.Current.CancellationToken);
        Assert.Equal(fromOurs.Select(r => (r.Layer, r.SentenceId, r.WordIndex)).Order(), fromDuck.Select(r => (r.Layer, r.SentenceId, r.WordIndex)).Order());
        Assert.True(File.Exists(temp.File("a_summary.parquet")));
    }

    [Fact]
    public async Task MissingColumnIsBadInputNamingTheFile()
    {
        using var temp = new TempFolder();
        string folder = ActivationFiles.PartitionFolder(temp.File("activations"), "encoder", 0);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "part-0.parquet");
        var schema = new ParquetSchema(new DataField<long>("sentence_id"), new DataField<int>("word_index"), new DataField<string>("language", false),
            new DataField<string>("word", false));
        await using (FileStream stream = File.Create(file))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: TestContext.Current.CancellationToken))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync<long>(schema.DataFields[0], new long[] { 0 }, cancellationToken: TestContext.Current.CancellationToken);
            await group.WriteAsync<int>(schema.DataFields[1], new int[] { 0 }, cancellationToken: TestContext.Current.CancellationToken);
            await group.WriteAsync(schema.DataFields[2], new[] { "en" });
            await group.WriteAsync(schema.DataFields[3], new[] { "cat" });
            group.CompleteValidate();
        }

        await AssertBadInputAsync(temp, [file, "missing column(s) vector"], "--k", "2");
    }

    [Fact]
    public async Task VectorsOfDifferentLengthsAreBadInput()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en");
        await WriteActivationsAsync(temp.File("activations"), [0], "de", dimension: 5);
        await AssertBadInputAsync(temp, ["part-en.parquet: vectors have 4 values but", "part-de.parquet has 5"], "--k", "3");
    }

    [Fact]
    public async Task NonFiniteValuesAreBadInput()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en",
            vectorOverride: (s, w) => s == 3 && w == 1 ? [1, float.PositiveInfinity, 0, 0] : null);
        // The word, its sentence and position are named, not a row number.
        await AssertBadInputAsync(temp, ["part-en.parquet", "sentence_id 3, word_index 1) has Infinity at position 1; K-means needs finite numbers"], "--k", "3");
    }

    [Fact]
    public async Task ValuesSoLargeThatSquaredDistancesOverflowAreBadInput()
    {
        // 3e37: its square overflows single precision, and K-means would silently return fewer concepts than K.
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en",
            vectorOverride: (s, w) => s == 2 && w == 0 ? [3e37f, 0, 0, 0] : null);
        await AssertBadInputAsync(temp, ["part-en.parquet", "sentence_id 2, word_index 0) has 3E+37 at position 0, beyond 1E+15", "rescale"], "--k", "3");
    }

    [Fact]
    public async Task AnEmptyLayerIsBadInputAndLeavesNoConceptsOfTheOtherLayers()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0, 1], "en", skipLayerOne: true);
        await AssertBadInputAsync(temp, ["layer=1", "no rows"], "--k", "3");
    }

    [Fact]
    public async Task AnUnknownScopeLanguageIsBadInput()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en");
        await AssertBadInputAsync(temp, ["option --scope", "'fr'", "layer=0"], "--k", "3", "--scope", "fr");
    }

    [Fact]
    public async Task MoreConceptsThanKeptVectorsIsBadInput()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en");
        await AssertBadInputAsync(temp, ["layer=0", "keeps 60 word vectors", "fewer than K = 61; lower K (--k, or options.k in a run description)"], "--k", "61");
    }

    [Fact]
    public async Task SeveralComponentsNeedComponentOption()
    {
        using var temp = new TempFolder();
        await WriteActivationsAsync(temp.File("activations"), [0], "en");
        Directory.CreateDirectory(temp.File("activations/component=decoder/layer=0"));
        File.Copy(Directory.GetFiles(temp.File("activations/component=encoder/layer=0"))[0], temp.File("activations/component=decoder/layer=0/part-en.parquet"));
        await AssertBadInputAsync(temp, ["option --component", "decoder, encoder"], "--k", "3");
    }

    private static async Task AssertBadInputAsync(TempFolder temp, string[] expectedParts, params string[] extra)
    {
        string outFolder = temp.File("out");
        (int code, string error) = await CliRunner.RunAsync(ClusterProgress.Captured, ["cluster", "--activations", temp.File("activations"), "--out", Path.Combine(outFolder, "concepts.parquet"), .. extra]);
        Assert.Equal(CommandRunner.BadInput, code);
        string message = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith("mlnetconcepts: ", message);
        Assert.All(expectedParts, part => Assert.Contains(part, message));
        AssertNothingWritten(outFolder);
    }
}
