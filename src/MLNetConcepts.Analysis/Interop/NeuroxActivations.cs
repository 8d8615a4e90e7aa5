using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLNetConcepts.Storage;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Interop;

/// <summary>One NeuroX activations file (its JSON-lines format) and what the file itself does not say.</summary>
public sealed class NeuroxSource
{
    /// <summary>The <c>.json</c> file NeuroX's extractor wrote (<c>--output_type json</c>), one sentence per line.</summary>
    public required string File { get; init; }

    /// <summary>Language code of its sentences.</summary>
    public required string Language { get; init; }

    /// <summary>
    /// The sentence file NeuroX read, to take the words from (as ConceptX does). Without it the words are NeuroX's
    /// <c>token</c> fields: the word's sub-word pieces joined, e.g. <c>▁house</c> or <c>hou##se</c>.
    /// </summary>
    public string? TextFile { get; init; }

    /// <summary>Component recorded for the rows. Default <c>encoder</c>.</summary>
    public string Component { get; init; } = "encoder";

    /// <summary>
    /// The model layer of each layer the file holds, in file order. Null: a file named <c>…-layer&lt;L&gt;.json</c>
    /// holding one layer (NeuroX's <c>--decompose_layers</c>) is layer L; otherwise the file's positions 0, 1, … are the layers.
    /// </summary>
    public IReadOnlyList<int>? Layers { get; init; }
}

/// <summary>What an import read.</summary>
/// <param name="DroppedWords">Features with an empty token: words the tokenizer dropped, which NeuroX stores as zero vectors and this tool keeps out (a dropped word never gets a vector).</param>
/// <param name="TruncatedWords">Words of the sentence file past the last feature of their line (NeuroX truncates long inputs).</param>
/// <param name="Component">The component recorded for the rows.</param>
/// <param name="Language">The language recorded for the rows.</param>
/// <param name="Layers">The model layers written, in file order.</param>
/// <param name="Dimension">Floats per vector.</param>
/// <param name="Sentences">Distinct sentences that had features.</param>
/// <param name="Words">Word occurrences written (each at every layer).</param>
public sealed record NeuroxImportResult(string Component, string Language, IReadOnlyList<int> Layers, int Dimension, long Sentences,
    long Words, long DroppedWords, long TruncatedWords);

/// <summary>
/// Reads NeuroX activations (its JSON-lines writer: per line <c>{"linex_index": i, "features": [{"token": w,
/// "layers": [{"index": 0, "values": [...]}, ...]}, ...]}</c>) into an activations folder (<c>component=&lt;c&gt;/layer=&lt;L&gt;/</c> Parquet parts), one pass,
/// one line in memory at a time. The discovery then reads it as it reads <c>extract</c>'s output: JSON is parsed
/// once for all its layers, where the discovery reads every layer twice. Bad input fails naming the file and line.
/// </summary>
public static partial class NeuroxActivations
{
    [GeneratedRegex(@"-layer(\d+)\.(json|hdf5)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DecomposedName();

    /// <summary>Whether a path names a NeuroX file by its extension (<c>.json</c> or <c>.hdf5</c>), as NeuroX's writer chooses the format.</summary>
    public static bool IsNeuroxFile(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Streams one file into <paramref name="activationsRoot"/>: NeuroX's JSON (<c>.json</c>) or HDF5 (<c>.hdf5</c>)
    /// format. Parts of the same component, layers and language are replaced.
    /// </summary>
    public static async Task<NeuroxImportResult> ImportAsync(NeuroxSource source, string activationsRoot, CancellationToken cancellationToken = default)
    {
        string file = source.File;
        if (!System.IO.File.Exists(file)) throw new MLNetConceptsException($"{file}: file not found");
        if (string.IsNullOrWhiteSpace(source.Language)) throw OptionErrors.Invalid(nameof(NeuroxSource), nameof(NeuroxSource.Language), $"no language given for {file}");
        string[]? sentences = source.TextFile is null ? null : SentenceFile.ReadLines(source.TextFile).ToArray();
        var importer = new Importer(source, activationsRoot, sentences);
        try
        {
            if (file.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase))
                await NeuroxHdf5.ReadAsync(file, importer, cancellationToken).ConfigureAwait(false);
            else
                await ReadJsonAsync(file, importer, cancellationToken).ConfigureAwait(false);
            return await importer.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            await importer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task ReadJsonAsync(string file, Importer importer, CancellationToken cancellationToken)
    {
        long lineNumber = 0;
        foreach (string line in ReadLines(file))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            string where = $"{file}: line {lineNumber.ToString(CultureInfo.InvariantCulture)}";
            using JsonDocument document = Parse(line, where);
            JsonElement root = document.RootElement;
            long sentence = SentenceIndex(root, where);
            if (!root.TryGetProperty("features", out JsonElement features) || features.ValueKind != JsonValueKind.Array)
                throw new MLNetConceptsException($"{where}: no \"features\" list");
            importer.BeginSentence(sentence, features.GetArrayLength(), where);

            int wordIndex = -1;
            foreach (JsonElement feature in features.EnumerateArray())
            {
                wordIndex++;
                string what = $"{where}: feature {wordIndex}";
                if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("token", out JsonElement token) || token.ValueKind != JsonValueKind.String)
                    throw new MLNetConceptsException($"{what}: no \"token\" string");
                if (!feature.TryGetProperty("layers", out JsonElement featureLayers) || featureLayers.ValueKind != JsonValueKind.Array || featureLayers.GetArrayLength() == 0)
                    throw new MLNetConceptsException($"{what}: no \"layers\" list");
                var vectors = new float[featureLayers.GetArrayLength()][];
                for (int l = 0; l < vectors.Length; l++)
                    vectors[l] = Values(featureLayers[l], l, what, l == 0 ? importer.Dimension : vectors[0].Length);
                await importer.AddWordAsync(wordIndex, token.GetString()!, vectors, what, where).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Turns sentences of either format into rows of an <see cref="ActivationWriter"/>, checking them alike.</summary>
    internal sealed class Importer(NeuroxSource source, string activationsRoot, string[]? sentences) : IAsyncDisposable
    {
        private readonly HashSet<long> _seenSentences = new();
        private ActivationWriter? _writer;
        private int[] _layers = [];
        private long _sentence;
        private string[]? _sentenceWords;
        private long _words, _dropped, _truncated;

        /// <summary>The vector length once known; −1 before the first word.</summary>
        public int Dimension { get; private set; } = -1;

        public NeuroxSource Source => source;

        /// <summary>Whether words come from the sentence file.</summary>
        public bool HasText => sentences is not null;

        /// <summary>Starts a sentence of <paramref name="wordCount"/> words (features).</summary>
        public void BeginSentence(long sentence, int wordCount, string where)
        {
            if (!_seenSentences.Add(sentence)) throw new MLNetConceptsException($"{where}: sentence {sentence} appears twice");
            _sentence = sentence;
            _sentenceWords = null;
            if (sentences is null) return;
            if (sentence >= sentences.Length)
                throw new MLNetConceptsException($"{where}: sentence {sentence} is past the end of {source.TextFile} ({sentences.Length} lines)");
            _sentenceWords = WordSplitter.Split(sentences[sentence]);
            if (wordCount > _sentenceWords.Length)
                throw new MLNetConceptsException(
                    $"{where}: {wordCount} features for the {_sentenceWords.Length} words of line {sentence + 1} of {source.TextFile} (extracted with special tokens, or another file?)");
            _truncated += _sentenceWords.Length - wordCount;
        }

        /// <summary>One word's vectors, one per layer the file holds, in file order.</summary>
        /// <param name="where">Where the file's first layer count is checked (the first word makes it the count).</param>
        /// <param name="wordIndex">0-based index of the word in its sentence.</param>
        /// <param name="token">NeuroX's token field; empty for a word the tokenizer dropped (then nothing is written).</param>
        /// <param name="vectors">One vector per layer of the file; layer count and lengths must match the first word's, else <see cref="MLNetConceptsException"/>.</param>
        /// <param name="what">Names this word in error messages, e.g. "file: sentence 3: word 2".</param>
        public async Task AddWordAsync(int wordIndex, string token, float[][] vectors, string what, string where)
        {
            if (_writer is null)
            {
                _layers = ModelLayers(source, vectors.Length, where);
                Dimension = vectors[0].Length;
                _writer = new ActivationWriter(activationsRoot, source.Component, source.Language, _layers, Dimension);
            }
            if (vectors.Length != _layers.Length)
                throw new MLNetConceptsException($"{what}: {vectors.Length} layers, but the first sentence has {_layers.Length}");
            // NeuroX writes a zero vector with an empty token for a word the tokenizer dropped: no vector here.
            if (token.Length == 0)
            {
                _dropped++;
                return;
            }
            string word = _sentenceWords is null ? token : _sentenceWords[wordIndex];
            for (int l = 0; l < _layers.Length; l++)
            {
                if (vectors[l].Length != Dimension)
                    throw new MLNetConceptsException($"{what}: layer {l} has {vectors[l].Length} values, but the first vector has {Dimension}");
                await _writer.AddAsync(_layers[l], _sentence, wordIndex, word, vectors[l]).ConfigureAwait(false);
            }
            _words++;
        }

        public async Task<NeuroxImportResult> CommitAsync()
        {
            if (_writer is null) throw new MLNetConceptsException($"{source.File}: no activations (no sentence holds a word)");
            await _writer.CommitAsync().ConfigureAwait(false);
            return new NeuroxImportResult(source.Component, source.Language, _layers, Dimension, _seenSentences.Count, _words, _dropped, _truncated);
        }

        public async ValueTask DisposeAsync()
        {
            if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(file, strict, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        long number = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                throw new MLNetConceptsException($"{file}: line {number + 1} (or the one after): invalid UTF-8");
            }
            if (line is null) yield break;
            number++;
            yield return line;
        }
    }

    private static JsonDocument Parse(string line, string where)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            // NaN and Infinity (Python's json writes them bare) are not JSON: they fail here, as a non-finite Parquet value fails.
            throw new MLNetConceptsException($"{where}: not a JSON object: {e.Message.Split(" LineNumber")[0]}");
        }
    }

    private static long SentenceIndex(JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new MLNetConceptsException($"{where}: not a JSON object");
        if (!root.TryGetProperty("linex_index", out JsonElement index) || index.ValueKind != JsonValueKind.Number
            || !index.TryGetInt64(out long sentence) || sentence < 0)
            throw new MLNetConceptsException($"{where}: no \"linex_index\" (the 0-based sentence number)");
        return sentence;
    }

    private static int[] ModelLayers(NeuroxSource source, int count, string where)
    {
        if (source.Layers is { } given)
        {
            if (given.Count != count)
                throw OptionErrors.Invalid(nameof(NeuroxSource), nameof(NeuroxSource.Layers), $"{given.Count} layer(s) given, but {where} holds {count}");
            if (given.Distinct().Count() != given.Count)
                throw OptionErrors.Invalid(nameof(NeuroxSource), nameof(NeuroxSource.Layers), "a layer is named twice");
            return given.ToArray();
        }
        Match decomposed = DecomposedName().Match(Path.GetFileName(source.File));
        if (decomposed.Success && count == 1 && int.TryParse(decomposed.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int layer))
            return [layer];
        return Enumerable.Range(0, count).ToArray();
    }

    private static float[] Values(JsonElement layer, int position, string where, int expected)
    {
        if (layer.ValueKind != JsonValueKind.Object)
            throw new MLNetConceptsException($"{where}: layer {position} is not an object");
        if (layer.TryGetProperty("index", out JsonElement index) && (index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out int i) || i != position))
            throw new MLNetConceptsException($"{where}: layer {position} has \"index\" {index}, expected {position}");
        if (!layer.TryGetProperty("values", out JsonElement values) || values.ValueKind != JsonValueKind.Array)
            throw new MLNetConceptsException($"{where}: layer {position} has no \"values\" list");
        int length = values.GetArrayLength();
        if (length == 0) throw new MLNetConceptsException($"{where}: layer {position} has an empty vector");
        if (expected >= 0 && length != expected)
            throw new MLNetConceptsException($"{where}: layer {position} has {length} values, but the first vector has {expected}");
        var vector = new float[length];
        int n = 0;
        foreach (JsonElement value in values.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number))
                throw new MLNetConceptsException($"{where}: layer {position} value {n} is not a number");
            float single = (float)number;
            if (!float.IsFinite(single))
                throw new MLNetConceptsException($"{where}: layer {position} value {n} is out of float range");
            vector[n++] = single;
        }
        return vector;
    }
}
