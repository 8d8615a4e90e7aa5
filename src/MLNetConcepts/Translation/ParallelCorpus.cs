using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Translation;

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

    /// <summary>Number of kept sentence pairs (skipped lines not counted).</summary>
    public int Count => Source.Count;

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
            string[] sourceWords = WordSplitter.Split(s);
            string[] targetWords = WordSplitter.Split(t);
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
    /// Different line counts, or no line with words on both sides, are an <see cref="MLNetConceptsException"/> naming the files.
    /// </summary>
    public static ParallelCorpus FromFiles(string sourceFile, string targetFile)
    {
        string[] sourceLines = ReadLines(sourceFile);
        string[] targetLines = ReadLines(targetFile);
        if (sourceLines.Length != targetLines.Length)
            throw new MLNetConceptsException(
                $"{sourceFile} has {sourceLines.Length} lines but {targetFile} has {targetLines.Length}; parallel files need the same number of lines");
        ParallelCorpus corpus = FromLines(sourceLines.Zip(targetLines));
        if (corpus.Count == 0)
            throw new MLNetConceptsException(
                $"{sourceFile}: no line has words on both sides (with {targetFile}; {sourceLines.Length} lines); expected one sentence per line, words separated by spaces");
        return corpus;
    }

    /// <summary>Reads all lines of a UTF-8 text file, decompressing <c>.gz</c> files (see <see cref="SentenceFile"/>).</summary>
    public static string[] ReadLines(string file) => SentenceFile.ReadLines(file).ToArray();
}
