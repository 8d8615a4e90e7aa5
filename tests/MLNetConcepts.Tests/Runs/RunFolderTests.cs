using MLNetConcepts.Runs;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Runs;

public class RunFolderTests
{
    [Fact]
    public void LanguagesOfACorpusKeepCodesThatHoldAHyphen()
    {
        using var folder = new TempFolder();
        var record = new RunRecord
        {
            Description = new RunDescription
            {
                Corpus =
                [
                    new CorpusEntry { Languages = ["en", "zh-Hans"], Files = ["a.en", "a.zh-Hans"] },
                    new CorpusEntry { Languages = ["en", "de"], Files = ["b.en", "b.de"] },
                ],
            },
        };
        record.Save(folder.Path);

        RunFolder run = RunFolder.Open(folder.Path);

        Assert.Equal(["en-zh-Hans", "en-de"], run.Corpora);
        Assert.Equal(["en", "zh-Hans"], run.LanguagesOf("en-zh-Hans"));
        Assert.Equal(["en", "de"], run.LanguagesOf("en-de"));
        Assert.Throws<ArgumentException>(() => run.LanguagesOf("fr-de"));
    }
}
