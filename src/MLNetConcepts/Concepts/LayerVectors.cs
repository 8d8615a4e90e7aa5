namespace MLNetConcepts.Concepts;

/// <summary>
/// The kept word vectors of one (component, layer) and where each word came from: the bounded cache the
/// clustering reads many times. Vectors are stored in chunks (one per activations row group) so no single
/// array has to hold the whole layer and no copy is made while growing.
/// </summary>
public sealed class LayerVectors
{
    private readonly List<float[]> _chunks = new();
    private readonly List<int> _chunkStarts = new();
    private readonly List<long> _sentenceIds = new();
    private readonly List<int> _wordIndices = new();
    private readonly List<string> _languages = new();
    private readonly List<string> _words = new();

    /// <summary>An empty cache for vectors of <paramref name="dimension"/> floats; throws <see cref="ArgumentOutOfRangeException"/> unless positive.</summary>
    public LayerVectors(int dimension)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension));
        Dimension = dimension;
    }

    /// <summary>Length of every vector (the model's hidden size).</summary>
    public int Dimension { get; }

    /// <summary>Number of rows (kept word occurrences) added so far.</summary>
    public int Count => _sentenceIds.Count;

    /// <summary>Sentence id of <paramref name="row"/>.</summary>
    public long SentenceId(int row) => _sentenceIds[row];

    /// <summary>0-based position of <paramref name="row"/>'s word in its sentence.</summary>
    public int WordIndex(int row) => _wordIndices[row];

    /// <summary>Language code of <paramref name="row"/>.</summary>
    public string Language(int row) => _languages[row];

    /// <summary>The word (surface form) of <paramref name="row"/>.</summary>
    public string Word(int row) => _words[row];

    /// <summary>Adds a chunk of rows; <paramref name="vectors"/> holds them row-major and is kept, not copied.</summary>
    public void AddChunk(float[] vectors, IReadOnlyList<long> sentenceIds, IReadOnlyList<int> wordIndices,
        IReadOnlyList<string> languages, IReadOnlyList<string> words)
    {
        int rows = sentenceIds.Count;
        if (vectors.Length != rows * Dimension || wordIndices.Count != rows || languages.Count != rows || words.Count != rows)
            throw new ArgumentException("columns of a chunk must have the same number of rows");
        if (rows == 0) return;
        _chunkStarts.Add(Count);
        _chunks.Add(vectors);
        _sentenceIds.AddRange(sentenceIds);
        _wordIndices.AddRange(wordIndices);
        _languages.AddRange(languages);
        _words.AddRange(words);
    }

    /// <summary>The vector of one row.</summary>
    public ReadOnlySpan<float> Vector(int row)
    {
        int chunk = _chunkStarts.BinarySearch(row);
        if (chunk < 0) chunk = ~chunk - 1;
        return _chunks[chunk].AsSpan((row - _chunkStarts[chunk]) * Dimension, Dimension);
    }

    /// <summary>Rows whose language is one of <paramref name="languages"/>, in storage order.</summary>
    public int[] RowsOf(IReadOnlySet<string> languages)
    {
        var rows = new List<int>();
        for (int i = 0; i < Count; i++)
            if (languages.Contains(_languages[i])) rows.Add(i);
        return rows.ToArray();
    }
}
