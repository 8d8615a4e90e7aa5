using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Concepts;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>cluster</c>: latent concepts by K-means per (component, layer, scope) from activations.</summary>
public static class ClusterCommand
{
    /// <summary>The flag of each <see cref="ConceptDiscoveryOptions"/> property (its filter's and clustering's too) this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(ConceptClusteringOptions.NumberOfClusters)] = "--k",
        [nameof(ConceptClusteringOptions.Seed)] = "--seed",
        [nameof(ConceptClusteringOptions.Restarts)] = "--restarts",
        [nameof(ConceptDiscoveryOptions.Seeds)] = "--seeds",
        [nameof(ConceptClusteringOptions.NumberOfThreads)] = "--threads",
        [nameof(ConceptClusteringOptions.Trainer)] = "--trainer",
        [nameof(ConceptClusteringOptions.MaximumNumberOfIterations)] = "--max-iterations",
        [nameof(ConceptClusteringOptions.Tolerance)] = "--tolerance",
        [nameof(FrequencyFilterOptions.MinFrequency)] = "--min-frequency",
        [nameof(FrequencyFilterOptions.MaxOccurrences)] = "--max-occurrences",
        [nameof(ConceptDiscoveryOptions.Component)] = "--component",
        [nameof(ConceptDiscoveryOptions.Layers)] = "--layers",
        [nameof(ConceptDiscoveryOptions.Languages)] = "--languages",
        [nameof(ConceptDiscoveryOptions.Scope)] = "--scope",
    };

    /// <param name="progress">Where the per-(layer, scope) progress lines go; standard error when null.</param>
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
        var filter = new FrequencyFilterOptions();
        var k = new Option<int>("--k") { Description = "Concepts (clusters) per layer and scope", DefaultValueFactory = _ => clustering.NumberOfClusters };
        var seed = new Option<int>("--seed") { Description = "Random seed of K-means", DefaultValueFactory = _ => clustering.Seed };
        var seeds = new Option<int>("--seeds") { Description = "Repeat the clustering with seeds seed, seed+1, ... (each seed's concepts kept under its seed)", DefaultValueFactory = _ => new ConceptDiscoveryOptions().Seeds };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Drop word types seen fewer times in a language", DefaultValueFactory = _ => filter.MinFrequency };
        var maxOccurrences = new Option<int>("--max-occurrences") { Description = "Keep at most this many (the first) occurrences of a type", DefaultValueFactory = _ => filter.MaxOccurrences };
        var restarts = new Option<int>("--restarts") { Description = "K-means fits with seeds seed, seed+1, ...; the lowest within-cluster sum of squares is kept", DefaultValueFactory = _ => clustering.Restarts };
        var threads = new Option<int>("--threads") { Description = "Threads of K-means (0 = every core); kmeans++ gives the same concepts on any number", DefaultValueFactory = _ => clustering.NumberOfThreads ?? 0 };
        var trainer = new Option<string>("--trainer") { Description = "K-means trainer: kmeans++ (scikit-learn's algorithm, the paper's) or mlnet (ML.NET's KMeansTrainer, for comparison)", DefaultValueFactory = _ => RunSettings.NameOf(clustering.Trainer) };
        trainer.AcceptOnlyFromAmong(Enum.GetValues<ConceptTrainer>().Select(RunSettings.NameOf).ToArray());
        var maxIterations = new Option<int>("--max-iterations") { Description = "Lloyd iterations at most per fit", DefaultValueFactory = _ => clustering.MaximumNumberOfIterations };
        var tolerance = new Option<double>("--tolerance") { Description = "kmeans++: stop when the centres' summed squared shift is at most this times the mean feature variance (scikit-learn's tol)", DefaultValueFactory = _ => clustering.Tolerance };

        var command = new Command("cluster", "Find latent concepts: frequency filter, then K-means per layer and scope.")
        {
            activations, output, summary, component, layers, scope, languages, k, seed, seeds, minFrequency, maxOccurrences, restarts, trainer, threads,
            maxIterations, tolerance,
        };
        var neurox = new NeuroxInputOptions();
        neurox.AddTo(command);
        command.SetAction(PropertyFlags.Naming(Flags, async (parsed, cancellationToken) =>
        {
            // --threads 0 is every core, which the options say with null.
            int threadCount = parsed.GetValue(threads);
            if (threadCount < 0)
                throw new MLNetConceptsException($"option --threads: must be 0 or more, got {threadCount}");
            string layerText = parsed.GetValue(layers)!;
            string? languageText = parsed.GetValue(languages);
            var options = new ConceptDiscoveryOptions
            {
                Component = parsed.GetValue(component),
                Layers = layerText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : CommonOptions.ParseIntList("--layers", layerText),
                Scope = parsed.GetValue(scope),
                Seeds = parsed.GetValue(seeds),
                Languages = languageText is null ? null : CommonOptions.ParseList("--languages", languageText),
                Filter = new FrequencyFilterOptions
                {
                    MinFrequency = parsed.GetValue(minFrequency),
                    MaxOccurrences = parsed.GetValue(maxOccurrences),
                },
                Clustering = new ConceptClusteringOptions
                {
                    NumberOfClusters = parsed.GetValue(k),
                    Seed = parsed.GetValue(seed),
                    Restarts = parsed.GetValue(restarts),
                    NumberOfThreads = threadCount == 0 ? null : threadCount,
                    Trainer = Enum.GetValues<ConceptTrainer>().First(t => RunSettings.NameOf(t) == parsed.GetValue(trainer)),
                    MaximumNumberOfIterations = parsed.GetValue(maxIterations),
                    Tolerance = parsed.GetValue(tolerance),
                },
            };
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
                    options, progress ?? Console.Error, cancellationToken);
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
