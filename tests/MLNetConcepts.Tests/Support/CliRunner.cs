using MLNetConcepts.Cli;

namespace MLNetConcepts.Tests.Support;

/// <summary>Runs the command line in-process and captures what it printed on standard error.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        int code = await CommandRunner.RunAsync(CliApp.CreateRootCommand(), args, error);
        return (code, error.ToString());
    }
}
