using System.Globalization;
using System.Text;
using MLNetConcepts.Storage;
using MLNetConcepts.Tokenization;
using Parquet.Schema;

namespace MLNetConcepts.Translation;

/// <summary>
/// Reads and writes translation dictionaries: <c>dictionary.parquet</c> (<c>source_language</c>, <c>target_language</c>, <c>source</c>, <c>target</c>, <c>rank</c>, <c>probability</c>) and external text
/// dictionaries, either TSV <c>source&lt;TAB&gt;target[&lt;TAB&gt;probability]</c>, MUSE's space-separated
/// <c>source target</c> pairs or the lexical table the paper's scripts read (<see cref="LexicalTableFiles"/>).
/// </summary>
public static class DictionaryFiles
{
    /// <summary>The dictionary's file name inside a run folder.</summary>
    public const string FileName = "dictionary.parquet";

    // The columns are declared once, in DictionaryTable.
    private static readonly ParquetTable<DictionaryEntry> ParquetFile = new(DictionaryTable.Table);

    /// <summary>Columns of <c>dictionary.parquet</c>: source_language, target_language, source, target, rank (1 = best), probability.</summary>
    public static readonly ParquetSchema Schema = ParquetFile.Schema;

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, TranslationDictionary dictionary) => Synchronously.Run(() => WriteAsync(path, dictionary));

    /// <summary>Writes <c>dictionary.parquet</c> atomically (nothing at <paramref name="path"/> until complete).</summary>
    public static Task WriteAsync(string path, TranslationDictionary dictionary, CancellationToken cancellationToken = default) =>
        ParquetFile.WriteAsync(path, dictionary.Entries, int.MaxValue, null, cancellationToken);

    /// <summary>Synchronous <see cref="ReadParquetAsync"/>.</summary>
    public static TranslationDictionary ReadParquet(string path) => Synchronously.Run(() => ReadParquetAsync(path));

    /// <summary>Reads a <c>dictionary.parquet</c> written by this project or any tool writing the same columns.</summary>
    public static async Task<TranslationDictionary> ReadParquetAsync(string path, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DictionaryEntry> entries = await ParquetFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        // Rows are numbered from the file's first, across row groups.
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Rank <= 0)
                throw new MLNetConceptsException($"{path}: row {i + 1}: rank {entries[i].Rank} must be 1 or more");
        }
        return new TranslationDictionary(entries);
    }

    /// <summary>
    /// Reads a text dictionary. The first non-empty line decides the format: a lexical-table line
    /// (<c>source -&gt; target: Probability = p, Count = c</c>, see <see cref="LexicalTableFiles"/>); with a tab it is TSV and every
    /// line needs one; otherwise MUSE pairs, two words separated by spaces. Each source word's translations are
    /// ranked by probability (highest first, ties by ordinal target) when the TSV gives probabilities, else in
    /// file order; a repeated pair keeps its first occurrence. Bad lines fail naming the file and line.
    /// </summary>
    public static TranslationDictionary ReadText(string path, string sourceLanguage, string targetLanguage)
    {
        string[] lines = ParallelCorpus.ReadLines(path);
        if (lines.FirstOrDefault(l => l.Trim().Length > 0) is { } first && LexicalTableFiles.LooksLikeLexicalTable(first))
            return LexicalTableFiles.Read(path, sourceLanguage, targetLanguage);
        bool? isTsv = null;
        bool? hasProbabilities = null;
        var seen = new HashSet<(string, string)>();
        var rows = new List<(string Source, string Target, double Probability, int Order)>();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            string where = $"{path}: line {n + 1}";
            isTsv ??= line.Contains('\t');
            string source, target;
            double probability = 1.0;
            if (isTsv.Value)
            {
                string[] fields = line.Split('\t');
                if (fields.Length < 2)
                    throw new MLNetConceptsException($"{where}: no tab; expected source<TAB>target[<TAB>probability]");
                if (fields.Length > 3)
                    throw new MLNetConceptsException($"{where}: {fields.Length} tab-separated fields; expected source<TAB>target[<TAB>probability]");
                (source, target) = (fields[0].Trim(), fields[1].Trim());
                bool lineHasProbability = fields.Length == 3;
                if (hasProbabilities is { } expected && expected != lineHasProbability)
                    throw new MLNetConceptsException($"{where}: {(lineHasProbability ? "has" : "lacks")} a probability column unlike the lines before");
                hasProbabilities = lineHasProbability;
                if (lineHasProbability &&
                    (!double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out probability) || !double.IsFinite(probability) || probability < 0))
                    throw new MLNetConceptsException($"{where}: probability '{fields[2].Trim()}' is not a non-negative number");
            }
            else
            {
                string[] words = WordSplitter.Split(line);
                if (words.Length != 2)
                    throw new MLNetConceptsException($"{where}: no tab and not a space-separated 'source target' pair");
                (source, target) = (words[0], words[1]);
            }
            if (source.Length == 0 || target.Length == 0)
                throw new MLNetConceptsException($"{where}: empty source or target word");
            if (seen.Add((source, target))) rows.Add((source, target, probability, rows.Count));
        }
        if (rows.Count == 0)
            throw new MLNetConceptsException($"{path}: no dictionary entries");

        var entries = new List<DictionaryEntry>();
        foreach (var group in rows.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var ordered = hasProbabilities == true
                ? group.OrderByDescending(r => r.Probability).ThenBy(r => r.Target, StringComparer.Ordinal)
                : group.OrderBy(r => r.Order);
            int rank = 0;
            foreach (var r in ordered)
                entries.Add(new DictionaryEntry(sourceLanguage, targetLanguage, r.Source, r.Target, ++rank, r.Probability));
        }
        return new TranslationDictionary(entries);
    }

    /// <summary>Synchronous <see cref="LoadAsync"/>.</summary>
    public static TranslationDictionary Load(string path, string sourceLanguage, string targetLanguage) =>
        Synchronously.Run(() => LoadAsync(path, sourceLanguage, targetLanguage));

    /// <summary>Parquet (by content: the <c>PAR1</c> magic) or a text dictionary, for one language pair.</summary>
    public static async Task<TranslationDictionary> LoadAsync(string path, string sourceLanguage, string targetLanguage,
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: {(Directory.Exists(path) ? "is a folder, expected a dictionary file" : "file not found")}");
        if (!IsParquet(path)) return ReadText(path, sourceLanguage, targetLanguage);
        TranslationDictionary all = await ReadParquetAsync(path, cancellationToken).ConfigureAwait(false);
        TranslationDictionary pair = all.ForLanguages(sourceLanguage, targetLanguage);
        if (pair.Entries.Count == 0 && all.Entries.Count > 0)
        {
            string present = string.Join(", ", all.Entries.Select(e => $"{e.SourceLanguage}->{e.TargetLanguage}").Distinct());
            throw new MLNetConceptsException($"{path}: no entries for {sourceLanguage}->{targetLanguage} (it has {present})");
        }
        return pair;
    }

    private static bool IsParquet(string path)
    {
        using FileStream stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && Encoding.ASCII.GetString(magic) == "PAR1";
    }
}
