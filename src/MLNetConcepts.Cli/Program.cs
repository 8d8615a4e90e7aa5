using System.CommandLine;
using MLNetConcepts.Cli;
using MLNetConcepts.Cli.Commands;

// The mlnetconcepts command line: a thin layer over the library. Each command lives in Commands/.
var root = new RootCommand("Find latent concepts in multilingual transformers and measure their cross-lingual alignment (CALIGN) and overlap (COLAP).");
foreach (Command command in new[]
         {
             ExtractCommand.Create(),
             DictionaryCommand.Create(),
             AlignCommand.Create(),
             OverlapCommand.Create(),
         })
{
    root.Subcommands.Add(command);
}

return await CommandRunner.RunAsync(root, args);
