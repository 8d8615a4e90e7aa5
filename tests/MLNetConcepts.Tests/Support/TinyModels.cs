using System.Text.Json;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// The tiny models built by <c>models/build_tiny_models.py</c> and the vectors PyTorch computed for them
/// (<c>expected.json</c>), which the C# extraction must reproduce.
/// </summary>
public static class TinyModels
{
    public static readonly string[] Names = ["tiny-bert", "tiny-xlmr"];

    public static string Folder(string name) => Path.Combine(RepoPaths.Models, name);

    public static ExpectedModel Expected(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(name), "expected.json")));
        JsonElement root = doc.RootElement;
        var sentences = root.GetProperty("sentences").EnumerateArray().Select(s => new ExpectedSentence(
            s.GetProperty("text").GetString()!,
            s.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToArray(),
            s.GetProperty("word_piece_ids").EnumerateArray().Select(p => p.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToArray(),
            s.GetProperty("input_ids").EnumerateArray().Select(i => i.GetInt64()).ToArray(),
            s.GetProperty("kept_word_indices").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
            s.GetProperty("dropped_by_tokenizer").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
            s.GetProperty("truncated").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
            s.GetProperty("vectors").EnumerateObject().ToDictionary(
                a => a.Name,
                a => a.Value.EnumerateArray().Select(layer => layer.EnumerateArray()
                    .Select(word => word.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray()).ToArray())))
            .ToArray();
        return new ExpectedModel(root.GetProperty("num_layers").GetInt32(), root.GetProperty("hidden_size").GetInt32(), sentences);
    }
}

public sealed record ExpectedModel(int NumLayers, int HiddenSize, ExpectedSentence[] Sentences);

/// <param name="Vectors">aggregation -> layer -> kept word -> hidden values.</param>
public sealed record ExpectedSentence(string Text, string[] Words, int[][] WordPieceIds, long[] InputIds, int[] KeptWordIndices,
    int[] DroppedByTokenizer, int[] Truncated, Dictionary<string, float[][][]> Vectors);
