using System.Text;
using MLNetConcepts.Storage;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Translation;

/// <summary>A parallel corpus of tab-separated columns, one language per column, split into one sentence file per language.</summary>
public static class TsvCorpus
{
    /// <summary>
    /// Writes column <c>Column</c> (0-based) of every line of <paramref name="tsvFile"/> to its <c>Path</c>, one line
    /// each (UTF-8, <c>\n</c>); every output is written atomically. Returns the number of lines.
    /// </summary>
    public static long Split(string tsvFile, IReadOnlyList<(int Column, string Path)> outputs)
    {
        var writers = new List<(AtomicOutput Output, StreamWriter Writer, int Column)>();
        try
        {
            foreach ((int column, string path) in outputs)
            {
                AtomicOutput output = AtomicOutput.ForFile(path);
                writers.Add((output, new StreamWriter(output.TemporaryPath, false, new UTF8Encoding(false)), column));
            }
            long lines = 0;
            foreach (string line in SentenceFile.ReadLines(tsvFile))
            {
                string[] columns = line.Split('\t');
                foreach ((_, StreamWriter writer, int column) in writers) writer.Write(columns[column] + "\n");
                lines++;
            }
            foreach ((AtomicOutput output, StreamWriter writer, _) in writers)
            {
                writer.Dispose();
                output.Commit();
            }
            return lines;
        }
        finally
        {
            foreach ((AtomicOutput output, StreamWriter writer, _) in writers)
            {
                writer.Dispose();
                output.Dispose();
            }
        }
    }
}
