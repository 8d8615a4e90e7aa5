using System.Text.Json.Nodes;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Models;

public class ModelFolderTests
{
    /// <summary>A copy of tiny-t5 whose model.json is edited by <paramref name="edit"/>.</summary>
    internal static string T5Copy(TempFolder temp, Action<JsonObject> edit, params string[] leaveOut)
    {
        string folder = temp.File("t5");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(TinyModels.Folder(TinyModels.T5)))
        {
            if (!leaveOut.Contains(Path.GetFileName(file)))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        string json = Path.Combine(folder, "model.json");
        JsonObject description = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        edit(description);
        File.WriteAllText(json, description.ToJsonString());
        return folder;
    }

    /// <summary>A tensor's external_data entry as protobuf encodes it: TensorProto field 13 holding {key = "location", value}.</summary>
    private static byte[] ExternalDataEntry(string location)
    {
        byte[] value = System.Text.Encoding.UTF8.GetBytes(location);
        byte[] entry = [0x0A, 0x08, .. "location"u8.ToArray(), 0x12, (byte)value.Length, .. value];
        return [0x6A, (byte)entry.Length, .. entry];
    }

    [Theory]
    [InlineData("weights.bin", null)]
    [InlineData("sub/weights.bin", null)]
    [InlineData("../outside.bin", "has a '..' step")]
    [InlineData("/etc/passwd", "is an absolute path")]
    public void ExternalWeightsOfTheGraphMustLieInsideTheFolder(string location, string? problem)
    {
        using var temp = new TempFolder();
        string folder = T5Copy(temp, _ => { });
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        if (problem is null) File.WriteAllBytes(Path.Combine(folder, location), [1, 2, 3]);
        using (var onnx = new FileStream(Path.Combine(folder, "encoder.onnx"), FileMode.Append)) onnx.Write(ExternalDataEntry(location));
        Assert.Equal([location], ModelFolderFiles.ExternalDataLocations(Path.Combine(folder, "encoder.onnx")));
        if (problem is null)
        {
            ModelFolder.Load(folder);
            return;
        }
        var e = Assert.Throws<MLNetConceptsException>(() => ModelFolder.Load(folder));
        Assert.Contains("model.json: field 'encoder.onnx' names a graph that keeps external weights at '" + location + "', which", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnEmptyPathSaysSoAndWhatToGive(string path)
    {
        var e = Assert.Throws<MLNetConceptsException>(() => ModelFolder.Load(path));
        Assert.Equal("the model folder path is empty; give the folder that holds model.json and its ONNX graph and tokenizer files", e.Message);
    }

    [Fact]
    public void AGraphWithoutExternalWeightsNamesNone() =>
        Assert.Empty(ModelFolderFiles.ExternalDataLocations(Path.Combine(TinyModels.Folder(TinyModels.T5), "encoder.onnx")));

    [Fact]
    public void AT5FolderHasAnEncoderAndADecoderGraph()
    {
        ModelFolder model = ModelFolder.Load(TinyModels.Folder(TinyModels.T5));
        Assert.Equal("t5", model.Architecture);
        Assert.Equal(["encoder", "decoder"], model.Graphs.Select(g => g.Component));
        Assert.EndsWith("encoder.onnx", model.Encoder.OnnxPath);
        Assert.EndsWith("decoder.onnx", model.Graph("decoder").OnnxPath);
        Assert.Equal(4, model.Encoder.LayerCount);
        Assert.Equal(3, model.Decoder!.LayerCount);
        Assert.Equal(32, model.Decoder.HiddenSize);
        // Single-graph callers still see the encoder.
        Assert.Equal(model.Encoder.OnnxPath, model.OnnxPath);
        Assert.Equal(4, model.LayerCount);
    }

    [Fact]
    public void SpecsSingleGraphFieldsDescribeAnEncoderOnlyT5()
    {
        using var temp = new TempFolder();
        string folder = T5Copy(temp, d =>
        {
            JsonNode encoder = d["encoder"]!;
            d.Remove("encoder");
            d.Remove("decoder");
            d["component"] = "encoder";
            d["onnx"] = encoder["onnx"]!.GetValue<string>();
            d["hidden_states"] = encoder["hidden_states"]!.DeepClone();
        });
        ModelFolder model = ModelFolder.Load(folder);
        Assert.Null(model.Decoder);
        var e = Assert.Throws<MLNetConceptsException>(() => model.Graph("decoder"));
        Assert.Contains("has no decoder", e.Message);
        Assert.Single(model.Graphs);
    }

    public static TheoryData<string, string> BadT5Descriptions => new()
    {
        { "no-encoder", "field 'encoder' is missing; the t5 decoder reads the encoder's output" },
        { "decoder-hidden-size", "field 'decoder.hidden_size' is 16 but the encoder's is 32" },
        { "decoder-outputs", "field 'decoder.hidden_states' is missing or empty" },
        { "mixed", "field 'onnx' is given beside 'encoder'/'decoder'" },
        { "flat-decoder", "field 'component' is 'decoder', but a t5 decoder reads the encoder's output" },
    };

    [Theory]
    [MemberData(nameof(BadT5Descriptions))]
    public void ABadT5DescriptionNamesTheField(string change, string expected)
    {
        using var temp = new TempFolder();
        string folder = T5Copy(temp, d =>
        {
            switch (change)
            {
                case "no-encoder": d.Remove("encoder"); break;
                case "decoder-hidden-size": d["decoder"]!["hidden_size"] = 16; break;
                case "decoder-outputs": d["decoder"]!.AsObject().Remove("hidden_states"); break;
                case "mixed": d["onnx"] = "encoder.onnx"; break;
                case "flat-decoder":
                    d.Remove("encoder");
                    d.Remove("decoder");
                    d["component"] = "decoder";
                    d["onnx"] = "decoder.onnx";
                    d["hidden_states"] = new JsonArray("hidden_states.0");
                    break;
            }
        });
        var e = Assert.Throws<MLNetConceptsException>(() => ModelFolder.Load(folder));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Path.Combine(folder, "model.json"), e.Message);
    }

    [Fact]
    public void OnlyT5FoldersHaveADecoder()
    {
        using var temp = new TempFolder();
        string folder = temp.File("bert");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(TinyModels.Folder("tiny-bert")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        JsonObject description = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "model.json")))!.AsObject();
        description["decoder"] = new JsonObject { ["onnx"] = "model.onnx", ["hidden_states"] = new JsonArray("hidden_states.0") };
        File.WriteAllText(Path.Combine(folder, "model.json"), description.ToJsonString());
        var e = Assert.Throws<MLNetConceptsException>(() => ModelFolder.Load(folder));
        Assert.Contains("field 'decoder' is for t5 models", e.Message);
    }
}
