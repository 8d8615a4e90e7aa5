using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Extraction;

public class WordActivationsEstimatorTests
{
    private sealed class Sentence
    {
        public string Text { get; set; } = "";
    }

    private sealed class TaggedSentence
    {
        public string Text { get; set; } = "";
        public string Lang { get; set; } = "";
        public int Line { get; set; }
    }

    private static readonly string[] Texts = ["The cat sits on the mat .", "", "Der Hund   schläft .", "Hello , world"];

    [Fact]
    public void YieldsOneRowPerWordWithTheExtractorsVectors()
    {
        var ml = new MLContext(seed: 1);
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));
        WordActivationsTransformer transformer = ml.Transforms
            .ExtractWordActivations(TinyModels.Folder("tiny-bert"), language: "en", layers: [0, 3], batchSize: 2)
            .Fit(sentences);
        IDataView words = transformer.Transform(sentences);

        Assert.Equal(["sentence_id", "word_index", "language", "word", "layer_0", "layer_3"], words.Schema.Select(c => c.Name));
        Assert.Equal(32, ((VectorDataViewType)words.Schema["layer_3"].Type).Size);

        long[] sentenceIds = words.GetColumn<long>("sentence_id").ToArray();
        int[] wordIndices = words.GetColumn<int>("word_index").ToArray();
        string[] text = words.GetColumn<ReadOnlyMemory<char>>("word").Select(w => w.ToString()).ToArray();
        float[][] layer3 = words.GetColumn<VBuffer<float>>("layer_3").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3], sentenceIds);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 0, 1, 2], wordIndices);
        Assert.Equal("schläft", text[9]);
        Assert.All(words.GetColumn<ReadOnlyMemory<char>>("language"), l => Assert.Equal("en", l.ToString()));

        using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")), new ExtractionOptions { Layers = [0, 3] });
        var direct = extractor.Extract(Texts.Select((t, i) => ((long)i, t)))
            .SelectMany(s => Enumerable.Range(0, s.Words.Length).Select(w => s.Vector(1, w).ToArray())).ToArray();
        Assert.Equal(direct.Length, layer3.Length);
        for (int i = 0; i < direct.Length; i++)
            Assert.Equal(direct[i], layer3[i], (a, b) => Math.Abs(a - b) <= 1e-5);
    }

    [Fact]
    public void FeedsMLNetKMeans()
    {
        var ml = new MLContext(seed: 1);
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));
        var pipeline = ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-xlmr"), language: "de", layers: [2])
            .AppendCacheCheckpoint(ml)
            .Append(ml.Clustering.Trainers.KMeans(featureColumnName: "layer_2", numberOfClusters: 3));
        var model = pipeline.Fit(sentences);
        uint[] clusters = model.Transform(sentences).GetColumn<uint>("PredictedLabel").ToArray();
        Assert.Equal(14, clusters.Length);
        Assert.All(clusters, c => Assert.InRange(c, 1u, 3u));
    }

    [Fact]
    public void TakesLanguageAndSentenceIdFromColumnsForMixedData()
    {
        var ml = new MLContext(seed: 1);
        TaggedSentence[] rows =
        [
            new() { Text = "The cat sits on the mat .", Lang = "en", Line = 7 },
            new() { Text = "Die Katze sitzt .", Lang = "de", Line = 7 },
            new() { Text = "", Lang = "fr", Line = 9 },
            new() { Text = "Hello , world", Lang = "en", Line = 3 },
        ];
        IDataView sentences = ml.Data.LoadFromEnumerable(rows);
        var options = new WordActivationsEstimator.Options
        {
            ModelFolder = TinyModels.Folder("tiny-xlmr"), LanguageColumnName = "Lang", SentenceIdColumnName = "Line",
            Extraction = new ExtractionOptions { Layers = [2], BatchSize = 2 },
        };
        IDataView words = ml.Transforms.ExtractWordActivations(options).Fit(sentences).Transform(sentences);

        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 3, 3], words.GetColumn<long>("sentence_id"));
        Assert.Equal(Enumerable.Repeat("en", 7).Concat(Enumerable.Repeat("de", 4)).Concat(Enumerable.Repeat("en", 3)),
            words.GetColumn<ReadOnlyMemory<char>>("language").Select(l => l.ToString()));
        // The vectors do not depend on where the language and id come from.
        float[][] mixed = words.GetColumn<VBuffer<float>>("layer_2").Select(v => v.DenseValues().ToArray()).ToArray();
        using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-xlmr")), new ExtractionOptions { Layers = [2] });
        float[][] direct = extractor.Extract(rows.Select((r, i) => ((long)i, r.Text)))
            .SelectMany(s => Enumerable.Range(0, s.Words.Length).Select(w => s.Vector(0, w).ToArray())).ToArray();
        Assert.Equal(direct.Length, mixed.Length);
        for (int i = 0; i < direct.Length; i++)
            Assert.Equal(direct[i], mixed[i], (a, b) => Math.Abs(a - b) <= 1e-5);
    }

    [Fact]
    public void NamesABadLanguageOrSentenceIdColumn()
    {
        var ml = new MLContext();
        IDataView sentences = ml.Data.LoadFromEnumerable(new[] { new TaggedSentence { Text = "a b", Lang = "en" }, new TaggedSentence { Text = "c", Lang = " " } });
        WordActivationsEstimator.Options Options(string language, string? sentenceId) => new()
        {
            ModelFolder = TinyModels.Folder("tiny-xlmr"), LanguageColumnName = language, SentenceIdColumnName = sentenceId,
        };
        const string missingLanguage = "Could not find input column 'Language'; set WordActivationsEstimator.Options.LanguageColumnName";
        const string textSentenceId = "Schema mismatch for input column 'Text': expected Int32 or Int64, got String; set WordActivationsEstimator.Options.SentenceIdColumnName";
        SchemaErrorAssert.Throws("inputSchema", missingLanguage, () => ml.Transforms.ExtractWordActivations(Options("Language", null)).Fit(sentences));
        SchemaErrorAssert.Throws("inputSchema", textSentenceId, () => ml.Transforms.ExtractWordActivations(Options("Lang", "Text")).Fit(sentences));
        SchemaErrorAssert.Throws("inputSchema", missingLanguage,
            () => ml.Transforms.ExtractWordActivations(Options("Language", null)).GetOutputSchema(SchemaShapes.Of(sentences.Schema)));
        SchemaErrorAssert.Throws("inputSchema", textSentenceId,
            () => ml.Transforms.ExtractWordActivations(Options("Lang", "Text")).GetOutputSchema(SchemaShapes.Of(sentences.Schema)));

        WordActivationsTransformer fitted = ml.Transforms.ExtractWordActivations(Options("Lang", "Line")).Fit(sentences);
        IDataView untagged = ml.Data.LoadFromEnumerable(new[] { new Sentence { Text = "a b" } });
        const string missingLang = "Could not find input column 'Lang'; set WordActivationsEstimator.Options.LanguageColumnName";
        SchemaErrorAssert.Throws("inputSchema", missingLang, () => fitted.Transform(untagged));
        SchemaErrorAssert.Throws("inputSchema", missingLang, () => fitted.GetOutputSchema(untagged.Schema));

        IDataView words = fitted.Transform(sentences);
        var e = Assert.Throws<MLNetConceptsException>(() => words.GetColumn<ReadOnlyMemory<char>>("word").ToArray());
        Assert.Equal("input row 1: column 'Lang' is empty; every sentence needs a language", e.Message);
    }

    [Fact]
    public void FitChecksTheSchemaAndTheModel()
    {
        var ml = new MLContext();
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));
        SchemaErrorAssert.Throws("inputSchema", "Could not find input column 'Sentence'; set WordActivationsEstimator.Options.TextColumnName",
            () => ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", inputColumnName: "Sentence").Fit(sentences));
        IDataView numbers = ml.Data.LoadFromEnumerable(new[] { new { Text = 1.5f } });
        SchemaErrorAssert.Throws("inputSchema", "Schema mismatch for input column 'Text': expected String, got Single; set WordActivationsEstimator.Options.TextColumnName",
            () => ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en").Fit(numbers));
        var layer = Assert.Throws<ArgumentException>(() =>
            ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", layers: [9]).Fit(sentences));
        Assert.Equal(nameof(ExtractionOptions.Layers), layer.ParamName);
        Assert.Contains("layer 9", layer.Message);

        var shape = ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", layers: [1])
            .GetOutputSchema(SchemaShapes.Of(sentences.Schema));
        Assert.Equal(["sentence_id", "word_index", "language", "word", "layer_1"], shape.Select(c => c.Name));
    }

    [Fact]
    public void FitOpensTheGraphSoAMissingOutputFailsThereNotAtTheFirstRow()
    {
        using var temp = new TempFolder();
        string model = temp.File("tiny-xlmr");
        Directory.CreateDirectory(model);
        foreach (string file in Directory.GetFiles(TinyModels.Folder("tiny-xlmr")))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        string description = Path.Combine(model, "model.json");
        File.WriteAllText(description, File.ReadAllText(description).Replace("\"hidden_states.2\"", "\"hidden_states.9\"", StringComparison.Ordinal));
        var ml = new MLContext();
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));

        var e = Assert.Throws<MLNetConceptsException>(() => ml.Transforms.ExtractWordActivations(model, "en", layers: [2]).Fit(sentences));

        Assert.StartsWith($"{description}: hidden_states[2] names 'hidden_states.9', which model.onnx does not output (outputs: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AnEmptyModelFolderNamesTheOptionAndTheFix()
    {
        var ml = new MLContext();
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));

        var e = Assert.Throws<ArgumentException>(() => ml.Transforms.ExtractWordActivations("", "en").Fit(sentences));

        Assert.Equal(nameof(WordActivationsEstimator.Options.ModelFolder), e.ParamName);
        Assert.Equal("is empty; set it to a model folder (model.json beside its ONNX graph and tokenizer files, see docs/mlnet.md)", OptionErrors.Problem(e));
    }

    [Fact]
    public void AGpuFromTheMLContextThatCannotBeUsedFailsUnlessFallingBackIsAllowed()
    {
        var ml = new MLContext { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) warnings.Add(e.Message); };
        IDataView sentences = ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t }));

        WordActivationsTransformer fallen = ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", layers: [1]).Fit(sentences);
        if (!warnings.Any(w => w.Contains("CUDA device 0 is not available", StringComparison.Ordinal)))
            Assert.Skip("CUDA device 0 works on this machine; the fallback cannot be seen");
        Assert.Equal(14, fallen.Transform(sentences).GetColumn<int>("word_index").Count());

        ml.FallbackToCpu = false;
        var e = Assert.Throws<MLNetConceptsException>(() => ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", layers: [1]).Fit(sentences));
        Assert.StartsWith("CUDA device 0 is not available (", e.Message);
        Assert.EndsWith("; add Microsoft.ML.OnnxRuntime.Gpu (with CUDA and cuDNN installed), or allow CPU with MLContext.FallbackToCpu = true, or set ExtractionOptions.Device = \"cpu\"", e.Message);
    }

    [Fact]
    public void ThePreviewOfTheViewWaitsForOneBatchNotAWholeSortWindow()
    {
        var ml = new MLContext();
        int read = 0;
        IEnumerable<Sentence> Counted()
        {
            for (int i = 0; i < 300; i++)
            {
                read++;
                yield return new Sentence { Text = Texts[i % Texts.Length] };
            }
        }
        IDataView sentences = ml.Data.LoadFromEnumerable(Counted());
        WordActivationsTransformer transformer = ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-bert"), "en", layers: [3], batchSize: 4)
            .Fit(ml.Data.LoadFromEnumerable(Texts.Select(t => new Sentence { Text = t })));
        IDataView words = transformer.Transform(sentences);

        using (DataViewRowCursor cursor = words.GetRowCursor(words.Schema))
        {
            Assert.True(cursor.MoveNext());
            // The default window is 64 batches (256 sentences here); the first row needs the first batch only.
            Assert.Equal(4, read);
        }

        // Growing windows batch the sentences differently, not their vectors: the whole view matches the extractor.
        read = 0;
        float[][] layer3 = words.GetColumn<VBuffer<float>>("layer_3").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(300, read);
        using var extractor = new ActivationExtractor(ModelFolder.Load(TinyModels.Folder("tiny-bert")), new ExtractionOptions { Layers = [3], BatchSize = 4 });
        float[][] direct = extractor.Extract(Enumerable.Range(0, 300).Select(i => ((long)i, Texts[i % Texts.Length])))
            .SelectMany(s => Enumerable.Range(0, s.Words.Length).Select(w => s.Vector(0, w).ToArray())).ToArray();
        Assert.Equal(direct.Length, layer3.Length);
        for (int i = 0; i < direct.Length; i++)
            Assert.Equal(direct[i], layer3[i], (a, b) => Math.Abs(a - b) <= 1e-5);
    }

    [Fact]
    public void RunsTheT5EncoderAndLeavesTheDecoderToSentencePairs()
    {
        ExpectedModel expected = TinyModels.Expected(TinyModels.T5);
        var ml = new MLContext(seed: 1);
        IDataView sentences = ml.Data.LoadFromEnumerable(expected.Sentences.Select(s => new Sentence { Text = s.Text }));
        IDataView words = ml.Transforms.ExtractWordActivations(TinyModels.Folder(TinyModels.T5), language: "en", layers: [3], batchSize: 3)
            .Fit(sentences).Transform(sentences);
        float[][] layer3 = words.GetColumn<VBuffer<float>>("layer_3").Select(v => v.DenseValues().ToArray()).ToArray();
        float[][] want = expected.Sentences.SelectMany(s => s.Vectors["last"][3]).ToArray();
        Assert.Equal(want.Length, layer3.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.Equal(want[i], layer3[i], (a, b) => Math.Abs(a - b) <= 1e-4);

        // An option the estimator cannot honour is an option error, as ML.NET reports them: ParamName is the property.
        var e = Assert.Throws<ArgumentException>(() => ml.Transforms.ExtractWordActivations(new WordActivationsEstimator.Options
        {
            ModelFolder = TinyModels.Folder(TinyModels.T5), Language = "en",
            Extraction = new ExtractionOptions { Components = ExtractionComponents.Decoder },
        }).Fit(sentences));
        Assert.Equal(nameof(ExtractionOptions.Components), e.ParamName);
        Assert.Equal("the estimator extracts the encoder; decoder activations come from ExtractionJob.RunParallelAsync", OptionErrors.Problem(e));
    }
}
