using Microsoft.ML.OnnxRuntime;

namespace MLNetConcepts.Concepts;

/// <summary>
/// X·Cᵀ by ONNX Runtime's Gemm on the CPU. One session, one intra-op thread: the K-means code runs blocks on its own
/// threads (so results never depend on how ONNX Runtime would split a product), and each call reads the caller's
/// arrays in place and writes into the caller's buffer (no copies).
/// </summary>
internal sealed class OnnxRowProducts : IRowProducts
{
    private static readonly string[] InputNames = [GemmGraph.Rows, GemmGraph.Centres];
    private static readonly string[] OutputNames = [GemmGraph.Products];
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    public OnnxRowProducts()
    {
        Extraction.OnnxRuntimeNative.EnsureLoaded();
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _session = new InferenceSession(GemmGraph.Build(), options);
    }

    public void Multiply(float[] rows, int rowStart, int rowCount, float[] centres, int centreCount, int dimension, float[] products)
    {
        OrtMemoryInfo cpu = OrtMemoryInfo.DefaultInstance;
        using OrtValue x = OrtValue.CreateTensorValueFromMemory(cpu, rows.AsMemory(rowStart * dimension, rowCount * dimension), [rowCount, dimension]);
        using OrtValue c = OrtValue.CreateTensorValueFromMemory(cpu, centres.AsMemory(0, centreCount * dimension), [centreCount, dimension]);
        using OrtValue p = OrtValue.CreateTensorValueFromMemory(cpu, products.AsMemory(0, rowCount * centreCount), [rowCount, centreCount]);
        _session.Run(_runOptions, InputNames, [x, c], OutputNames, [p]);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
