namespace MLNetConcepts.Translation;

/// <summary>
/// Builds the translation dictionary (each source word's N best translations) from a parallel corpus: symmetrised word alignment, then
/// p(t|s) = count(s, t) / count(s) over the links, where every unaligned occurrence of s counts once against
/// NULL (so it lowers p(t|s) of real translations; NULL itself never becomes a translation), then the N best.
/// </summary>
public static class DictionaryInduction
{
    /// <summary>Aligns <paramref name="corpus"/> and returns its N-best dictionary.</summary>
    public static TranslationDictionary Build(ParallelCorpus corpus, string sourceLanguage, string targetLanguage,
        DictionaryInductionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DictionaryInductionOptions();
        options.Validate();
        return Build(EncodedCorpus.From(corpus), sourceLanguage, targetLanguage, options, cancellationToken).Dictionary;
    }

    /// <summary>
    /// Reads two line-aligned files (UTF-8, <c>.gz</c> accepted) as word ids, without keeping their text, aligns
    /// them and returns the N-best dictionary with what the run skipped and fitted.
    /// </summary>
    public static DictionaryInductionResult BuildFromFiles(string sourceFile, string targetFile, string sourceLanguage,
        string targetLanguage, DictionaryInductionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DictionaryInductionOptions();
        options.Validate();
        return Build(EncodedCorpus.FromFiles(sourceFile, targetFile, cancellationToken, options.MaxSentenceWords), sourceLanguage, targetLanguage, options, cancellationToken);
    }

    private static DictionaryInductionResult Build(EncodedCorpus corpus, string sourceLanguage, string targetLanguage,
        DictionaryInductionOptions options, CancellationToken cancellationToken)
    {
        var aligner = new WordAligner(options.Aligner);
        DirectionalLinks links = aligner.AlignDirections(corpus, cancellationToken);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Aligner.Threads > 0 ? options.Aligner.Threads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        TranslationDictionary dictionary = LexicalTable.Build(corpus, links, sourceLanguage, targetLanguage, options.NBest, parallel);
        return new DictionaryInductionResult(dictionary, corpus.Count, corpus.SkippedLines, aligner.FinalTensions)
        {
            SkippedLineCount = corpus.SkippedLineCount,
            LongLines = corpus.LongLines,
            LongPairCount = corpus.LongPairCount,
        };
    }

    /// <summary>Lexical probabilities and N-best cut-off over given alignments.</summary>
    public static TranslationDictionary FromAlignments(ParallelCorpus corpus, IReadOnlyList<SentenceAlignment> alignments,
        string sourceLanguage, string targetLanguage, int nBest)
    {
        var pairCounts = new Dictionary<(string Source, string Target), int>();
        var sourceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < corpus.Count; s++)
        {
            string[] source = corpus.Source[s], target = corpus.Target[s];
            var aligned = new bool[source.Length];
            foreach ((int i, int j) in alignments[s].Links)
            {
                aligned[i] = true;
                var key = (source[i], target[j]);
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + 1;
                sourceCounts[source[i]] = sourceCounts.GetValueOrDefault(source[i]) + 1;
            }
            for (int i = 0; i < source.Length; i++)
            {
                if (!aligned[i]) sourceCounts[source[i]] = sourceCounts.GetValueOrDefault(source[i]) + 1;  // the NULL link
            }
        }
        var scores = pairCounts.Select(p => (p.Key.Source, p.Key.Target, (double)p.Value / sourceCounts[p.Key.Source]));
        return TranslationDictionary.FromScores(sourceLanguage, targetLanguage, scores, nBest);
    }
}

/// <summary>
/// A dictionary induced from files: the dictionary, how many sentence pairs were aligned, the 1-based lines
/// skipped for an empty side (the first <see cref="EncodedCorpus.ListedLines"/>), and the tensions the two alignment
/// directions ended with.
/// </summary>
public sealed record DictionaryInductionResult(TranslationDictionary Dictionary, int SentencePairs, IReadOnlyList<int> SkippedLines,
    (double SourceToTarget, double TargetToSource) FinalTensions)
{
    /// <summary>Lines skipped for an empty side, listed or not.</summary>
    public long SkippedLineCount { get; init; } = SkippedLines.Count;

    /// <summary>The first 1-based lines of the pairs dropped for a side of <see cref="DictionaryInductionOptions.MaxSentenceWords"/> words or more.</summary>
    public IReadOnlyList<int> LongLines { get; init; } = [];

    /// <summary>Pairs dropped for a side of <see cref="DictionaryInductionOptions.MaxSentenceWords"/> words or more.</summary>
    public long LongPairCount { get; init; }
}
