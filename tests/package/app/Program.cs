// The documentation's library snippets (README.md, docs/library.md), run against the packed packages (MLNetConcepts and
// MLNetConcepts.Analysis): extract word vectors, cluster them with
// ConceptKMeans, save and load the model and the whole chain with mlContext.Model, compute CALIGN, and run analyze to
// its report.
// Usage: dotnet run -- REPOSITORY_ROOT WORK_FOLDER
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Concepts;
using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Translation;

string root = args[0], work = args[1];
string model = Path.Combine(root, "models", "tiny-xlmr");
string english = Path.Combine(root, "examples", "data", "en-de.en"), german = Path.Combine(root, "examples", "data", "en-de.de");

// Extract -> cache -> ConceptKMeans, as in "Using it from ML.NET".
var ml = new MLContext(seed: 212);
IDataView sentences = ml.Data.LoadFromTextFile<Sentence>(english);
var pipeline = ml.Transforms.ExtractWordActivations(model, language: "en", layers: [2])
    .AppendCacheCheckpoint(ml)
    .Append(ml.Clustering.Trainers.ConceptKMeans(featureColumnName: "layer_2", numberOfClusters: 20));
var fitted = pipeline.Fit(sentences);
IDataView words = ml.Data.Cache(fitted.Transform(sentences));

// The K-means model alone saves and loads with ML.NET and predicts the same clusters.
ITransformer kmeans = fitted.LastTransformer;
string zip = Path.Combine(work, "kmeans.zip");
ml.Model.Save(kmeans, words.Schema, zip);
ITransformer loaded = ml.Model.Load(zip, out _);
uint[] before = words.GetColumn<uint>("PredictedLabel").ToArray();
uint[] after = loaded.Transform(words).GetColumn<uint>("PredictedLabel").ToArray();
if (!before.SequenceEqual(after)) throw new InvalidOperationException("the loaded model predicts other clusters");
ClusteringMetrics metrics = ml.Clustering.Evaluate(words, featureColumnName: "layer_2");

// The whole fitted chain (extraction included) saves and loads in a fresh context, as "Saving and loading" shows.
string chainZip = Path.Combine(work, "pipeline.zip");
ml.Model.Save(fitted, sentences.Schema, chainZip);
var fresh = new MLContext();
fresh.ComponentCatalog.RegisterMLNetConcepts();
ITransformer loadedChain = fresh.Model.Load(chainZip, out _);
uint[] reloaded = loadedChain.Transform(sentences).GetColumn<uint>("PredictedLabel").ToArray();
if (!before.SequenceEqual(reloaded)) throw new InvalidOperationException("the loaded pipeline predicts other clusters");

// CALIGN over concepts from the predictions, with a dictionary induced from the same text.
IDataView concepts = ConceptDataView.FromClusters(words, layer: 2, scope: "en");
TranslationDictionary dictionary = DictionaryInduction.Build(ParallelCorpus.FromFiles(english, german), "en", "de");
CalignResult calign = ml.Transforms.ConceptAlignment(dictionary, new CalignOptions { SourceLanguage = "en", TargetLanguage = "en" }, concepts)
    .Fit(concepts).Evaluate(concepts);

// docs/mlnet.md: the same number from the evaluation catalog, and the frequency filter in a chain ending in concepts.
CalignMetrics fromCatalog = ml.Concepts().EvaluateCalign(concepts, dictionary, new CalignOptions { SourceLanguage = "en", TargetLanguage = "en" });
if (fromCatalog.Calign != calign.Summary.Single().Calign || fromCatalog.ConceptsTotal != calign.Summary.Single().ConceptsTotal)
    throw new InvalidOperationException("mlContext.Concepts().EvaluateCalign disagrees with the CALIGN transformer");
IDataView filtered = ml.Transforms.FilterWordsByFrequency()
    .Append(ml.Clustering.Trainers.ConceptKMeans(featureColumnName: "layer_2", numberOfClusters: 5))
    .Append(ml.Transforms.ConceptsFromClusters(layer: 2, scope: "en"))
    .Fit(words).Transform(words);
CalignMetrics ofFiltered = ml.Concepts().EvaluateCalign(filtered, dictionary, new CalignOptions { SourceLanguage = "en", TargetLanguage = "en" });
if (ofFiltered.ConceptsTotal is < 1 or > 5) throw new InvalidOperationException($"the filtered chain gave {ofFiltered.ConceptsTotal} concepts, not 1 to 5");

// analyze to its report, as in "The whole method".
var description = new RunDescription
{
    Models = [new ModelEntry { Label = "base", Path = model }],
    Corpus = [new CorpusEntry { Languages = ["en", "de"], Files = [english, german] }],
    Layers = [0, 2],
    Out = Path.Combine(work, "run"),
    Options = new RunSettings { K = [20], Seeds = 2 },
};
RunFolder run = await Analysis.RunAsync(description, description.Out);
DataFrame table = await run.CalignDataFrameAsync();
// Every value over the seeds: mean, 95% multi-bootstrap interval and chance level ("How sure is a number").
IReadOnlyList<RunCalignSummary> intervals = await run.CalignSummaryAsync();
if (intervals.Count == 0 || intervals.Any(r => r.Row.Seeds != 2 || r.Row.CalignLow > r.Row.CalignMean || r.Row.CalignMean > r.Row.CalignHigh))
    throw new InvalidOperationException("no CALIGN summary over two seeds");

// One stage on its own files, as its command runs it; a bad option names its property, as ML.NET's checks do.
ColapResult overlap = await OverlapJob.RunAsync(Path.Combine(run.PartFolder("base", "en-de"), "concepts.parquet"), Path.Combine(work, "colap.parquet"),
    new ColapOptions());
try
{
    new CalignOptions { SourceLanguage = "en", TargetLanguage = "de", ThetaA = 1.5 }.Validate();
    throw new InvalidOperationException("ThetaA 1.5 was accepted");
}
catch (ArgumentOutOfRangeException e) when (e.ParamName == nameof(CalignOptions.ThetaA))
{
}
string report = Path.Combine(description.Out, "report.html");
if (!File.Exists(report)) throw new InvalidOperationException("no report.html");

Console.WriteLine($"package smoke: {before.Length} words in {before.Distinct().Count()} clusters (average distance {metrics.AverageDistance:F3}), " +
    $"save/load (model and whole chain) identical, CALIGN table {calign.SummaryDataFrame().Rows.Count} row(s) (catalog: {fromCatalog.Calign:F1} %), " +
    $"filtered concepts {ofFiltered.ConceptsTotal}, analyze: {table.Rows.Count} CALIGN rows ({intervals.Count} with intervals), OverlapJob: {overlap.Summary.Count} COLAP rows, report {new FileInfo(report).Length} bytes");

sealed class Sentence
{
    [LoadColumn(0)]
    public string Text { get; set; } = "";
}
