using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Metrics;

public class MetricEstimatorTests
{
    private static ConceptBuilder Concepts() => new ConceptBuilder()
        .Concept("en", 0, ConceptBuilder.Words("s", 10)).Concept("de", 0, ConceptBuilder.Words("t", 10))
        .Concept("en", 1, ConceptBuilder.Words("s", 3, 20))
        .Concept("mixed", 0, ["a", "b"], "en").Concept("mixed", 0, ["c"], "de");

    private sealed class Sentence
    {
        public string Text { get; set; } = "";
    }

    [Fact]
    public void ConceptsFromMLNetKMeansFeedTheMetrics()
    {
        var ml = new MLContext(seed: 1);
        string[] texts = ["the cat sat on the mat", "a dog ran in the park", "the bird sang"];
        IDataView sentences = ml.Data.LoadFromEnumerable(texts.Select(t => new Sentence { Text = t }));
        IDataView words = ml.Data.Cache(ml.Transforms.ExtractWordActivations(TinyModels.Folder("tiny-xlmr"), "en", layers: [2])
            .Fit(sentences).Transform(sentences));
        IDataView predictions = ml.Clustering.Trainers.KMeans("layer_2", numberOfClusters: 4).Fit(words).Transform(words);

        IDataView concepts = ConceptDataView.FromClusters(predictions, layer: 2, scope: "en");
        IReadOnlyList<ConceptAssignment> rows = ConceptDataView.ReadAssignments(concepts);
        uint[] keys = predictions.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.Equal(keys.Select(k => (int)k - 1), rows.Select(r => r.ConceptId));
        Assert.Equal(words.GetColumn<ReadOnlyMemory<char>>("word").Select(w => w.ToString()), rows.Select(r => r.Word));
        Assert.Equal(words.GetColumn<long>("sentence_id"), rows.Select(r => r.SentenceId));
        Assert.All(rows, r => Assert.Equal(("encoder", 2, "en", "en"), (r.Component, r.Layer, r.Scope, r.Language)));
        Assert.All(rows, r => Assert.InRange(r.ConceptId, 0, 3));
        Assert.Contains(rows, r => r.ConceptId == 0);

        SchemaErrorAssert.Throws("predictions",
            "Could not find input column 'PredictedLabel'; the cluster key a KMeans model predicts (predictedLabelColumnName)",
            () => ConceptDataView.FromClusters(words, 2, "en"));
    }

    [Fact]
    public void CalignEstimatorFitsAndTransformsToPerConceptRows()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView concepts = ConceptDataView.FromAssignments(Concepts().Rows);
        var estimator = mlContext.Transforms.ConceptAlignment(ConceptBuilder.Identity(9),
            new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" });
        CalignTransformer transformer = estimator.Fit(concepts);
        IDataView diagnostics = transformer.Transform(concepts);

        Assert.Equal(CalignTransformer.OutputSchema.Select(c => c.Name), diagnostics.Schema.Select(c => c.Name));
        Assert.Contains(estimator.GetOutputSchema(SchemaShapes.Of(concepts.Schema)), c => c.Name == "match_fraction");
        var fractions = diagnostics.GetColumn<double>("match_fraction").ToArray();
        var aligned = diagnostics.GetColumn<bool>("aligned").ToArray();
        Assert.Equal([0.9, 0.0], fractions);
        Assert.Equal([true, false], aligned);
        CalignSummary row = Assert.Single(transformer.Evaluate(concepts).Summary);
        Assert.Equal((2, 1, 1, 100.0), (row.ConceptsTotal, row.ConceptsConsidered, row.Aligned, row.Calign));
    }

    [Fact]
    public void ColapEstimatorGivesEachLanguagesShare()
    {
        IDataView concepts = ConceptDataView.FromAssignments(Concepts().Rows);
        ColapTransformer transformer = new MLContext().Transforms.ConceptOverlap().Fit(concepts);
        IDataView shares = transformer.Transform(concepts);
        Assert.Equal([2.0 / 3, 1.0 / 3], shares.GetColumn<double>("share").OrderDescending().ToArray());
        Assert.Equal(100.0, Assert.Single(transformer.Evaluate(concepts).Summary).Colap);
    }

    [Fact]
    public void FitRejectsAViewWithoutTheConceptColumns()
    {
        var mlContext = new MLContext();
        IDataView wrong = mlContext.Data.LoadFromEnumerable(new[] { new WrongRow { component = "encoder", layer = 1 } });
        var typed = mlContext.Data.LoadFromEnumerable(new[] { new BadTypes() });
        const string columns = "the concepts columns are component, layer, scope, concept_id, language, word";
        string missingScope = $"Could not find input column 'scope'; {columns}";
        string textLayer = $"Schema mismatch for input column 'layer': expected Int32 or Int64, got String; {columns}";

        SchemaErrorAssert.Throws("inputSchema", missingScope, () => mlContext.Transforms.ConceptOverlap().Fit(wrong));
        SchemaErrorAssert.Throws("inputSchema", textLayer, () => mlContext.Transforms.ConceptOverlap().Fit(typed));
        SchemaErrorAssert.Throws("inputSchema", missingScope, () => mlContext.Transforms.ConceptOverlap().GetOutputSchema(SchemaShapes.Of(wrong.Schema)));
        SchemaErrorAssert.Throws("inputSchema", textLayer, () => mlContext.Transforms.ConceptOverlap().GetOutputSchema(SchemaShapes.Of(typed.Schema)));

        IDataView good = ConceptDataView.FromAssignments(Concepts().Rows);
        var calign = mlContext.Transforms.ConceptAlignment(ConceptBuilder.Identity(9), new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" });
        SchemaErrorAssert.Throws("inputSchema", textLayer, () => calign.Fit(typed));
        SchemaErrorAssert.Throws("inputSchema", missingScope, () => calign.GetOutputSchema(SchemaShapes.Of(wrong.Schema)));
        SchemaErrorAssert.Throws("inputSchema", textLayer, () => calign.Fit(good).GetOutputSchema(typed.Schema));
        SchemaErrorAssert.Throws("inputSchema", missingScope, () => mlContext.Transforms.ConceptOverlap().Fit(good).GetOutputSchema(wrong.Schema));
        var separateTargets = mlContext.Transforms.ConceptAlignment(ConceptBuilder.Identity(9),
            new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" }, targetConcepts: wrong);
        SchemaErrorAssert.Throws("targetConcepts", missingScope, () => separateTargets.Fit(good));
    }

    [Fact]
    public void ViewsWithInt64IntegersAreAccepted()
    {
        // As a view loaded from a pandas or DuckDB export might type them.
        var rows = Concepts().Rows;
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.StringDataFrameColumn("component", rows.Select(r => r.Component)),
            new Microsoft.Data.Analysis.Int64DataFrameColumn("layer", rows.Select(r => (long)r.Layer)),
            new Microsoft.Data.Analysis.StringDataFrameColumn("scope", rows.Select(r => r.Scope)),
            new Microsoft.Data.Analysis.Int64DataFrameColumn("concept_id", rows.Select(r => (long)r.ConceptId)),
            new Microsoft.Data.Analysis.StringDataFrameColumn("language", rows.Select(r => r.Language)),
            new Microsoft.Data.Analysis.StringDataFrameColumn("word", rows.Select(r => r.Word)));
        var read = ConceptDataView.ReadAssignments(frame);
        Assert.Equal(rows.Select(r => (r.Component, r.Layer, r.Scope, r.ConceptId, r.Language, r.Word)),
            read.Select(r => (r.Component, r.Layer, r.Scope, r.ConceptId, r.Language, r.Word)));
    }

    [Fact]
    public void DataFramesCarrySpecColumnNames()
    {
        var result = Calign.Compute(Concepts().Rows, Concepts().Rows, ConceptBuilder.Identity(9), new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" });
        Assert.Equal(["source_component", "target_component", "layer", "source_language", "target_language", "concepts_total", "concepts_considered", "aligned", "calign", "k", "seed", "chance"],
            result.SummaryDataFrame().Columns.Select(c => c.Name));
        var colap = Colap.Compute(Concepts().Rows);
        Assert.Equal(["component", "layer", "scope", "language_a", "language_b", "concepts", "overlapping", "colap", "k", "seed", "language_blind"],
            colap.SummaryDataFrame().Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task ParquetOutputsHaveExactlySpecColumnsAndRecordOptions()
    {
        using var temp = new TempFolder();
        var options = new CalignOptions { SourceLanguage = "en", TargetLanguage = "de", ThetaA = 0.85 };
        var calign = Calign.Compute(Concepts().Rows, Concepts().Rows, ConceptBuilder.Identity(9), options);
        await MetricFiles.WriteCalignAsync(temp.File("calign.parquet"), calign, TestContext.Current.CancellationToken);
        await MetricFiles.WriteColapAsync(temp.File("colap.parquet"), Colap.Compute(Concepts().Rows), TestContext.Current.CancellationToken);
        Assert.Equal(["calign.parquet", "colap.parquet"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());

        await using (var reader = await Parquet.ParquetReader.CreateAsync(temp.File("calign.parquet"), cancellationToken: TestContext.Current.CancellationToken))
            Assert.Contains("\"theta_a\":\"0.85\"", reader.CustomMetadata[MetricFiles.OptionsMetadataKey]);

        DuckDb.SkipIfUnavailable();
        var calignRows = DuckDb.Query($"select * from read_parquet({DuckDb.Literal(temp.File("calign.parquet"))})");
        var row = Assert.Single(calignRows);
        Assert.Equal(["source_component", "target_component", "layer", "source_language", "target_language", "concepts_total", "concepts_considered", "aligned", "calign", "k", "seed", "chance"],
            row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(100.0, row.GetProperty("calign").GetDouble());  // 0.9 >= 0.85; the 3-type concept is not considered
        Assert.Equal((2, 1), (row.GetProperty("concepts_total").GetInt32(), row.GetProperty("concepts_considered").GetInt32()));
        var types = DuckDb.Query($"select column_name, column_type from (describe select * from read_parquet({DuckDb.Literal(temp.File("colap.parquet"))}))")
            .Select(r => $"{r.GetProperty("column_name").GetString()} {r.GetProperty("column_type").GetString()}");
        Assert.Equal(["component VARCHAR", "layer INTEGER", "scope VARCHAR", "language_a VARCHAR", "language_b VARCHAR", "concepts INTEGER", "overlapping INTEGER", "colap DOUBLE", "k INTEGER", "seed INTEGER", "language_blind DOUBLE"], types);
    }

    private sealed class WrongRow
    {
        public string component { get; set; } = "";
        public int layer { get; set; }
    }

    private sealed class BadTypes
    {
        public string component { get; set; } = "encoder";
        public string layer { get; set; } = "1";
        public string scope { get; set; } = "mixed";
        public int concept_id { get; set; }
        public string language { get; set; } = "en";
        public string word { get; set; } = "a";
    }
}
