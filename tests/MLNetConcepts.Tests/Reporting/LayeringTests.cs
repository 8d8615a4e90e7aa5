using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>The report reads a finished run folder: Runs (the analysis) uses Reporting, never the other way round.</summary>
public class LayeringTests
{
    [Fact]
    public void ReportingAndTheRunFolderModelDoNotUseRuns()
    {
        string src = Path.Combine(RepoPaths.Root, "src", "MLNetConcepts");
        string[] files = [.. Directory.GetFiles(Path.Combine(src, "Reporting"), "*.cs"), .. Directory.GetFiles(Path.Combine(src, "RunFolders"), "*.cs")];
        Assert.NotEmpty(files);
        foreach (string file in files)
            Assert.DoesNotContain("MLNetConcepts.Runs", File.ReadAllText(file));
    }
}
