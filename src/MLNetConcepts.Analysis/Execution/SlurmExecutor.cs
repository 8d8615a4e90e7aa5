using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Execution;

/// <summary>How <see cref="SlurmExecutor"/> submits a run.</summary>
public sealed class SlurmOptions
{
    /// <summary>Arguments added to every <c>sbatch</c> (partition, account, time, memory...), split as a shell would.</summary>
    public string SbatchArguments { get; set; } = "";

    /// <summary>
    /// The command a task runs before <c>analyze ...</c>: the program that is submitting (this tool's own path, with
    /// <c>dotnet</c> in front when it runs as a dll). It must be reachable at that path on every node.
    /// </summary>
    public string? ToolCommand { get; set; }

    /// <summary>Seconds between looks at the queue while following the run. Default 5.</summary>
    public double PollSeconds { get; set; } = 5;
}

/// <summary>
/// Runs a run description on a Slurm cluster: its stages (<see cref="Analysis.PlanAsync"/>) become jobs, each running
/// this tool on one stage (<c>analyze --stage ID</c>) in the run folder, which must be on storage every node sees.
/// Stages of one kind that read the same stages (the clusterings of one model and corpus) go into one job array;
/// a job starts when the jobs of the stages it reads from have succeeded (<c>--dependency afterok</c>). Stages
/// already done are not submitted, so submitting again resumes. The submitting command follows the queue and the
/// run's record, prints each stage as it finishes, and names a failed stage with its job id and log.
/// </summary>
public static class SlurmExecutor
{
    /// <summary>The run folder's subfolder of Slurm files: the description tasks read, the submitted jobs, the logs.</summary>
    public const string FolderName = "slurm";

    private const string JobsFileName = "jobs.json";

    /// <summary>Submits the stages not yet done and follows them to the end; returns the finished run folder.</summary>
    public static async Task<RunFolder> RunAsync(RunDescription description, string runFolder, SlurmOptions options, TextWriter log,
        CancellationToken cancellationToken = default)
    {
        string folder = Path.GetFullPath(runFolder);
        RunPlan plan = await Analysis.PlanAsync(description, folder, write: true, cancellationToken).ConfigureAwait(false);
        string slurm = Path.Combine(folder, FolderName);
        Directory.CreateDirectory(Path.Combine(slurm, "logs"));
        await RefuseActiveJobsAsync(slurm, cancellationToken).ConfigureAwait(false);

        // The tasks read the description from the run folder, so flags given here reach them too.
        string descriptionPath = Path.Combine(slurm, "description.json");
        await File.WriteAllTextAsync(descriptionPath, JsonSerializer.Serialize(description, RunDescription.JsonOptions), cancellationToken).ConfigureAwait(false);

        var jobOf = new Dictionary<string, string>(StringComparer.Ordinal);   // stage -> job id (array jobs: id_task)
        var submitted = new List<string>();
        var pending = plan.Stages.Where(s => s.State != StageState.Done).ToList();
        string tool = options.ToolCommand ?? DefaultToolCommand();
        int group = 0;
        for (int i = 0; i < pending.Count;)
        {
            // A run of stages of one kind reading the same stages: one job array.
            int j = i + 1;
            while (j < pending.Count && pending[j].Kind == pending[i].Kind && pending[j].DependsOn.SequenceEqual(pending[i].DependsOn)) j++;
            List<PlannedStage> members = pending.GetRange(i, j - i);
            string[] after = members[0].DependsOn.Where(jobOf.ContainsKey).Select(d => jobOf[d].Split('_')[0]).Distinct().ToArray();
            string name = $"{group:D4}-{members[0].Kind}";
            string idsFile = Path.Combine(slurm, name + ".stages");
            await File.WriteAllLinesAsync(idsFile, members.Select(m => m.Id), cancellationToken).ConfigureAwait(false);
            string task = $"{tool} analyze --config {Quote(descriptionPath)} --out {Quote(folder)} --quiet --stage " +
                          (members.Count == 1 ? Quote(members[0].Id) : $"\"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {Quote(idsFile)})\"");
            var arguments = new List<string> { "--parsable", "--job-name", "mlnc-" + members[0].Kind, "--kill-on-invalid-dep=yes",
                "--output", Path.Combine(slurm, "logs", members.Count == 1 ? $"{name}-%j.log" : $"{name}-%A_%a.log") };
            if (members.Count > 1) arguments.Add($"--array=0-{members.Count - 1}");
            if (after.Length > 0) arguments.Add("--dependency=afterok:" + string.Join(':', after));
            arguments.AddRange(SplitArguments(options.SbatchArguments));
            arguments.Add("--wrap");
            arguments.Add(task);
            string job = (await RunAsync("sbatch", arguments, cancellationToken).ConfigureAwait(false)).Trim().Split(';')[0];
            submitted.Add(job);
            for (int m = 0; m < members.Count; m++) jobOf[members[m].Id] = members.Count == 1 ? job : $"{job}_{m}";
            log.WriteLine($"submitted {members[0].Kind} ({members.Count} stage{(members.Count == 1 ? "" : "s")}): job {job}");
            i = j;
            group++;
        }
        await File.WriteAllTextAsync(Path.Combine(slurm, JobsFileName), JsonSerializer.Serialize(jobOf), cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0) log.WriteLine("every stage is done; nothing submitted");
        await FollowAsync(folder, plan, jobOf, options, log, cancellationToken).ConfigureAwait(false);
        return RunFolder.Open(folder);
    }

    /// <summary>Waits until every submitted stage is done, printing each as it finishes; a job that ended without its stage done is a failure.</summary>
    private static async Task FollowAsync(string folder, RunPlan plan, Dictionary<string, string> jobOf, SlurmOptions options, TextWriter log,
        CancellationToken cancellationToken)
    {
        var fingerprints = plan.Stages.ToDictionary(s => s.Id, s => s.Fingerprint, StringComparer.Ordinal);
        // In plan order, so of several stages gone, the first (the cause, not a dependent cancelled with it) is named.
        var waiting = plan.Stages.Select(s => s.Id).Where(jobOf.ContainsKey).ToList();
        while (waiting.Count > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), cancellationToken).ConfigureAwait(false);
            RunRecord? record = RunRecord.TryLoad(folder);
            foreach (string stage in waiting.ToArray())
            {
                if (record is not null && record.Stages.TryGetValue(stage, out StageRecord? done) && done.Fingerprint == fingerprints[stage])
                {
                    waiting.Remove(stage);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {stage} ({done.Seconds:0.#} s, job {jobOf[stage]})"));
                }
            }
            if (waiting.Count == 0) break;
            string queue = await RunAsync("squeue", ["-h", "-o", "%i %T", "-j", string.Join(',', waiting.Select(s => jobOf[s].Split('_')[0]).Distinct())],
                cancellationToken, allowFailure: true).ConfigureAwait(false);
            var active = queue.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
            foreach (string stage in waiting)
            {
                string job = jobOf[stage], parent = job.Split('_')[0];
                // An array's pending tasks are listed as "parent_[...]"; a task once started is listed by its own id.
                if (active.Contains(job) || active.Any(a => a.StartsWith(parent + "_[", StringComparison.Ordinal)) || active.Contains(parent)) continue;
                // Gone from the queue: give the record a moment (a task writes it just before it ends), then call it failed.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                RunRecord? latest = RunRecord.TryLoad(folder);
                if (latest is not null && latest.Stages.TryGetValue(stage, out StageRecord? now) && now.Fingerprint == fingerprints[stage]) continue;
                string state = await JobStateAsync(job, cancellationToken).ConfigureAwait(false);
                string logFile = Directory.EnumerateFiles(Path.Combine(folder, FolderName, "logs"))
                    .FirstOrDefault(f => Path.GetFileName(f).EndsWith($"-{job}.log", StringComparison.Ordinal)) ?? Path.Combine(folder, FolderName, "logs");
                // The rest of this submission would wait on it forever (or run on without it): cancel it, so a new
                // submission starts from a clean queue; every stage done so far is kept.
                await RunAsync("scancel", jobOf.Values.Select(j => j.Split('_')[0]).Distinct().ToArray(), CancellationToken.None, allowFailure: true)
                    .ConfigureAwait(false);
                throw new MLNetConceptsException(
                    $"{folder}: stage '{stage}' failed: Slurm job {job} ended {state} without finishing it; log {logFile}; the submission's other jobs were cancelled; fix the cause and submit again (done stages are kept)");
            }
        }
    }

    private static async Task<string> JobStateAsync(string job, CancellationToken cancellationToken)
    {
        string shown = await RunAsync("scontrol", ["show", "job", job], cancellationToken, allowFailure: true).ConfigureAwait(false);
        int at = shown.IndexOf("JobState=", StringComparison.Ordinal);
        return at < 0 ? "(state no longer known)" : shown[(at + 9)..].Split(' ', '\n')[0];
    }

    /// <summary>Refuses to submit while jobs of an earlier submission of this folder are still queued or running.</summary>
    private static async Task RefuseActiveJobsAsync(string slurm, CancellationToken cancellationToken)
    {
        string path = Path.Combine(slurm, JobsFileName);
        if (!File.Exists(path)) return;
        var jobs = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) ?? [];
        if (jobs.Count == 0) return;
        string queue = await RunAsync("squeue", ["-h", "-o", "%i", "-j", string.Join(',', jobs.Values.Select(j => j.Split('_')[0]).Distinct())],
            cancellationToken, allowFailure: true).ConfigureAwait(false);
        string[] active = queue.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (active.Length > 0)
            throw new MLNetConceptsException(
                $"{Path.GetDirectoryName(slurm)}: jobs of an earlier submission are still queued or running ({string.Join(", ", active.Take(5))}); wait for them or scancel them, then submit again");
    }

    /// <summary>This tool as a task runs it: its own path, or <c>dotnet</c> and its dll.</summary>
    private static string DefaultToolCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 } ? $"{Quote(process)} {Quote(entry)}" : Quote(process);
    }

    /// <summary>A word for <c>sh</c>: in single quotes, any single quote closed, escaped and reopened.</summary>
    internal static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    /// <summary>Splits <c>--slurm-args</c> as a shell would: on spaces, with single or double quotes grouping.</summary>
    internal static IReadOnlyList<string> SplitArguments(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote != '\0') throw new MLNetConceptsException($"option --slurm-args: an unclosed {quote} in '{ErrorText.Shorten(text)}'");
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MLNetConceptsException($"option --executor: {program} not found ({e.Message}); run on a Slurm login node or use --executor local", e);
        }
        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken), error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0 && !allowFailure)
                throw new MLNetConceptsException($"option --slurm-args: {program} failed (exit {process.ExitCode}): {ErrorText.Shorten((await error.ConfigureAwait(false)).Trim())}");
            return await output.ConfigureAwait(false);
        }
    }
}
