using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Storage;

public class FileRolesTests
{
    [Fact]
    public void ResolvesLinksAlongThePathAndKeepsTheMissingRest()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("real/inner"));
        File.CreateSymbolicLink(temp.File("hop"), "real");                      // relative target
        File.CreateSymbolicLink(temp.File("real/inner/up"), temp.File("hop"));  // a link to a link
        Assert.Equal(temp.File("real/inner/new/file.txt"), FileRoles.Resolve(temp.File("hop/inner/new/file.txt")));
        Assert.Equal(temp.File("real"), FileRoles.Resolve(temp.File("real/inner/up")));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/activations", true)]
    [InlineData("/extract-en.json", true)]
    [InlineData("/tmp/out/activations", false)]
    public void NothingIsWrittenStraightIntoTheFileSystemsRoot(string output, bool refused)
    {
        var roles = new FileRoles().Output("option --out", output);
        if (!refused)
        {
            roles.Check();
            return;
        }
        var e = Assert.Throws<MLNetConceptsException>(roles.Check);
        Assert.Equal($"option --out: '{output}' writes into the file system's root /; give a folder of its own", e.Message);
    }

    [Fact]
    public void ALinkLoopDoesNotHang()
    {
        using var temp = new TempFolder();
        File.CreateSymbolicLink(temp.File("a"), temp.File("b"));
        File.CreateSymbolicLink(temp.File("b"), temp.File("a"));
        Assert.NotNull(FileRoles.Resolve(temp.File("a/x")));
    }

    [Fact]
    public void AnOutputReachedThroughAFolderLinkIsStillTheInput()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("data"));
        File.WriteAllText(temp.File("data/en.txt"), "x\n");
        File.CreateSymbolicLink(temp.File("view"), temp.File("data"));
        var e = Assert.Throws<MLNetConceptsException>(() =>
            new FileRoles().Input("option --source", temp.File("data/en.txt")).Output("option --out", temp.File("view/en.txt")).Check());
        Assert.StartsWith("option --out: ", e.Message);
    }

    [Fact]
    public void DistinctFilesPass()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("en.txt"), "x\n");
        new FileRoles().Input("option --source", temp.File("en.txt")).Output("option --out", temp.File("en.parquet"))
            .Output("option --summary", temp.File("en_summary.parquet")).Check();
        // A folder output next to (not around) an input, and an output whose name merely starts like an input folder's.
        Directory.CreateDirectory(temp.File("model"));
        new FileRoles().Input("option --model", temp.File("model")).Output("option --out", temp.File("model-run"), folder: true).Check();
    }

    [Fact]
    public void AFolderOutputAroundAnInputIsRefused()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("out/activations"));
        File.WriteAllText(temp.File("out/activations/input.txt"), "x\n");
        var e = Assert.Throws<MLNetConceptsException>(() =>
            new FileRoles().Input("option --input", temp.File("out/activations/input.txt"))
                .Output("option --out", temp.File("out/activations"), folder: true).Check());
        Assert.Contains("would replace option --input", e.Message);
    }
}
