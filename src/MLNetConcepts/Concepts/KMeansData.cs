using System.Numerics.Tensors;

namespace MLNetConcepts.Concepts;

/// <summary>Reads one row of the data K-means works on (its vector, as stored).</summary>
internal delegate ReadOnlySpan<float> RowReader(int row);

/// <summary>
/// The rows K-means works on, read where they are stored (no copy of the data) and handed out centred on their mean
/// (as scikit-learn centres them, so the float32 distances ‖x‖² − 2x·c + ‖c‖² lose little precision), with each
/// centred row's squared norm.
/// </summary>
internal sealed class KMeansData
{
    private readonly RowReader _read;
    private readonly float[] _mean;

    /// <summary>Rows held in one row-major array (<paramref name="count"/> x <paramref name="dimension"/>).</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite; the message names the row (0-based) and position.</exception>
    public KMeansData(float[] rows, int count, int dimension)
        : this(row => rows.AsSpan(row * dimension, dimension), count, dimension)
    {
        if (rows.Length < (long)count * dimension) throw new ArgumentException("rows must hold count x dimension values");
    }

    /// <summary>Rows read through <paramref name="read"/>, e.g. from a layer cache; they must not change while in use.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite; the message names the row (0-based) and position.</exception>
    public KMeansData(RowReader read, int count, int dimension)
    {
        if (count < 1 || dimension < 1) throw new ArgumentException("K-means needs at least one row of at least one value");
        _read = read;
        Count = count;
        Dimension = dimension;

        var sum = new double[dimension];
        var sumOfSquares = new double[dimension];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = read(i);
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

        _mean = new float[dimension];
        for (int f = 0; f < dimension; f++) _mean[f] = (float)Mean[f];
        SquaredNorms = new float[count];
        var centred = new float[dimension];
        for (int i = 0; i < count; i++)
        {
            CopyRow(i, centred);
            SquaredNorms[i] = TensorPrimitives.Dot<float>(centred, centred);
        }
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>The mean the rows are centred on; add it back to centres before handing them out.</summary>
    public double[] Mean { get; }

    /// <summary>Mean over features of each feature's variance: scikit-learn scales its tolerance by it.</summary>
    public double MeanVariance { get; }

    /// <summary>‖x‖² of each centred row.</summary>
    public float[] SquaredNorms { get; }

    /// <summary>Writes centred row <paramref name="row"/> into <paramref name="destination"/> (<see cref="Dimension"/> values).</summary>
    public void CopyRow(int row, Span<float> destination) => TensorPrimitives.Subtract(_read(row), _mean, destination);

    /// <summary>Writes <paramref name="count"/> centred rows from <paramref name="start"/> on, row-major, into <paramref name="destination"/>.</summary>
    public void CopyRows(int start, int count, Span<float> destination)
    {
        for (int r = 0; r < count; r++) CopyRow(start + r, destination.Slice(r * Dimension, Dimension));
    }

    /// <summary>Centred row <paramref name="row"/> as a new array (tests, diagnostics).</summary>
    public float[] Row(int row)
    {
        var values = new float[Dimension];
        CopyRow(row, values);
        return values;
    }
}
