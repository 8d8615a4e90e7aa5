using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>align</c>: CALIGN between source- and target-language concepts.</summary>
public static class AlignCommand
{
    /// <summary>The method's options this command takes (declared once, in <see cref="RunSettings"/>).</summary>
    private static MethodOptionFlags MethodFlags() =>
        new(["theta_a", "nbest", "min_types", "max_size_difference", "definition", "chance_draws", "bootstrap"]);

    /// <summary>The flag of each <see cref="CalignOptions"/> and <see cref="UncertaintyOptions"/> property this command sets, for the library's errors.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = MethodFlags().FlagsByProperty(typeof(CalignOptions), typeof(UncertaintyOptions)).Concat(new Dictionary<string, string>
    {
        [nameof(CalignOptions.SourceLanguage)] = "--source-language",
        [nameof(CalignOptions.TargetLanguage)] = "--target-language",
    }).ToDictionary();

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
        MethodOptionFlags methodFlags = MethodFlags();

        var command = new Command("align", "Measure CALIGN: the share of source concepts that a size-compatible target concept translates, per layer.")
        {
            sourceConcepts, targetConcepts, dictionary, sourceLanguage, targetLanguage, output, sourceComponent, targetComponent,
            layer,
        };
        foreach (Option option in methodFlags.Options) command.Options.Add(option);
        command.SetAction(PropertyFlags.Naming(Flags, async (parse, cancellationToken) =>
        {
            RunSettings settings = methodFlags.Read(parse);
            CalignOptions options = settings.ToCalignOptions(parse.GetValue(sourceLanguage)!, parse.GetValue(targetLanguage)!);
            options.SourceComponent = parse.GetValue(sourceComponent);
            options.TargetComponent = parse.GetValue(targetComponent);
            options.Validate();
            UncertaintyOptions uncertainty = settings.ToUncertaintyOptions();
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
