using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>overlap</c>: COLAP of every (component, layer) whose scope is <c>mixed</c>.</summary>
public static class OverlapCommand
{
    /// <summary>The flag of each <see cref="ColapOptions"/> property this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(ColapOptions.ThetaO)] = "--theta-o",
        [nameof(ColapOptions.Count)] = "--count",
        [nameof(ColapOptions.Definition)] = "--definition",
        [nameof(ColapOptions.Languages)] = "--languages",
    };

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var concepts = new Option<string>("--concepts") { Description = "concepts.parquet with concepts of scope 'mixed', or a ConceptX cluster file of two languages (with --languages and --sentence-threshold).", Required = true };
        var output = new Option<string>("--out") { Description = "colap.parquet to write.", Required = true };
        var thetaO = new Option<double>("--theta-o") { Description = "Share of a concept each language of a pair must make up.", DefaultValueFactory = _ => new ColapOptions().ThetaO };
        var count = new Option<string>("--count") { Description = "What shares count: occurrences or types.", DefaultValueFactory = _ => RunSettings.NameOf(new ColapOptions().Count) };
        count.AcceptOnlyFromAmong(Enum.GetValues<ColapCount>().Select(RunSettings.NameOf).ToArray());
        var languages = new Option<string?>("--languages") { Description = "Languages to report, comma-separated (default: those present in each scope)." };
        var definition = CommonOptions.Definition();
        var chanceDraws = CommonOptions.ChanceDraws();
        var bootstrap = CommonOptions.Bootstrap();
        var sentenceThreshold = new Option<long?>("--sentence-threshold") { Description = "ConceptX file: sentences up to this id are the first of --languages, later ones the second (the released script's sentences_threshold)." };
        var layer = new Option<int>("--layer") { Description = "Layer to record for a ConceptX cluster file.", DefaultValueFactory = _ => new ConceptXReadOptions().Layer };
        var component = new Option<string>("--component") { Description = "Component to record for a ConceptX cluster file.", DefaultValueFactory = _ => new ConceptXReadOptions().Component };

        var command = new Command("overlap", "Measure COLAP: the share of mixed-scope concepts where two languages each make up at least theta-O.")
        {
            concepts, output, thetaO, count, languages, definition, sentenceThreshold, layer, component, chanceDraws, bootstrap,
        };
        command.SetAction(PropertyFlags.Naming(Flags.Concat(CommonOptions.UncertaintyFlags).ToDictionary(), async (parse, cancellationToken) =>
        {
            var options = new ColapOptions
            {
                ThetaO = parse.GetValue(thetaO),
                Count = Enum.GetValues<ColapCount>().First(c => RunSettings.NameOf(c) == parse.GetValue(count)),
                Languages = parse.GetValue(languages) is { } list ? CommonOptions.ParseList("--languages", list) : null,
                Definition = MetricDefinitions.Parse(parse.GetValue(definition)!, "option --definition"),
            };
            options.Validate();
            var uncertainty = new UncertaintyOptions { ChanceDraws = parse.GetValue(chanceDraws), Bootstrap = parse.GetValue(bootstrap) };
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
