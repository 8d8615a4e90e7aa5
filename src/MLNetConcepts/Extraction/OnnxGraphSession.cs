using Microsoft.ML.OnnxRuntime;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>The encoder's last hidden state of one padded batch, as a t5 decoder reads it.</summary>
/// <param name="LastHiddenState">[rows, length, hidden] floats, row-major.</param>
/// <param name="AttentionMask">[rows, length]: 1 for real tokens, 0 for padding.</param>
/// <param name="Rows">Sentences in the batch.</param>
/// <param name="Length">Padded length of the batch, in tokens.</param>
public sealed record EncoderStates(float[] LastHiddenState, long[] AttentionMask, int Rows, int Length);

/// <summary>
/// An ONNX Runtime session over one graph of a model folder, an encoder or a t5 decoder, that returns the
/// requested hidden states for a right-padded batch. Only the requested layers' outputs are fetched (and the
/// encoder's last layer when a decoder will read it).
/// </summary>
public sealed class OnnxGraphSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelGraph _graph;
    private readonly string[] _outputNames;
    private readonly int _lastStateOutput = -1;
    private readonly bool _hasTokenTypeIds;
    private readonly bool _hasDecoderAttentionMask;

    /// <param name="graph">The graph to run (<see cref="ModelFolder.Encoder"/> or <see cref="ModelFolder.Decoder"/>).</param>
    /// <param name="layers">Layers handed to the consumer of <see cref="Run"/> / <see cref="RunDecoder"/>, in this order.</param>
    /// <param name="keepLastHiddenState">Encoder only: also return the last layer for a decoder (<see cref="Run"/>'s result).</param>
    /// <param name="options">Device, threads and logging of the ONNX Runtime session; an unknown device or a graph that cannot be loaded throws <see cref="MLNetConceptsException"/>.</param>
    public OnnxGraphSession(ModelGraph graph, IReadOnlyList<int> layers, ExtractionOptions options, bool keepLastHiddenState = false)
    {
        _graph = graph;
        Layers = layers;
        HiddenSize = graph.HiddenSize;
        using SessionOptions sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(graph.OnnxPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MLNetConceptsException($"{graph.OnnxPath}: ONNX Runtime cannot load the graph: {FirstLine(e.Message)}", e);
        }

        bool decoder = graph.Component == ModelFolder.DecoderComponent;
        string[] required = decoder ? ["input_ids", "encoder_hidden_states", "encoder_attention_mask"] : ["input_ids", "attention_mask"];
        foreach (string input in required)
        {
            if (!_session.InputMetadata.ContainsKey(input))
                throw new MLNetConceptsException(
                    $"{graph.OnnxPath}: the {graph.Component} graph has no input '{input}' (inputs: {string.Join(", ", _session.InputMetadata.Keys)})");
        }
        _hasTokenTypeIds = !decoder && _session.InputMetadata.ContainsKey("token_type_ids");
        _hasDecoderAttentionMask = decoder && _session.InputMetadata.ContainsKey("attention_mask");
        if (decoder)
            CheckHiddenSize("input 'encoder_hidden_states'", _session.InputMetadata["encoder_hidden_states"]);

        var names = layers.Select(graph.HiddenStateOutput).ToList();
        if (keepLastHiddenState)
        {
            string last = graph.HiddenStateOutput(graph.LayerCount - 1);
            _lastStateOutput = names.IndexOf(last);
            if (_lastStateOutput < 0)
            {
                names.Add(last);
                _lastStateOutput = names.Count - 1;
            }
        }
        _outputNames = names.ToArray();
        for (int i = 0; i < _outputNames.Length; i++)
        {
            int layer = i < layers.Count ? layers[i] : graph.LayerCount - 1;
            if (!_session.OutputMetadata.TryGetValue(_outputNames[i], out NodeMetadata? metadata))
                throw new MLNetConceptsException(
                    $"{graph.DescriptionPath}: {graph.HiddenStatesField}[{layer}] names '{_outputNames[i]}', which {Path.GetFileName(graph.OnnxPath)} does not output (outputs: {string.Join(", ", _session.OutputMetadata.Keys.Take(6))}{(_session.OutputMetadata.Count > 6 ? ", ..." : "")})");
            CheckHiddenSize($"output '{_outputNames[i]}'", metadata);
        }
    }

    /// <summary>The layers returned, in the order given to the constructor (0 = embeddings).</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Floats per token vector (the graph's hidden size from model.json).</summary>
    public int HiddenSize { get; }

    // A fixed last dimension in the graph that disagrees with model.json is reported before anything runs
    // (a decoder exported for another encoder, or a wrong hidden_size).
    private void CheckHiddenSize(string what, NodeMetadata metadata)
    {
        int[] shape = metadata.Dimensions;
        if (shape.Length == 3 && shape[2] > 0 && shape[2] != HiddenSize)
            throw new MLNetConceptsException(
                $"{_graph.OnnxPath}: {what} has hidden size {shape[2]}, but {Path.GetFileName(_graph.DescriptionPath)} gives the {_graph.Component} hidden_size {HiddenSize}");
    }

    /// <summary>
    /// Runs one batch of an encoder, right-padded to its longest sentence, and hands each requested layer's
    /// [batch, sequence, hidden] output to <paramref name="consume"/> (layer position, data, sequence length).
    /// Returns the last hidden state when the session keeps it for a decoder, else null.
    /// </summary>
    public EncoderStates? Run(IReadOnlyList<SentencePlan> batch, int paddingId, Action<int, ReadOnlySpan<float>, int> consume)
    {
        (long[] ids, long[] mask, long[] shape) = Pad(batch, paddingId);
        var inputNames = new List<string> { "input_ids", "attention_mask" };
        var inputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(mask, shape),
        };
        if (_hasTokenTypeIds)
        {
            inputNames.Add("token_type_ids");
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape));
        }
        float[]? last = null;
        RunGraph(inputNames, inputs, (int)shape[1], consume, data => last = data.ToArray(), batch);
        return last is null ? null : new EncoderStates(last, mask, (int)shape[0], (int)shape[1]);
    }

    /// <summary>
    /// Runs one batch of a t5 decoder: <paramref name="batch"/> holds decoder inputs
    /// (<see cref="SentencePlan.ForDecoder"/>) in the rows of <paramref name="encoder"/>. Right padding needs no
    /// mask of its own: the self-attention is causal, so no real position sees a padded one.
    /// </summary>
    public void RunDecoder(IReadOnlyList<SentencePlan> batch, int paddingId, EncoderStates encoder, Action<int, ReadOnlySpan<float>, int> consume)
    {
        if (encoder.Rows != batch.Count)
            throw new ArgumentException($"encoder states hold {encoder.Rows} rows, the batch {batch.Count}", nameof(encoder));
        (long[] ids, long[] mask, long[] shape) = Pad(batch, paddingId);
        var inputNames = new List<string> { "input_ids", "encoder_hidden_states", "encoder_attention_mask" };
        var inputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(encoder.LastHiddenState, [encoder.Rows, encoder.Length, HiddenSize]),
            OrtValue.CreateTensorValueFromMemory(encoder.AttentionMask, [encoder.Rows, encoder.Length]),
        };
        if (_hasDecoderAttentionMask)
        {
            inputNames.Add("attention_mask");
            inputs.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
        }
        RunGraph(inputNames, inputs, (int)shape[1], consume, null, batch);
    }

    private static (long[] Ids, long[] Mask, long[] Shape) Pad(IReadOnlyList<SentencePlan> batch, int paddingId)
    {
        int rows = batch.Count;
        int length = batch.Max(s => s.InputIds.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        for (int r = 0; r < rows; r++)
        {
            long[] sentence = batch[r].InputIds;
            Array.Fill(ids, paddingId, r * length, length);
            sentence.CopyTo(ids, r * length);
            Array.Fill(mask, 1L, r * length, sentence.Length);
        }
        return (ids, mask, [rows, length]);
    }

    private void RunGraph(List<string> inputNames, List<OrtValue> inputs, int length, Action<int, ReadOnlySpan<float>, int> consume,
        Action<ReadOnlySpan<float>>? keepLast, IReadOnlyList<SentencePlan> batch)
    {
        try
        {
            using RunOptions runOptions = new();
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(runOptions, inputNames, inputs, _outputNames);
            }
            catch (OnnxRuntimeException e)
            {
                throw new MLNetConceptsException(
                    $"{Path.GetDirectoryName(_graph.DescriptionPath)}: ONNX Runtime failed on the {_graph.Component} batch of the sentences on lines " +
                    $"{DescribeLines(batch)} ({FirstLine(e.Message)}); {LikelyCause(e.Message)}", e);
            }
            using (outputs)
            {
                for (int i = 0; i < Layers.Count; i++)
                    consume(i, outputs[i].GetTensorDataAsSpan<float>(), length);
                if (keepLast is not null && _lastStateOutput >= 0)
                    keepLast(outputs[_lastStateOutput].GetTensorDataAsSpan<float>());
            }
        }
        finally
        {
            foreach (OrtValue value in inputs) value.Dispose();
        }
    }

    private static string DescribeLines(IReadOnlyList<SentencePlan> batch)
    {
        long[] lines = batch.Select(s => s.SentenceId + 1).Order().ToArray();
        return lines.Length <= 8 ? string.Join(", ", lines) : $"{string.Join(", ", lines.Take(8))}, ... ({lines.Length} sentences)";
    }

    /// <summary>A hint from ONNX Runtime's message: an index past an embedding table is model.json disagreeing with the graph.</summary>
    private string LikelyCause(string message) =>
        message.Contains("idx", StringComparison.OrdinalIgnoreCase) || message.Contains("out of bounds", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Gather", StringComparison.Ordinal)
            ? $"likely cause: a token id or position past the graph's embedding tables; check max_positions and the tokenizer file in {_graph.DescriptionPath}"
            : "likely cause: the graph does not accept this input (a model.json that does not describe it, or too little memory)";

    /// <summary>Graphs whose limits were checked in this process (each ML.NET cursor opens its own session).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, int), bool> CheckedLimits = new();

    /// <summary>
    /// Runs the graph once on the largest input the extraction can give it (<paramref name="maxLength"/> copies of the
    /// tokenizer's highest id), so that a model.json whose max_positions or tokenizer does not fit the graph's
    /// embedding tables is reported before any work, with the field to fix, rather than as an index error mid-run.
    /// </summary>
    public void CheckLimits(int highestId, int maxLength)
    {
        if (!CheckedLimits.TryAdd((_graph.OnnxPath, highestId, maxLength), true)) return;
        string? failure = TryProbe(highestId, maxLength);
        if (failure is null) return;
        CheckedLimits.TryRemove((_graph.OnnxPath, highestId, maxLength), out _);
        string graph = Path.GetFileName(_graph.OnnxPath);
        if (TryProbe(highestId, Math.Min(2, maxLength)) is { } idFailure)
            throw new MLNetConceptsException(
                $"{_graph.DescriptionPath}: the tokenizer's ids go up to {highestId}, past the {_graph.Component} graph {graph}'s vocabulary ({idFailure}); field 'tokenizer.file' must name the tokenizer this graph was trained with");
        throw new MLNetConceptsException(
            $"{_graph.DescriptionPath}: field 'max_positions' is {maxLength}, more positions than the {_graph.Component} graph {graph} allows ({failure}); lower it to the graph's position table size");
    }

    private string? TryProbe(int id, int length)
    {
        long[] shape = [1, length];
        long[] ids = Enumerable.Repeat((long)id, length).ToArray();
        long[] mask = Enumerable.Repeat(1L, length).ToArray();
        bool decoder = _graph.Component == ModelFolder.DecoderComponent;
        var names = new List<string> { "input_ids" };
        var inputs = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(ids, shape) };
        if (decoder)
        {
            names.AddRange(["encoder_hidden_states", "encoder_attention_mask"]);
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new float[HiddenSize], [1, 1, HiddenSize]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[] { 1 }, [1, 1]));
            if (_hasDecoderAttentionMask)
            {
                names.Add("attention_mask");
                inputs.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
            }
        }
        else
        {
            names.Add("attention_mask");
            inputs.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
            if (_hasTokenTypeIds)
            {
                names.Add("token_type_ids");
                inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[length], shape));
            }
        }
        try
        {
            using RunOptions runOptions = new();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, names, inputs, _outputNames);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return FirstLine(e.Message);
        }
        finally
        {
            foreach (OrtValue value in inputs) value.Dispose();
        }
    }

    private static SessionOptions CreateSessionOptions(ExtractionOptions options)
    {
        OnnxRuntimeNative.EnsureLoaded();
        var sessionOptions = new SessionOptions
        {
            // ONNX Runtime's own warnings (e.g. about unused initializers) are not the user's business; its errors
            // reach us as exceptions and are reported in one line.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            GraphOptimizationLevel = options.OptimizationLevel,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        string device = options.DeviceOrCpu;
        if (device.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            return sessionOptions;

        if (ExtractionOptions.CudaDevice(device) is not int deviceId)
        {
            sessionOptions.Dispose();
            throw OptionErrors.Invalid(nameof(ExtractionOptions), nameof(ExtractionOptions.Device), $"'{device}' is not cpu or cuda:N");
        }
        // ONNX Runtime's own logger would print a multi-line native error when CUDA is missing; the one-line
        // notice below says the same, so silence it for this call.
        OrtEnv environment = OrtEnv.Instance();
        OrtLoggingLevel level = environment.EnvLogLevel;
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            // As ML.NET's ApplyOnnxModel: a GPU asked for and not there fails unless falling back was allowed.
            if (options.FallbackToCpu == false)
            {
                sessionOptions.Dispose();
                throw new MLNetConceptsException(
                    $"CUDA device {deviceId} is not available ({FirstLine(e.Message)}); add Microsoft.ML.OnnxRuntime.Gpu (with CUDA and cuDNN installed), or allow CPU with MLContext.FallbackToCpu = true, or set ExtractionOptions.Device = \"cpu\"");
            }
            options.Log($"mlnetconcepts: CUDA device {deviceId} is not available ({FirstLine(e.Message)}); running on CPU");
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
        return sessionOptions;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();
}
