using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Text;

namespace MLNetConcepts.Models;

/// <summary>
/// A model folder (SPEC section 2): <c>model.json</c>, the ONNX graph and the tokenizer file. Loading checks
/// every field and file and reports the first problem as one line naming <c>model.json</c> and the field.
/// </summary>
public sealed class ModelFolder
{
    public const string DescriptionFileName = "model.json";

    private ModelFolder(string folder, ModelDescription description)
    {
        Folder = folder;
        Description = description;
    }

    public string Folder { get; }

    public ModelDescription Description { get; }

    public string Architecture => Description.Architecture!;

    public string Component => Description.Component ?? "encoder";

    public string OnnxPath => Path.Combine(Folder, Description.Onnx!);

    public string TokenizerPath => Path.Combine(Folder, Description.Tokenizer!.File!);

    public int HiddenSize => Description.HiddenSize!.Value;

    public int MaxPositions => Description.MaxPositions!.Value;

    /// <summary>Layers 0 (embeddings) .. <see cref="LayerCount"/> - 1.</summary>
    public int LayerCount => Description.HiddenStates!.Count;

    /// <summary>The ONNX output holding <paramref name="layer"/>.</summary>
    public string HiddenStateOutput(int layer) => Description.HiddenStates![layer];

    /// <summary>Reads and validates <c>model.json</c> in <paramref name="folder"/>.</summary>
    public static ModelFolder Load(string folder)
    {
        string file = Path.Combine(folder, DescriptionFileName);
        if (!Directory.Exists(folder))
            throw new MLNetConceptsException($"{folder}: model folder not found");
        if (!File.Exists(file))
            throw new MLNetConceptsException($"{file}: not found; a model folder needs model.json (SPEC section 2)");

        ModelDescription? description;
        try
        {
            description = JsonSerializer.Deserialize<ModelDescription>(File.ReadAllText(file), JsonOptions);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" line {line + 1}" : "";
            throw new MLNetConceptsException($"{file}:{where} malformed JSON: {e.Message.Split('.')[0]}", e);
        }
        if (description is null)
            throw new MLNetConceptsException($"{file}: empty description");
        Validate(description, folder, file);
        return new ModelFolder(folder, description);
    }

    private static void Validate(ModelDescription d, string folder, string file)
    {
        void Fail(string field, string problem) => throw new MLNetConceptsException($"{file}: field '{field}' {problem}");

        if (d.Architecture is null) Fail("architecture", "is missing (bert, xlm-roberta or t5)");
        if (d.Architecture is not ("bert" or "xlm-roberta" or "t5"))
            Fail("architecture", $"is '{d.Architecture}', expected bert, xlm-roberta or t5");
        if (d.Architecture == "t5")
            Fail("architecture", "t5 is not supported yet (encoder-decoder extraction is planned)");
        if (d.Component is not (null or "encoder"))
            Fail("component", $"is '{d.Component}', expected encoder for {d.Architecture}");
        if (string.IsNullOrEmpty(d.Onnx)) Fail("onnx", "is missing");
        if (!File.Exists(Path.Combine(folder, d.Onnx!))) Fail("onnx", $"names '{d.Onnx}', which is not in {folder}");
        if (d.Tokenizer is null) Fail("tokenizer", "is missing");
        string expectedKind = d.Architecture == "bert" ? "wordpiece" : "sentencepiece";
        if (d.Tokenizer!.Kind != expectedKind)
            Fail("tokenizer.kind", $"is '{d.Tokenizer.Kind}', expected {expectedKind} for {d.Architecture}");
        if (string.IsNullOrEmpty(d.Tokenizer.File)) Fail("tokenizer.file", "is missing");
        if (!File.Exists(Path.Combine(folder, d.Tokenizer.File!)))
            Fail("tokenizer.file", $"names '{d.Tokenizer.File}', which is not in {folder}");
        if (d.HiddenStates is null || d.HiddenStates.Count == 0) Fail("hidden_states", "is missing or empty");
        if (d.HiddenStates!.Any(string.IsNullOrEmpty)) Fail("hidden_states", "has an empty name");
        if (d.HiddenSize is null or <= 0) Fail("hidden_size", "must be a positive integer");
        if (d.MaxPositions is null or <= 2) Fail("max_positions", "must be an integer above 2");
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
                _ => throw new MLNetConceptsException($"{Path.Combine(Folder, DescriptionFileName)}: no tokenizer for architecture '{Architecture}'"),
            };
        }
        catch (Exception e) when (e is not MLNetConceptsException and (IOException or ArgumentException or InvalidOperationException or FormatException))
        {
            throw new MLNetConceptsException($"{TokenizerPath}: cannot load the {Description.Tokenizer!.Kind} tokenizer: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

/// <summary>The fields of <c>model.json</c> (SPEC section 2); unknown fields are ignored.</summary>
public sealed class ModelDescription
{
    public string? Architecture { get; set; }
    public string? Component { get; set; }
    public string? Onnx { get; set; }
    public TokenizerDescription? Tokenizer { get; set; }
    public List<string>? HiddenStates { get; set; }
    public int? HiddenSize { get; set; }
    public int? MaxPositions { get; set; }
    public int? NumLayers { get; set; }
}

public sealed class TokenizerDescription
{
    /// <summary><c>wordpiece</c> or <c>sentencepiece</c>.</summary>
    public string? Kind { get; set; }
    public string? File { get; set; }
    public bool Lowercase { get; set; }
}
