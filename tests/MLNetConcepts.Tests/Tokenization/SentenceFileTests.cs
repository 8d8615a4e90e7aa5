using System.IO.Compression;
using System.Text;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Tests.Tokenization;

public class SentenceFileTests
{
    [Fact]
    public void ReadsGzipAndPlainFilesAlikeWithoutBomOrCarriageReturns()
    {
        using var temp = new TempFolder();
        byte[] text = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("eins zwei\r\n\r\ndrei ß\n")];
        File.WriteAllBytes(temp.File("plain.txt"), text);
        using (var gz = new GZipStream(File.Create(temp.File("packed.txt.gz")), CompressionLevel.Fastest))
            gz.Write(text);

        string[] expected = ["eins zwei", "", "drei ß"];
        Assert.Equal(expected, SentenceFile.ReadLines(temp.File("plain.txt")));
        Assert.Equal(expected, SentenceFile.ReadLines(temp.File("packed.txt.gz")));
        Assert.Equal([(0L, "eins zwei"), (1L, ""), (2L, "drei ß")], SentenceFile.Read(temp.File("plain.txt")));
    }

    [Fact]
    public void InvalidUtf8InACompressedFileNamesTheLine()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([.. Encoding.UTF8.GetBytes("ok\nok\n"), 0xFF, 0x0A]);
        var e = Assert.Throws<MLNetConceptsException>(() => SentenceFile.ReadLines(path).ToList());
        Assert.Equal($"{path}: line 3: not valid UTF-8", e.Message);
    }

    [Fact]
    public void EveryLineEndingEndsALine()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("mixed.txt"), Encoding.UTF8.GetBytes("old mac\rwindows\r\nunix\n\rlast"));
        Assert.Equal(["old mac", "windows", "unix", "", "last"], SentenceFile.ReadLines(temp.File("mixed.txt")));
    }

    /// <summary>A gzip file of <paramref name="lines"/> lines (large enough for several deflate blocks).</summary>
    private static byte[] Gzip(int lines)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++) text.Append("line ").Append(i * 7919 % 10007).Append(" of the corpus\n");
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return memory.ToArray();
    }

    [Fact]
    public void ACompleteGzipFileReadsToTheEnd()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("ok.txt.gz"), Gzip(20000));
        Assert.Equal(20000, SentenceFile.ReadLines(temp.File("ok.txt.gz")).Count());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void ATruncatedGzipFileIsAnErrorNamingIt(double keep)
    {
        using var temp = new TempFolder();
        string path = temp.File("cut.txt.gz");
        byte[] whole = Gzip(20000);
        File.WriteAllBytes(path, whole[..(int)(whole.Length * keep)]);
        var e = Assert.Throws<MLNetConceptsException>(() => SentenceFile.ReadLines(path).Count());
        Assert.StartsWith($"{path}: ", e.Message);
    }

    [Fact]
    public void AGzipFileCutInItsTrailerIsAnError()
    {
        using var temp = new TempFolder();
        string path = temp.File("cut.txt.gz");
        byte[] whole = Gzip(100);
        File.WriteAllBytes(path, whole[..^3]);
        var e = Assert.Throws<MLNetConceptsException>(() => SentenceFile.ReadLines(path).Count());
        Assert.StartsWith($"{path}: ", e.Message);
    }

    [Fact]
    public void AFolderIsNotAMissingFile()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<MLNetConceptsException>(() => SentenceFile.ReadLines(temp.Path));
        Assert.Equal($"{temp.Path}: is a folder, expected a text file", e.Message);
    }
}
