using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The one heavy operation of K-means: the dot products of a block of rows with a set of centres (a matrix product
/// X·Cᵀ). Implementations are safe to call from several threads at once, each with its own output buffer.
/// </summary>
internal interface IRowProducts : IDisposable
{
    /// <summary>
    /// <c>products[r * centreCount + j] = rows[rowStart + r] · centres[j]</c> for <c>r &lt; rowCount</c>, every vector
    /// <paramref name="dimension"/> floats, row-major.
    /// </summary>
    void Multiply(float[] rows, int rowStart, int rowCount, float[] centres, int centreCount, int dimension, float[] products);
}

/// <summary>Which <see cref="IRowProducts"/> computes the matrix products.</summary>
public enum RowProductKernel
{
    /// <summary>ONNX Runtime's Gemm (its MLAS kernels: blocked, packed, AVX-512 where the processor has it). Default.</summary>
    OnnxRuntime,

    /// <summary>One <c>TensorPrimitives.Dot</c> per (row, centre) pair; kept for the benchmark's comparison.</summary>
    TensorPrimitives,
}

internal static class RowProducts
{
    public static IRowProducts Create(RowProductKernel kernel) => kernel switch
    {
        RowProductKernel.OnnxRuntime => new OnnxRowProducts(),
        RowProductKernel.TensorPrimitives => new DotRowProducts(),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };
}

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

/// <summary>X·Cᵀ as one vectorised dot product per pair: simple, no native code, slower for large K and d.</summary>
internal sealed class DotRowProducts : IRowProducts
{
    public void Multiply(float[] rows, int rowStart, int rowCount, float[] centres, int centreCount, int dimension, float[] products)
    {
        for (int r = 0; r < rowCount; r++)
        {
            ReadOnlySpan<float> row = rows.AsSpan((rowStart + r) * dimension, dimension);
            for (int j = 0; j < centreCount; j++)
                products[r * centreCount + j] = TensorPrimitives.Dot(row, centres.AsSpan(j * dimension, dimension));
        }
    }

    public void Dispose() { }
}
