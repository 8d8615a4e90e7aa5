using MLNetConcepts.Cli;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Concepts;

public class ConceptSummaryFilesTests
{
    [Fact]
    public async Task RoundTripsWithAndWithoutAnAffix()
    {
        using var temp = new TempFolder();
        string path = temp.File("concept_summary.parquet");
        ConceptSummary[] rows =
        [
            new("encoder", 6, "en", 0, 12, 7, 3.25, "suffix", "ly", 5 / 7.0, [1f, -2f, 3.5f]),
            new("encoder", 6, "mixed", 599, 1, 1, 0, null, null, null, [0f, 0f, 0f]),
        ];

        await ConceptSummaryFiles.WriteAsync(path, rows, TestContext.Current.CancellationToken);
        IReadOnlyList<ConceptSummary> back = await ConceptSummaryFiles.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(2, back.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i] with { Centroid = [] }, back[i] with { Centroid = [] });
            Assert.Equal(rows[i].Centroid, back[i].Centroid);
        }
        Assert.True(back[0].IsLexical);
        Assert.False(back[1].IsLexical);
    }

    [Fact]
    public void SummaryGoesBesideTheConcepts()
    {
        Assert.Equal(Path.GetFullPath("run/concept_summary.parquet"), ConceptSummaryFiles.PathBeside("run/concepts.parquet"));
        Assert.Equal(Path.GetFullPath("run/en_summary.parquet"), ConceptSummaryFiles.PathBeside("run/en.parquet"));
    }

    [Fact]
    public void TheCommandLineHasTheClusterCommand()
    {
        Assert.Contains(CliApp.CreateRootCommand().Subcommands, c => c.Name == "cluster");
    }
}
