using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>align</c>: CALIGN between source- and target-language concepts (SPEC 1.5, section 4).</summary>
public static class AlignCommand
{
    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var sourceConcepts = new Option<string>("--source-concepts") { Description = "concepts.parquet holding the source-language concepts (scope = --source-language), or a ConceptX cluster file of that language.", Required = true };
        var targetConcepts = new Option<string>("--target-concepts") { Description = "concepts.parquet holding the target-language concepts (may be the same file), or a ConceptX cluster file of that language.", Required = true };
        var dictionary = new Option<string>("--dictionary") { Description = "dictionary.parquet, or TSV source<TAB>target[<TAB>probability], or MUSE 'source target' pairs, or a lexical table 'source -> target: Probability = p, Count = c'.", Required = true };
        var layer = new Option<int>("--layer") { Description = "Layer to record for ConceptX cluster files (they do not say).", DefaultValueFactory = _ => 0 };
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

        var command = new Command("align", "Measure CALIGN: the share of source concepts that a size-compatible target concept translates, per layer.")
        {
            sourceConcepts, targetConcepts, dictionary, sourceLanguage, targetLanguage, output, sourceComponent, targetComponent,
            thetaA, nBest, minTypes, maxSizeDifference, definition, layer,
        };
        command.SetAction(async (parse, cancellationToken) =>
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
            string sourceFile = parse.GetValue(sourceConcepts)!, targetFile = parse.GetValue(targetConcepts)!;
            new FileRoles().Input("option --source-concepts", sourceFile).Input("option --target-concepts", targetFile)
                .Input("option --dictionary", parse.GetValue(dictionary)!).Output("option --out", parse.GetValue(output)!).Check();
            TranslationDictionary translations = await DictionaryFiles.LoadAsync(parse.GetValue(dictionary)!, options.SourceLanguage,
                options.TargetLanguage, cancellationToken).ConfigureAwait(false);
            string sourceComponentName = options.SourceComponent ?? ConceptXDefaultComponent;
            IReadOnlyList<ConceptAssignment> source = await ReadConceptsAsync(sourceFile, options.SourceLanguage, sourceComponentName,
                parse.GetValue(layer), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ConceptAssignment> target = targetFile == sourceFile && !ConceptXFiles.IsText(sourceFile)
                ? source
                : await ReadConceptsAsync(targetFile, options.TargetLanguage, options.TargetComponent ?? sourceComponentName,
                    parse.GetValue(layer), cancellationToken).ConfigureAwait(false);
            RequireScope(source, sourceFile, options.SourceLanguage, options.SourceComponent);
            RequireScope(target, targetFile, options.TargetLanguage, options.TargetComponent);

            CalignResult result = Calign.Compute(source, target, translations, options);
            if (result.Summary.Count == 0)
                throw new MLNetConceptsException(
                    $"{targetFile}: no layer of a component with scope '{options.TargetLanguage}' matches a layer with scope '{options.SourceLanguage}' in {sourceFile}");
            await MetricFiles.WriteCalignAsync(parse.GetValue(output)!, result, cancellationToken).ConfigureAwait(false);
            foreach (CalignSummary row in result.Summary)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.SourceComponent}->{row.TargetComponent} layer {row.Layer}: CALIGN {row.Calign:F1} ({row.Aligned}/{row.ConceptsConsidered} considered of {row.ConceptsTotal})"));
            return CommandRunner.Success;
        });
        return command;
    }

    private const string ConceptXDefaultComponent = "encoder";

    /// <summary>A concepts table, or a ConceptX cluster file read as one language's concepts of one layer.</summary>
    private static async Task<IReadOnlyList<ConceptAssignment>> ReadConceptsAsync(string path, string language, string component, int layer,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new MLNetConceptsException($"{path}: file not found");
        if (!ConceptXFiles.IsText(path)) return await ConceptFiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return ConceptXFiles.ReadAssignments(path, new ConceptXReadOptions { Component = component, Layer = layer, Languages = [language] });
    }

    private static void RequireScope(IReadOnlyList<ConceptAssignment> rows, string file, string scope, string? component)
    {
        if (!rows.Any(r => r.Scope == scope && (component is null || r.Component == component)))
            throw new MLNetConceptsException($"{file}: no concepts with scope '{scope}'{(component is null ? "" : $" in component '{component}'")}");
    }
}
