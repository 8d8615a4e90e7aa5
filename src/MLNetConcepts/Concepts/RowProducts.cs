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
