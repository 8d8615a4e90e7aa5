using System.Globalization;
using MLNetConcepts.Interop;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Interop;

/// <summary>
/// NeuroX JSON activations as <c>cluster</c> input. The sample (written by <c>models/write_neurox_json.py</c>) holds the
/// same float32 vectors as NeuroX JSON and as a plain table; clustering the JSON must give exactly the concepts of
/// the table written as Parquet.
/// </summary>
public class NeuroxActivationsTests
{
    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "tests", "MLNetConcepts.Tests", "Interop", "NeuroxSample", name);

    /// <summary>vectors.tsv as an activations folder (layer positions 0 and 1 are model layers 0 and 6).</summary>
    private static async Task WriteParquetAsync(string root)
    {
        var lines = File.ReadAllLines(Sample("vectors.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        foreach (var language in lines.GroupBy(f => f[0]))
        {
            await using var writer = new ActivationWriter(root, "encoder", language.Key, [0, 6], 8);
            foreach (string[] f in language)
                await writer.AddAsync(f[4] == "0" ? 0 : 6, long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3],
                    f[5].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            await writer.CommitAsync();
        }
    }

    private static string Key(ConceptAssignment r) => $"{r.Layer} {r.Scope} {r.Language} {r.SentenceId:D3} {r.WordIndex} {r.Word} {r.ConceptId}";

    [Theory]
    [InlineData("en", "json")]
    [InlineData("mixed", "json")]
    [InlineData("en", "hdf5")]
    [InlineData("mixed", "hdf5")]
    public async Task NeuroxFilesClusterToTheConceptsOfTheSameVectorsAsParquet(string scope, string format)
    {
        using var temp = new TempFolder();
        CancellationToken ct = TestContext.Current.CancellationToken;
        await WriteParquetAsync(temp.File("activations"));
        string[] common = ["--k", "3", "--scope", scope, "--languages", scope == "en" ? "en" : "de,en"];
        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, ["cluster", .. common, "--activations", temp.File("activations"), "--out", temp.File("parquet.parquet")]));
        // The files in the order the table has them (en, then de), so that rows reach K-means in the same order.
        string json = scope == "en" ? Sample($"en-activations.{format}") : $"{Sample($"en-activations.{format}")},{Sample($"de-activations.{format}")}";
        string text = scope == "en" ? Sample("en.txt") : $"{Sample("en.txt")},{Sample("de.txt")}";
        Assert.Equal((0, ""), await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, ["cluster", .. common, "--activations", json, "--language", scope == "en" ? "en" : "en,de", "--text", text,
            "--neurox-layers", "0,6", "--out", temp.File("neurox.parquet")]));

        var fromParquet = await ConceptFiles.ReadAsync(temp.File("parquet.parquet"), ct);
        var fromNeurox = await ConceptFiles.ReadAsync(temp.File("neurox.parquet"), ct);
        Assert.Equal(fromParquet.Select(Key).Order(), fromNeurox.Select(Key).Order());
        Assert.Equal([0, 6], fromNeurox.Select(r => r.Layer).Distinct().Order());
        // The known answer: each concept is one of the sample's three word groups, and the dropped word has no row.
        foreach (var layer in fromNeurox.GroupBy(r => r.Layer))
            Assert.Equal(3, layer.GroupBy(r => r.ConceptId).Select(c => string.Join(" ", c.Select(r => Group(r.Word)).Distinct())).Distinct().Count());
        Assert.DoesNotContain(fromNeurox, r => r.Word == "\u200b");
        // Nothing is left beside the output.
        Assert.Equal(["activations", "neurox.parquet", "neurox_summary.parquet", "parquet.parquet", "parquet_summary.parquet"],
            Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    private static int Group(string word) => Array.IndexOf(["house", "home", "flat", "room", "Haus", "Heim", "Wohnung", "Zimmer"], word) >= 0 ? 0
        : Array.IndexOf(["red", "green", "blue", "black", "rot", "grün", "blau", "schwarz"], word) >= 0 ? 1 : 2;

    [Theory]
    [InlineData("json")]
    [InlineData("hdf5")]
    public async Task WithoutTheSentenceFileWordsAreNeuroxTokens(string format)
    {
        using var temp = new TempFolder();
        NeuroxImportResult result = await NeuroxActivations.ImportAsync(new NeuroxSource { File = Sample($"en-activations.{format}"), Language = "en" },
            temp.File("activations"), TestContext.Current.CancellationToken);
        Assert.Equal([0, 1], result.Layers);
        Assert.Equal(("encoder", 8, 40L, 160L, 4L), (result.Component, result.Dimension, result.Sentences, result.Words, result.DroppedWords));
        ActivationPartition partition = ActivationFiles.ListPartitions(temp.File("activations"))[0];
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition, TestContext.Current.CancellationToken))
            Assert.All(batch.Words, w => Assert.StartsWith("\u2581", w));
    }

    [Fact]
    public async Task DecomposedFilesAreNamedByTheirLayer()
    {
        using var temp = new TempFolder();
        string file = temp.File("en-activations-layer9.json");
        File.WriteAllLines(file, [
            """{"linex_index": 0, "features": [{"token": "a", "layers": [{"index": 0, "values": [1.0, 2.0]}]}]}""",
            """{"linex_index": 1, "features": [{"token": "b", "layers": [{"index": 0, "values": [3.0, 4.5]}]}]}""",
        ]);
        NeuroxImportResult result = await NeuroxActivations.ImportAsync(new NeuroxSource { File = file, Language = "en" }, temp.File("act"), TestContext.Current.CancellationToken);
        Assert.Equal([9], result.Layers);
        Assert.True(Directory.Exists(ActivationFiles.PartitionFolder(temp.File("act"), "encoder", 9)));
    }

    [Theory]
    [InlineData("""{"linex_index": 1, "features": [{"token": "b", "layers": [{"index": 0, "values": [3.0]}]}]}""", "line 2: feature 0: layer 0 has 1 values, but the first vector has 2")]
    [InlineData("""{"linex_index": 1, "features": [{"token": "b", "layers": [{"index": 0, "values": [NaN, 1]}]}]}""", "line 2: not a JSON object: ")]
    [InlineData("""{"linex_index": 0, "features": []}""", "line 2: sentence 0 appears twice")]
    [InlineData("""{"features": []}""", "line 2: no \"linex_index\" (the 0-based sentence number)")]
    [InlineData("""{"linex_index": 1, "features": [{"token": "b", "layers": [{"index": 0, "values": [3.0, 1]}, {"index": 1, "values": [3.0, 1]}]}]}""", "line 2: feature 0: 2 layers, but the first sentence has 1")]
    [InlineData("""{"linex_index": 1, "features": [{"token": "b", "layers": [{"index": 0, "values": [1e39, 1]}]}]}""", "line 2: feature 0: layer 0 value 0 is out of float range")]
    [InlineData("""{"linex_index": 1, "features": [{"layers": []}]}""", "line 2: feature 0: no \"token\" string")]
    public async Task BadLinesNameFileAndLineAndWriteNothing(string bad, string problem)
    {
        using var temp = new TempFolder();
        string file = temp.File("en.json");
        File.WriteAllLines(file, ["""{"linex_index": 0, "features": [{"token": "a", "layers": [{"index": 0, "values": [1.0, 2.0]}]}]}""", bad]);
        File.WriteAllLines(temp.File("en.txt"), ["a", "b"]);
        var (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", file, "--language", "en", "--text", temp.File("en.txt"), "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal(2, code);
        Assert.StartsWith($"mlnetconcepts: {file}: {problem}", error);
        Assert.DoesNotContain('\n', error);
        Assert.Equal(["en.json", "en.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task AFileThatIsNotHdf5IsBadInput()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("en.hdf5"), "not hdf5");
        var (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", temp.File("en.hdf5"), "--language", "en", "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal(2, code);
        Assert.StartsWith($"mlnetconcepts: {temp.File("en.hdf5")}: not an HDF5 file: ", error);
        Assert.DoesNotContain('\n', error);
        Assert.Equal(["en.hdf5"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task FeaturesMustMatchTheSentenceFileAndOptionsTheInput()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("en.txt"), ["a b", "c"]);
        var (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", Sample("en-activations.json"), "--language", "en", "--text", temp.File("en.txt"), "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal((2, $"mlnetconcepts: {Sample("en-activations.json")}: line 1: 4 features for the 2 words of line 1 of {temp.File("en.txt")} (extracted with special tokens, or another file?)"), (code, error));
        (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", Sample("en-activations.json"), "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal((2, "mlnetconcepts: option --language: NeuroX activations name no language; give one code, or one per file"), (code, error));
        using var activations = new TempFolder();   // an activations folder, outside --out's folder
        string folder = activations.Path;
        (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", folder, "--language", "en", "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal((2, $"mlnetconcepts: option --language: only for NeuroX .json or .hdf5 activations; {folder} is an activations folder"), (code, error));
        (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", Sample("en-activations.json"), "--language", "en", "--neurox-layers", "0,1,2", "--k", "2", "--out", temp.File("c.parquet"));
        Assert.Equal((2, $"mlnetconcepts: option --neurox-layers: 3 layer(s) given, but {Sample("en-activations.json")}: line 1 holds 2"), (code, error));
        // An error of the discovery names the NeuroX file, not the hidden folder it was read into.
        (code, error) = await CliRunner.RunTrimmedAsync(ClusterProgress.Discarded, "cluster", "--activations", Sample("en-activations.json"), "--language", "en", "--k", "500", "--out", temp.File("c.parquet"));
        Assert.Equal((2, $"mlnetconcepts: NeuroX activations {Sample("en-activations.json")} ->/component=encoder/layer=0: scope en keeps 117 word vectors after the frequency filter, fewer than K = 500; lower K (--k, or options.k in a run description), the minimum frequency or use more text"), (code, error));
        Assert.Equal(["en.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }
}
