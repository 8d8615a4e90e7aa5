using System.CommandLine;
using MLNetConcepts.Execution;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Cli.Commands;

/// <summary>
/// <c>analyze</c>: the whole method from a run description (or flags for the common case) to a run folder and its
/// report. With no arguments it runs the embedded demo, <c>examples/demo-run.json</c>.
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>The flag of each <see cref="Analysis.RunAsync"/> parameter this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["runFolder"] = "--out",
        ["stageId"] = "--stage",
        ["Jobs"] = "--jobs",
    };

    /// <summary>The demo run description, looked up relative to the working folder or a folder above the program.</summary>
    public const string DemoDescription = "examples/demo-run.json";

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Run description (JSON); default {DemoDescription} when no --model is given" };
        var model = new Option<string[]>("--model") { Description = "Model folder, or label=folder; repeat for several models", AllowMultipleArgumentsPerToken = false };
        var corpus = new Option<string[]>("--corpus")
        {
            Description = "Parallel text: PREFIX (files PREFIX.<language> for each of --languages) or a two-column FILE.tsv; repeatable",
        };
        var languages = new Option<string?>("--languages") { Description = "Comma-separated language codes to analyse, e.g. en,de,ar" };
        var layers = new Option<string?>("--layers") { Description = "Comma-separated layers or 'all' (default 0,1,3,6,9,12)" };
        // Every option of the method, each over the run description's value of the same name (options.theta_a: --theta-a).
        MethodOptionFlags methodOptions = MethodOptionFlags.Every();
        var output = new Option<string?>("--out") { Description = "Run folder (re-running it resumes and recomputes only what changed)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output; only the report's path" };
        var plan = new Option<bool>("--plan") { Description = "Write the stage graph with estimates (time, peak memory, disk) to <out>/plan.json and print a summary; run nothing" };
        var executor = new Option<string>("--executor") { Description = "local (this process) or slurm (each stage a Slurm job; the run folder on shared storage)", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var slurmArgs = new Option<string?>("--slurm-args") { Description = "Arguments for every sbatch, e.g. \"--partition=gpu --time=4:00:00 --mem=32G\"" };
        var stage = new Option<string?>("--stage") { Description = "Run one stage of the run folder (an id from --plan), as a cluster task does; the stages it reads from must be done" };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Stages to run at once on this machine, sharing its cores and memory (0: one per core; default 1); the tables are the same for any value",
            DefaultValueFactory = _ => 1,
        };
        var dropActivations = new Option<bool>("--drop-activations")
        {
            Description = "Delete each model and corpus's activations once its concepts are found (keep_activations: false); they are most of a run's disk",
        };
        var shardSentences = new Option<int?>("--shard-sentences")
        {
            Description = "Split each extraction into stages of about this many sentences (shard_sentences), for many nodes at once; 0: one stage per language",
        };
        var storeAll = new Option<bool>("--store-all-vectors")
        {
            Description = "Store every word's vector, not only those the frequency filter keeps (store_all_vectors); costs disk and time, but a later change of the filter needs no new extraction",
        };
        var status = new Option<bool>("--status") { Description = "Print where the run folder stands (stages done, stale, pending); change nothing" };

        var command = new Command("analyze", "Run the whole method (extract, cluster, dictionary, CALIGN, COLAP) into a resumable run folder with an HTML report.")
        {
            config, model, corpus, languages, layers, output, quiet, jobs, dropActivations, storeAll, shardSentences, plan, status, stage, executor, slurmArgs,
        };
        foreach (Option option in methodOptions.Options) command.Options.Add(option);
        command.SetAction(PropertyFlags.Naming(Flags, async (parsed, cancellationToken) =>
        {
            string[] models = parsed.GetValue(model) ?? [];
            string[] corpora = parsed.GetValue(corpus) ?? [];
            string? configPath = parsed.GetValue(config);
            RunDescription description;
            if (configPath is not null || models.Length == 0)
            {
                configPath ??= FindDemo();
                description = RunDescription.Load(configPath);
                if (models.Length > 0) description.Models = models.Select(ParseModel).ToList();
            }
            else
            {
                description = new RunDescription { Models = models.Select(ParseModel).ToList() };
            }
            string? languageText = parsed.GetValue(languages);
            if (languageText is not null) description.Languages = CommonOptions.ParseList("--languages", languageText).ToList();
            if (corpora.Length > 0) description.Corpus = corpora.Select(c => ParseCorpus(c, description.Languages)).ToList();
            if (parsed.GetValue(layers) is { } layerText)
                description.Layers = layerText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : CommonOptions.ParseIntList("--layers", layerText).ToList();
            methodOptions.Apply(parsed, description.Options, description.FlagFields);
            if (parsed.GetValue(dropActivations)) description.KeepActivations = false;
            if (parsed.GetValue(storeAll)) description.StoreAllVectors = true;
            if (parsed.GetValue(shardSentences) is int shardValue)
            {
                description.ShardSentences = shardValue;
                description.FlagFields["shard_sentences"] = "--shard-sentences";
            }
            // Errors about what came from flags name the flag, not a field of a description file.
            if (models.Length > 0) description.FlagFields["models"] = "--model";
            if (corpora.Length > 0) description.FlagFields["corpus"] = "--corpus";
            if (languageText is not null) description.FlagFields["languages"] = "--languages";
            if (parsed.GetValue(layers) is not null) description.FlagFields["layers"] = "--layers";
            string runFolder = parsed.GetValue(output) ?? description.Out
                ?? throw new MLNetConceptsException("option --out: no run folder given (and the run description has no \"out\")");

            // One way through the run at a time.
            string[] modes = new[] { (parsed.GetValue(plan), "--plan"), (parsed.GetValue(status), "--status"), (parsed.GetValue(stage) is not null, "--stage"),
                (parsed.GetValue(executor) == "slurm", "--executor slurm") }.Where(m => m.Item1).Select(m => m.Item2).ToArray();
            if (modes.Length > 1)
                throw new MLNetConceptsException($"option {modes[1]}: give one of --plan, --status, --stage or --executor slurm, not {string.Join(" and ", modes)}");
            var local = new LocalRunOptions { Jobs = parsed.GetValue(jobs) };
            if (parsed.GetResult(jobs) is { Implicit: false } && (parsed.GetValue(executor) == "slurm" || parsed.GetValue(stage) is not null))
                throw new MLNetConceptsException("option --jobs: only for a run on this machine (not with --executor slurm or --stage)");
            if (parsed.GetValue(plan) || parsed.GetValue(status))
            {
                bool writing = parsed.GetValue(plan);
                RunPlan planned = await Analysis.PlanAsync(description, runFolder, write: writing, cancellationToken);
                foreach (string line in planned.Summary()) Console.WriteLine(line);
                if (writing)
                {
                    Console.WriteLine($"plan: {Path.Combine(planned.RunFolder, RunPlan.FileName)}");
                }
                else
                {
                    if (Analysis.IsRunning(planned.RunFolder)) Console.WriteLine("a run is writing this folder now");
                    foreach (PlannedStage stage in planned.Stages.Where(s => s.State != StageState.Done).Take(StatusLines))
                        Console.WriteLine($"{stage.State.ToString().ToLowerInvariant(),-8} {stage.Id}");
                    int more = planned.Stages.Count(s => s.State != StageState.Done) - StatusLines;
                    if (more > 0) Console.WriteLine($"... and {more} more");
                }
                return CommandRunner.Success;
            }

            if (parsed.GetValue(stage) is { } stageId)
            {
                if (parsed.GetValue(quiet))
                    await Analysis.RunStageAsync(description, runFolder, stageId, SilentProgress.Instance, cancellationToken);
                else
                    await ConsoleProgress.RunAsync(async progress =>
                    {
                        await Analysis.RunStageAsync(description, runFolder, stageId, progress, cancellationToken);
                        return 0;
                    });
                Console.WriteLine($"stage: {stageId}");
                return CommandRunner.Success;
            }

            RunFolder run;
            if (parsed.GetValue(executor) == "slurm")
            {
                var slurm = new SlurmOptions { SbatchArguments = parsed.GetValue(slurmArgs) ?? "" };
                run = await SlurmExecutor.RunAsync(description, runFolder, slurm, parsed.GetValue(quiet) ? TextWriter.Null : Console.Error, cancellationToken);
            }
            else if (parsed.GetValue(slurmArgs) is not null)
                throw new MLNetConceptsException("option --slurm-args: only with --executor slurm");
            else if (parsed.GetValue(quiet))
                run = await Analysis.RunAsync(description, runFolder, local, SilentProgress.Instance, cancellationToken);
            else
                run = await ConsoleProgress.RunAsync(progress => Analysis.RunAsync(description, runFolder, local, progress, cancellationToken),
                    () => Analysis.PlanAsync(description, runFolder, cancellationToken: cancellationToken), local.JobsHere);
            Console.WriteLine($"report: {Path.Combine(run.Folder, RunLayout.Report)}");
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>Stages still to run that <c>--status</c> lists by name.</summary>
    private const int StatusLines = 20;

    /// <summary><c>label=folder</c> or a folder (label = its name).</summary>
    private static ModelEntry ParseModel(string text)
    {
        int eq = text.IndexOf('=');
        return eq > 0 && !Directory.Exists(text)
            ? new ModelEntry { Label = text[..eq], Path = Path.GetFullPath(text[(eq + 1)..]) }
            : new ModelEntry { Path = Path.GetFullPath(text) };
    }

    private static CorpusEntry ParseCorpus(string text, List<string>? languages)
    {
        if (languages is null || languages.Count < 2)
            throw new MLNetConceptsException("option --languages: --corpus needs the languages, e.g. --languages en,de");
        if (text.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase))
            return new CorpusEntry { Languages = languages.Take(2).ToList(), Tsv = Path.GetFullPath(text) };
        var found = new List<(string Language, string File)>();
        foreach (string language in languages)
        {
            string plain = $"{text}.{language}", zipped = plain + ".gz";
            if (File.Exists(plain)) found.Add((language, plain));
            else if (File.Exists(zipped)) found.Add((language, zipped));
        }
        if (found.Count < 2)
            throw new MLNetConceptsException($"option --corpus: '{text}' needs files {text}.<language> for at least two of {string.Join(",", languages)}; found {found.Count}");
        return new CorpusEntry { Languages = found.Select(f => f.Language).ToList(), Files = found.Select(f => Path.GetFullPath(f.File)).ToList() };
    }

    /// <summary>The demo description, from the working folder or any folder above the program (a source checkout).</summary>
    private static string FindDemo()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (string? folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                string candidate = Path.Combine(folder, DemoDescription);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new MLNetConceptsException($"option --config: no run description given and {DemoDescription} not found; pass --config FILE or --model/--corpus/--languages/--out");
    }
}
