using System.Numerics.Tensors;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The rows K-means works on: one contiguous row-major copy, centred on its mean (as scikit-learn does, so the
/// float32 distances ‖x‖² − 2x·c + ‖c‖² lose little precision), with each row's squared norm.
/// </summary>
internal sealed class KMeansData
{
    /// <summary>Takes ownership of <paramref name="rows"/> (<paramref name="count"/> x <paramref name="dimension"/>) and centres it in place.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite; the message names the row (0-based) and position.</exception>
    public KMeansData(float[] rows, int count, int dimension)
    {
        if (count < 1 || dimension < 1 || rows.Length < (long)count * dimension)
            throw new ArgumentException("rows must hold count x dimension values");
        Rows = rows;
        Count = count;
        Dimension = dimension;

        var sum = new double[dimension];
        var sumOfSquares = new double[dimension];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = rows.AsSpan(i * dimension, dimension);
            for (int f = 0; f < dimension; f++)
            {
                float value = row[f];
                if (!float.IsFinite(value))
                    throw new ArgumentException($"row {i}, value {f} is {value}; K-means needs finite numbers");
                sum[f] += value;
                sumOfSquares[f] += (double)value * value;
            }
        }
        Mean = new double[dimension];
        double variance = 0;
        for (int f = 0; f < dimension; f++)
        {
            Mean[f] = sum[f] / count;
            variance += Math.Max(0, sumOfSquares[f] / count - Mean[f] * Mean[f]);
        }
        MeanVariance = variance / dimension;

        var mean = new float[dimension];
        for (int f = 0; f < dimension; f++) mean[f] = (float)Mean[f];
        SquaredNorms = new float[count];
        for (int i = 0; i < count; i++)
        {
            Span<float> row = rows.AsSpan(i * dimension, dimension);
            TensorPrimitives.Subtract(row, mean, row);
            SquaredNorms[i] = TensorPrimitives.Dot(row, row);
        }
    }

    /// <summary>The centred rows, row-major.</summary>
    public float[] Rows { get; }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>The mean the rows were centred on; add it back to centres before handing them out.</summary>
    public double[] Mean { get; }

    /// <summary>Mean over features of each feature's variance: scikit-learn scales its tolerance by it.</summary>
    public double MeanVariance { get; }

    /// <summary>‖x‖² of each centred row.</summary>
    public float[] SquaredNorms { get; }

    public ReadOnlySpan<float> Row(int i) => Rows.AsSpan(i * Dimension, Dimension);
}
