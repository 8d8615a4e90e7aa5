using MLNetConcepts.Execution;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Execution;

public class AnalysisProgressTests
{
    private sealed class Recorder : IAnalysisProgress
    {
        public int Planned { get; private set; } = -1;
        public int Ran { get; private set; }
        public int Skipped { get; private set; }

        void IAnalysisProgress.Planned(int stages) => Planned = stages;

        public void Started(string stage, long total, string unit) => Ran++;

        public void Advanced(long done) { }

        public void Finished(string summary) { }

        void IAnalysisProgress.Skipped(string stage) => Skipped++;
    }

    [Fact]
    public async Task ThePlannedStageCountIsTheNumberOfStagesRunOrSkipped()
    {
        using var folder = new TempFolder();
        RunDescription description = TinyRun.Description(folder.Path);
        description.Layers = [0, 2];

        var first = new Recorder();
        await Analysis.RunAsync(description, folder.Path, first);
        var again = new Recorder();
        await Analysis.RunAsync(description, folder.Path, again);

        // dictionary + 2 models x (select + 2 extraction passes + 2 layers x 2 scopes + concepts + align + overlap) + compare (base against fine-tuned) + report
        Assert.Equal(1 + 2 * (1 + 2 + 4 + 3) + 1 + 1, first.Planned);
        Assert.Equal(first.Planned, first.Ran + first.Skipped);
        Assert.Equal(first.Planned, again.Planned);
        Assert.Equal(again.Planned, again.Skipped);
    }
}
