// The method as an ML.NET pipeline, one layer at a time: word vectors from an ONNX encoder, the frequency filter,
// K-means (ConceptKMeans: scikit-learn's algorithm, as the paper) per language and on both languages mixed, then CALIGN (English -> German) and COLAP as
// DataFrames. The `analyze` command does the same for every layer, model and language pair, over saved
// activations and with resumable stages; this program shows the components it is made of.
//
//   dotnet run --project examples/Workflow -c Release -- [MODEL=models/demo-base] [LAYER=6] [K=100]
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Translation;

string model = args.Length > 0 ? args[0] : "models/demo-base";
int layer = args.Length > 1 ? int.Parse(args[1]) : 6;
int k = args.Length > 2 ? int.Parse(args[2]) : 100;
const string EnglishFile = "examples/data/en-de.en", GermanFile = "examples/data/en-de.de";

var ml = new MLContext(seed: 212);

// Sentence rows of both languages; a sentence and its translation share their line number as sentence id.
IDataView sentences = ml.Data.LoadFromEnumerable(
    File.ReadAllLines(EnglishFile).Select((text, line) => new Sentence { Text = text, Language = "en", Line = line })
        .Concat(File.ReadAllLines(GermanFile).Select((text, line) => new Sentence { Text = text, Language = "de", Line = line })));

// 1. Extract: one row per word with its vector at the layer. The model runs on every read of the view, and the
//    filter and KMeans read it many times, so the rows are cached after one pass.
var extract = ml.Transforms.ExtractWordActivations(new WordActivationsEstimator.Options
{
    ModelFolder = model,
    LanguageColumnName = nameof(Sentence.Language),
    SentenceIdColumnName = nameof(Sentence.Line),
    Extraction = new ExtractionOptions { Layers = [layer] },
});
IDataView words = ml.Data.Cache(extract.Fit(sentences).Transform(sentences));

// 2. Filter: drop rare word types and keep at most 10 occurrences of each (the paper's defaults).
IDataView kept = ml.Transforms.FilterWordsByFrequency().Fit(words).Transform(words);

// 3. Cluster: each language on its own (CALIGN's concepts) and both mixed (COLAP's). ConceptKMeans gives ML.NET's
//    KMeans model with scikit-learn's quality; ml.Clustering.Trainers.KMeans(...) drops in the same way for comparison.
IDataView Cluster(IDataView rows, string scope)
{
    var kmeans = ml.Clustering.Trainers.ConceptKMeans(featureColumnName: $"layer_{layer}", numberOfClusters: k);
    return ConceptDataView.FromClusters(kmeans.Fit(rows).Transform(rows), layer, scope);
}
IDataView OnlyLanguage(string language) =>
    ml.Data.FilterByCustomPredicate<LanguageRow>(kept, row => row.Language != language);   // true drops the row
IDataView english = Cluster(OnlyLanguage("en"), "en"), german = Cluster(OnlyLanguage("de"), "de"), mixed = Cluster(kept, "mixed");

// 4. Measure: a translation dictionary from the same parallel text, then CALIGN and COLAP.
TranslationDictionary dictionary = DictionaryInduction.Build(ParallelCorpus.FromFiles(EnglishFile, GermanFile), "en", "de");
CalignResult calign = ml.Transforms.ConceptAlignment(dictionary, new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" }, german)
    .Fit(english).Evaluate(english);
ColapResult colap = ml.Transforms.ConceptOverlap().Fit(mixed).Evaluate(mixed);

// 5. Look: DataFrames, as in a notebook.
Console.WriteLine($"CALIGN en -> de, layer {layer} of {model}:");
Console.WriteLine(calign.SummaryDataFrame());
Console.WriteLine("COLAP:");
Console.WriteLine(colap.SummaryDataFrame());
Console.WriteLine("Words of the English concepts, most frequent first (first rows):");
Console.WriteLine(ConceptFrames.TypesPerConcept(ConceptDataView.ReadAssignments(english)).Head(5));

sealed class Sentence
{
    public string Text { get; set; } = "";
    public string Language { get; set; } = "";
    public long Line { get; set; }
}

// The one column the language filter reads.
sealed class LanguageRow
{
    [ColumnName("language")]
    public string Language { get; set; } = "";
}
