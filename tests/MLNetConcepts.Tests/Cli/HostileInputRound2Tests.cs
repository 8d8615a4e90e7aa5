using System.Diagnostics;
using System.Text.Json.Nodes;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Cli;

/// <summary>The second hostile-input round (issue 22), with the checks of the first (<see cref="Refused"/>).</summary>
public partial class HostileInputTests
{
    // ------------------------------------------------------------------ model folders: what is read and hashed

    /// <summary>tiny-bert copied into the sandbox with its graph moved to <c>onnx/model.onnx</c>.</summary>
    private static string ModelWithGraphInSubfolder(Sandbox sandbox)
    {
        string model = BrokenModel(sandbox, json => json.Replace("\"onnx\": \"model.onnx\"", "\"onnx\": \"onnx/model.onnx\""));
        Directory.CreateDirectory(Path.Combine(model, "onnx"));
        File.Move(Path.Combine(model, "model.onnx"), Path.Combine(model, "onnx", "model.onnx"));
        return model;
    }

    private static Dictionary<string, string> ExtractFingerprints(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["stages"]!.AsObject()
            .Where(s => s.Key.StartsWith("extract ", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => (string)s.Value!["fingerprint"]!);

    [Fact]
    public async Task AnalyzeSeesAChangedGraphInASubfolderOfTheModel()
    {
        Inputs i = await Shared.Value;
        using var sandbox = new Sandbox();
        string model = ModelWithGraphInSubfolder(sandbox);
        string run = sandbox.File("run");
        string[] args = Analyze(i, run);
        args[Array.IndexOf(args, Model("tiny-bert"))] = model;
        await Succeed(args);
        var before = ExtractFingerprints(run);
        Assert.Equal(2, before.Count);

        // Still a valid graph, other bytes: a doc_string field (ModelProto field 6) appended to the message.
        File.AppendAllText(Path.Combine(model, "onnx", "model.onnx"), "\u0032\u0003new");
        await Succeed(args);
        var after = ExtractFingerprints(run);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, s => Assert.NotEqual(s.Value, after[s.Key]));

        // External weights under any name, at any depth, are part of it too.
        File.WriteAllText(Path.Combine(model, "onnx", "weights.bin"), "weights");
        await Succeed(args);
        var withWeights = ExtractFingerprints(run);
        Assert.All(after, s => Assert.NotEqual(s.Value, withWeights[s.Key]));
    }

    [Fact]
    public void TheSavedPipelineHashCoversWeightsUnderAnyNameAndDepth()
    {
        using var sandbox = new Sandbox();
        string folder = ModelWithGraphInSubfolder(sandbox);
        string weights = sandbox.Write("model/onnx/weights.bin", "1.0");
        var model = MLNetConcepts.Models.ModelFolder.Load(folder);
        string first = MLNetConcepts.Models.ModelFolderHash.Of(model);
        File.WriteAllText(weights, "1.5");
        string second = MLNetConcepts.Models.ModelFolderHash.Of(model);
        Assert.NotEqual(first, second);
        sandbox.Write("model/deeper/more/extra.data", "x");
        Assert.NotEqual(second, MLNetConcepts.Models.ModelFolderHash.Of(model));
    }

    [Fact]
    public void AFlatModelFolderKeepsTheHashEarlierVersionsSaved()
    {
        // Pipelines saved before every file was hashed still load when the folder holds only what they hashed.
        using var sandbox = new Sandbox();
        string folder = sandbox.File("model");
        Directory.CreateDirectory(folder);
        foreach (string name in new[] { "model.json", "model.onnx", "vocab.txt" })
            File.Copy(Path.Combine(Model("tiny-bert"), name), Path.Combine(folder, name));
        var model = MLNetConcepts.Models.ModelFolder.Load(folder);
        Assert.Equal(MLNetConcepts.Models.ModelFolderHash.Legacy(model), MLNetConcepts.Models.ModelFolderHash.Of(model));
    }

    public static TheoryData<string, string, string> PathsLeavingTheFolder => new()
    {
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"../../../../etc/passwd\"", "field 'onnx' leads out of the model folder" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"ABSOLUTE\"", "field 'onnx' is an absolute path" },
        { "\"file\": \"vocab.txt\"", "\"file\": \"/etc/shadow\"", "field 'tokenizer.file' is an absolute path" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"outside.onnx\"", "field 'onnx' names 'outside.onnx', which is a link to" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"zero.onnx\"", "field 'onnx' names 'zero.onnx', which is a link to /dev/zero" },
        { "\"file\": \"vocab.txt\"", "\"file\": \"zero.txt\"", "field 'tokenizer.file' names 'zero.txt', which is a link to /dev/zero" },
    };

    [Theory]
    [MemberData(nameof(PathsLeavingTheFolder))]
    public async Task ModelJsonPathsStayInsideTheFolder(string from, string to, string expected)
    {
        Inputs i = await Shared.Value;
        using var sandbox = new Sandbox();
        string other = sandbox.File("other");
        CopyFolder(Model("tiny-bert"), other);
        string model = BrokenModel(sandbox, json => json.Replace(from, to.Replace("ABSOLUTE", Path.Combine(other, "model.onnx"))));
        File.CreateSymbolicLink(Path.Combine(model, "outside.onnx"), Path.Combine(other, "model.onnx"));
        File.CreateSymbolicLink(Path.Combine(model, "zero.onnx"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(model, "zero.txt"), "/dev/zero");
        if (!to.Contains("zero")) { File.Delete(Path.Combine(model, "zero.onnx")); File.Delete(Path.Combine(model, "zero.txt")); }
        foreach (string command in new[] { "extract", "analyze" })
        {
            string[] args = command == "extract"
                ? ["extract", "--model", model, "--input", i.English, "--language", "en", "--out", sandbox.File("out")]
                : Analyze(i, sandbox.File("run"));
            if (command == "analyze") args[Array.IndexOf(args, Model("tiny-bert"))] = model;
            var clock = Stopwatch.StartNew();
            string message = await Refused(sandbox, 2, expected, args);
            Assert.Contains(Path.Combine(model, "model.json"), message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{command} took {clock.Elapsed}");
        }
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("zero")]
    public async Task AFileThatNeverEndsInTheModelFolderIsRefusedUpFront(string kind)
    {
        Inputs i = await Shared.Value;
        using var sandbox = new Sandbox();
        string model = BrokenModel(sandbox, json => json);
        string odd = Path.Combine(model, "extra", kind == "fifo" ? "pipe" : "weights.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(odd)!);
        if (kind == "fifo") Process.Start("mkfifo", odd)!.WaitForExit();
        else File.CreateSymbolicLink(odd, "/dev/zero");
        string[] analyze = Analyze(i, sandbox.File("run"));
        analyze[Array.IndexOf(analyze, Model("tiny-bert"))] = model;
        foreach (string[] args in new[]
                 {
                     ["extract", "--model", model, "--input", i.English, "--language", "en", "--out", sandbox.File("out")], analyze,
                 })
        {
            Task<string> refused = Refused(sandbox, 2, kind == "fifo" ? "is a pipe (FIFO), not a regular file" : "is a character device", args);
            Assert.Same(refused, await Task.WhenAny(refused, Task.Delay(TimeSpan.FromSeconds(60))));
            Assert.Contains(odd, await refused);
        }
    }
}
