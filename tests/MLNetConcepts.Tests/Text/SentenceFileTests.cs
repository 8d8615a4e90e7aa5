using System.IO.Compression;
using System.Text;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Text;

namespace MLNetConcepts.Tests.Text;

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
}
