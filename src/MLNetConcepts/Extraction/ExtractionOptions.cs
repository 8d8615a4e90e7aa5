using MLNetConcepts.Storage;
using Microsoft.ML.OnnxRuntime;

namespace MLNetConcepts.Extraction;

/// <summary>How the vector of a word split into several pieces is formed: its last piece's (default), first piece's, or their mean.</summary>
public enum WordAggregation
{
    /// <summary>The last piece's vector (the default, as in the reference tooling).</summary>
    Last,
    /// <summary>The first piece's vector.</summary>
    First,
    /// <summary>The mean of the pieces' vectors.</summary>
    Mean,
}

/// <summary>Which graphs of a model are extracted (the tables' <c>component</c>).</summary>
public enum ExtractionComponents
{
    /// <summary>The encoder, over the source sentences.</summary>
    Encoder,
    /// <summary>The t5 decoder, by teacher forcing over the target sentences (the encoder still runs, to feed it).</summary>
    Decoder,
    /// <summary>Both, from the same forward pass of each sentence pair.</summary>
    Both,
}

/// <summary>Which decoder step gives a target piece its vector under teacher forcing: the step that predicts it (default) or the one that has read it.</summary>
public enum DecoderPosition
{
    /// <summary>The step that predicts the piece, i.e. whose input is the previous token (the default, as the reference tooling).</summary>
    Predict,
    /// <summary>The step that has read the piece as its input.</summary>
    Read,
}

/// <summary>Options of activation extraction; defaults are the <c>extract</c> command's (docs/cli.md).</summary>
public sealed class ExtractionOptions
{
    /// <summary>Layers to keep (0 = embeddings). Null keeps every layer of the model.</summary>
    public IReadOnlyList<int>? Layers { get; set; }

    /// <summary>Piece-to-word aggregation. Default <see cref="WordAggregation.Last"/>.</summary>
    public WordAggregation Aggregation { get; set; } = WordAggregation.Last;

    /// <summary>
    /// Components to extract. Null (default): every graph the input can feed: the encoder for sentences alone;
    /// for sentence pairs on a t5 model, encoder and decoder (<see cref="ExtractionComponents.Both"/>).
    /// </summary>
    public ExtractionComponents? Components { get; set; }

    /// <summary>Decoder step that gives a target piece its vector. Default <see cref="DecoderPosition.Predict"/>.</summary>
    public DecoderPosition DecoderPosition { get; set; } = DecoderPosition.Predict;

    /// <summary>Sentences per forward pass. Default 32. Results do not depend on it: padding is masked.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Sentences read ahead and sorted by length before batching, so batches hold similar lengths and little
    /// padding. Default 64 batches' worth. Bounds memory together with <see cref="BatchSize"/>.
    /// </summary>
    public int SortWindowBatches { get; set; } = 64;

    /// <summary>
    /// Start with a window of one batch and double it up to <see cref="SortWindowBatches"/>, so the first sentences come
    /// out after one batch instead of a whole window (the word-activations view sets it, for a quick <c>Preview</c>).
    /// </summary>
    internal bool GrowSortWindow { get; set; }

    /// <summary>
    /// Yield sentences in input order (default). When false, sentences come out batch by batch in the order they
    /// were run, so only one batch of vectors is held at a time instead of a whole sort window; every result still
    /// carries its sentence id. Writers to Parquet turn it off.
    /// </summary>
    public bool KeepInputOrder { get; set; } = true;

    /// <summary>
    /// <c>cpu</c> or <c>cuda:N</c>. Default null: in an ML.NET pipeline, the MLContext's <see cref="Microsoft.ML.MLContext.GpuDeviceId"/>
    /// (CPU when it names none), as ML.NET's <c>ApplyOnnxModel</c> does; in the extraction job, CPU.
    /// </summary>
    public string? Device { get; set; }

    /// <summary>
    /// When the CUDA device cannot be used: true runs on CPU after a one-line notice (<see cref="Log"/>); false fails
    /// naming the fix. Default null: in an ML.NET pipeline, the MLContext's <see cref="Microsoft.ML.MLContext.FallbackToCpu"/>
    /// (false unless set, as for ML.NET's <c>ApplyOnnxModel</c>); in the extraction job (the command line), true.
    /// </summary>
    public bool? FallbackToCpu { get; set; }

    /// <summary>The device to run on: <see cref="Device"/>, or <c>cpu</c> when it is not given.</summary>
    internal string DeviceOrCpu => string.IsNullOrEmpty(Device) ? "cpu" : Device;

    /// <summary>ONNX Runtime intra-op threads; 0 (default) lets ONNX Runtime use every core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>ONNX Runtime graph optimisation level. Default: all optimisations.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Only these sentences (0-based lines), for one shard of a corpus split across tasks (<c>shard_sentences</c> in a
    /// run description); their rows keep the file's sentence ids. Default: every sentence. Read by the extraction job
    /// (<c>extract</c>, <c>analyze</c>); the ML.NET transform extracts every row of the view it is given.
    /// </summary>
    public SentenceRange? Sentences { get; set; }

    /// <summary>
    /// Only these words (sentence id, word index) of the source sentences get encoder vectors, and sentences holding
    /// none of them are not run: the frequency filter's choice made before extraction (<c>analyze</c>). The model still
    /// reads every word of a sentence it runs, so the vectors equal those of a full extraction. Default: every word.
    /// Read by the extraction job; the ML.NET transform gives every word a vector.
    /// </summary>
    public IReadOnlySet<(long SentenceId, int WordIndex)>? KeptWords { get; set; }

    /// <summary>
    /// Checks every value that needs no model; a bad one throws <see cref="ArgumentOutOfRangeException"/> (or
    /// <see cref="ArgumentException"/>) whose <see cref="ArgumentException.ParamName"/> is the property (see
    /// <see cref="OptionErrors"/>). Layers are checked against the model when extraction starts.
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(ExtractionOptions);
        if (BatchSize < 1) throw OptionErrors.OutOfRange(owner, nameof(BatchSize), $"must be at least 1, got {BatchSize}");
        if (BatchSize > Limits.MaxBatchSize)
            throw OptionErrors.OutOfRange(owner, nameof(BatchSize), $"must be at most {Limits.MaxBatchSize}, got {BatchSize}");
        if (SortWindowBatches is < 1 or > 1024) throw OptionErrors.OutOfRange(owner, nameof(SortWindowBatches), $"must be in [1, 1024], got {SortWindowBatches}");
        if (Limits.Threads(IntraOpThreads) is { } threads) throw OptionErrors.OutOfRange(owner, nameof(IntraOpThreads), threads);
        if (Device is not null && CudaDevice(Device) is null && !Device.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            throw OptionErrors.Invalid(owner, nameof(Device), $"'{Device}' is not cpu or cuda:N");
        if (!Enum.IsDefined(Aggregation)) throw OptionErrors.OutOfRange(owner, nameof(Aggregation), $"is not an aggregation: {Aggregation}");
        if (!Enum.IsDefined(DecoderPosition)) throw OptionErrors.OutOfRange(owner, nameof(DecoderPosition), $"is not a position: {DecoderPosition}");
        if (Sentences is { } range && (range.First < 0 || range.End <= range.First))
            throw OptionErrors.OutOfRange(owner, nameof(Sentences), $"must start at 0 or later and end after its start, got {range.First} to {range.End}");
    }

    /// <summary>N of a <c>cuda:N</c> device, or null for any other text.</summary>
    internal static int? CudaDevice(string device) =>
        device.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(device.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id)
            ? id
            : null;

    /// <summary>A shallow copy, for callers that adjust a setting without touching the caller's object.</summary>
    public ExtractionOptions Clone() => (ExtractionOptions)MemberwiseClone();

    /// <summary>
    /// Receives one-off notices (e.g. a CUDA fallback). Default: standard error; in an ML.NET pipeline the notices go
    /// to the MLContext's log (<see cref="Microsoft.ML.MLContext.Log"/>) as warnings instead.
    /// </summary>
    public Action<string> Log { get; set; } = message =>
    {
        // Every session (each ML.NET cursor opens one) reports a CUDA fallback; standard error hears each notice once per process.
        if (Announced.TryAdd(message, true)) Console.Error.WriteLine(message);
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Announced = new();
}
