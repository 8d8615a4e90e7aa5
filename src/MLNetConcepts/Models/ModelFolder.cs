using System.Text.Json;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Models;

/// <summary>
/// A model folder: <c>model.json</c>, the ONNX graph(s) and the tokenizer file. Loading checks
/// every field and file and reports the first problem as one line naming <c>model.json</c> and the field.
/// bert and xlm-roberta folders hold one encoder graph (<c>onnx</c>, <c>hidden_states</c>); a t5 folder holds an
/// <c>encoder</c> and usually a <c>decoder</c> object, each with its own <c>onnx</c> and <c>hidden_states</c>.
/// </summary>
public sealed class ModelFolder
{
    /// <summary>The description file every model folder holds.</summary>
    public const string DescriptionFileName = "model.json";

    /// <summary>The largest <c>model.json</c> read (1 MiB; real ones are under 2 KB).</summary>
    public const int MaxDescriptionBytes = 1 << 20;

    /// <summary>The component names used in the tables (<c>component=&lt;c&gt;</c> partitions).</summary>
    public const string EncoderComponent = "encoder";

    /// <inheritdoc cref="EncoderComponent"/>
    public const string DecoderComponent = "decoder";

    private ModelFolder(string folder, ModelDescription description, ModelGraph encoder, ModelGraph? decoder)
    {
        Folder = folder;
        Description = description;
        Encoder = encoder;
        Decoder = decoder;
    }

    /// <summary>The model folder's path, as given.</summary>
    public string Folder { get; }

    /// <summary>The checked contents of <c>model.json</c>.</summary>
    public ModelDescription Description { get; }

    /// <summary><c>bert</c>, <c>xlm-roberta</c> or <c>t5</c>.</summary>
    public string Architecture => Description.Architecture!;

    /// <summary>The encoder graph (every architecture has one).</summary>
    public ModelGraph Encoder { get; }

    /// <summary>The t5 decoder graph; null for encoder-only models.</summary>
    public ModelGraph? Decoder { get; }

    /// <summary>The graphs of the folder: the encoder, then the decoder where there is one.</summary>
    public IReadOnlyList<ModelGraph> Graphs => Decoder is null ? [Encoder] : [Encoder, Decoder];

    /// <summary>The graph of <paramref name="component"/> (<c>encoder</c> or <c>decoder</c>).</summary>
    public ModelGraph Graph(string component) => component switch
    {
        EncoderComponent => Encoder,
        DecoderComponent => Decoder ?? throw new MLNetConceptsException(
            $"{DescriptionPath}: this {Architecture} model has no decoder{(Architecture == "t5" ? " (model.json has no 'decoder' object)" : "; only t5 models have one")}"),
        _ => throw new MLNetConceptsException($"{DescriptionPath}: no component '{component}' (encoder or decoder)"),
    };

    /// <summary>The path of this folder's <c>model.json</c>, for messages.</summary>
    public string DescriptionPath => Path.Combine(Folder, DescriptionFileName);

    /// <summary>The encoder's component name (kept for single-graph callers).</summary>
    public string Component => Encoder.Component;

    /// <summary>The encoder's ONNX file.</summary>
    public string OnnxPath => Encoder.OnnxPath;

    /// <summary>The tokenizer file (<c>tokenizer.file</c>, inside the folder).</summary>
    public string TokenizerPath => Path.Combine(Folder, Description.Tokenizer!.File!);

    /// <summary>Floats per token vector (<c>hidden_size</c>).</summary>
    public int HiddenSize => Description.HiddenSize!.Value;

    /// <summary>The most tokens one input may hold, special tokens included (<c>max_positions</c>).</summary>
    public int MaxPositions => Description.MaxPositions!.Value;

    /// <summary>Encoder layers 0 (embeddings) .. <see cref="LayerCount"/> - 1.</summary>
    public int LayerCount => Encoder.LayerCount;

    /// <summary>Reads and validates <c>model.json</c> in <paramref name="folder"/>.</summary>
    public static ModelFolder Load(string folder)
    {
        // An empty path would otherwise read as ": model folder not found", naming nothing.
        if (string.IsNullOrWhiteSpace(folder))
            throw new MLNetConceptsException("the model folder path is empty; give the folder that holds model.json and its ONNX graph and tokenizer files");
        string file = Path.Combine(folder, DescriptionFileName);
        if (!Directory.Exists(folder))
            throw new MLNetConceptsException($"{folder}: {(File.Exists(folder) ? "is a file, expected a model folder holding model.json" : "model folder not found")}");
        if (!File.Exists(file))
            throw new MLNetConceptsException($"{file}: not found; a model folder needs model.json beside its ONNX graph and tokenizer file");

        if (Storage.FileKinds.NotRegular(file) is { } kind)
            throw new MLNetConceptsException($"{file}: is {kind}, not a regular file");
        if (new FileInfo(file).Length > MaxDescriptionBytes)
            throw new MLNetConceptsException($"{file}: is {new FileInfo(file).Length} bytes; a model description is a small JSON file (at most {MaxDescriptionBytes} bytes)");
        ModelDescription? description = JsonFiles.Read<ModelDescription>(file, JsonOptions, "malformed JSON: ");
        if (description is null)
            throw new MLNetConceptsException($"{file}: empty description");
        (ModelGraph encoder, ModelGraph? decoder) = Validate(description, folder, file);
        // Devices, pipes and links to nothing anywhere in the folder are refused now, before anything reads or hashes them.
        ModelFolderFiles.Enumerate(folder);
        return new ModelFolder(folder, description, encoder, decoder);
    }

    private static (ModelGraph Encoder, ModelGraph? Decoder) Validate(ModelDescription d, string folder, string file)
    {
        void Fail(string field, string problem) => throw new MLNetConceptsException($"{file}: field '{field}' {problem}");

        if (d.Architecture is null) Fail("architecture", "is missing (bert, xlm-roberta or t5)");
        if (d.Architecture is not ("bert" or "xlm-roberta" or "t5"))
            Fail("architecture", $"is '{ErrorText.Shorten(d.Architecture ?? "")}', expected bert, xlm-roberta or t5");
        if (d.Tokenizer is null) Fail("tokenizer", "is missing");
        string expectedKind = d.Architecture == "bert" ? "wordpiece" : "sentencepiece";
        if (d.Tokenizer!.Kind != expectedKind)
            Fail("tokenizer.kind", $"is '{ErrorText.Shorten(d.Tokenizer.Kind ?? "")}', expected {expectedKind} for {d.Architecture}");
        if (string.IsNullOrEmpty(d.Tokenizer.File)) Fail("tokenizer.file", "is missing");
        if (ModelFolderFiles.Escapes(folder, d.Tokenizer.File!) is { } tokenizerProblem) Fail("tokenizer.file", tokenizerProblem);
        if (!File.Exists(Path.Combine(folder, d.Tokenizer.File!)))
            Fail("tokenizer.file", $"names '{ErrorText.Shorten(d.Tokenizer.File!)}', which is not in {folder}");
        if (d.HiddenSize is null or <= 0) Fail("hidden_size", "must be a positive integer");
        if (d.MaxPositions is null or <= 2) Fail("max_positions", "must be an integer above 2");
        if (d.MaxPositions > Limits.MaxPositions)
            Fail("max_positions", $"is {d.MaxPositions}, more than the {Limits.MaxPositions} the tool accepts; give the graph's position table size (512 for bert-base)");

        bool flat = d.Onnx is not null || d.HiddenStates is not null;
        if (d.Architecture != "t5")
        {
            if (d.Encoder is not null || d.Decoder is not null)
                Fail(d.Decoder is not null ? "decoder" : "encoder", $"is for t5 models; a {d.Architecture} folder gives 'onnx' and 'hidden_states'");
            if (d.Component is not (null or EncoderComponent))
                Fail("component", $"is '{ErrorText.Shorten(d.Component ?? "")}', expected encoder for {d.Architecture}");
            return (Graph(EncoderComponent, "", d.Onnx, d.HiddenStates, d.HiddenSize, d.NumLayers, d, folder, Fail), null);
        }

        // t5: an "encoder" object and a "decoder" object; the single-graph fields (onnx, hidden_states,
        // component encoder) also describe an encoder-only export.
        if (flat)
        {
            if (d.Encoder is not null || d.Decoder is not null)
                Fail("onnx", "is given beside 'encoder'/'decoder'; for t5 put onnx and hidden_states inside the encoder and decoder objects");
            if (d.Component == DecoderComponent)
                Fail("component", "is 'decoder', but a t5 decoder reads the encoder's output: give 'encoder' and 'decoder' objects, each with onnx and hidden_states");
            if (d.Component is not (null or EncoderComponent))
                Fail("component", $"is '{ErrorText.Shorten(d.Component ?? "")}', expected encoder or decoder");
            return (Graph(EncoderComponent, "", d.Onnx, d.HiddenStates, d.HiddenSize, d.NumLayers, d, folder, Fail), null);
        }
        if (d.Encoder is null)
            Fail("encoder", d.Decoder is null
                ? "is missing; a t5 folder gives 'encoder' and 'decoder' objects, each with onnx and hidden_states"
                : "is missing; the t5 decoder reads the encoder's output, so the folder needs the encoder graph too");
        ModelGraph encoder = Graph(EncoderComponent, "encoder.", d.Encoder!.Onnx, d.Encoder.HiddenStates, d.Encoder.HiddenSize, d.Encoder.NumLayers, d, folder, Fail);
        if (d.Decoder is null) return (encoder, null);
        ModelGraph decoder = Graph(DecoderComponent, "decoder.", d.Decoder.Onnx, d.Decoder.HiddenStates, d.Decoder.HiddenSize, d.Decoder.NumLayers, d, folder, Fail);
        if (decoder.HiddenSize != encoder.HiddenSize)
            Fail("decoder.hidden_size", $"is {decoder.HiddenSize} but the encoder's is {encoder.HiddenSize}; the decoder reads the encoder's hidden states, so both must have the same size");
        return (encoder, decoder);
    }

    private static ModelGraph Graph(string component, string prefix, string? onnx, List<string>? hiddenStates, int? hiddenSize,
        int? numLayers, ModelDescription d, string folder, Action<string, string> fail)
    {
        if (string.IsNullOrEmpty(onnx)) fail(prefix + "onnx", "is missing");
        if (ModelFolderFiles.Escapes(folder, onnx!) is { } onnxProblem) fail(prefix + "onnx", onnxProblem);
        if (!File.Exists(Path.Combine(folder, onnx!))) fail(prefix + "onnx", $"names '{ErrorText.Shorten(onnx!)}', which is not in {folder}");
        // External weights are read by ONNX Runtime from beside the graph: they too must lie inside the folder, where the fingerprint sees them.
        string graphFolder = Path.GetDirectoryName(onnx!) ?? "";
        foreach (string location in ModelFolderFiles.ExternalDataLocations(Path.Combine(folder, onnx!)))
        {
            string relative = Path.IsPathRooted(location) ? location : Path.Combine(graphFolder, location);
            if (ModelFolderFiles.Escapes(folder, relative) is { } weightsProblem)
                fail(prefix + "onnx", $"names a graph that keeps external weights at '{ErrorText.Shorten(location)}', which {weightsProblem.Replace("model.json paths", "paths")}");
        }
        if (hiddenStates is null || hiddenStates.Count == 0) fail(prefix + "hidden_states", "is missing or empty");
        if (hiddenStates!.Any(string.IsNullOrEmpty)) fail(prefix + "hidden_states", "has an empty name");
        // A repeated name or a short list would silently give the wrong layer under a layer number.
        if (hiddenStates!.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            fail(prefix + "hidden_states", $"names '{repeated.Key}' {repeated.Count()} times; each layer needs its own output");
        if (numLayers is <= 0) fail(prefix + "num_layers", "must be a positive integer");
        if (numLayers is int layers && hiddenStates!.Count != layers + 1)
            fail(prefix + "hidden_states", $"has {hiddenStates!.Count} names but {prefix}num_layers is {layers}; expected {layers + 1} (the embeddings, then each layer)");
        if (hiddenSize is <= 0) fail(prefix + "hidden_size", "must be a positive integer");
        // A graph's own hidden_size is optional: the top-level value applies when it is absent.
        if (hiddenSize is int own && own != d.HiddenSize && prefix == "encoder.")
            fail(prefix + "hidden_size", $"is {own} but hidden_size is {d.HiddenSize}");
        return new ModelGraph(component, Path.Combine(folder, onnx!), hiddenStates!, hiddenSize ?? d.HiddenSize!.Value,
            prefix + "hidden_states", Path.Combine(folder, DescriptionFileName));
    }

    /// <summary>The tokenizer this model was trained with, set up for its architecture.</summary>
    public SubwordTokenizer CreateTokenizer()
    {
        try
        {
            return Architecture switch
            {
                "bert" => new WordPieceSubwordTokenizer(TokenizerPath, Description.Tokenizer!.Lowercase),
                "xlm-roberta" => new SentencePieceSubwordTokenizer(TokenizerPath, SentencePieceIdLayout.Fairseq),
                "t5" => new SentencePieceSubwordTokenizer(TokenizerPath, SentencePieceIdLayout.T5),
                _ => throw new MLNetConceptsException($"{DescriptionPath}: no tokenizer for architecture '{Architecture}'"),
            };
        }
        catch (Exception e) when (e is not MLNetConceptsException and (IOException or ArgumentException or InvalidOperationException or FormatException
                                      or IndexOutOfRangeException))
        {
            throw new MLNetConceptsException($"{TokenizerPath}: cannot load the {Description.Tokenizer!.Kind} tokenizer: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };
}
