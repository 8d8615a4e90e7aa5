using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Tests.Concepts;
using MLNetConcepts.Tests.Metrics;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Persistence;

/// <summary>
/// Each transformer is fitted, saved with mlContext.Model.Save, loaded in a fresh MLContext and run again: the output
/// must be the known answer and equal, row for row and column for column, to the fitted transformer's.
/// </summary>
public class ModelSaveLoadTests
{
    // FrequencyFilterTests' corpus and options: with max sentence words 5 line 2 goes in both languages, then min 2 /
    // cap 3 keep en a x3 and b x2, de p x2 and q x2: nine occurrences.
    private static readonly (string Language, long Sentence, string Line)[] Corpus = FrequencyFilterTests.Corpus;

    private static readonly FrequencyFilterOptions SmallOptions = FrequencyFilterTests.SmallOptions;

    private static IDataView WordRows(MLContext mlContext, Func<string, bool>? language = null) =>
        mlContext.Data.LoadFromEnumerable(Corpus.Where(s => language?.Invoke(s.Language) ?? true)
            .SelectMany(s => s.Line.Split(' ').Select((w, i) => new FrequencyFilterTests.WordRow
            {
                SentenceId = s.Sentence, WordIndex = i, Language = s.Language, Word = w,
                Vector = [s.Sentence * 10, w[0] - 'a'],
            })));

    /// <summary>Every cell of every row as text, so two views compare in one assertion.</summary>
    private static List<string> Cells(IDataView view) =>
        view.Preview(maxRows: 10_000).RowView
            .Select(row => string.Join(" | ", row.Values.Select(v => $"{v.Key}={Text(v.Value)}")))
            .ToList();

    private static string Text(object value) => value switch
    {
        VBuffer<float> vector => string.Join(",", vector.DenseValues().Select(x => x.ToString("R"))),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static ITransformer SaveAndLoadFresh(ITransformer model, DataViewSchema inputSchema, string path)
    {
        new MLContext().Model.Save(model, inputSchema, path);
        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterMLNetConcepts();
        return fresh.Model.Load(path, out _);
    }

    [Fact]
    public void FrequencyFilterKeepsItsSelectionThroughSaveAndLoad()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        IDataView words = WordRows(mlContext);
        FrequencyFilterTransformer fitted = new FrequencyFilterEstimator(mlContext, SmallOptions).Fit(words);

        var loaded = Assert.IsType<FrequencyFilterTransformer>(SaveAndLoadFresh(fitted, words.Schema, temp.File("filter.zip")));

        List<string> expected = Cells(fitted.Transform(words));
        Assert.Equal(9, expected.Count);
        Assert.Equal(expected, Cells(loaded.Transform(words)));
        Assert.Equal(fitted.Statistics, loaded.Statistics);
        Assert.Equal((2, 3, 5), (loaded.Options.MinFrequency, loaded.Options.MaxOccurrences, loaded.Options.MaxSentenceWords));
        Assert.Equal(["a", "b"], loaded.KeptTypes.WordsOf("en"));
        // On other data the loaded filter keeps the learned types, capped, not the training positions: the German rows
        // alone no longer lose line 2 (its long side was English), so p's third occurrence there is kept too.
        IDataView german = WordRows(mlContext, l => l == "de");
        List<string> unseen = Cells(loaded.Transform(german));
        Assert.Equal(["p", "q", "p", "p", "q"], loaded.Transform(german).GetColumn<ReadOnlyMemory<char>>("word").Select(w => w.ToString()));
        Assert.Equal(Cells(fitted.Transform(german)), unseen);
    }

    [Fact]
    public void AFrequencyFilterSavedWithTrainingPositionsIsRefusedWithItsFix()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        IDataView words = WordRows(mlContext);
        string path = temp.File("filter.zip");
        mlContext.Model.Save(new FrequencyFilterEstimator(mlContext, SmallOptions).Fit(words), words.Schema, path);
        // The earlier format differs in its header's version (1.1, positions) and payload; the loader refuses it on the version.
        RewriteComponentVersion(path, "MLNCFREQ", 0x00010001);

        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterMLNetConcepts();
        var error = Assert.IsType<InvalidDataException>(Assert.ThrowsAny<Exception>(() => fresh.Model.Load(path, out _)).GetBaseException());
        Assert.Equal("this saved frequency filter is from an earlier MLNetConcepts that kept word positions of its training corpus, " +
            "which are wrong on new data; fit the pipeline again and save it", error.Message);
    }

    /// <summary>Sets the written and readable versions in the ML.NET header of the component whose model signature is <paramref name="signature"/>.</summary>
    private static void RewriteComponentVersion(string zipPath, string signature, uint version)
    {
        using var zip = System.IO.Compression.ZipFile.Open(zipPath, System.IO.Compression.ZipArchiveMode.Update);
        byte[] marker = System.Text.Encoding.ASCII.GetBytes(signature);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && ReadAll(e).AsSpan().IndexOf(marker) >= 0);
        byte[] bytes = ReadAll(entry);
        int at = bytes.AsSpan().IndexOf(marker) + marker.Length;
        BitConverter.GetBytes(version).CopyTo(bytes, at);
        BitConverter.GetBytes(version).CopyTo(bytes, at + 4);
        string name = entry.FullName;
        entry.Delete();
        using Stream stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }

    [Fact]
    public void FilterThenKMeansSavesAndLoadsAsOneChain()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        IDataView words = WordRows(mlContext);
        var pipeline = new FrequencyFilterEstimator(mlContext, SmallOptions)
            .Append(mlContext.Clustering.Trainers.KMeans("vector", numberOfClusters: 2));
        ITransformer fitted = pipeline.Fit(words);

        ITransformer loaded = SaveAndLoadFresh(fitted, words.Schema, temp.File("chain.zip"));

        List<string> expected = Cells(fitted.Transform(words));
        Assert.Equal(9, expected.Count);
        Assert.Contains("PredictedLabel=", expected[0]);
        Assert.Equal(expected, Cells(loaded.Transform(words)));
    }

    private static ConceptBuilder Concepts() => new ConceptBuilder()
        .Concept("en", 0, ConceptBuilder.Words("s", 10)).Concept("de", 0, ConceptBuilder.Words("t", 10))
        .Concept("en", 1, ConceptBuilder.Words("s", 3, 20));

    [Fact]
    public void CalignKeepsItsDictionaryOptionsAndTargetsThroughSaveAndLoad()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        var rows = Concepts().Rows;
        IDataView source = ConceptDataView.FromAssignments(rows.Where(r => r.Scope == "en"));
        IDataView targets = ConceptDataView.FromAssignments(rows.Where(r => r.Scope == "de"));
        var options = new CalignOptions { SourceLanguage = "en", TargetLanguage = "de", ThetaA = 0.85, NBest = 3 };
        CalignTransformer fitted = mlContext.Transforms.ConceptAlignment(ConceptBuilder.Identity(9), options, targets).Fit(source);

        var loaded = Assert.IsType<CalignTransformer>(SaveAndLoadFresh(fitted, source.Schema, temp.File("calign.zip")));

        // s0..s9 against t0..t9 with s0..s8 translated: 0.9 of the types match one target concept, above θ_A 0.85.
        IDataView diagnostics = loaded.Transform(source);
        Assert.Equal([0.9, 0.0], diagnostics.GetColumn<double>("match_fraction"));
        Assert.Equal([true, false], diagnostics.GetColumn<bool>("aligned"));
        Assert.Equal(Cells(fitted.Transform(source)), Cells(diagnostics));
        Assert.Equal(fitted.Evaluate(source).Summary, loaded.Evaluate(source).Summary);
    }

    [Fact]
    public void ColapKeepsItsOptionsThroughSaveAndLoad()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        IDataView concepts = ConceptDataView.FromAssignments(new ConceptBuilder()
            .Concept("mixed", 0, ["a", "b"], "en").Concept("mixed", 0, ["c"], "de").Rows);
        var options = new ColapOptions { ThetaO = 0.25, Languages = ["de", "en", "fr"] };
        ColapTransformer fitted = mlContext.Transforms.ConceptOverlap(options).Fit(concepts);

        ITransformer loaded = SaveAndLoadFresh(fitted, concepts.Schema, temp.File("colap.zip"));

        IDataView shares = loaded.Transform(concepts);
        // Naming fr reports it with share 0: the saved language list came back.
        Assert.Equal([2.0 / 3, 1.0 / 3, 0.0], shares.GetColumn<double>("share").OrderDescending());
        Assert.Equal(Cells(fitted.Transform(concepts)), Cells(shares));
    }

    [Fact]
    public void LoadingWithoutRegisteringTheLibraryFailsNamingTheLoader()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext();
        IDataView concepts = ConceptDataView.FromAssignments(Concepts().Rows);
        mlContext.Model.Save(mlContext.Transforms.ConceptOverlap().Fit(concepts), concepts.Schema, temp.File("colap.zip"));

        Exception e = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(temp.File("colap.zip"), out _));
        Assert.Contains("Couldn't load model", e.Message);
    }

    [Fact]
    public void APipelineBuiltFromTheCatalogsLoadsBackInItsOwnContextWithoutRegistering()
    {
        using var temp = new TempFolder();
        var mlContext = new MLContext(seed: 1);
        IDataView words = WordRows(mlContext);
        // The catalog entry registers the loaders with this context, so no RegisterMLNetConcepts() call is needed here.
        ITransformer fitted = mlContext.Transforms.FilterWordsByFrequency(SmallOptions).Fit(words);
        mlContext.Model.Save(fitted, words.Schema, temp.File("filter.zip"));

        ITransformer loaded = mlContext.Model.Load(temp.File("filter.zip"), out _);

        Assert.Equal(Cells(fitted.Transform(words)), Cells(loaded.Transform(words)));
    }

    private sealed class Sentence
    {
        public string Text { get; set; } = "";
    }

    private static string CopyOfTinyModel(TempFolder temp)
    {
        string copy = temp.File("tiny-xlmr");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(TinyModels.Folder("tiny-xlmr")))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    [Fact]
    public void ExtractFilterKMeansSavesAsOneChainThatReferencesTheModelFolderByHash()
    {
        using var temp = new TempFolder();
        string model = CopyOfTinyModel(temp);
        var mlContext = new MLContext(seed: 1);
        IDataView sentences = mlContext.Data.LoadFromEnumerable(
            new[] { "the cat sat on the mat", "the dog sat", "a cat and the dog" }.Select(t => new Sentence { Text = t }));
        var extraction = new WordActivationsEstimator(mlContext, new WordActivationsEstimator.Options
        {
            ModelFolder = model, Language = "en", LayerColumnName = layer => $"h{layer}",
            Extraction = new ExtractionOptions { Layers = [0, 2], BatchSize = 2 },
        });
        var pipeline = extraction
            .Append(new FrequencyFilterEstimator(mlContext, new FrequencyFilterOptions { MinFrequency = 2, MaxOccurrences = 2 }))
            .Append(mlContext.Clustering.Trainers.KMeans("h2", numberOfClusters: 2));
        ITransformer fitted = pipeline.Fit(sentences);
        string path = temp.File("pipeline.zip");

        ITransformer loaded = SaveAndLoadFresh(fitted, sentences.Schema, path);

        // Kept: the x2, cat x2, sat x2, dog x2 (min 2, cap 2); each row with its two 32-float layers and its cluster.
        List<string> expected = Cells(fitted.Transform(sentences));
        Assert.Equal(8, expected.Count);
        Assert.Equal(expected, Cells(loaded.Transform(sentences)));
        Assert.Equal(["sentence_id", "word_index", "language", "word", "h0", "h2"],
            loaded.Transform(sentences).Schema.Select(c => c.Name).Take(6));
        Assert.True(new FileInfo(path).Length < 64 * 1024, "the ONNX model is referenced, not copied into the zip");

        // A changed model folder is refused by name, never silently used.
        File.AppendAllText(Path.Combine(model, "model.json"), "\n");
        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterMLNetConcepts();
        // ML.NET invokes loaders by reflection, so it hands back our error wrapped; the innermost one names the folder.
        var changed = Assert.IsType<InvalidDataException>(Assert.ThrowsAny<Exception>(() => fresh.Model.Load(path, out _)).GetBaseException());
        Assert.StartsWith($"{model}: the model folder's files changed since the pipeline was saved (SHA-256 ", changed.Message);
        Directory.Delete(model, recursive: true);
        var gone = Assert.IsType<InvalidDataException>(Assert.ThrowsAny<Exception>(() => fresh.Model.Load(path, out _)).GetBaseException());
        Assert.Equal($"{model}: the model folder this saved pipeline extracts with is gone", gone.Message);
    }

    [Fact]
    public void ASavedPipelineWhoseSettingsLeaveTheBoundsIsRefusedBeforeAnythingRuns()
    {
        // A zip is input: one that asks for 1,000,000 ONNX Runtime threads used to hang Load.
        using var temp = new TempFolder();
        string model = CopyOfTinyModel(temp);
        var mlContext = new MLContext(seed: 1);
        IDataView sentences = mlContext.Data.LoadFromEnumerable(new[] { "the cat sat" }.Select(t => new Sentence { Text = t }));
        ITransformer fitted = new WordActivationsEstimator(mlContext, new WordActivationsEstimator.Options
        {
            ModelFolder = model, Language = "en", Extraction = new ExtractionOptions { Layers = [0], Device = "cpu", IntraOpThreads = 13 },
        }).Fit(sentences);
        string path = temp.File("pipeline.zip");
        mlContext.Model.Save(fitted, sentences.Schema, path);

        // The settings are written as ..., device (a length-prefixed string), threads (int32), ...: find "cpu" then 13, make it 1,000,000.
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && ReadAll(e).AsSpan().IndexOf((byte[])[3, (byte)'c', (byte)'p', (byte)'u', 13, 0, 0, 0]) >= 0);
            byte[] bytes = ReadAll(entry);
            int at = bytes.AsSpan().IndexOf((byte[])[3, (byte)'c', (byte)'p', (byte)'u', 13, 0, 0, 0]) + 4;
            BitConverter.GetBytes(1_000_000).CopyTo(bytes, at);
            string name = entry.FullName;
            entry.Delete();
            using Stream stream = zip.CreateEntry(name).Open();
            stream.Write(bytes);
        }

        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterMLNetConcepts();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.IsType<InvalidDataException>(Assert.ThrowsAny<Exception>(() => fresh.Model.Load(path, out _)).GetBaseException());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refusing took {clock.Elapsed}");
        Assert.StartsWith("the saved word-activations settings are out of range: ExtractionOptions.IntraOpThreads", error.Message);
    }

    private static byte[] ReadAll(System.IO.Compression.ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
