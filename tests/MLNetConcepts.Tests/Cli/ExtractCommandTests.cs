using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Cli;

public class ExtractCommandTests
{
    private static string WriteInput(TempFolder temp, string text, string name = "input.txt")
    {
        string path = temp.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task WritesActivationsThatDuckDbReads()
    {
        using var temp = new TempFolder();
        string input = WriteInput(temp, "The cat sits on the mat .\n\nDer Hund schläft .\n");
        string output = temp.File("out");
        var (code, error) = await CliRunner.RunAsync("extract", "--model", TinyModels.Folder("tiny-bert"), "--input", input,
            "--language", "en", "--out", output, "--layers", "0,3", "--batch-size", "1");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(output, "extract-en.json")));
        var partitions = ActivationFiles.ListPartitions(output);
        Assert.Equal([0, 3], partitions.Select(p => p.Layer));

        DuckDb.SkipIfUnavailable();
        var rows = DuckDb.Query(
            $"SELECT layer::INTEGER AS layer, count(*)::INTEGER AS n, count(DISTINCT sentence_id)::INTEGER AS s, min(len(vector))::INTEGER AS d " +
            $"FROM read_parquet({DuckDb.Literal(Path.Combine(output, "activations", "*", "*", "*.parquet"))}, hive_partitioning = true) GROUP BY ALL ORDER BY 1");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(11, r.GetProperty("n").GetInt32()));
        Assert.All(rows, r => Assert.Equal(2, r.GetProperty("s").GetInt32()));
        Assert.All(rows, r => Assert.Equal(32, r.GetProperty("d").GetInt32()));
    }

    public static TheoryData<string, string> BadModelJson => new()
    {
        { "{ \"architecture\": \"bert\",", "malformed JSON" },
        { "{ \"architecture\": \"gpt2\" }", "field 'architecture' is 'gpt2'" },
        { "{ \"architecture\": \"bert\", \"onnx\": \"model.onnx\", \"tokenizer\": {\"kind\": \"wordpiece\", \"file\": \"vocab.txt\"}, \"hidden_states\": [\"hidden_states.0\", \"nope\"], \"hidden_size\": 32, \"max_positions\": 24 }", "hidden_states[1] names 'nope'" },
        { "{ \"architecture\": \"bert\", \"onnx\": \"missing.onnx\", \"tokenizer\": {\"kind\": \"wordpiece\", \"file\": \"vocab.txt\"}, \"hidden_states\": [\"hidden_states.0\"], \"hidden_size\": 32, \"max_positions\": 24 }", "field 'onnx' names 'missing.onnx'" },
    };

    [Theory]
    [MemberData(nameof(BadModelJson))]
    public async Task ABadModelJsonIsOneLineAndExitCode2(string json, string expected)
    {
        using var temp = new TempFolder();
        string model = temp.File("model");
        Directory.CreateDirectory(model);
        foreach (string file in new[] { "model.onnx", "vocab.txt" })
            File.Copy(Path.Combine(TinyModels.Folder("tiny-bert"), file), Path.Combine(model, file));
        File.WriteAllText(Path.Combine(model, "model.json"), json);
        string input = WriteInput(temp, "a b c\n");
        string output = temp.File("out");

        var (code, error) = await CliRunner.RunAsync("extract", "--model", model, "--input", input, "--language", "en", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Contains("model.json", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task InputAndOptionProblemsNameTheFileOrOption()
    {
        using var temp = new TempFolder();
        string model = TinyModels.Folder("tiny-xlmr");
        string output = temp.File("out");
        string empty = WriteInput(temp, "", "empty.txt");
        string latin1 = temp.File("latin1.txt");
        File.WriteAllBytes(latin1, [.. Encoding.UTF8.GetBytes("ok line\n"), 0x63, 0x61, 0x66, 0xE9, 0x0A]);
        string good = WriteInput(temp, "a b\n", "good.txt");
        File.WriteAllText(temp.File("blocker"), "a file where a folder should go");

        async Task Expect(string expected, params string[] args)
        {
            var (code, error) = await CliRunner.RunAsync(args);
            Assert.True(code == 2, $"exit {code}: {error}");
            Assert.Contains(expected, error);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
        }

        await Expect($"{empty}: file is empty", "extract", "--model", model, "--input", empty, "--language", "en", "--out", output);
        await Expect($"{latin1}: line 2: not valid UTF-8", "extract", "--model", model, "--input", latin1, "--language", "en", "--out", output);
        await Expect("option --layers: layer 7 is not in the model", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--layers", "1,7");
        await Expect("option --layers: 'x' is not a non-negative integer", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--layers", "1,x");
        await Expect("--aggregation", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--aggregation", "max");
        await Expect("option --batch-size: must be at least 1, got 0", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--batch-size", "0");
        await Expect("option --device: 'tpu' is not cpu or cuda:N", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--device", "tpu");
        await Expect($"{temp.File("missing")}: model folder not found", "extract", "--model", temp.File("missing"), "--input", good, "--language", "en", "--out", output);
        await Expect("cannot", "extract", "--model", model, "--input", good, "--language", "en", "--out", Path.Combine(temp.File("blocker"), "out"));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task UnavailableCudaFallsBackToCpuWithANotice()
    {
        using var temp = new TempFolder();
        string input = WriteInput(temp, "The cat sits .\n");
        var (code, error) = await CliRunner.RunAsync("extract", "--model", TinyModels.Folder("tiny-bert"), "--input", input,
            "--language", "en", "--out", temp.File("out"), "--device", "cuda:0");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "extract-en.json")));
    }

    private static async Task<List<(string Component, int Layer, long SentenceId, int WordIndex, string Language, string Word)>> ReadRows(string output)
    {
        var rows = new List<(string, int, long, int, string, string)>();
        foreach (ActivationPartition partition in ActivationFiles.ListPartitions(output))
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition))
            for (int i = 0; i < batch.Count; i++)
                rows.Add((partition.Component, partition.Layer, batch.SentenceIds[i], batch.WordIndices[i], batch.Languages[i], batch.Words[i]));
        return rows;
    }

    private static async Task<float[]> FirstVector(string output, string component, int layer)
    {
        ActivationPartition partition = ActivationFiles.ListPartitions(output).Single(p => p.Component == component && p.Layer == layer);
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition))
            return batch.Vector(Array.IndexOf(batch.SentenceIds, batch.SentenceIds.Min())).ToArray();
        throw new InvalidOperationException("no rows");
    }

    [Fact]
    public async Task T5WritesEncoderRowsForTheSourceAndDecoderRowsForTheTarget()
    {
        using var temp = new TempFolder();
        string source = WriteInput(temp, "The cat sits on the mat .\n\nHello , world\n", "en.txt");
        string target = WriteInput(temp, "Die Katze sitzt .\nDer Hund\n\n", "de.txt");
        string output = temp.File("out");
        var (code, error) = await CliRunner.RunAsync("extract", "--model", TinyModels.Folder(TinyModels.T5), "--input", source, "--language", "en",
            "--target", target, "--target-language", "de", "--out", output, "--batch-size", "2");
        Assert.True(code == 0, error);

        var partitions = ActivationFiles.ListPartitions(output);
        Assert.Equal([("decoder", 0), ("decoder", 1), ("decoder", 2), ("encoder", 0), ("encoder", 1), ("encoder", 2), ("encoder", 3)],
            partitions.Select(p => (p.Component, p.Layer)));
        var rows = await ReadRows(output);
        var encoder = rows.Where(r => r.Component == "encoder" && r.Layer == 3).OrderBy(r => (r.SentenceId, r.WordIndex)).ToList();
        var decoder = rows.Where(r => r.Component == "decoder" && r.Layer == 2).OrderBy(r => (r.SentenceId, r.WordIndex)).ToList();
        Assert.All(encoder, r => Assert.Equal("en", r.Language));
        Assert.All(decoder, r => Assert.Equal("de", r.Language));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 2, 2, 2], encoder.Select(r => r.SentenceId));
        Assert.Equal(["Die", "Katze", "sitzt", ".", "Der", "Hund"], decoder.Select(r => r.Word));
        Assert.Equal([0, 0, 0, 0, 1, 1], decoder.Select(r => r.SentenceId));

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "extract-en-de.json")));
        JsonElement root = report.RootElement;
        Assert.Equal("predict", root.GetProperty("decoder_position").GetString());
        Assert.Equal("de", root.GetProperty("target_language").GetString());
        Assert.Equal(["encoder", "decoder"], root.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()));
        Assert.Equal(6, root.GetProperty("target_statistics").GetProperty("words_kept").GetInt32());

        // The decoder alone, at the read position, replaces only the German parts of the decoder layers it writes.
        float[] predicted = await FirstVector(output, "decoder", 2);
        (code, error) = await CliRunner.RunAsync("extract", "--model", TinyModels.Folder(TinyModels.T5), "--input", source, "--language", "en",
            "--target", target, "--target-language", "de", "--out", output, "--component", "decoder", "--decoder-position", "read", "--layers", "2");
        Assert.True(code == 0, error);
        rows = await ReadRows(output);
        Assert.Equal(6, rows.Count(r => r.Component == "decoder" && r.Layer == 2));
        Assert.Equal(18, rows.Count(r => r.Component == "decoder"));
        Assert.Equal(40, rows.Count(r => r.Component == "encoder"));
        Assert.NotEqual(predicted, await FirstVector(output, "decoder", 2));
        using JsonDocument second = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "extract-en-de.json")));
        Assert.Equal("read", second.RootElement.GetProperty("decoder_position").GetString());
        Assert.Equal("decoder", second.RootElement.GetProperty("component").GetString());

        DuckDb.SkipIfUnavailable();
        var counts = DuckDb.Query(
            $"SELECT component, language, count(*)::INTEGER AS n FROM read_parquet({DuckDb.Literal(Path.Combine(output, "activations", "*", "*", "*.parquet"))}, " +
            "hive_partitioning = true) GROUP BY ALL ORDER BY 1");
        Assert.Equal([("decoder", "de", 18), ("encoder", "en", 40)],
            counts.Select(r => (r.GetProperty("component").GetString(), r.GetProperty("language").GetString(), r.GetProperty("n").GetInt32())));
    }

    public static TheoryData<string, string> BadT5Runs => new()
    {
        { "missing-decoder-graph", "field 'decoder.onnx' names 'decoder.onnx', which is not in" },
        { "lines", "has 3 lines but" },
        { "decoder-hidden-size", "field 'decoder.hidden_size' is 16 but the encoder's is 32" },
        { "graph-hidden-size", "has hidden size 32, but model.json gives the encoder hidden_size 16" },
        { "decoder-is-an-encoder", "the decoder graph has no input 'encoder_hidden_states'" },
        { "bert-target", "option --target: the bert model in" },
        { "decoder-without-target", "option --component: the decoder is run on the target side" },
        { "target-without-language", "option --target-language: required with --target" },
        { "target-with-encoder", "option --target: not used with the encoder alone" },
    };

    [Theory]
    [MemberData(nameof(BadT5Runs))]
    public async Task BadT5InputIsOneLineExitCode2AndNothingWritten(string problem, string expected)
    {
        using var temp = new TempFolder();
        string source = WriteInput(temp, "The cat sits .\nDer Hund\nHello\n", "en.txt");
        string target = WriteInput(temp, problem == "lines" ? "Die Katze sitzt .\nThe dog\n" : "Die Katze sitzt .\nThe dog\nHallo\n", "de.txt");
        string model = problem switch
        {
            "missing-decoder-graph" => ModelFolderTests.T5Copy(temp, _ => { }, "decoder.onnx"),
            "decoder-hidden-size" => ModelFolderTests.T5Copy(temp, d => d["decoder"]!["hidden_size"] = 16),
            "graph-hidden-size" => ModelFolderTests.T5Copy(temp, d => d["hidden_size"] = 16),
            "decoder-is-an-encoder" => ModelFolderTests.T5Copy(temp, d =>
            {
                d["decoder"]!["onnx"] = "encoder.onnx";
                d["decoder"]!["hidden_states"] = new JsonArray("hidden_states.0", "hidden_states.1", "hidden_states.2");  // num_layers 2 + 1
            }),
            "bert-target" => TinyModels.Folder("tiny-bert"),
            _ => TinyModels.Folder(TinyModels.T5),
        };
        string output = temp.File("out");
        var args = new List<string> { "extract", "--model", model, "--input", source, "--language", "en", "--out", output };
        args.AddRange(problem switch
        {
            "decoder-without-target" => ["--component", "decoder"],
            "target-without-language" => ["--target", target],
            "target-with-encoder" => ["--target", target, "--target-language", "de", "--component", "encoder"],
            _ => ["--target", target, "--target-language", "de"],
        });

        var (code, error) = await CliRunner.RunAsync([.. args]);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(output), $"{output} was left behind");
    }
}
