using System.Numerics.Tensors;

namespace MLNetConcepts.Concepts;

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
