using System.Diagnostics;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Extraction;

public class OnnxRuntimeNativeTests
{
    /// <summary>
    /// A real application without ONNX Runtime's native library: the command line's managed files copied alone (no
    /// runtimes/ folder), then asked to extract. It must stop with the one line that names the packages to add.
    /// </summary>
    [Fact]
    public async Task WithoutTheNativeLibraryExtractionNamesThePackagesToAdd()
    {
        using var temp = new TempFolder();
        string app = temp.File("app");
        Directory.CreateDirectory(app);
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory))
            if (file.EndsWith(".dll", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
                File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(app, "libonnxruntime.so")));
        string sentences = temp.File("sentences.txt");
        await File.WriteAllTextAsync(sentences, "the cat sat\n");

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(app, "MLNetConcepts.Cli.dll"), "extract", "--model", TinyModels.Folder("tiny-xlmr"),
                "--input", sentences, "--language", "en", "--out", temp.File("out") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("mlnetconcepts: " + MLNetConcepts.Extraction.OnnxRuntimeNative.MissingMessage, error.Trim());
        Assert.Contains("Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu", error);
    }
}
