// The whole method as a short program over the library: extract word vectors for both sides of a parallel
// corpus, cluster them into concepts per language and mixed, induce a translation dictionary, then measure
// CALIGN (English -> German) and COLAP, and look at the results as DataFrames.
//
//   dotnet run --project examples/Workflow -- [MODEL=models/tiny-xlmr] [OUT=runs/workflow]
//
// With the tiny random-weight test model the numbers mean nothing; point it at a real export for real ones.
using Microsoft.Data.Analysis;
using MLNetConcepts.Concepts;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

string model = args.Length > 0 ? args[0] : "models/tiny-xlmr";
string output = args.Length > 1 ? args[1] : "runs/workflow";
string english = "examples/data/en-de.en", german = "examples/data/en-de.de";
int[] layers = [1, 3];

// 1. Word vectors of each language, written to <output>/activations as Parquet.
var extraction = new ExtractionOptions { Layers = layers };
await ExtractionJob.RunAsync(model, english, "en", output, extraction);
await ExtractionJob.RunAsync(model, german, "de", output, extraction);

// 2. Concepts: K-means per layer, each language on its own (for CALIGN) and both mixed (for COLAP).
var clustering = new ConceptClusteringOptions { NumberOfClusters = 50 };
string perLanguage = Path.Combine(output, "concepts.parquet"), mixed = Path.Combine(output, "concepts-mixed.parquet");
await ConceptDiscovery.RunAsync(output, perLanguage, null, new ConceptDiscoveryOptions { Clustering = clustering }, Console.Error);
await ConceptDiscovery.RunAsync(output, mixed, null, new ConceptDiscoveryOptions { Clustering = clustering, Scope = ConceptFiles.MixedScope }, Console.Error);

// 3. A translation dictionary from the same parallel text.
TranslationDictionary dictionary = DictionaryInduction.Build(ParallelCorpus.FromFiles(english, german), "en", "de");

// 4. The metrics, as DataFrames for a notebook.
var concepts = await ConceptFiles.ReadAsync(perLanguage);
CalignResult calign = Calign.Compute(concepts, concepts, dictionary, new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" });
ColapResult colap = Colap.Compute(await ConceptFiles.ReadAsync(mixed));

DataFrame alignment = calign.SummaryDataFrame();
Console.WriteLine("CALIGN en -> de by layer:");
Console.WriteLine(alignment);
Console.WriteLine("COLAP by layer:");
Console.WriteLine(colap.SummaryDataFrame());
Console.WriteLine("Types per concept (first rows):");
Console.WriteLine(ConceptFrames.TypesPerConcept(concepts).Head(5));
