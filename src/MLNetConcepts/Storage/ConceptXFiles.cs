using System.Globalization;
using System.Text;

namespace MLNetConcepts.Storage;

/// <summary>
/// One line of a ConceptX cluster file (<c>clusters-&lt;K&gt;.txt</c>, as ConceptX and the paper's released scripts write
/// them): <c>word|||occurrence|||sentence|||token|||cluster</c>.
/// </summary>
/// <param name="Occurrence">1-based count of this word's occurrences up to this one, in corpus order.</param>
/// <param name="Sentence">0-based sentence (line) of the corpus; in a file of several languages, the sentences of
/// each language follow those of the one before.</param>
/// <param name="Token">0-based word index in the sentence.</param>
/// <param name="Cluster">Cluster (concept) id.</param>
/// <param name="Word">The word (non-empty); it may itself hold <c>|||</c>, since the numbers are parsed from the right.</param>
public sealed record ConceptXLine(string Word, long Occurrence, long Sentence, int Token, int Cluster);

/// <summary>How to turn the lines of one ConceptX cluster file into rows of the concepts table.</summary>
public sealed class ConceptXReadOptions
{
    /// <summary>Component recorded for the rows (the file does not say). Default <c>encoder</c>.</summary>
    public string Component { get; set; } = "encoder";

    /// <summary>Layer recorded for the rows (the file does not say). Default 0.</summary>
    public int Layer { get; set; }

    /// <summary>
    /// One language for a single-language file (the scope is that language), or two for a mixed file whose
    /// languages are told apart by <see cref="SentenceThreshold"/>.
    /// </summary>
    public IReadOnlyList<string> Languages { get; set; } = [];

    /// <summary>
    /// For two languages: sentences up to and including this id are the first language, later ones the second
    /// (the rule of the released COLAP script); the second language's sentence ids are counted from 0 again.
    /// </summary>
    public long? SentenceThreshold { get; set; }
}

/// <summary>Reads and writes ConceptX cluster files (see <see cref="ConceptXLine"/>).</summary>
public static class ConceptXFiles
{
    /// <summary>The field separator of a ConceptX line.</summary>
    public const string Separator = "|||";

    /// <summary>The line for one occurrence.</summary>
    public static string Format(ConceptXLine line) => string.Create(CultureInfo.InvariantCulture,
        $"{line.Word}{Separator}{line.Occurrence}{Separator}{line.Sentence}{Separator}{line.Token}{Separator}{line.Cluster}");

    /// <summary>
    /// Parses one line. The four numbers are taken from the right, so a word that itself holds <c>|||</c> survives
    /// (ConceptX's own filter splits the same way); a bad line fails naming <paramref name="where"/>.
    /// </summary>
    public static ConceptXLine Parse(string text, string where)
    {
        var numbers = new long[4];
        int end = text.Length;
        for (int i = 3; i >= 0; i--)
        {
            int separator = text.AsSpan(0, end).LastIndexOf(Separator, StringComparison.Ordinal);
            if (separator < 0)
                throw new MLNetConceptsException($"{where}: expected word|||occurrence|||sentence|||token|||cluster");
            string field = text[(separator + Separator.Length)..end];
            if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                throw new MLNetConceptsException($"{where}: '{field}' is not a non-negative integer; expected word|||occurrence|||sentence|||token|||cluster");
            end = separator;
        }
        string word = text[..end];
        if (word.Length == 0) throw new MLNetConceptsException($"{where}: empty word");
        if (numbers[2] > int.MaxValue) throw new MLNetConceptsException($"{where}: token index {numbers[2]} is too large");
        if (numbers[3] > int.MaxValue) throw new MLNetConceptsException($"{where}: cluster id {numbers[3]} is too large");
        return new ConceptXLine(word, numbers[0], numbers[1], (int)numbers[2], (int)numbers[3]);
    }

    /// <summary>Reads every line of a cluster file; blank lines (the K-means script writes one per empty cluster) are skipped.</summary>
    public static IEnumerable<ConceptXLine> Read(string path)
    {
        if (!File.Exists(path)) throw new MLNetConceptsException($"{path}: file not found");
        int number = 0;
        foreach (string raw in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            yield return Parse(line, $"{path}: line {number}");
        }
    }

    /// <summary>Whether a file is text rather than Parquet (no <c>PAR1</c> magic): how commands tell a cluster file from a concepts table.</summary>
    public static bool IsText(string path)
    {
        if (!File.Exists(path)) return false;
        using FileStream stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return !(stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8));
    }

    /// <summary>A cluster file as rows of the concepts table, for one layer and scope.</summary>
    public static IReadOnlyList<ConceptAssignment> ReadAssignments(string path, ConceptXReadOptions options)
    {
        if (options.Languages.Count is not (1 or 2) || options.Languages.Distinct().Count() != options.Languages.Count)
            throw new MLNetConceptsException($"{path}: a ConceptX cluster file is read for one language, or for two told apart by a sentence threshold");
        if (options.Languages.Count == 2 && options.SentenceThreshold is null)
            throw new MLNetConceptsException($"{path}: a ConceptX cluster file of two languages needs --sentence-threshold (the last sentence id of the first language)");
        string scope = options.Languages.Count == 1 ? options.Languages[0] : ConceptFiles.MixedScope;
        var rows = new List<ConceptAssignment>();
        foreach (ConceptXLine line in Read(path))
        {
            string language = options.Languages[0];
            long sentence = line.Sentence;
            if (options.SentenceThreshold is { } threshold && sentence > threshold)
            {
                language = options.Languages[1];
                sentence -= threshold + 1;
            }
            rows.Add(new ConceptAssignment(options.Component, options.Layer, scope, line.Cluster, sentence, line.Token, language, line.Word));
        }
        if (rows.Count == 0) throw new MLNetConceptsException($"{path}: no cluster lines");
        return rows;
    }

    /// <summary>
    /// Writes the concepts of one (component, layer, scope) as a cluster file: clusters in id order, each cluster's
    /// words in corpus order, as the K-means script of the paper's released code orders them. Sentence ids are
    /// shifted by <paramref name="sentenceOffsets"/> (per language) so that languages of a mixed scope do not share ids.
    /// </summary>
    /// <returns>The number of lines written.</returns>
    public static int Write(string path, IEnumerable<ConceptAssignment> rows, IReadOnlyDictionary<string, long> sentenceOffsets)
    {
        var ordered = rows
            .Select(r => (Row: r, Sentence: r.SentenceId + sentenceOffsets.GetValueOrDefault(r.Language)))
            .OrderBy(r => r.Sentence).ThenBy(r => r.Row.WordIndex).ToList();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = new List<ConceptXLine>(ordered.Count);
        foreach (var (row, sentence) in ordered)
        {
            long occurrence = seen[row.Word] = seen.GetValueOrDefault(row.Word) + 1;
            lines.Add(new ConceptXLine(row.Word, occurrence, sentence, row.WordIndex, row.ConceptId));
        }
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            // A stable sort keeps corpus order within each cluster.
            foreach (ConceptXLine line in lines.OrderBy(l => l.Cluster))
                writer.WriteLine(Format(line));
        }
        return lines.Count;
    }
}
