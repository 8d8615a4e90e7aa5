using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>overlap</c>: COLAP of every (component, layer) whose scope is <c>mixed</c>.</summary>
public static class OverlapCommand
{
    /// <summary>The method's options this command takes (declared once, in <see cref="RunSettings"/>); what COLAP counts is <c>--count</c> here.</summary>
    private static MethodOptionFlags MethodFlags() => new(["theta_o", "colap_count", "definition", "chance_draws", "bootstrap"],
        flags: new Dictionary<string, string> { ["colap_count"] = "--count" });

    /// <summary>The flag of each <see cref="ColapOptions"/> and <see cref="UncertaintyOptions"/> property this command sets, for the library's errors.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = MethodFlags().FlagsByProperty(typeof(ColapOptions), typeof(UncertaintyOptions)).Concat(new Dictionary<string, string>
    {
        [nameof(ColapOptions.Languages)] = "--languages",
    }).ToDictionary();

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var concepts = new Option<string>("--concepts") { Description = "concepts.parquet with concepts of scope 'mixed', or a ConceptX cluster file of two languages (with --languages and --sentence-threshold).", Required = true };
        var output = new Option<string>("--out") { Description = "colap.parquet to write.", Required = true };
        var languages = new Option<string?>("--languages") { Description = "Languages to report, comma-separated (default: those present in each scope)." };
        MethodOptionFlags methodFlags = MethodFlags();
        var sentenceThreshold = new Option<long?>("--sentence-threshold") { Description = "ConceptX file: sentences up to this id are the first of --languages, later ones the second (the released script's sentences_threshold)." };
        var layer = new Option<int>("--layer") { Description = "Layer to record for a ConceptX cluster file.", DefaultValueFactory = _ => new ConceptXReadOptions().Layer };
        var component = new Option<string>("--component") { Description = "Component to record for a ConceptX cluster file.", DefaultValueFactory = _ => new ConceptXReadOptions().Component };

        var command = new Command("overlap", "Measure COLAP: the share of mixed-scope concepts where two languages each make up at least theta-O.")
        {
            concepts, output, languages, sentenceThreshold, layer, component,
        };
        foreach (Option option in methodFlags.Options) command.Options.Add(option);
        command.SetAction(PropertyFlags.Naming(Flags, async (parse, cancellationToken) =>
        {
            RunSettings settings = methodFlags.Read(parse);
            ColapOptions options = settings.ToColapOptions();
            options.Languages = parse.GetValue(languages) is { } list ? CommonOptions.ParseList("--languages", list) : null;
            options.Validate();
            UncertaintyOptions uncertainty = settings.ToUncertaintyOptions();
            uncertainty.Validate();
            string file = parse.GetValue(concepts)!, outputFile = parse.GetValue(output)!;
            new FileRoles().Input("option --concepts", file).Output("option --out", outputFile)
                .Output("option --out (its summary)", SummaryFiles.PathBeside(outputFile)).Check();
            ConceptXReadOptions? conceptX = null;
            if (File.Exists(file) && ConceptXFiles.IsText(file))
            {
                if (options.Languages is not { Count: 2 })
                    throw new MLNetConceptsException($"option --languages: {file} is a ConceptX cluster file; name its two languages, the one of the lower sentence ids first");
                if (parse.GetValue(sentenceThreshold) is not { } threshold)
                    throw new MLNetConceptsException($"option --sentence-threshold: {file} is a ConceptX cluster file; give the last sentence id of {options.Languages[0]}");
                conceptX = new ConceptXReadOptions
                {
                    Component = parse.GetValue(component)!, Layer = parse.GetValue(layer), Languages = options.Languages, SentenceThreshold = threshold,
                };
            }
            ColapResult result = await OverlapJob.RunAsync(file, outputFile, options, conceptX, uncertainty, cancellationToken).ConfigureAwait(false);
            foreach (ColapSummary row in result.Summary)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Component} layer {row.Layer}{AlignCommand.FitName(row.K, row.Seed)} {row.LanguageA}-{row.LanguageB}: COLAP {row.Colap:F1} ({row.Overlapping}/{row.Concepts}), language-blind {row.LanguageBlind:F1}"));
            Console.WriteLine($"summary over seeds: {SummaryFiles.PathBeside(outputFile)}");
            return CommandRunner.Success;
        }));
        return command;
    }
}
