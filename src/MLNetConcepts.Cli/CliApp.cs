using System.CommandLine;
using MLNetConcepts.Cli.Commands;

namespace MLNetConcepts.Cli;

/// <summary>The root command and its subcommands (docs/cli.md).</summary>
public static class CliApp
{
    /// <summary>The root command holding every subcommand (<c>extract</c>, <c>cluster</c>, <c>analyze</c>, ...), ready to parse.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "Find latent concepts in multilingual transformers and measure their cross-lingual alignment (CALIGN) and overlap (COLAP).");
        foreach (Command command in new[]
                 {
                     ExtractCommand.Create(),
                     ClusterCommand.Create(),
                     DictionaryCommand.Create(),
                     AlignCommand.Create(),
                     OverlapCommand.Create(),
                     AnalyzeCommand.Create(),
                     ExportCommand.Create(),
                 })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
