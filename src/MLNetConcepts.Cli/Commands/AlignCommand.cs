using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>align</c>: CALIGN between source- and target-language concepts.</summary>
public static class AlignCommand
{
    /// <summary>The flag of each <see cref="CalignOptions"/> property this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(CalignOptions.SourceLanguage)] = "--source-language",
        [nameof(CalignOptions.TargetLanguage)] = "--target-language",
        [nameof(CalignOptions.ThetaA)] = "--theta-a",
        [nameof(CalignOptions.NBest)] = "--nbest",
        [nameof(CalignOptions.MinTypes)] = "--min-types",
        [nameof(CalignOptions.MaxSizeDifference)] = "--max-size-difference",
        [nameof(CalignOptions.Definition)] = "--definition",
    };

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var sourceConcepts = new Option<string>("--source-concepts") { Description = "concepts.parquet holding the source-language concepts (scope = --source-language), or a ConceptX cluster file of that language.", Required = true };
        var targetConcepts = new Option<string>("--target-concepts") { Description = "concepts.parquet holding the target-language concepts (may be the same file), or a ConceptX cluster file of that language.", Required = true };
        var dictionary = new Option<string>("--dictionary") { Description = "dictionary.parquet, or TSV source<TAB>target[<TAB>probability], or MUSE 'source target' pairs, or a lexical table 'source -> target: Probability = p, Count = c'.", Required = true };
        var layer = new Option<int>("--layer") { Description = "Layer to record for ConceptX cluster files (they do not say).", DefaultValueFactory = _ => new ConceptXReadOptions().Layer };
        var sourceLanguage = new Option<string>("--source-language") { Description = "Source language code.", Required = true };
        var targetLanguage = new Option<string>("--target-language") { Description = "Target language code.", Required = true };
        var output = new Option<string>("--out") { Description = "calign.parquet to write.", Required = true };
        var sourceComponent = new Option<string?>("--source-component") { Description = "Component of the source concepts (default: every component)." };
        var targetComponent = new Option<string?>("--target-component") { Description = "Component of the target concepts (default: the source's)." };
        var defaults = new CalignOptions();
        var thetaA = new Option<double>("--theta-a") { Description = "Share of a source concept's types that one target concept must translate.", DefaultValueFactory = _ => defaults.ThetaA };
        var nBest = new Option<int>("--nbest") { Description = "Translations per word that count.", DefaultValueFactory = _ => defaults.NBest };
        var minTypes = new Option<int>("--min-types") { Description = "Concepts need more than this many distinct types.", DefaultValueFactory = _ => defaults.MinTypes };
        var maxSizeDifference = new Option<double>("--max-size-difference") { Description = "Largest type-count difference, as a share of the larger concept (released-code: |Cs|/|Ct| must exceed 1 minus this).", DefaultValueFactory = _ => defaults.MaxSizeDifference };
        var definition = CommonOptions.Definition();
        var chanceDraws = CommonOptions.ChanceDraws();
        var bootstrap = CommonOptions.Bootstrap();

        var command = new Command("align", "Measure CALIGN: the share of source concepts that a size-compatible target concept translates, per layer.")
        {
            sourceConcepts, targetConcepts, dictionary, sourceLanguage, targetLanguage, output, sourceComponent, targetComponent,
            thetaA, nBest, minTypes, maxSizeDifference, definition, layer, chanceDraws, bootstrap,
        };
        command.SetAction(PropertyFlags.Naming(Flags.Concat(CommonOptions.UncertaintyFlags).ToDictionary(), async (parse, cancellationToken) =>
        {
            var options = new CalignOptions
            {
                SourceLanguage = parse.GetValue(sourceLanguage)!,
                TargetLanguage = parse.GetValue(targetLanguage)!,
                SourceComponent = parse.GetValue(sourceComponent),
                TargetComponent = parse.GetValue(targetComponent),
                ThetaA = parse.GetValue(thetaA),
                NBest = parse.GetValue(nBest),
                MinTypes = parse.GetValue(minTypes),
                MaxSizeDifference = parse.GetValue(maxSizeDifference),
                Definition = MetricDefinitions.Parse(parse.GetValue(definition)!, "option --definition"),
            };
            options.Validate();
            var uncertainty = new UncertaintyOptions { ChanceDraws = parse.GetValue(chanceDraws), Bootstrap = parse.GetValue(bootstrap) };
            uncertainty.Validate();
            string sourceFile = parse.GetValue(sourceConcepts)!, targetFile = parse.GetValue(targetConcepts)!;
            string dictionaryFile = parse.GetValue(dictionary)!, outputFile = parse.GetValue(output)!;
            new FileRoles().Input("option --source-concepts", sourceFile).Input("option --target-concepts", targetFile)
                .Input("option --dictionary", dictionaryFile).Output("option --out", outputFile)
                .Output("option --out (its summary)", SummaryFiles.PathBeside(outputFile)).Check();
            CalignResult result = await AlignJob.RunAsync(sourceFile, targetFile, dictionaryFile, outputFile, options, parse.GetValue(layer),
                uncertainty, cancellationToken).ConfigureAwait(false);
            foreach (CalignSummary row in result.Summary)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.SourceComponent}->{row.TargetComponent} layer {row.Layer}{FitName(row.K, row.Seed)}: CALIGN {row.Calign:F1} ({row.Aligned}/{row.ConceptsConsidered} considered of {row.ConceptsTotal}), chance {row.Chance:F1}"));
            Console.WriteLine($"summary over seeds: {SummaryFiles.PathBeside(outputFile)}");
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>" k 40 seed 212" for rows of a known fit, nothing for tables that do not say.</summary>
    internal static string FitName(int k, int seed) => k == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" k {k} seed {seed}");
}
