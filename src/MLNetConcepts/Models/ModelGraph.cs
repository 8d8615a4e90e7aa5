namespace MLNetConcepts.Models;

/// <summary>One ONNX graph of a model folder and the outputs that hold its layers.</summary>
public sealed class ModelGraph
{
    internal ModelGraph(string component, string onnxPath, IReadOnlyList<string> hiddenStates, int hiddenSize, string hiddenStatesField,
        string descriptionPath)
    {
        Component = component;
        OnnxPath = onnxPath;
        HiddenStates = hiddenStates;
        HiddenSize = hiddenSize;
        HiddenStatesField = hiddenStatesField;
        DescriptionPath = descriptionPath;
    }

    /// <summary><c>encoder</c> or <c>decoder</c>.</summary>
    public string Component { get; }

    /// <summary>Full path of the graph's ONNX file.</summary>
    public string OnnxPath { get; }

    /// <summary>The ONNX output of each layer, by layer number (0 = embeddings).</summary>
    public IReadOnlyList<string> HiddenStates { get; }

    /// <summary>Floats per token vector of this graph (its own <c>hidden_size</c>, else the top-level one).</summary>
    public int HiddenSize { get; }

    /// <summary>Layers 0 (embeddings) .. <see cref="LayerCount"/> - 1.</summary>
    public int LayerCount => HiddenStates.Count;

    /// <summary>The ONNX output holding <paramref name="layer"/>.</summary>
    public string HiddenStateOutput(int layer) => HiddenStates[layer];

    /// <summary>The <c>model.json</c> field listing the outputs (<c>hidden_states</c> or <c>decoder.hidden_states</c>), for messages.</summary>
    public string HiddenStatesField { get; }

    /// <summary>The <c>model.json</c> this graph was described in, for messages.</summary>
    public string DescriptionPath { get; }
}
