using MLNetConcepts.Models;
using MLNetConcepts.Text;

namespace MLNetConcepts.Extraction;

/// <summary>The vectors of one sentence's kept words at every requested layer.</summary>
public sealed class ExtractedSentence
{
    public required long SentenceId { get; init; }
    public required PlannedWord[] Words { get; init; }

    /// <summary>Per requested layer (in <see cref="ActivationExtractor.Layers"/> order): words x hidden floats, row-major.</summary>
    public required float[][] LayerVectors { get; init; }

    public int HiddenSize { get; init; }

    public ReadOnlySpan<float> Vector(int layerPosition, int word) =>
        LayerVectors[layerPosition].AsSpan(word * HiddenSize, HiddenSize);
}

/// <summary>
/// Turns sentences into word vectors: tokenizes word by word, batches sentences of similar length, runs the
/// ONNX encoder and aggregates piece vectors to words. Streams: it holds one sort window of sentences at a
/// time, and yields sentences in their input order unless
/// <see cref="ExtractionOptions.KeepInputOrder"/> is off.
/// </summary>
public sealed class ActivationExtractor : IDisposable
{
    private readonly ModelFolder _model;
    private readonly SubwordTokenizer _tokenizer;
    private readonly OnnxEncoderSession _session;
    private readonly ExtractionOptions _options;

    public ActivationExtractor(ModelFolder model, ExtractionOptions? options = null)
    {
        _model = model;
        _options = options ?? new ExtractionOptions();
        if (_options.BatchSize <= 0)
            throw new MLNetConceptsException($"option --batch-size: must be positive, got {_options.BatchSize}");
        Layers = ResolveLayers(model, _options.Layers);
        _tokenizer = model.CreateTokenizer();
        _session = new OnnxEncoderSession(model, Layers, _options);
    }

    /// <summary>The layers extracted, in output order.</summary>
    public IReadOnlyList<int> Layers { get; }

    public int HiddenSize => _model.HiddenSize;

    public string Component => _model.Component;

    public ExtractionStatistics Statistics { get; } = new();

    /// <summary>Checks requested layers against the model; null means every layer.</summary>
    public static IReadOnlyList<int> ResolveLayers(ModelFolder model, IReadOnlyList<int>? layers)
    {
        if (layers is null) return Enumerable.Range(0, model.LayerCount).ToArray();
        foreach (int layer in layers)
        {
            if (layer < 0 || layer >= model.LayerCount)
                throw new MLNetConceptsException(
                    $"option --layers: layer {layer} is not in the model (it has layers 0..{model.LayerCount - 1}; 0 is the embedding output)");
        }
        return layers.Distinct().Order().ToArray();
    }

    /// <summary>Extracts every sentence; <paramref name="sentences"/> is read lazily, one sort window at a time.</summary>
    public IEnumerable<ExtractedSentence> Extract(IEnumerable<(long SentenceId, string Text)> sentences)
    {
        int window = Math.Max(1, _options.BatchSize * _options.SortWindowBatches);
        var pending = new List<SentencePlan>(window);
        foreach ((long id, string text) in sentences)
        {
            pending.Add(Plan(id, text));
            if (pending.Count == window)
            {
                foreach (ExtractedSentence result in RunWindow(pending)) yield return result;
                pending.Clear();
            }
        }
        foreach (ExtractedSentence result in RunWindow(pending)) yield return result;
    }

    private SentencePlan Plan(long id, string text)
    {
        SentencePlan plan = SentencePlan.Create(id, text, _tokenizer, _model.MaxPositions);
        Statistics.Sentences++;
        if (plan.WordCount == 0) Statistics.EmptySentences++;
        Statistics.Words += plan.WordCount;
        Statistics.WordsKept += plan.Words.Length;
        Statistics.WordsDroppedByTokenizer += plan.DroppedByTokenizer;
        Statistics.WordsTruncated += plan.Truncated;
        if (plan.Truncated > 0) Statistics.SentencesTruncated++;
        Statistics.Pieces += plan.InputIds.Length - _tokenizer.SpecialTokenCount;
        return plan;
    }

    private IEnumerable<ExtractedSentence> RunWindow(List<SentencePlan> plans)
    {
        int[] order = Enumerable.Range(0, plans.Count)
            .Where(i => plans[i].Words.Length > 0)
            .OrderBy(i => plans[i].InputIds.Length).ThenBy(i => i)
            .ToArray();
        var results = new ExtractedSentence?[plans.Count];
        for (int start = 0; start < order.Length; start += _options.BatchSize)
        {
            int[] members = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            ExtractedSentence[] batch = RunBatch(plans, members);
            if (_options.KeepInputOrder)
            {
                for (int r = 0; r < members.Length; r++) results[members[r]] = batch[r];
            }
            else
            {
                foreach (ExtractedSentence sentence in batch) yield return sentence;
            }
        }
        for (int i = 0; i < plans.Count; i++)
        {
            if (_options.KeepInputOrder || plans[i].Words.Length == 0)
                yield return results[i] ?? Empty(plans[i]);
        }
    }

    private ExtractedSentence Empty(SentencePlan plan) => new()
    {
        SentenceId = plan.SentenceId, Words = [], HiddenSize = HiddenSize,
        LayerVectors = Layers.Select(_ => Array.Empty<float>()).ToArray(),
    };

    private ExtractedSentence[] RunBatch(List<SentencePlan> plans, int[] members)
    {
        var batch = members.Select(i => plans[i]).ToArray();
        int hidden = HiddenSize;
        var vectors = batch.Select(s => Layers.Select(_ => new float[s.Words.Length * hidden]).ToArray()).ToArray();
        _session.Run(batch, _tokenizer.PaddingId, (layerPosition, data, length) =>
        {
            int expected = batch.Length * length * hidden;
            if (data.Length != expected)
                throw new MLNetConceptsException(
                    $"{_model.OnnxPath}: output '{_model.HiddenStateOutput(Layers[layerPosition])}' has {data.Length} values, expected batch x sequence x hidden_size = {expected}; check hidden_size in model.json");
            for (int r = 0; r < batch.Length; r++)
            {
                ReadOnlySpan<float> sentence = data.Slice(r * length * hidden, length * hidden);
                PlannedWord[] words = batch[r].Words;
                for (int w = 0; w < words.Length; w++)
                    Aggregate(sentence, words[w], hidden, _options.Aggregation, vectors[r][layerPosition].AsSpan(w * hidden, hidden));
            }
        });
        return batch.Select((plan, r) => new ExtractedSentence
        {
            SentenceId = plan.SentenceId, Words = plan.Words, LayerVectors = vectors[r], HiddenSize = hidden,
        }).ToArray();
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

    public void Dispose() => _session.Dispose();
}
