using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Models;

/// <summary>
/// The committed demo models (models/train_demo.py) load, and have learned something cross-lingual: the mean word
/// vector of an English sentence is nearer its German translation's than most other German sentences'. Sentences
/// are from the embedded sample, which the models were not trained on.
/// </summary>
public class DemoModelsTests(ITestOutputHelper output)
{
    private const int Pairs = 200;

    public static TheoryData<string> Demos => new() { "demo-base", "demo-tuned" };

    [Theory]
    [MemberData(nameof(Demos))]
    public void LoadsWithSixLayersAndEveryHiddenState(string name)
    {
        ModelFolder model = ModelFolder.Load(Path.Combine(RepoPaths.Models, name));
        Assert.Equal("xlm-roberta", model.Architecture);
        Assert.Equal(256, model.HiddenSize);
        Assert.Equal(7, model.LayerCount);   // embeddings + 6 layers
    }

    [Theory]
    [MemberData(nameof(Demos))]
    public void FindsTranslationsAmongSentences(string name)
    {
        string[] english = File.ReadLines(Path.Combine(RepoPaths.Examples, "data", "en-de.en")).Take(Pairs).ToArray();
        string[] german = File.ReadLines(Path.Combine(RepoPaths.Examples, "data", "en-de.de")).Take(Pairs).ToArray();
        int[] layers = [0, 1, 2, 3, 4, 5, 6];
        float[][][] en = SentenceVectors(name, english, layers), de = SentenceVectors(name, german, layers);

        double[] accuracy = layers.Select(l => RetrievalAccuracy(en[l], de[l])).ToArray();
        output.WriteLine($"{name}: English -> German top-1 retrieval among {Pairs} by layer: {string.Join(", ", accuracy.Select(a => a.ToString("0.000")))}");
        // Chance is 1/200 = 0.005. The embedding layer finds some translations through shared pieces (names,
        // numbers, punctuation); a model that learned cross-lingual structure finds more in its contextual layers.
        double contextual = accuracy.Skip(1).Max();
        Assert.True(contextual >= 0.05, $"the best contextual layer finds {contextual:0.000} of translations, under ten times chance");
        Assert.True(contextual >= 1.5 * accuracy[0],
            $"the best contextual layer finds {contextual:0.000} of translations, not clearly more than the embeddings' {accuracy[0]:0.000}");
    }

    [Fact]
    public void WordAlignmentTuningPullsEnglishAndGermanSentencesTogetherInTheUpperLayers()
    {
        // demo-tuned was trained (models/tune_demo_alignment.py) to bring linked English and German words together,
        // more strongly in deeper layers; mean word vectors of translations must find each other more often
        // (measured: 0.130 for demo-base, 0.260 for demo-tuned).
        string[] english = File.ReadLines(Path.Combine(RepoPaths.Examples, "data", "en-de.en")).Take(Pairs).ToArray();
        string[] german = File.ReadLines(Path.Combine(RepoPaths.Examples, "data", "en-de.de")).Take(Pairs).ToArray();
        int[] layers = [4, 5, 6];
        double Best(string name)
        {
            float[][][] en = SentenceVectors(name, english, layers), de = SentenceVectors(name, german, layers);
            return layers.Select((_, l) => RetrievalAccuracy(en[l], de[l])).Max();
        }
        double tuned = Best("demo-tuned"), untuned = Best("demo-base");
        output.WriteLine($"English -> German top-1 retrieval among {Pairs}, best of layers 4-6: demo-base {untuned:0.000}, demo-tuned {tuned:0.000}");
        Assert.True(tuned >= 1.5 * untuned && tuned >= 0.2, $"demo-tuned {tuned:0.000} against demo-base {untuned:0.000}");
    }

    /// <summary>Per layer, per sentence: the mean of its word vectors, centred on the language's mean.</summary>
    private static float[][][] SentenceVectors(string name, string[] sentences, int[] layers)
    {
        using var extractor = new ActivationExtractor(ModelFolder.Load(Path.Combine(RepoPaths.Models, name)),
            new ExtractionOptions { Layers = layers });
        int hidden = 256;
        var result = layers.Select(_ => sentences.Select(_ => new float[hidden]).ToArray()).ToArray();
        foreach (ExtractedSentence s in extractor.Extract(sentences.Select((t, i) => ((long)i, t))))
            for (int l = 0; l < layers.Length; l++)
                for (int w = 0; w < s.Words.Length; w++)
                {
                    ReadOnlySpan<float> v = s.Vector(l, w);
                    for (int d = 0; d < hidden; d++) result[l][s.SentenceId][d] += v[d] / s.Words.Length;
                }
        foreach (float[][] layer in result)
        {
            var mean = new float[hidden];
            foreach (float[] v in layer) for (int d = 0; d < hidden; d++) mean[d] += v[d] / layer.Length;
            foreach (float[] v in layer) for (int d = 0; d < hidden; d++) v[d] -= mean[d];
        }
        return result;
    }

    private static double RetrievalAccuracy(float[][] source, float[][] target)
    {
        static double Cosine(float[] a, float[] b)
        {
            double dot = 0, na = 0, nb = 0;
            for (int d = 0; d < a.Length; d++) { dot += a[d] * b[d]; na += a[d] * a[d]; nb += b[d] * b[d]; }
            return dot / Math.Sqrt(na * nb + 1e-30);
        }
        int right = 0;
        for (int i = 0; i < source.Length; i++)
        {
            int best = Enumerable.Range(0, target.Length).MaxBy(j => Cosine(source[i], target[j]));
            if (best == i) right++;
        }
        return (double)right / source.Length;
    }
}
