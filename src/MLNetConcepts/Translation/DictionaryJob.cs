namespace MLNetConcepts.Translation;

/// <summary>What <see cref="DictionaryJob.RunAllDirectionsAsync"/> wrote: entries in all, and source words per direction.</summary>
/// <param name="Entries">Rows of the written dictionary, every direction together.</param>
/// <param name="SourceWords">Source words with at least one translation, by direction (<c>source-target</c>).</param>
public sealed record CorpusDictionaryResult(int Entries, IReadOnlyDictionary<string, int> SourceWords);

/// <summary>
/// The dictionary stage (word alignment both ways, symmetrisation, N-best translations) from files to <c>dictionary.parquet</c>: one direction (the <c>dictionary</c>
/// command) or every direction of a corpus into one table (<c>analyze</c>).
/// </summary>
public static class DictionaryJob
{
    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static DictionaryInductionResult Run(string sourceFile, string targetFile, string sourceLanguage, string targetLanguage,
        string outputPath, DictionaryInductionOptions? options = null) =>
        Synchronously.Run(() => RunAsync(sourceFile, targetFile, sourceLanguage, targetLanguage, outputPath, options));

    /// <summary>
    /// Aligns two line-aligned files (a line with an empty side is skipped and listed in the result), writes the
    /// N-best dictionary of <paramref name="sourceLanguage"/> → <paramref name="targetLanguage"/> to
    /// <paramref name="outputPath"/> and returns it with what the alignment skipped and fitted.
    /// </summary>
    public static async Task<DictionaryInductionResult> RunAsync(string sourceFile, string targetFile, string sourceLanguage,
        string targetLanguage, string outputPath, DictionaryInductionOptions? options = null, CancellationToken cancellationToken = default)
    {
        LanguageCodes.Check(nameof(sourceLanguage), sourceLanguage);
        LanguageCodes.Check(nameof(targetLanguage), targetLanguage);
        DictionaryInductionResult result = DictionaryInduction.BuildFromFiles(sourceFile, targetFile, sourceLanguage, targetLanguage, options, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await DictionaryFiles.WriteAsync(outputPath, result.Dictionary, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Synchronous <see cref="RunAllDirectionsAsync"/>.</summary>
    public static CorpusDictionaryResult RunAllDirections(IReadOnlyDictionary<string, string> files, IReadOnlyList<string> languages,
        string outputPath, DictionaryInductionOptions? options = null, IProgress<long>? progress = null) =>
        Synchronously.Run(() => RunAllDirectionsAsync(files, languages, outputPath, options, progress));

    /// <summary>
    /// One dictionary per direction of <paramref name="languages"/> (see <see cref="TranslationDirections.Of"/>), all
    /// written to <paramref name="outputPath"/>; <paramref name="progress"/> receives the directions done.
    /// </summary>
    /// <param name="files">A line-aligned sentence file per language.</param>
    /// <param name="languages">The languages to pair, in order.</param>
    /// <param name="outputPath">The dictionary table to write.</param>
    /// <param name="options">Aligner settings and N best; null takes the defaults.</param>
    /// <param name="progress">Receives the number of directions done.</param>
    /// <param name="cancellationToken">Checked between directions; the output is written only when complete.</param>
    public static async Task<CorpusDictionaryResult> RunAllDirectionsAsync(IReadOnlyDictionary<string, string> files,
        IReadOnlyList<string> languages, string outputPath, DictionaryInductionOptions? options = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DictionaryInductionOptions();
        var entries = new List<DictionaryEntry>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long done = 0;
        foreach ((string source, string target) in TranslationDirections.Of(languages))
        {
            cancellationToken.ThrowIfCancellationRequested();
            TranslationDictionary d = DictionaryInduction.BuildFromFiles(files[source], files[target], source, target, options, cancellationToken).Dictionary;
            entries.AddRange(d.Entries);
            counts[$"{source}-{target}"] = d.SourceWordCount;
            progress?.Report(++done);
        }
        cancellationToken.ThrowIfCancellationRequested();
        await DictionaryFiles.WriteAsync(outputPath, new TranslationDictionary(entries), cancellationToken).ConfigureAwait(false);
        return new CorpusDictionaryResult(entries.Count, counts);
    }
}
