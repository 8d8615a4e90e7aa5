using System.Text;

namespace MLNetConcepts.Tokenization;

/// <summary>
/// Reads text files lazily, one line at a time, as strict UTF-8 (gzip-compressed when the name ends in
/// <c>.gz</c>). Invalid UTF-8 is an error naming the file and line; nothing is held beyond the current line.
/// Lines end with LF, CR LF or a lone CR (old Mac files), so no ending makes a whole file one sentence. A
/// compressed file must be complete: a truncated or corrupt one is an error naming it, never a silently short
/// corpus.
/// </summary>
public static class SentenceFile
{
    /// <summary>A corpus, one sentence per line, as (0-based line number, text); an empty file is an error.</summary>
    public static IEnumerable<(long SentenceId, string Text)> Read(string path)
    {
        RequireFile(path);
        // A pipe or device also reports length 0; it is refused up front too, since callers may read the file twice.
        if (new FileInfo(path).Length == 0)
            throw new MLNetConceptsException($"{path}: file is empty (or not a regular file, e.g. a pipe); expected one sentence per line");
        return ReadNumberedLines(path);
    }

    /// <summary>The lines of any UTF-8 text file (an empty file has none). Reads once, so a pipe is fine.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        RequireFile(path);
        return ReadNumberedLines(path).Select(line => line.Item2);
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot be read several times (null when it can): an empty file, or a pipe or
    /// device (both report no length; opening a pipe to tell would wait for a writer).
    /// </summary>
    public static string? NotReadableTwice(string path) =>
        File.Exists(path) && new FileInfo(path).Length == 0
            ? "is empty or not a regular file (a pipe or device); it is read several times, so give a regular file with text"
            : null;

    private static void RequireFile(string path)
    {
        if (Directory.Exists(path))
            throw new MLNetConceptsException($"{path}: is a folder, expected a text file");
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: file not found");
    }

    // Lines are split on bytes and decoded one at a time, so an invalid byte is reported on its own line
    // (a decoding reader would fail on whichever line its buffer happened to start at).
    private static IEnumerable<(long, string)> ReadNumberedLines(string path)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var source = new LineSource(path);
        var line = new List<byte>(256);
        long number = 0;
        bool first = true;
        while (true)
        {
            int next = source.ReadByte();
            if (next is not ('\n' or '\r' or -1))
            {
                if (line.Count >= Limits.MaxLineBytes)
                    throw new MLNetConceptsException(
                        $"{path}: line {number + 1}: longer than {Limits.MaxLineBytes} bytes (1 MiB); expected one sentence per line, not a whole text or binary data");
                line.Add((byte)next);
                continue;
            }
            if (next == '\r') source.SkipIfNext('\n');
            if (next == -1 && line.Count == 0) break;
            yield return (number, Decode(line, strict, path, number, first));
            first = false;
            number++;
            line.Clear();
            if (next == -1) break;
        }
        source.VerifyComplete();
    }

    private static string Decode(List<byte> bytes, UTF8Encoding encoding, string path, long number, bool first)
    {
        ReadOnlySpan<byte> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (first && span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        try
        {
            return encoding.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new MLNetConceptsException($"{path}: line {number + 1}: not valid UTF-8");
        }
    }

    /// <summary>The bytes of a file, decompressed when it is gzip, with read errors turned into one-line errors naming it.</summary>
    private sealed class LineSource : IDisposable
    {
        private readonly string _path;
        private readonly Stream _stream;
        private readonly GzipCheck? _gzip;
        private int _peeked = -2;  // -2: nothing peeked

        public LineSource(string path)
        {
            _path = path;
            try
            {
                Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    _gzip = new GzipCheck(file);
                    _stream = new BufferedStream(_gzip, 1 << 16);
                }
                else
                {
                    _stream = file;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MLNetConceptsException($"{path}: cannot read: {e.Message}", e);
            }
        }

        public int ReadByte()
        {
            if (_peeked != -2)
            {
                int peeked = _peeked;
                _peeked = -2;
                return peeked;
            }
            try
            {
                return _stream.ReadByte();
            }
            catch (InvalidDataException e)
            {
                throw new MLNetConceptsException($"{_path}: corrupt gzip data ({e.Message}); the file is damaged, decompress it with gzip -t to check", e);
            }
            catch (IOException e)
            {
                throw new MLNetConceptsException($"{_path}: cannot read: {e.Message}", e);
            }
        }

        /// <summary>Consumes the next byte when it is <paramref name="expected"/> (the LF of a CR LF).</summary>
        public void SkipIfNext(char expected)
        {
            int next = ReadByte();
            if (next != expected) _peeked = next;
        }

        /// <summary>At the end of a gzip file: the stream must have ended where its trailer says.</summary>
        public void VerifyComplete()
        {
            if (_gzip?.Problem() is { } problem)
                throw new MLNetConceptsException($"{_path}: {problem}; the compressed file is incomplete or damaged (gzip -t tells), so it is not read");
        }

        public void Dispose() => _stream.Dispose();
    }
}
