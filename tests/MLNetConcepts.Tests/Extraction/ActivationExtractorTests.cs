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
    public void ALayerTheModelLacksIsAnErrorNamingTheOption()
    {
        var e = Assert.Throws<MLNetConceptsException>(() =>
            new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")), new ExtractionOptions { Layers = [0, 4] }));
        Assert.Equal("option --layers: layer 4 is not in the model (it has layers 0..3; 0 is the embedding output)", e.Message);
    }
}
