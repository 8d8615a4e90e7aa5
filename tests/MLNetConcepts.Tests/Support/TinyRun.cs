using System.Diagnostics;
using MLNetConcepts.Execution;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// A small analyze run over the committed tiny models (tiny-xlmr as "base", tiny-bert as "fine-tuned" on en and de)
/// and the embedded English-German sample, and a way to run the real command line as a separate process.
/// </summary>
public static class TinyRun
{
    public static RunDescription Description(string outFolder, int k = 30) => new()
    {
        Models =
        [
            new ModelEntry { Label = "base", Path = Path.Combine(RepoPaths.Models, "tiny-xlmr") },
            new ModelEntry { Label = "fine-tuned", Path = Path.Combine(RepoPaths.Models, "tiny-bert"), TunedOn = ["en", "de"] },
        ],
        Corpus =
        [
            new CorpusEntry
            {
                Languages = ["en", "de"],
                Files = [Path.Combine(RepoPaths.Examples, "data", "en-de.en"), Path.Combine(RepoPaths.Examples, "data", "en-de.de")],
            },
        ],
        Layers = null,
        Out = outFolder,
        Options = new RunSettings { K = [k], Seeds = 1 },
    };

    private static readonly Lazy<Task<RunFolder>> Reference = new(async () =>
    {
        string folder = TempFolder.ForProcess("reference-run");
        return await Analysis.RunAsync(Description(folder), folder);
    });

    /// <summary>One uninterrupted run of <see cref="Description"/>, shared by the tests of this process (read-only).</summary>
    public static Task<RunFolder> ReferenceAsync() => Reference.Value;

    /// <summary>Writes the description as JSON (what a user would write) and returns its path.</summary>
    public static string WriteDescription(string path, RunDescription description)
    {
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(description, RunDescription.JsonOptions));
        return path;
    }

    /// <summary>Starts <c>mlnetconcepts</c> (the built CLI beside the tests) with standard error redirected.</summary>
    public static Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLNetConcepts.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
