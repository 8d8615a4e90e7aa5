using System.Text.Json;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// The tiny models built by <c>models/build_tiny_models.py</c> and the vectors PyTorch computed for them
/// (<c>expected.json</c>), which the C# extraction must reproduce.
/// </summary>
public static class TinyModels
{
    /// <summary>The single-encoder models.</summary>
    public static readonly string[] Names = ["tiny-bert", "tiny-xlmr"];

    /// <summary>The T5-style encoder-decoder; its sentences carry a <see cref="ExpectedSentence.Target"/>.</summary>
    public const string T5 = "tiny-t5";

    public static string Folder(string name) => Path.Combine(RepoPaths.Models, name);

    public static ExpectedModel Expected(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(name), "expected.json")));
        JsonElement root = doc.RootElement;
        var sentences = root.GetProperty("sentences").EnumerateArray().Select(s => new ExpectedSentence(
            s.GetProperty("text").GetString()!,
            Strings(s.GetProperty("words")),
            s.GetProperty("word_piece_ids").EnumerateArray().Select(Ints).ToArray(),
            s.GetProperty("input_ids").EnumerateArray().Select(i => i.GetInt64()).ToArray(),
            Ints(s.GetProperty("kept_word_indices")),
            Ints(s.GetProperty("dropped_by_tokenizer")),
            Ints(s.GetProperty("truncated")),
            Vectors(s.GetProperty("vectors")),
            s.TryGetProperty("target", out JsonElement t) ? Target(t) : null))
            .ToArray();
        int? decoderLayers = root.TryGetProperty("decoder_num_layers", out JsonElement d) ? d.GetInt32() : null;
        return new ExpectedModel(root.GetProperty("num_layers").GetInt32(), root.GetProperty("hidden_size").GetInt32(), sentences, decoderLayers);
    }

    private static ExpectedTarget Target(JsonElement t) => new(
        t.GetProperty("text").GetString()!,
        Strings(t.GetProperty("words")),
        t.GetProperty("word_piece_ids").EnumerateArray().Select(Ints).ToArray(),
        t.GetProperty("input_ids").EnumerateArray().Select(i => i.GetInt64()).ToArray(),
        t.GetProperty("decoder_input_ids").EnumerateArray().Select(i => i.GetInt64()).ToArray(),
        Ints(t.GetProperty("kept_word_indices")),
        Ints(t.GetProperty("dropped_by_tokenizer")),
        Ints(t.GetProperty("truncated")),
        t.GetProperty("vectors").EnumerateObject().ToDictionary(p => p.Name, p => Vectors(p.Value)));

    private static string[] Strings(JsonElement e) => e.EnumerateArray().Select(w => w.GetString()!).ToArray();

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(i => i.GetInt32()).ToArray();

    private static Dictionary<string, float[][][]> Vectors(JsonElement e) => e.EnumerateObject().ToDictionary(
        a => a.Name,
        a => a.Value.EnumerateArray().Select(layer => layer.EnumerateArray()
            .Select(word => word.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray()).ToArray());
}

/// <param name="DecoderNumLayers">tiny-t5: decoder layers (the decoder has layers 0..N); null for encoders.</param>
public sealed record ExpectedModel(int NumLayers, int HiddenSize, ExpectedSentence[] Sentences, int? DecoderNumLayers = null);

/// <param name="Vectors">aggregation -> layer -> kept word -> hidden values.</param>
/// <param name="Target">tiny-t5: the target side of the pair, run through the decoder.</param>
public sealed record ExpectedSentence(string Text, string[] Words, int[][] WordPieceIds, long[] InputIds, int[] KeptWordIndices,
    int[] DroppedByTokenizer, int[] Truncated, Dictionary<string, float[][][]> Vectors, ExpectedTarget? Target = null);

/// <param name="InputIds">The target ids (pieces, then &lt;/s&gt;).</param>
/// <param name="DecoderInputIds">The decoder's input: the start token 0, then the target ids without the last.</param>
/// <param name="Vectors">decoder position (predict, read) -> aggregation -> layer -> kept word -> hidden values.</param>
public sealed record ExpectedTarget(string Text, string[] Words, int[][] WordPieceIds, long[] InputIds, long[] DecoderInputIds,
    int[] KeptWordIndices, int[] DroppedByTokenizer, int[] Truncated, Dictionary<string, Dictionary<string, float[][][]>> Vectors);
