namespace MLNetConcepts.Models;

/// <summary>The fields of <c>model.json</c>; unknown fields are ignored.</summary>
public sealed class ModelDescription
{
    /// <summary><c>architecture</c>: <c>bert</c>, <c>xlm-roberta</c> or <c>t5</c>.</summary>
    public string? Architecture { get; set; }
    /// <summary><c>component</c>: <c>encoder</c> for a single-graph folder (a t5 folder may give <c>encoder</c> and <c>decoder</c> objects instead).</summary>
    public string? Component { get; set; }
    /// <summary><c>onnx</c>: the encoder's ONNX file, relative to the folder (single-graph folders).</summary>
    public string? Onnx { get; set; }
    /// <summary><c>tokenizer</c>: kind, file and casing of the tokenizer.</summary>
    public TokenizerDescription? Tokenizer { get; set; }
    /// <summary><c>hidden_states</c>: the ONNX output of each layer, embeddings first (single-graph folders).</summary>
    public List<string>? HiddenStates { get; set; }
    /// <summary><c>hidden_size</c>: floats per token vector.</summary>
    public int? HiddenSize { get; set; }
    /// <summary><c>max_positions</c>: the most tokens one input may hold, special tokens included.</summary>
    public int? MaxPositions { get; set; }
    /// <summary><c>num_layers</c>: optional; when given, <c>hidden_states</c> must name exactly this many + 1 outputs.</summary>
    public int? NumLayers { get; set; }

    /// <summary>t5: the encoder graph.</summary>
    public GraphDescription? Encoder { get; set; }

    /// <summary>t5: the decoder graph (inputs <c>input_ids</c>, <c>encoder_hidden_states</c>, <c>encoder_attention_mask</c>).</summary>
    public GraphDescription? Decoder { get; set; }
}

/// <summary>One graph of a t5 folder: its ONNX file and the outputs holding layers 0..N.</summary>
public sealed class GraphDescription
{
    /// <summary><c>onnx</c>: the graph's ONNX file, relative to the folder.</summary>
    public string? Onnx { get; set; }
    /// <summary><c>hidden_states</c>: the graph's ONNX output of each layer, embeddings first.</summary>
    public List<string>? HiddenStates { get; set; }

    /// <summary>Optional; defaults to the top-level <c>hidden_size</c>.</summary>
    public int? HiddenSize { get; set; }
    /// <summary><c>num_layers</c>: optional; when given, <c>hidden_states</c> must name exactly this many + 1 outputs.</summary>
    public int? NumLayers { get; set; }
}

/// <summary>The <c>tokenizer</c> object of <c>model.json</c>.</summary>
public sealed class TokenizerDescription
{
    /// <summary><c>wordpiece</c> or <c>sentencepiece</c>.</summary>
    public string? Kind { get; set; }
    /// <summary><c>file</c>: the tokenizer file, relative to the folder (<c>vocab.txt</c> or a SentencePiece model).</summary>
    public string? File { get; set; }
    /// <summary><c>lowercase</c>: whether words are lowercased (and accents removed) before WordPiece, as uncased bert models need. Default false.</summary>
    public bool Lowercase { get; set; }
}
