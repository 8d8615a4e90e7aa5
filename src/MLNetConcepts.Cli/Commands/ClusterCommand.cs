using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Concepts;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>cluster</c>: latent concepts by K-means per (component, layer, scope) from activations.</summary>
public static class ClusterCommand
{
    /// <summary>
    /// The method's options this command takes (declared once, in <see cref="RunSettings"/>); it fits one seed unless
    /// told otherwise, where <c>analyze</c> fits three.
    /// </summary>
    private static MethodOptionFlags MethodFlags() => new(
        ["k", "seed", "seeds", "restarts", "trainer", "threads", "min_frequency", "max_occurrences", "max_sentence_words"],
        defaults: new Dictionary<string, string> { ["seeds"] = new ConceptDiscoveryOptions().Seeds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>The flag of each <see cref="ConceptDiscoveryOptions"/> property (its filter's and clustering's too) this command sets, for the library's errors.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = MethodFlags().FlagsByProperty(typeof(ConceptDiscoveryOptions), typeof(ConceptClusteringOptions), typeof(FrequencyFilterOptions)).Concat(new Dictionary<string, string>
    {
        [nameof(ConceptClusteringOptions.MaximumNumberOfIterations)] = "--max-iterations",
        [nameof(ConceptClusteringOptions.Tolerance)] = "--tolerance",
        [nameof(ConceptDiscoveryOptions.Component)] = "--component",
        [nameof(ConceptDiscoveryOptions.Layers)] = "--layers",
        [nameof(ConceptDiscoveryOptions.Languages)] = "--languages",
        [nameof(ConceptDiscoveryOptions.Scope)] = "--scope",
    }).ToDictionary();

    /// <param name="progress">Where the progress lines (one per fit: layer, scope, K, seed) go; standard error when null.</param>
    public static Command Create(TextWriter? progress = null)
    {
        var activations = new Option<string>("--activations") { Description = "Activations folder (component=<c>/layer=<L>/*.parquet), a run folder holding activations/, or NeuroX .json/.hdf5 file(s), comma-separated", Required = true };
        var output = new Option<string>("--out") { Description = "Output concepts table (Parquet); the concept summary goes beside it", Required = true };
        var summary = new Option<string?>("--summary") { Description = "Output concept summary table (default: concept_summary.parquet or <out>_summary.parquet beside --out)" };
        var component = new Option<string?>("--component") { Description = "Component to cluster (default: the only one present)" };
        var layers = new Option<string>("--layers") { Description = "Comma-separated layers, or 'all'", DefaultValueFactory = _ => "all" };
        var scope = new Option<string?>("--scope") { Description = "A language code, or 'mixed' to cluster --languages together (default: every language on its own)" };
        var languages = new Option<string?>("--languages") { Description = "Comma-separated languages to use (default: all present)" };
        var clustering = new ConceptClusteringOptions();
        MethodOptionFlags methodFlags = MethodFlags();
        var maxIterations = new Option<int>("--max-iterations") { Description = "Lloyd iterations at most per fit", DefaultValueFactory = _ => clustering.MaximumNumberOfIterations };
        var tolerance = new Option<double>("--tolerance") { Description = "kmeans++: stop when the centres' summed squared shift is at most this times the mean feature variance (scikit-learn's tol)", DefaultValueFactory = _ => clustering.Tolerance };

        var command = new Command("cluster", "Find latent concepts: frequency filter, then K-means per layer and scope.")
        {
            activations, output, summary, component, layers, scope, languages, maxIterations, tolerance,
        };
        foreach (Option option in methodFlags.Options) command.Options.Add(option);
        var neurox = new NeuroxInputOptions();
        neurox.AddTo(command);
        command.SetAction(PropertyFlags.Naming(Flags, async (parsed, cancellationToken) =>
        {
            string layerText = parsed.GetValue(layers)!;
            string? languageText = parsed.GetValue(languages);
            ConceptDiscoveryOptions options = methodFlags.Read(parsed).ToDiscoveryOptions();
            options.Component = parsed.GetValue(component);
            options.Layers = layerText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : CommonOptions.ParseIntList("--layers", layerText);
            options.Scope = parsed.GetValue(scope);
            options.Languages = languageText is null ? null : CommonOptions.ParseList("--languages", languageText);
            options.Clustering.MaximumNumberOfIterations = parsed.GetValue(maxIterations);
            options.Clustering.Tolerance = parsed.GetValue(tolerance);
            options.Validate();
            string outPath = parsed.GetValue(output)!;
            string activationsValue = parsed.GetValue(activations)!;
            string summaryPath = parsed.GetValue(summary) ?? ConceptSummaryFiles.PathBeside(outPath);
            var roles = new FileRoles();
            if (NeuroxInputOptions.IsNeurox(activationsValue))
                foreach (string file in activationsValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    roles.Input("option --activations", file);
            else
                roles.Input("option --activations", ActivationFiles.ResolveRoot(activationsValue));
            roles.Output("option --out", outPath).Output("option --summary", summaryPath).Check();
            string? neuroxFolder = await neurox.ImportAsync(parsed, activationsValue, options.Component ?? "encoder", outPath,
                progress ?? Console.Error, cancellationToken);
            ConceptDiscoveryResult result;
            try
            {
                result = await ConceptDiscovery.RunAsync(neuroxFolder ?? activationsValue, outPath, parsed.GetValue(summary),
                    options, new SynchronousProgress<ClusteringFit>(fit => (progress ?? Console.Error).WriteLine(fit)), cancellationToken);
            }
            catch (MLNetConceptsException e) when (neuroxFolder is not null && e.Message.Contains(neuroxFolder, StringComparison.Ordinal))
            {
                throw NeuroxInputOptions.Rename(e, neuroxFolder, activationsValue);
            }
            finally
            {
                if (neuroxFolder is not null) Directory.Delete(neuroxFolder, recursive: true);
            }
            FrequencyFilterStatistics s = result.FilterStatistics;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cluster: component {result.Component}, layers {string.Join(",", result.Layers)}, scopes {string.Join(",", result.Scopes)}: " +
                $"{s.KeptOccurrences} of {s.WordsSeen} words kept ({s.RareOccurrences} occurrences of {s.RareTypes} rare types, {s.OverCapOccurrences} past " +
                $"--max-occurrences, {s.LongSentenceOccurrences} in {s.LongSentences} long sentences), {result.Summaries.Count} concepts, " +
                $"{result.Summaries.Count(c => c.IsLexical)} lexical -> {outPath}"));
            return CommandRunner.Success;
        }));
        return command;
    }
}
