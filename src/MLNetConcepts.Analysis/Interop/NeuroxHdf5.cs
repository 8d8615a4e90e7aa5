using System.Globalization;
using System.Text.Json;
using PureHDF;
using PureHDF.VOL.Native;

namespace MLNetConcepts.Interop;

/// <summary>
/// NeuroX's HDF5 activations (its <c>HDF5ActivationsWriter</c>): one dataset per sentence, named by the 0-based sentence
/// number, of shape [layers, words, dimension]; and a <c>sentence_to_index</c> dataset holding one JSON string that maps
/// each sentence's tokens joined by spaces (with " (Occurrence n)" added to a repeated sentence) to its dataset name.
/// Read with PureHDF (pure .NET, no native HDF5 library), one sentence in memory at a time.
/// </summary>
internal static class NeuroxHdf5
{
    private const string SentenceIndex = "sentence_to_index";

    public static async Task ReadAsync(string file, NeuroxActivations.Importer importer, CancellationToken cancellationToken)
    {
        NativeFile h5;
        try
        {
            h5 = H5File.OpenRead(file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MLNetConceptsException($"{file}: not an HDF5 file: {e.Message}", e);
        }
        using (h5)
        {
            Dictionary<long, string> tokens = ReadTokens(h5, file);
            var sentences = new List<long>();
            foreach (IH5Object child in h5.Children())
            {
                if (child.Name == SentenceIndex) continue;
                if (!long.TryParse(child.Name, NumberStyles.None, CultureInfo.InvariantCulture, out long sentence))
                    throw new MLNetConceptsException($"{file}: dataset '{child.Name}' is neither a sentence number nor {SentenceIndex}");
                sentences.Add(sentence);
            }
            sentences.Sort();
            foreach (long sentence in sentences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string where = $"{file}: dataset {sentence.ToString(CultureInfo.InvariantCulture)}";
                (float[] values, int layers, int words, int dimension) = ReadSentence(h5, sentence, where);
                string[]? sentenceTokens = null;
                if (tokens.TryGetValue(sentence, out string? joined))
                {
                    // Split on single spaces: a dropped word is an empty token between two spaces.
                    sentenceTokens = joined.Split(' ');
                    if (sentenceTokens.Length != words)
                        throw new MLNetConceptsException($"{where}: {words} words, but {SentenceIndex} gives it {sentenceTokens.Length} tokens");
                }
                importer.BeginSentence(sentence, words, where);
                for (int w = 0; w < words; w++)
                {
                    var vectors = new float[layers][];
                    bool allZero = true;
                    for (int l = 0; l < layers; l++)
                    {
                        vectors[l] = values.AsSpan((l * words + w) * dimension, dimension).ToArray();
                        foreach (float v in vectors[l])
                        {
                            if (!float.IsFinite(v)) throw new MLNetConceptsException($"{where}: word {w} layer {l} has a NaN or infinite value");
                            if (v != 0) allZero = false;
                        }
                    }
                    // Without tokens, a dropped word is known only by its zero vector.
                    string token = sentenceTokens?[w] ?? (allZero ? "" : $"{w}");
                    if (sentenceTokens is null && !importer.HasText && !allZero)
                        throw new MLNetConceptsException($"{file}: no {SentenceIndex} dataset to take the words from; give the sentence file (--text)");
                    await importer.AddWordAsync(w, token, vectors, $"{where}: word {w}", where).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Dataset number → the sentence's tokens joined by spaces, from <c>sentence_to_index</c> (empty when absent).</summary>
    private static Dictionary<long, string> ReadTokens(NativeFile h5, string file)
    {
        var tokens = new Dictionary<long, string>();
        if (!h5.LinkExists(SentenceIndex)) return tokens;
        string json;
        try
        {
            json = h5.Dataset(SentenceIndex).Read<string[]>()[0];
        }
        catch (Exception e) when (e is not MLNetConceptsException)
        {
            throw new MLNetConceptsException($"{file}: dataset {SentenceIndex} is not a JSON string: {e.Message}", e);
        }
        Dictionary<string, string>? map;
        try
        {
            map = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            throw new MLNetConceptsException($"{file}: dataset {SentenceIndex} is not a JSON object of strings: {e.Message.Split(" Path:")[0]}", e);
        }
        foreach ((string sentence, string index) in map ?? [])
        {
            if (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                throw new MLNetConceptsException($"{file}: dataset {SentenceIndex} maps a sentence to '{index}', not a sentence number");
            // A repeated sentence is stored as "<sentence> (Occurrence n)".
            int marker = sentence.LastIndexOf(" (Occurrence ", StringComparison.Ordinal);
            tokens[number] = marker >= 0 && sentence.EndsWith(')') ? sentence[..marker] : sentence;
        }
        return tokens;
    }

    private static (float[] Values, int Layers, int Words, int Dimension) ReadSentence(NativeFile h5, long sentence, string where)
    {
        IH5Dataset dataset = h5.Dataset(sentence.ToString(CultureInfo.InvariantCulture));
        ulong[] shape = dataset.Space.Dimensions;
        if (shape.Length != 3)
            throw new MLNetConceptsException($"{where}: shape [{string.Join(", ", shape)}], expected [layers, words, dimension]");
        if (shape[0] == 0 || shape[2] == 0)
            throw new MLNetConceptsException($"{where}: shape [{string.Join(", ", shape)}] has no layers or no values");
        int layers = checked((int)shape[0]), words = checked((int)shape[1]), dimension = checked((int)shape[2]);
        float[] values = dataset.Type.Size switch
        {
            4 => dataset.Read<float[]>(),
            8 => Array.ConvertAll(dataset.Read<double[]>(), d => (float)d),
            2 => Array.ConvertAll(dataset.Read<Half[]>(), h => (float)h),
            _ => throw new MLNetConceptsException($"{where}: values of {dataset.Type.Size} bytes; expected float16, float32 or float64"),
        };
        return (values, layers, words, dimension);
    }
}
