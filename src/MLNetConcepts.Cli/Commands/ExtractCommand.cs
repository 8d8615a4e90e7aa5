using System.CommandLine;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>extract</c>: word-level activations of a model over one sentence file (SPEC section 4).</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var command = new Command("extract", "Extract per-layer word vectors from an ONNX model over a text file.");
        command.SetAction(_ => 0);
        return command;
    }
}
