using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>
/// An ONNX Runtime session over an encoder graph that returns the requested hidden states for a padded
/// batch. Only the requested layers' outputs are fetched.
/// </summary>
public sealed class OnnxEncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypeIds;

    public OnnxEncoderSession(ModelFolder model, IReadOnlyList<int> layers, ExtractionOptions options)
    {
        Layers = layers;
        HiddenSize = model.HiddenSize;
        using SessionOptions sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(model.OnnxPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MLNetConceptsException($"{model.OnnxPath}: ONNX Runtime cannot load the graph: {FirstLine(e.Message)}", e);
        }

        string description = Path.Combine(model.Folder, ModelFolder.DescriptionFileName);
        foreach (string input in new[] { "input_ids", "attention_mask" })
        {
            if (!_session.InputMetadata.ContainsKey(input))
                throw new MLNetConceptsException($"{model.OnnxPath}: the graph has no input '{input}' (inputs: {string.Join(", ", _session.InputMetadata.Keys)})");
        }
        _hasTokenTypeIds = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputNames = layers.Select(model.HiddenStateOutput).ToArray();
        for (int i = 0; i < layers.Count; i++)
        {
            if (!_session.OutputMetadata.ContainsKey(_outputNames[i]))
                throw new MLNetConceptsException(
                    $"{description}: hidden_states[{layers[i]}] names '{_outputNames[i]}', which {Path.GetFileName(model.OnnxPath)} does not output (outputs: {string.Join(", ", _session.OutputMetadata.Keys.Take(6))}{(_session.OutputMetadata.Count > 6 ? ", ..." : "")})");
        }
    }

    public IReadOnlyList<int> Layers { get; }

    public int HiddenSize { get; }

    /// <summary>
    /// Runs one batch, right-padded to its longest sentence, and hands each layer's
    /// [batch, sequence, hidden] output to <paramref name="consume"/> (layer position, data, sequence length).
    /// </summary>
    public void Run(IReadOnlyList<SentencePlan> batch, int paddingId, Action<int, ReadOnlySpan<float>, int> consume)
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
        long[] shape = [rows, length];
        var inputNames = new List<string> { "input_ids", "attention_mask" };
        var inputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(mask, shape),
        };
        if (_hasTokenTypeIds)
        {
            inputNames.Add("token_type_ids");
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[rows * length], shape));
        }
        try
        {
            using RunOptions runOptions = new();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, inputNames, inputs, _outputNames);
            for (int i = 0; i < outputs.Count; i++)
                consume(i, outputs[i].GetTensorDataAsSpan<float>(), length);
        }
        finally
        {
            foreach (OrtValue value in inputs) value.Dispose();
        }
    }

    // Each ML.NET cursor opens a session; the CUDA fallback is announced once per process, not per cursor.
    private static int _cudaNoticeGiven;

    private static SessionOptions CreateSessionOptions(ExtractionOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.OptimizationLevel,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        if (options.Device.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            return sessionOptions;

        if (!options.Device.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(options.Device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int deviceId))
        {
            sessionOptions.Dispose();
            throw new MLNetConceptsException($"option --device: '{options.Device}' is not cpu or cuda:N");
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
            if (Interlocked.Exchange(ref _cudaNoticeGiven, 1) == 0)
                options.Log($"mlnetconcepts: CUDA device {deviceId} is not available ({FirstLine(e.Message)}); running on CPU");
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
        return sessionOptions;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public void Dispose() => _session.Dispose();
}
