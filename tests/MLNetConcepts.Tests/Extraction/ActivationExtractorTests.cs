using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Extraction;

public class ActivationExtractorTests
{
    public static TheoryData<string, WordAggregation, int> Cases()
    {
        var data = new TheoryData<string, WordAggregation, int>();
        foreach (string model in TinyModels.Names)
        foreach (WordAggregation aggregation in Enum.GetValues<WordAggregation>())
        foreach (int batchSize in new[] { 1, 3, 8 })
            data.Add(model, aggregation, batchSize);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VectorsEqualPyTorchOnEveryLayer(string model, WordAggregation aggregation, int batchSize)
    {
        ExpectedModel expected = TinyModels.Expected(model);
        using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder(model)),
            new ExtractionOptions { Aggregation = aggregation, BatchSize = batchSize, SortWindowBatches = 1 });
        Assert.Equal(Enumerable.Range(0, expected.NumLayers + 1), extractor.Layers);

        var results = extractor.Extract(expected.Sentences.Select((s, i) => ((long)i, s.Text))).ToList();
        Assert.Equal(expected.Sentences.Length, results.Count);
        double worst = 0;
        for (int s = 0; s < results.Count; s++)
        {
            ExpectedSentence want = expected.Sentences[s];
            Assert.Equal(s, results[s].SentenceId);
            Assert.Equal(want.KeptWordIndices, results[s].Words.Select(w => w.WordIndex));
            Assert.Equal(want.KeptWordIndices.Select(i => want.Words[i]), results[s].Words.Select(w => w.Word));
            float[][][] vectors = want.Vectors[aggregation.ToString().ToLowerInvariant()];
            for (int layer = 0; layer <= expected.NumLayers; layer++)
            for (int w = 0; w < want.KeptWordIndices.Length; w++)
            {
                ReadOnlySpan<float> got = results[s].Vector(layer, w);
                for (int h = 0; h < expected.HiddenSize; h++)
                    worst = Math.Max(worst, Math.Abs(got[h] - vectors[layer][w][h]));
            }
        }
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");

        ExtractionStatistics stats = extractor.Statistics;
        Assert.Equal(expected.Sentences.Sum(s => s.Words.Length), stats.Words);
        Assert.Equal(expected.Sentences.Sum(s => s.KeptWordIndices.Length), stats.WordsKept);
        Assert.Equal(expected.Sentences.Sum(s => s.DroppedByTokenizer.Length), stats.WordsDroppedByTokenizer);
        Assert.Equal(expected.Sentences.Sum(s => s.Truncated.Length), stats.WordsTruncated);
    }

    [Fact]
    public void BatchSizeDoesNotChangeTheVectors()
    {
        ExpectedModel expected = TinyModels.Expected("tiny-xlmr");
        var texts = expected.Sentences.Select(s => s.Text).Concat(["", "   ", "le chat", "Der Hund schläft ."]).ToArray();
        List<ExtractedSentence> Run(int batchSize)
        {
            using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-xlmr")),
                new ExtractionOptions { BatchSize = batchSize, Layers = [1, 3] });
            return extractor.Extract(texts.Select((t, i) => ((long)i, t))).ToList();
        }
        List<ExtractedSentence> one = Run(1), many = Run(5);
        for (int s = 0; s < texts.Length; s++)
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(one[s].LayerVectors[l].Length, many[s].LayerVectors[l].Length);
            for (int i = 0; i < one[s].LayerVectors[l].Length; i++)
                Assert.True(Math.Abs(one[s].LayerVectors[l][i] - many[s].LayerVectors[l][i]) <= 1e-5);
        }
        Assert.Empty(one[expected.Sentences.Length].Words);
    }

    [Fact]
    public void WithoutInputOrderEverySentenceStillComesOutOnceWithTheSameVectors()
    {
        ExpectedModel expected = TinyModels.Expected("tiny-bert");
        var texts = expected.Sentences.Select(s => s.Text).Append("").ToArray();
        List<ExtractedSentence> Run(bool ordered)
        {
            using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")),
                new ExtractionOptions { BatchSize = 2, KeepInputOrder = ordered });
            return extractor.Extract(texts.Select((t, i) => ((long)i, t))).ToList();
        }
        List<ExtractedSentence> ordered = Run(true), unordered = Run(false);
        Assert.Equal(Enumerable.Range(0, texts.Length).Select(i => (long)i), ordered.Select(s => s.SentenceId));
        Assert.NotEqual(ordered.Select(s => s.SentenceId), unordered.Select(s => s.SentenceId));
        foreach (ExtractedSentence sentence in unordered)
            Assert.Equal(ordered[(int)sentence.SentenceId].LayerVectors, sentence.LayerVectors);
    }

    [Fact]
    public void ALayerTheModelLacksIsAnErrorNamingTheProperty()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")), new ExtractionOptions { Layers = [0, 4] }));
        Assert.Equal(nameof(ExtractionOptions.Layers), e.ParamName);
        Assert.StartsWith("ExtractionOptions.Layers: layer 4 is not in the model (it has layers 0..3; 0 is the embedding output)", e.Message);
    }

    public static TheoryData<WordAggregation, DecoderPosition, int> T5Cases()
    {
        var data = new TheoryData<WordAggregation, DecoderPosition, int>();
        foreach (WordAggregation aggregation in Enum.GetValues<WordAggregation>())
        foreach (DecoderPosition position in Enum.GetValues<DecoderPosition>())
        foreach (int batchSize in new[] { 1, 3, 8 })
            data.Add(aggregation, position, batchSize);
        return data;
    }

    [Theory]
    [MemberData(nameof(T5Cases))]
    public void T5EncoderAndDecoderVectorsEqualPyTorchOnEveryLayer(WordAggregation aggregation, DecoderPosition position, int batchSize)
    {
        ExpectedModel expected = TinyModels.Expected(TinyModels.T5);
        using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder(TinyModels.T5)),
            new ExtractionOptions { Aggregation = aggregation, DecoderPosition = position, BatchSize = batchSize, SortWindowBatches = 1 });
        Assert.Equal(["encoder", "decoder"], extractor.Components);
        Assert.Equal(Enumerable.Range(0, expected.NumLayers + 1), extractor.EncoderLayers);
        Assert.Equal(Enumerable.Range(0, expected.DecoderNumLayers!.Value + 1), extractor.DecoderLayers);

        var results = extractor.ExtractPairs(expected.Sentences.Select((s, i) => ((long)i, s.Text, (string?)s.Target!.Text))).ToList();
        Assert.Equal(expected.Sentences.Length, results.Count);
        string agg = aggregation.ToString().ToLowerInvariant();
        double worstEncoder = 0, worstDecoder = 0;
        for (int s = 0; s < results.Count; s++)
        {
            ExpectedSentence want = expected.Sentences[s];
            ExpectedTarget target = want.Target!;
            Assert.Equal(s, results[s].SentenceId);
            Assert.Equal(want.KeptWordIndices, results[s].Encoder!.Words.Select(w => w.WordIndex));
            Assert.Equal(target.KeptWordIndices, results[s].Decoder!.Words.Select(w => w.WordIndex));
            Assert.Equal(target.KeptWordIndices.Select(i => target.Words[i]), results[s].Decoder!.Words.Select(w => w.Word));
            worstEncoder = Math.Max(worstEncoder, MaxDifference(results[s].Encoder!, want.Vectors[agg], expected.HiddenSize));
            worstDecoder = Math.Max(worstDecoder,
                MaxDifference(results[s].Decoder!, target.Vectors[position.ToString().ToLowerInvariant()][agg], expected.HiddenSize));
        }
        Assert.True(worstEncoder <= 1e-4, $"encoder: max abs difference {worstEncoder}");
        Assert.True(worstDecoder <= 1e-4, $"decoder: max abs difference {worstDecoder}");

        Assert.Equal(expected.Sentences.Sum(s => s.KeptWordIndices.Length), extractor.Statistics.WordsKept);
        Assert.Equal(expected.Sentences.Sum(s => s.Target!.Words.Length), extractor.TargetStatistics.Words);
        Assert.Equal(expected.Sentences.Sum(s => s.Target!.KeptWordIndices.Length), extractor.TargetStatistics.WordsKept);
        Assert.Equal(expected.Sentences.Sum(s => s.Target!.DroppedByTokenizer.Length), extractor.TargetStatistics.WordsDroppedByTokenizer);
        Assert.Equal(expected.Sentences.Sum(s => s.Target!.Truncated.Length), extractor.TargetStatistics.WordsTruncated);
    }

    private static double MaxDifference(ExtractedSentence got, float[][][] want, int hidden)
    {
        double worst = 0;
        for (int layer = 0; layer < want.Length; layer++)
        for (int w = 0; w < want[layer].Length; w++)
        {
            ReadOnlySpan<float> vector = got.Vector(layer, w);
            for (int h = 0; h < hidden; h++)
                worst = Math.Max(worst, Math.Abs(vector[h] - want[layer][w][h]));
        }
        return worst;
    }

    [Fact]
    public void T5ComponentsAloneGiveTheVectorsOfTheJointRunWhateverTheBatch()
    {
        ExpectedModel expected = TinyModels.Expected(TinyModels.T5);
        // Empty and one-sided pairs ride along: a pair runs when a component it feeds has a word.
        var pairs = expected.Sentences.Select(s => (s.Text, s.Target!.Text))
            .Concat([("", "Der Hund schläft ."), ("le chat", ""), ("", "   ")])
            .Select((p, i) => ((long)i, p.Item1, (string?)p.Item2)).ToArray();
        List<ExtractedPair> Run(ExtractionComponents components, int batchSize, bool ordered = true)
        {
            using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder(TinyModels.T5)),
                new ExtractionOptions { Components = components, BatchSize = batchSize, Layers = [0, 2], KeepInputOrder = ordered });
            return extractor.ExtractPairs(pairs).OrderBy(p => p.SentenceId).ToList();
        }
        List<ExtractedPair> both = Run(ExtractionComponents.Both, 1), encoder = Run(ExtractionComponents.Encoder, 4),
            decoder = Run(ExtractionComponents.Decoder, 5), unordered = Run(ExtractionComponents.Both, 3, ordered: false);
        Assert.All(encoder, p => Assert.Null(p.Decoder));
        Assert.All(decoder, p => Assert.Null(p.Encoder));
        Assert.Equal(pairs.Select(p => p.Item1), unordered.Select(p => p.SentenceId));
        for (int s = 0; s < pairs.Length; s++)
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(both[s].Encoder!.LayerVectors[l], encoder[s].Encoder!.LayerVectors[l], (a, b) => Math.Abs(a - b) <= 1e-5);
            Assert.Equal(both[s].Encoder!.LayerVectors[l], unordered[s].Encoder!.LayerVectors[l], (a, b) => Math.Abs(a - b) <= 1e-5);
            Assert.Equal(both[s].Decoder!.LayerVectors[l], decoder[s].Decoder!.LayerVectors[l], (a, b) => Math.Abs(a - b) <= 1e-5);
            Assert.Equal(both[s].Decoder!.LayerVectors[l], unordered[s].Decoder!.LayerVectors[l], (a, b) => Math.Abs(a - b) <= 1e-5);
        }
        int n = expected.Sentences.Length;
        Assert.Empty(both[n].Encoder!.Words);
        Assert.Equal(4, both[n].Decoder!.Words.Length);
        Assert.Equal(2, both[n + 1].Encoder!.Words.Length);
        Assert.Empty(both[n + 1].Decoder!.Words);
        Assert.Empty(both[n + 2].Decoder!.Words);
    }

    [Fact]
    public void T5DecoderNeedsTargetsAndItsOwnLayers()
    {
        ModelFolder t5 = ModelFolder.Load(TinyModels.Folder(TinyModels.T5));
        using (var extractor = new ActivationExtractor(t5))
        {
            var e = Assert.Throws<MLNetConceptsException>(() => extractor.Extract([(0L, "a b")]).ToList());
            Assert.Contains("the decoder needs target sentences", e.Message);
        }
        using (var encoderOnly = new ActivationExtractor(t5, new ExtractionOptions { Components = ExtractionComponents.Encoder }))
            Assert.Equal(3, encoderOnly.Extract([(0L, "The cat sits")]).Single().Words.Length);
        var layer = Assert.Throws<ArgumentException>(() => new ActivationExtractor(t5, new ExtractionOptions { Layers = [3] }));
        Assert.Equal("layer 3 is not in the decoder (it has layers 0..2; 0 is the embedding output)", OptionErrors.Problem(layer));
        var bert = Assert.Throws<MLNetConceptsException>(() => new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")),
            new ExtractionOptions { Components = ExtractionComponents.Decoder }));
        Assert.Contains("has no decoder", bert.Message);
    }
}
