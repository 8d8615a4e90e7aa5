using System.Text;
using MLNetConcepts.Storage;
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
        await Expect("option --batch-size: must be positive", "extract", "--model", model, "--input", good, "--language", "en", "--out", output, "--batch-size", "0");
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
}
