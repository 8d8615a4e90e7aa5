using System.Text;

namespace MLNetConcepts.Text;

/// <summary>
/// Reads a corpus file lazily, one sentence per line, as (0-based line number, text). Invalid UTF-8 and an
/// empty file are errors naming the file (and line); nothing of the file is held beyond the current line.
/// </summary>
public static class SentenceFile
{
    public static IEnumerable<(long SentenceId, string Text)> Read(string path)
    {
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: file not found");
        if (new FileInfo(path).Length == 0)
            throw new MLNetConceptsException($"{path}: file is empty; expected one sentence per line");
        return ReadLines(path);
    }

    private static IEnumerable<(long, string)> ReadLines(string path)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(path, strict, detectEncodingFromByteOrderMarks: true);
        long line = 0;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                throw new MLNetConceptsException($"{path}: line {line + 1}: not valid UTF-8");
            }
            if (text is null) yield break;
            yield return (line++, text);
        }
    }
}
