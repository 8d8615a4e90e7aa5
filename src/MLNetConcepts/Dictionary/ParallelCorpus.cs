using System.IO.Compression;
using System.Text;

namespace MLNetConcepts.Dictionary;

/// <summary>
/// Sentence pairs as whitespace tokens (words are case-sensitive and never normalised). Pairs with an empty
/// side are not kept: their 1-based line numbers are listed in <see cref="SkippedLines"/> so callers can warn.
/// </summary>
public sealed class ParallelCorpus
{
    private ParallelCorpus(List<string[]> source, List<string[]> target, List<int> lineNumbers, List<int> skipped)
    {
        Source = source;
        Target = target;
        LineNumbers = lineNumbers;
        SkippedLines = skipped;
    }

    /// <summary>Source words of each kept pair.</summary>
    public IReadOnlyList<string[]> Source { get; }

    /// <summary>Target words of each kept pair.</summary>
    public IReadOnlyList<string[]> Target { get; }

    /// <summary>The 1-based input line of each kept pair.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>1-based lines skipped because one side (or both) has no word.</summary>
    public IReadOnlyList<int> SkippedLines { get; }

    public int Count => Source.Count;

    /// <summary>Splits a line into words: runs of non-whitespace characters.</summary>
    public static string[] Tokenize(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Builds a corpus from line pairs (line numbers count from 1 in the order given).</summary>
    public static ParallelCorpus FromLines(IEnumerable<(string Source, string Target)> pairs)
    {
        var source = new List<string[]>();
        var target = new List<string[]>();
        var lines = new List<int>();
        var skipped = new List<int>();
        int lineNumber = 0;
        foreach ((string s, string t) in pairs)
        {
            lineNumber++;
            string[] sourceWords = Tokenize(s);
            string[] targetWords = Tokenize(t);
            if (sourceWords.Length == 0 || targetWords.Length == 0)
            {
                skipped.Add(lineNumber);
                continue;
            }
            source.Add(sourceWords);
            target.Add(targetWords);
            lines.Add(lineNumber);
        }
        return new ParallelCorpus(source, target, lines, skipped);
    }

    /// <summary>
    /// Reads two line-aligned UTF-8 files (optionally gzip-compressed, by the <c>.gz</c> extension).
    /// Different line counts are an <see cref="MLNetConceptsException"/> naming both files and counts.
    /// </summary>
    public static ParallelCorpus FromFiles(string sourceFile, string targetFile)
    {
        string[] sourceLines = ReadLines(sourceFile);
        string[] targetLines = ReadLines(targetFile);
        if (sourceLines.Length != targetLines.Length)
            throw new MLNetConceptsException(
                $"{sourceFile} has {sourceLines.Length} lines but {targetFile} has {targetLines.Length}; parallel files need the same number of lines");
        return FromLines(sourceLines.Zip(targetLines));
    }

    /// <summary>Reads all lines of a text file, decompressing <c>.gz</c> files.</summary>
    public static string[] ReadLines(string file)
    {
        try
        {
            using Stream stream = OpenText(file);
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            var lines = new List<string>();
            while (reader.ReadLine() is { } line) lines.Add(line);
            return lines.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new MLNetConceptsException($"{file}: cannot read: {e.Message}", e);
        }
    }

    internal static Stream OpenText(string file)
    {
        if (!File.Exists(file)) throw new MLNetConceptsException($"{file}: file not found");
        Stream stream = File.OpenRead(file);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
