using System.IO.Compression;
using System.Text;

namespace MLNetConcepts.Text;

/// <summary>
/// Reads text files lazily, one line at a time, as strict UTF-8 (gzip-compressed when the name ends in
/// <c>.gz</c>). Invalid UTF-8 is an error naming the file and line; nothing is held beyond the current line.
/// </summary>
public static class SentenceFile
{
    /// <summary>A corpus, one sentence per line, as (0-based line number, text); an empty file is an error.</summary>
    public static IEnumerable<(long SentenceId, string Text)> Read(string path)
    {
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: file not found");
        if (new FileInfo(path).Length == 0)
            throw new MLNetConceptsException($"{path}: file is empty; expected one sentence per line");
        return ReadNumberedLines(path);
    }

    /// <summary>The lines of any UTF-8 text file (an empty file has none).</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: file not found");
        return ReadNumberedLines(path).Select(line => line.Item2);
    }

    // Lines are split on bytes and decoded one at a time, so an invalid byte is reported on its own line
    // (a decoding reader would fail on whichever line its buffer happened to start at).
    private static IEnumerable<(long, string)> ReadNumberedLines(string path)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using Stream stream = Open(path);
        var line = new List<byte>(256);
        long number = 0;
        bool first = true;
        int next;
        while (true)
        {
            next = stream.ReadByte();
            if (next != '\n' && next != -1)
            {
                line.Add((byte)next);
                continue;
            }
            if (next == -1 && line.Count == 0) yield break;
            yield return (number, Decode(line, strict, path, number, first));
            first = false;
            number++;
            line.Clear();
            if (next == -1) yield break;
        }
    }

    private static Stream Open(string path)
    {
        try
        {
            Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16)
                : file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLNetConceptsException($"{path}: cannot read: {e.Message}", e);
        }
    }

    private static string Decode(List<byte> bytes, UTF8Encoding encoding, string path, long number, bool first)
    {
        ReadOnlySpan<byte> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (first && span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (span.EndsWith((ReadOnlySpan<byte>)[(byte)'\r'])) span = span[..^1];
        try
        {
            return encoding.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new MLNetConceptsException($"{path}: line {number + 1}: not valid UTF-8");
        }
    }
}
