using Parquet;

namespace MLNetConcepts.Storage;

/// <summary>
/// Streams word vectors of one language into an activations folder, one Parquet part per
/// (component, layer), flushing a row group whenever it holds <see cref="RowGroupRows"/> rows so memory stays
/// bounded whatever the corpus size. Parts are written to a staging folder and only moved into the
/// activations folder by <see cref="CommitAsync"/>; parts of the same language and component written by an
/// earlier run are replaced then.
/// </summary>
public sealed class ActivationWriter : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _staging;
    private readonly string _component;
    private readonly string _language;
    private readonly Dictionary<int, LayerPart> _parts = new();
    private readonly SentenceRange _sentences;
    private bool _committed;

    /// <param name="root">The activations root (created if missing).</param>
    /// <param name="component">Component name, e.g. <c>encoder</c>.</param>
    /// <param name="language">Language code of every row written.</param>
    /// <param name="layers">Layers that will be written.</param>
    /// <param name="dimension">Vector length.</param>
    /// <param name="rowGroupBytes">Approximate size of the vectors of one row group; bounds memory per layer.</param>
    /// <param name="sentences">The sentences written, when a shard of the corpus (default all): its parts replace only the parts of the language that overlap it.</param>
    public ActivationWriter(string root, string component, string language, IReadOnlyList<int> layers, int dimension,
        int rowGroupBytes = 8 << 20, SentenceRange? sentences = null)
    {
        _sentences = sentences ?? SentenceRange.All;
        _root = root;
        _component = component;
        _language = language;
        Dimension = dimension;
        RowGroupRows = Math.Max(64, rowGroupBytes / (dimension * sizeof(float)));
        try
        {
            Directory.CreateDirectory(root);
            _staging = Path.Combine(root, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
            TemporaryJournal.Record(_staging);
            Directory.CreateDirectory(_staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLNetConceptsException($"{root}: cannot write activations there: {e.Message}", e);
        }
        foreach (int layer in layers)
            _parts[layer] = new LayerPart(Path.Combine(_staging, $"layer-{layer}.parquet"), dimension, RowGroupRows);
    }

    /// <summary>Floats per vector; every vector added must have this length.</summary>
    public int Dimension { get; }

    /// <summary>Rows buffered per layer before a row group is written.</summary>
    public int RowGroupRows { get; }

    /// <summary>Adds one word's vector at one layer.</summary>
    public ValueTask AddAsync(int layer, long sentenceId, int wordIndex, string word, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"vector has {vector.Length} values, expected {Dimension}", nameof(vector));
        LayerPart part = _parts[layer];
        part.Add(sentenceId, wordIndex, word, vector);
        return part.Count == RowGroupRows ? new ValueTask(part.FlushAsync(_language)) : ValueTask.CompletedTask;
    }

    /// <summary>Flushes everything and moves the parts into place.</summary>
    public async Task CommitAsync()
    {
        foreach (LayerPart part in _parts.Values)
            await part.CloseAsync(_language).ConfigureAwait(false);

        foreach ((int layer, LayerPart part) in _parts.OrderBy(p => p.Key))
        {
            string folder = ActivationFiles.PartitionFolder(_root, _component, layer);
            Directory.CreateDirectory(folder);
            await RemoveOverlappingPartsAsync(folder, _language, _sentences).ConfigureAwait(false);
            File.Move(part.Path, Path.Combine(folder, PartName(_language, _sentences)), overwrite: true);
        }
        Directory.Delete(_staging, recursive: true);
        _committed = true;
    }

    /// <summary>
    /// A language's part is named after it (and after its sentences when a shard), so extractions of several languages
    /// or shards committing into one layer folder at once (stage jobs, cluster tasks) never race for a name, and the
    /// folder's contents do not depend on their order. Shards' names sort in sentence order.
    /// </summary>
    public static string PartName(string language, SentenceRange? sentences = null) =>
        sentences is { IsAll: false } range ? $"part-{language}-{range.FileTag}.parquet" : $"part-{language}.parquet";

    /// <summary>
    /// Removes the parts of <paramref name="language"/> whose sentences overlap <paramref name="sentences"/>: an earlier
    /// extraction of them, sharded otherwise or not at all. Parts named otherwise (earlier versions) cover every sentence.
    /// </summary>
    private static async Task RemoveOverlappingPartsAsync(string folder, string language, SentenceRange sentences)
    {
        foreach (string file in Directory.GetFiles(folder, "*.parquet"))
        {
            string? fileLanguage;
            await using (ParquetReader reader = await ParquetReader.CreateAsync(file).ConfigureAwait(false))
                reader.CustomMetadata.TryGetValue(ActivationFiles.LanguageMetadataKey, out fileLanguage);
            SentenceRange held = SentenceRange.FromFileTag(Path.GetFileNameWithoutExtension(file)) ?? SentenceRange.All;
            if (fileLanguage == language && held.Overlaps(sentences))
                File.Delete(file);
        }
    }

    /// <summary>Without a commit, abandons the parts and deletes the staging folder: nothing reaches the activations folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed) return;
        foreach (LayerPart part in _parts.Values)
            await part.AbandonAsync().ConfigureAwait(false);
        try
        {
            if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
        }
        catch (IOException)
        {
            // A leftover hidden staging folder is never read as activations.
        }
    }

    /// <summary>Column buffers and the open Parquet file of one layer.</summary>
    private sealed class LayerPart(string path, int dimension, int capacity)
    {
        private readonly long[] _sentenceIds = new long[capacity];
        private readonly int[] _wordIndices = new int[capacity];
        private readonly string[] _words = new string[capacity];
        private readonly float[] _vectors = new float[capacity * dimension];
        private int[]? _repetitionLevels;
        private int[]? _definitionLevels;
        private FileStream? _stream;
        private ParquetWriter? _writer;

        public string Path { get; } = path;

        public int Count { get; private set; }

        public void Add(long sentenceId, int wordIndex, string word, ReadOnlySpan<float> vector)
        {
            _sentenceIds[Count] = sentenceId;
            _wordIndices[Count] = wordIndex;
            _words[Count] = word;
            vector.CopyTo(_vectors.AsSpan(Count * dimension, dimension));
            Count++;
        }

        public async Task FlushAsync(string language)
        {
            if (Count == 0) return;
            if (_writer is null)
            {
                _stream = new FileStream(Path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                _writer = await ParquetWriter.CreateAsync(ActivationFiles.Schema, _stream).ConfigureAwait(false);
                _writer.CustomMetadata = new Dictionary<string, string> { [ActivationFiles.LanguageMetadataKey] = language };
            }

            // A list column is written flat: repetition level 0 starts a new row's list, 1 continues it; every
            // element is present, so each sits at the maximum definition level.
            if (_repetitionLevels is null)
            {
                _repetitionLevels = new int[_vectors.Length];
                for (int i = 0; i < _repetitionLevels.Length; i++)
                    _repetitionLevels[i] = i % dimension == 0 ? 0 : 1;
                _definitionLevels = new int[_vectors.Length];
                Array.Fill(_definitionLevels, ActivationFiles.VectorElement.MaxDefinitionLevel);
            }

            var languages = new string[Count];
            Array.Fill(languages, language);
            using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
            {
                await group.WriteAsync<long>(ActivationFiles.SentenceId, _sentenceIds.AsMemory(0, Count)).ConfigureAwait(false);
                await group.WriteAsync<int>(ActivationFiles.WordIndex, _wordIndices.AsMemory(0, Count)).ConfigureAwait(false);
                await group.WriteAsync(ActivationFiles.Language, languages).ConfigureAwait(false);
                await group.WriteAsync(ActivationFiles.Word, new ArraySegment<string>(_words, 0, Count)).ConfigureAwait(false);
                int values = Count * dimension;
                await group.WriteAllPartsAsync<float>(ActivationFiles.VectorElement, _vectors.AsMemory(0, values),
                    _definitionLevels!.AsMemory(0, values), _repetitionLevels.AsMemory(0, values), CancellationToken.None).ConfigureAwait(false);
                group.CompleteValidate();
            }
            Array.Clear(_words, 0, Count);
            Count = 0;
        }

        public async Task CloseAsync(string language)
        {
            await FlushAsync(language).ConfigureAwait(false);
            if (_writer is null)
            {
                // No word reached this layer: still write a valid, empty part so readers see the schema.
                _stream = new FileStream(Path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                _writer = await ParquetWriter.CreateAsync(ActivationFiles.Schema, _stream).ConfigureAwait(false);
                _writer.CustomMetadata = new Dictionary<string, string> { [ActivationFiles.LanguageMetadataKey] = language };
            }
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream!.DisposeAsync().ConfigureAwait(false);
            _writer = null;
            _stream = null;
        }

        public async Task AbandonAsync()
        {
            if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
            if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
            _writer = null;
            _stream = null;
        }
    }
}
