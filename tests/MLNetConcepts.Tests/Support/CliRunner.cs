using System.CommandLine;
using MLNetConcepts.Cli;
using MLNetConcepts.Cli.Commands;

namespace MLNetConcepts.Tests.Support;

/// <summary>Where <c>cluster</c>'s progress lines (one per fit, on standard error in the tool) go in an in-process run.</summary>
public enum ClusterProgress
{
    /// <summary>Where the tool sends them: the console's standard error, not the captured text.</summary>
    Console,

    /// <summary>Nowhere: the captured text holds only what the command reports as an error.</summary>
    Discarded,

    /// <summary>Into the captured standard error, in order with the error lines, as a user would see them.</summary>
    Captured,
}

/// <summary>
/// Runs the whole command line (<see cref="CliApp.CreateRootCommand"/>) in-process through
/// <see cref="CommandRunner"/>, as <c>mlnetconcepts args</c> would, and captures what it printed on standard error:
/// the one harness every command-line test uses.
/// </summary>
public static class CliRunner
{
    /// <summary>The exit code and standard error as printed.</summary>
    public static Task<(int ExitCode, string Error)> RunAsync(params string[] args) => RunAsync(ClusterProgress.Console, args);

    /// <summary>The exit code and standard error as printed, <c>cluster</c>'s progress sent as <paramref name="clusterProgress"/> says.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(ClusterProgress clusterProgress, params string[] args)
    {
        var error = new StringWriter();
        int code = await CommandRunner.RunAsync(Root(clusterProgress, error), args, error);
        return (code, error.ToString());
    }

    /// <summary>The exit code and standard error without surrounding white space: the one line an error prints, or empty.</summary>
    public static Task<(int ExitCode, string Error)> RunTrimmedAsync(params string[] args) => RunTrimmedAsync(ClusterProgress.Console, args);

    /// <summary>As <see cref="RunTrimmedAsync(string[])"/>, <c>cluster</c>'s progress sent as <paramref name="clusterProgress"/> says.</summary>
    public static async Task<(int ExitCode, string Error)> RunTrimmedAsync(ClusterProgress clusterProgress, params string[] args)
    {
        (int code, string error) = await RunAsync(clusterProgress, args);
        return (code, error.Trim());
    }

    private static RootCommand Root(ClusterProgress clusterProgress, TextWriter error)
    {
        RootCommand root = CliApp.CreateRootCommand();
        if (clusterProgress == ClusterProgress.Console) return root;
        // The tool's cluster command writes progress to the console; tests that read or silence it take one that writes elsewhere.
        TextWriter progress = clusterProgress == ClusterProgress.Captured ? error : TextWriter.Null;
        int at = root.Subcommands.IndexOf(root.Subcommands.Single(c => c.Name == "cluster"));
        root.Subcommands.RemoveAt(at);
        root.Subcommands.Insert(at, ClusterCommand.Create(progress));
        return root;
    }
}
