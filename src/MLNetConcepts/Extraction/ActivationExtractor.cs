using MLNetConcepts.Models;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Extraction;

/// <summary>The vectors of one sentence's kept words at every requested layer of one component.</summary>
public sealed class ExtractedSentence
{
    /// <summary>The sentence's id: its 0-based line in the input file.</summary>
    public required long SentenceId { get; init; }

    /// <summary>
    /// The kept words. For the decoder, <see cref="PlannedWord.FirstPiece"/> counts decoder steps (see
    /// <see cref="SentencePlan.ForDecoder"/>).
    /// </summary>
    public required PlannedWord[] Words { get; init; }

    /// <summary>Per requested layer (in the component's layer order): words x hidden floats, row-major.</summary>
    public required float[][] LayerVectors { get; init; }

    /// <summary>Floats per word vector (the model's hidden size).</summary>
    public int HiddenSize { get; init; }

    /// <summary>The vector of the <paramref name="word"/>-th kept word at the <paramref name="layerPosition"/>-th requested layer (a position in the requested list, not a layer number).</summary>
    public ReadOnlySpan<float> Vector(int layerPosition, int word) =>
        LayerVectors[layerPosition].AsSpan(word * HiddenSize, HiddenSize);
}

/// <summary>
/// The vectors of one sentence pair: <see cref="Encoder"/> for the source words, <see cref="Decoder"/> for the
/// target words (t5, teacher forcing); each is null when that component is not extracted.
/// </summary>
public sealed class ExtractedPair
{
    /// <summary>The pair's id: its 0-based line in both input files.</summary>
    public required long SentenceId { get; init; }

    /// <summary>The source words' encoder vectors; null when the encoder is not extracted.</summary>
    public ExtractedSentence? Encoder { get; init; }

    /// <summary>The target words' decoder vectors; null when the decoder is not extracted.</summary>
    public ExtractedSentence? Decoder { get; init; }
}

/// <summary>
/// Turns sentences into word vectors: tokenizes word by word, batches sentences of similar length, runs the
/// ONNX encoder (and, for t5 sentence pairs, the decoder by teacher forcing on the target side, from the same
/// encoder pass) and aggregates piece vectors to words. Streams: it holds one sort window of sentences at a
/// time, and yields sentences in their input order unless <see cref="ExtractionOptions.KeepInputOrder"/> is off.
/// </summary>
public sealed class ActivationExtractor : IDisposable
{
    private readonly ModelFolder _model;
    private readonly SubwordTokenizer _tokenizer;
    private readonly OnnxGraphSession _encoder;
    private readonly OnnxGraphSession? _decoder;
    private readonly ExtractionOptions _options;
    private readonly bool _extractEncoder;

    /// <summary>
    /// Opens the model's sessions. <see cref="ExtractionOptions.Components"/> null means every graph the model has
    /// (encoder and decoder for a t5 folder with both); then only <see cref="ExtractPairs"/> can feed it.
    /// </summary>
    public ActivationExtractor(ModelFolder model, ExtractionOptions? options = null)
    {
        _model = model;
        _options = options ?? new ExtractionOptions();
        _options.Validate();
        ExtractionComponents components = _options.Components ?? (model.Decoder is null ? ExtractionComponents.Encoder : ExtractionComponents.Both);
        _extractEncoder = components != ExtractionComponents.Decoder;
        ModelGraph? decoder = components == ExtractionComponents.Encoder ? null : model.Graph(ModelFolder.DecoderComponent);
        Components = decoder is null ? [ModelFolder.EncoderComponent]
            : _extractEncoder ? [ModelFolder.EncoderComponent, ModelFolder.DecoderComponent] : [ModelFolder.DecoderComponent];
        EncoderLayers = _extractEncoder ? ResolveLayers(model.Encoder, _options.Layers, model.Decoder is not null) : [];
        DecoderLayers = decoder is null ? [] : ResolveLayers(decoder, _options.Layers, true);
        CheckBatchMemory(model, _options.BatchSize, EncoderLayers.Count + DecoderLayers.Count);
        _tokenizer = model.CreateTokenizer();
        if (decoder is not null && _tokenizer.DecoderStartId is null)
            throw new MLNetConceptsException($"{model.DescriptionPath}: the {model.Architecture} tokenizer has no decoder start token");
        _encoder = new OnnxGraphSession(model.Encoder, EncoderLayers, _options, keepLastHiddenState: decoder is not null);
        try
        {
            _decoder = decoder is null ? null : new OnnxGraphSession(decoder, DecoderLayers, _options);
            int probeId = _tokenizer.HighestId ?? _tokenizer.PaddingId;
            _encoder.CheckLimits(probeId, model.MaxPositions);
            _decoder?.CheckLimits(probeId, model.MaxPositions);
        }
        catch
        {
            _encoder.Dispose();
            _decoder?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The memory one batch may take at most: half of what the process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>,
    /// which honours container limits).
    /// </summary>
    public static long BatchMemoryBudget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>
    /// Refuses a batch size whose hidden states alone could outgrow <see cref="BatchMemoryBudget"/>: every sentence of
    /// the batch at the model's maximum positions, every extracted layer's [batch, positions, hidden] float tensor.
    /// Checked before any session starts, so the error comes in a second, not after gigabytes.
    /// </summary>
    internal static void CheckBatchMemory(ModelFolder model, int batchSize, int layers)
    {
        long perSentence = (long)model.MaxPositions * model.HiddenSize * Math.Max(1, layers) * sizeof(float);
        long budget = BatchMemoryBudget;
        if ((long)batchSize * perSentence <= budget) return;
        long largest = Math.Max(1, budget / perSentence);
        throw OptionErrors.OutOfRange(nameof(ExtractionOptions), nameof(ExtractionOptions.BatchSize), string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"must be at most {largest} for {model.Folder} ({model.MaxPositions} positions x {model.HiddenSize} floats x {layers} layers per sentence, {budget / (1 << 20)} MiB for a batch on this machine), got {batchSize}"));
    }

    /// <summary>The components extracted: <c>encoder</c>, <c>decoder</c> or both, in that order.</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>The first extracted component (the encoder unless only the decoder is extracted).</summary>
    public string Component => Components[0];

    /// <summary>The layers extracted of <see cref="Component"/>, in output order.</summary>
    public IReadOnlyList<int> Layers => _extractEncoder ? EncoderLayers : DecoderLayers;

    /// <summary>Encoder layers extracted (empty when only the decoder is).</summary>
    public IReadOnlyList<int> EncoderLayers { get; }

    /// <summary>Decoder layers extracted (empty without the decoder).</summary>
    public IReadOnlyList<int> DecoderLayers { get; }

    /// <summary>The layers extracted of <paramref name="component"/>.</summary>
    public IReadOnlyList<int> LayersOf(string component) => component == ModelFolder.DecoderComponent ? DecoderLayers : EncoderLayers;

    /// <summary>Floats per word vector (the model's hidden size).</summary>
    public int HiddenSize => _model.HiddenSize;

    /// <summary>Counts of the source sentences (the encoder's input).</summary>
    public ExtractionStatistics Statistics { get; } = new();

    /// <summary>Counts of the target sentences (the decoder's input); zero without sentence pairs.</summary>
    public ExtractionStatistics TargetStatistics { get; } = new();

    /// <summary>Checks requested encoder layers against the model; null means every layer.</summary>
    public static IReadOnlyList<int> ResolveLayers(ModelFolder model, IReadOnlyList<int>? layers) =>
        ResolveLayers(model.Encoder, layers, model.Decoder is not null);

    private static IReadOnlyList<int> ResolveLayers(ModelGraph graph, IReadOnlyList<int>? layers, bool nameComponent)
    {
        if (layers is null) return Enumerable.Range(0, graph.LayerCount).ToArray();
        foreach (int layer in layers)
        {
            if (layer < 0 || layer >= graph.LayerCount)
                throw OptionErrors.Invalid(nameof(ExtractionOptions), nameof(ExtractionOptions.Layers),
                    $"layer {layer} is not in the {(nameComponent ? graph.Component : "model")} (it has layers 0..{graph.LayerCount - 1}; 0 is the embedding output)");
        }
        return layers.Distinct().Order().ToArray();
    }

    /// <summary>Extracts the encoder over every sentence; <paramref name="sentences"/> is read lazily, one sort window at a time.</summary>
    public IEnumerable<ExtractedSentence> Extract(IEnumerable<(long SentenceId, string Text)> sentences)
    {
        if (_decoder is not null)
            throw new MLNetConceptsException(
                "the decoder needs target sentences: use ExtractPairs, or set ExtractionOptions.Components to Encoder");
        return ExtractPairs(sentences.Select(s => (s.SentenceId, s.Text, (string?)null))).Select(p => p.Encoder!);
    }

    /// <summary>
    /// Extracts sentence pairs: the encoder over the source, the decoder (when extracted) by teacher forcing over
    /// the target, both from one encoder pass per batch. Targets may be null only when the decoder is not extracted.
    /// </summary>
    public IEnumerable<ExtractedPair> ExtractPairs(IEnumerable<(long SentenceId, string Source, string? Target)> pairs)
    {
        int fullWindow = Math.Max(1, _options.BatchSize * _options.SortWindowBatches);
        int window = _options.GrowSortWindow ? Math.Min(fullWindow, _options.BatchSize) : fullWindow;
        var pending = new List<PairPlan>(window);
        foreach ((long id, string source, string? target) in pairs)
        {
            pending.Add(Plan(id, source, target));
            if (pending.Count == window)
            {
                foreach (ExtractedPair result in RunWindow(pending)) yield return result;
                pending.Clear();
                window = (int)Math.Min(fullWindow, 2L * window);
            }
        }
        foreach (ExtractedPair result in RunWindow(pending)) yield return result;
    }

    /// <summary>A source plan and, with the decoder, the target's decoder plan.</summary>
    private sealed record PairPlan(SentencePlan Source, SentencePlan? Target)
    {
        public long SentenceId => Source.SentenceId;
    }

    private PairPlan Plan(long id, string source, string? target)
    {
        SentencePlan sourcePlan = SentencePlan.Create(id, source, _tokenizer, _model.MaxPositions);
        Count(Statistics, sourcePlan);
        // Window membership is by input line, as in a full extraction, so the kept words come out in the same order.
        if (_options.KeptWords is { } kept && _extractEncoder) sourcePlan = sourcePlan.Keeping(kept);
        if (_decoder is null) return new PairPlan(sourcePlan, null);
        if (target is null)
            throw new MLNetConceptsException($"sentence {id}: no target sentence; the decoder is extracted on the target side of sentence pairs");
        SentencePlan targetPlan = SentencePlan.Create(id, target, _tokenizer, _model.MaxPositions);
        Count(TargetStatistics, targetPlan);
        return new PairPlan(sourcePlan, targetPlan.ForDecoder(_tokenizer.DecoderStartId!.Value, _options.DecoderPosition));
    }

    private void Count(ExtractionStatistics statistics, SentencePlan plan)
    {
        statistics.Sentences++;
        if (plan.WordCount == 0) statistics.EmptySentences++;
        statistics.Words += plan.WordCount;
        statistics.WordsKept += plan.Words.Length;
        statistics.WordsDroppedByTokenizer += plan.DroppedByTokenizer;
        statistics.WordsTruncated += plan.Truncated;
        if (plan.Truncated > 0) statistics.SentencesTruncated++;
        statistics.Pieces += plan.InputIds.Length - _tokenizer.SpecialTokenCount;
    }

    // A pair is run when a component it feeds has a word to give a vector to.
    private bool NeedsRun(PairPlan plan) =>
        (_extractEncoder && plan.Source.Words.Length > 0) || (plan.Target is { Words.Length: > 0 });

    private IEnumerable<ExtractedPair> RunWindow(List<PairPlan> plans)
    {
        int[] order = Enumerable.Range(0, plans.Count)
            .Where(i => NeedsRun(plans[i]))
            .OrderBy(i => plans[i].Source.InputIds.Length).ThenBy(i => plans[i].Target?.InputIds.Length ?? 0).ThenBy(i => i)
            .ToArray();
        var results = new ExtractedPair?[plans.Count];
        for (int start = 0; start < order.Length; start += _options.BatchSize)
        {
            int[] members = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            ExtractedPair[] batch = RunBatch(plans, members);
            if (_options.KeepInputOrder)
            {
                for (int r = 0; r < members.Length; r++) results[members[r]] = batch[r];
            }
            else
            {
                foreach (ExtractedPair pair in batch) yield return pair;
            }
        }
        for (int i = 0; i < plans.Count; i++)
        {
            if (_options.KeepInputOrder || !NeedsRun(plans[i]))
                yield return results[i] ?? Empty(plans[i]);
        }
    }

    private ExtractedPair Empty(PairPlan plan) => new()
    {
        SentenceId = plan.SentenceId,
        Encoder = _extractEncoder ? EmptySentence(plan.SentenceId, EncoderLayers) : null,
        Decoder = _decoder is null ? null : EmptySentence(plan.SentenceId, DecoderLayers),
    };

    private ExtractedSentence EmptySentence(long id, IReadOnlyList<int> layers) => new()
    {
        SentenceId = id, Words = [], HiddenSize = HiddenSize, LayerVectors = layers.Select(_ => Array.Empty<float>()).ToArray(),
    };

    private ExtractedPair[] RunBatch(List<PairPlan> plans, int[] members)
    {
        SentencePlan[] sources = members.Select(i => plans[i].Source).ToArray();
        float[][][]? encoderVectors = _extractEncoder ? Allocate(sources, EncoderLayers) : null;
        EncoderStates? states = _encoder.Run(sources, _tokenizer.PaddingId,
            (layerPosition, data, length) => Collect(_model.Encoder, EncoderLayers, sources, encoderVectors!, layerPosition, data, length));

        SentencePlan[]? targets = null;
        float[][][]? decoderVectors = null;
        if (_decoder is not null)
        {
            targets = members.Select(i => plans[i].Target!).ToArray();
            decoderVectors = Allocate(targets, DecoderLayers);
            _decoder.RunDecoder(targets, _tokenizer.PaddingId, states!,
                (layerPosition, data, length) => Collect(_model.Decoder!, DecoderLayers, targets, decoderVectors, layerPosition, data, length));
        }
        return members.Select((_, r) => new ExtractedPair
        {
            SentenceId = sources[r].SentenceId,
            Encoder = encoderVectors is null ? null : Result(sources[r], encoderVectors[r]),
            Decoder = decoderVectors is null ? null : Result(targets![r], decoderVectors[r]),
        }).ToArray();
    }

    private float[][][] Allocate(SentencePlan[] batch, IReadOnlyList<int> layers) =>
        batch.Select(s => layers.Select(_ => new float[s.Words.Length * HiddenSize]).ToArray()).ToArray();

    private ExtractedSentence Result(SentencePlan plan, float[][] vectors) => new()
    {
        SentenceId = plan.SentenceId, Words = plan.Words, LayerVectors = vectors, HiddenSize = HiddenSize,
    };

    private void Collect(ModelGraph graph, IReadOnlyList<int> layers, SentencePlan[] batch, float[][][] vectors, int layerPosition,
        ReadOnlySpan<float> data, int length)
    {
        int hidden = HiddenSize;
        int expected = batch.Length * length * hidden;
        if (data.Length != expected)
            throw new MLNetConceptsException(
                $"{graph.OnnxPath}: output '{graph.HiddenStateOutput(layers[layerPosition])}' has {data.Length} values, expected batch x sequence x hidden_size = {expected}; check hidden_size in model.json");
        for (int r = 0; r < batch.Length; r++)
        {
            ReadOnlySpan<float> sentence = data.Slice(r * length * hidden, length * hidden);
            PlannedWord[] words = batch[r].Words;
            for (int w = 0; w < words.Length; w++)
                Aggregate(sentence, words[w], hidden, _options.Aggregation, vectors[r][layerPosition].AsSpan(w * hidden, hidden));
        }
    }

    /// <summary>Forms a word's vector from its pieces' rows of one sentence's [sequence, hidden] output.</summary>
    internal static void Aggregate(ReadOnlySpan<float> sentence, PlannedWord word, int hidden, WordAggregation aggregation, Span<float> target)
    {
        switch (aggregation)
        {
            case WordAggregation.First:
                sentence.Slice(word.FirstPiece * hidden, hidden).CopyTo(target);
                break;
            case WordAggregation.Last:
                sentence.Slice((word.FirstPiece + word.PieceCount - 1) * hidden, hidden).CopyTo(target);
                break;
            case WordAggregation.Mean:
                target.Clear();
                for (int p = 0; p < word.PieceCount; p++)
                {
                    ReadOnlySpan<float> piece = sentence.Slice((word.FirstPiece + p) * hidden, hidden);
                    for (int h = 0; h < hidden; h++) target[h] += piece[h];
                }
                for (int h = 0; h < hidden; h++) target[h] /= word.PieceCount;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(aggregation));
        }
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        _decoder?.Dispose();
        _encoder.Dispose();
    }
}
