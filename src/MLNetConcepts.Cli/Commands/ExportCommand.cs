using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Interop;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>export</c>: concepts as ConceptX cluster files and dictionaries as lexical tables, for the paper's scripts.</summary>
public static class ExportCommand
{
    /// <summary>The flag of each <see cref="ConceptXExportOptions"/> property this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(ConceptXExportOptions.K)] = "--k",
        [nameof(ConceptXExportOptions.NBest)] = "--nbest",
        [nameof(ConceptXExportOptions.Dictionary)] = "--dictionary",
        ["outputFolder"] = "--out",           // ConceptXExport.RunAsync's parameter
    };

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var concepts = new Option<string>("--concepts") { Description = "A run folder (analyze's output) or a concepts.parquet.", Required = true };
        var output = new Option<string>("--out") { Description = "New or empty folder to write into.", Required = true };
        var dictionary = new Option<string?>("--dictionary") { Description = "With a concepts.parquet: a dictionary (Parquet or text) to write as lexical tables." };
        var k = new Option<int?>("--k") { Description = "The K of clusters-<K>.txt (default: the run's K, or the highest concept id + 1)." };
        var nBest = new Option<int>("--nbest") { Description = "Translations per source word in the lexical tables.", DefaultValueFactory = _ => new ConceptXExportOptions().NBest };

        var command = new Command("export", "Write concepts as ConceptX cluster files (word|||occurrence|||sentence|||token|||cluster), TransformersConceptNet viewer files and dictionaries as lexical tables.")
        {
            concepts, output, dictionary, k, nBest,
        };
        command.SetAction(PropertyFlags.Naming(Flags, async (parse, cancellationToken) =>
        {
            var options = new ConceptXExportOptions { K = parse.GetValue(k), Dictionary = parse.GetValue(dictionary), NBest = parse.GetValue(nBest) };
            string outFolder = parse.GetValue(output)!;
            ConceptXExportResult result = await ConceptXExport.RunAsync(parse.GetValue(concepts)!, outFolder, options, cancellationToken).ConfigureAwait(false);
            foreach (ConceptXExportedFile file in result.ClusterFiles.Where(f => f.SentencesThreshold is not null))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Path}: {string.Join(" then ", file.SentenceOffsets.Keys)}; sentences_threshold {file.SentencesThreshold}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export: {result.ClusterFiles.Count} cluster files, {result.ViewerFiles.Count} viewer files, {result.Dictionaries.Count} lexical tables -> {outFolder}"));
            return CommandRunner.Success;
        }));
        return command;
    }
}
