// An application that uses only the core package (MLNetConcepts): word activations of the tiny BERT, clustered by
// ConceptKMeans. tests/package/run.sh publishes it for linux-x64 and runs it.
// Usage: dotnet CoreOnly.dll REPOSITORY_ROOT
using Microsoft.ML;
using Microsoft.ML.Data;

string root = args[0];
var ml = new MLContext(seed: 1);
IDataView sentences = ml.Data.LoadFromTextFile<Sentence>(Path.Combine(root, "examples", "data", "en-de.en"));
var pipeline = ml.Transforms.ExtractWordActivations(Path.Combine(root, "models", "tiny-bert"), language: "en", layers: [3])
    .AppendCacheCheckpoint(ml)
    .Append(ml.Clustering.Trainers.ConceptKMeans(featureColumnName: "layer_3", numberOfClusters: 5));
IDataView words = pipeline.Fit(sentences).Transform(sentences);
uint[] clusters = [.. words.GetColumn<uint>("PredictedLabel")];
if (clusters.Length == 0 || clusters.Distinct().Count() != 5)
    throw new InvalidOperationException($"core-only app: {clusters.Length} words in {clusters.Distinct().Count()} clusters, expected words in 5");
Console.WriteLine($"core-only app: {clusters.Length} words of the tiny BERT in {clusters.Distinct().Count()} clusters");

sealed class Sentence
{
    [LoadColumn(0)]
    public string Text { get; set; } = "";
}
