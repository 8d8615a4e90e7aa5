using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Translation;

/// <summary>
/// A parallel corpus as word ids in two flat arrays (one per language) with sentence offsets: the aligner's
/// input. Sentence s of a side is <c>Words[Start[s]..Start[s + 1]]</c>. Flat arrays instead of one string array
/// per sentence keep the memory near four bytes per token. Pairs with an empty side are left out and their
/// 1-based lines listed in <see cref="SkippedLines"/>, as in <see cref="ParallelCorpus"/>.
/// </summary>
internal sealed class EncodedCorpus
{
    /// <summary>How many line numbers <see cref="SkippedLines"/> and <see cref="LongLines"/> list at most (the counts go on).</summary>
    public const int ListedLines = 20;

    private EncodedCorpus(Side source, Side target, List<int> skipped, long skippedCount = -1, List<int>? longLines = null, long longCount = 0)
    {
        Source = source;
        Target = target;
        SkippedLines = skipped;
        SkippedLineCount = skippedCount < 0 ? skipped.Count : skippedCount;
        LongLines = longLines ?? [];
        LongPairCount = longCount;
    }

    /// <summary>One language: ids, sentence offsets and the vocabulary.</summary>
    public sealed class Side(int[] words, int[] start, WordVocabulary vocabulary)
    {
        public int[] Words { get; } = words;

        /// <summary>Sentence offsets into <see cref="Words"/>, one more than the number of sentences.</summary>
        public int[] Start { get; } = start;

        public WordVocabulary Vocabulary { get; } = vocabulary;

        public int Length(int sentence) => Start[sentence + 1] - Start[sentence];

        public ReadOnlySpan<int> Sentence(int sentence) => Words.AsSpan(Start[sentence], Length(sentence));
    }

    public Side Source { get; }

    public Side Target { get; }

    public IReadOnlyList<int> SkippedLines { get; }

    /// <summary>Lines skipped for an empty side (from files only the first <see cref="ListedLines"/> are listed).</summary>
    public long SkippedLineCount { get; }

    /// <summary>1-based lines of the first pairs dropped for a side of <c>maxSentenceWords</c> words or more.</summary>
    public IReadOnlyList<int> LongLines { get; }

    /// <summary>Pairs dropped for a side of <c>maxSentenceWords</c> words or more.</summary>
    public long LongPairCount { get; }

    public int Count => Source.Start.Length - 1;

    /// <summary>Encodes an in-memory corpus (its empty pairs were already skipped).</summary>
    public static EncodedCorpus From(ParallelCorpus corpus)
    {
        var builder = new Builder();
        for (int s = 0; s < corpus.Count; s++) builder.AddWords(corpus.Source[s], corpus.Target[s]);
        return builder.Build([.. corpus.SkippedLines]);
    }

    /// <summary>
    /// Streams two line-aligned UTF-8 files (<c>.gz</c> accepted) into ids without holding their text. A pair with
    /// <paramref name="maxSentenceWords"/> words or more on either side is dropped and counted (the frequency filter's
    /// rule for long sentences), so the aligner's work per pair stays bounded; only the first <see cref="ListedLines"/> skipped
    /// and dropped lines are listed, so memory does not grow with empty lines.
    /// Different line counts are an <see cref="MLNetConceptsException"/> naming both files and counts.
    /// </summary>
    public static EncodedCorpus FromFiles(string sourceFile, string targetFile, CancellationToken cancellationToken = default,
        int maxSentenceWords = int.MaxValue)
    {
        var builder = new Builder();
        var skipped = new List<int>();
        var longLines = new List<int>();
        long skippedCount = 0, longCount = 0;
        using IEnumerator<string> source = SentenceFile.ReadLines(sourceFile).GetEnumerator();
        using IEnumerator<string> target = SentenceFile.ReadLines(targetFile).GetEnumerator();
        int line = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool hasSource = source.MoveNext(), hasTarget = target.MoveNext();
            if (!hasSource || !hasTarget)
            {
                if (hasSource == hasTarget) break;
                int sourceLines = line + (hasSource ? 1 + Remaining(source, cancellationToken) : 0);
                int targetLines = line + (hasTarget ? 1 + Remaining(target, cancellationToken) : 0);
                throw new MLNetConceptsException(
                    $"{sourceFile} has {sourceLines} lines but {targetFile} has {targetLines}; parallel files need the same number of lines");
            }
            if (line == int.MaxValue)
                throw new MLNetConceptsException($"{sourceFile}: more than {int.MaxValue} lines; split the corpus into smaller parts");
            line++;
            switch (builder.AddLine(source.Current, target.Current, maxSentenceWords))
            {
                case Added.Empty:
                    if (skippedCount++ < ListedLines) skipped.Add(line);
                    break;
                case Added.TooLong:
                    if (longCount++ < ListedLines) longLines.Add(line);
                    break;
            }
        }
        if (skippedCount == line)
            throw new MLNetConceptsException(
                $"{sourceFile}: no line has words on both sides (with {targetFile}; {line} lines); expected one sentence per line, words separated by spaces");
        if (skippedCount + longCount == line)
            throw new MLNetConceptsException(
                $"{sourceFile}: every sentence pair with words on both sides has {maxSentenceWords} words or more on a side (with {targetFile}); such pairs are dropped (max_sentence_words)");
        return builder.Build(skipped, skippedCount, longLines, longCount);
    }

    /// <summary>What <see cref="Builder.AddLine"/> did with a pair.</summary>
    private enum Added { Pair, Empty, TooLong }

    private static int Remaining(IEnumerator<string> lines, CancellationToken cancellationToken)
    {
        int count = 0;
        while (lines.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            count++;
        }
        return count;
    }

    /// <summary>Appends sentence pairs to growing id arrays.</summary>
    private sealed class Builder
    {
        private readonly WordVocabulary _sourceVocabulary = new(), _targetVocabulary = new();
        private readonly List<int> _sourceWords = [], _targetWords = [];
        private readonly List<int> _sourceStart = [0], _targetStart = [0];

        public void AddWords(string[] source, string[] target)
        {
            foreach (string word in source) _sourceWords.Add(_sourceVocabulary.Encode(word));
            foreach (string word in target) _targetWords.Add(_targetVocabulary.Encode(word));
            _sourceStart.Add(_sourceWords.Count);
            _targetStart.Add(_targetWords.Count);
        }

        /// <summary>Adds one pair of lines unless a side has no word, or <paramref name="maxWords"/> words or more.</summary>
        public Added AddLine(string source, string target, int maxWords)
        {
            int sourceWords = CountWords(source), targetWords = CountWords(target);
            if (sourceWords == 0 || targetWords == 0) return Added.Empty;
            if (sourceWords >= maxWords || targetWords >= maxWords) return Added.TooLong;
            Encode(source, _sourceVocabulary, _sourceWords);
            Encode(target, _targetVocabulary, _targetWords);
            _sourceStart.Add(_sourceWords.Count);
            _targetStart.Add(_targetWords.Count);
            return Added.Pair;
        }

        public EncodedCorpus Build(List<int> skipped, long skippedCount = -1, List<int>? longLines = null, long longCount = 0) => new(
            new Side([.. _sourceWords], [.. _sourceStart], _sourceVocabulary),
            new Side([.. _targetWords], [.. _targetStart], _targetVocabulary), skipped, skippedCount, longLines, longCount);

        private static int CountWords(string line)
        {
            int count = 0;
            bool inWord = false;
            foreach (char c in line)
            {
                bool space = char.IsWhiteSpace(c);
                if (!space && !inWord) count++;
                inWord = !space;
            }
            return count;
        }

        /// <summary>Words are the runs of non-whitespace characters, as <see cref="WordSplitter"/> splits them.</summary>
        private static void Encode(string line, WordVocabulary vocabulary, List<int> words)
        {
            ReadOnlySpan<char> text = line;
            int k = 0;
            while (k < text.Length)
            {
                while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
                int begin = k;
                while (k < text.Length && !char.IsWhiteSpace(text[k])) k++;
                if (k > begin) words.Add(vocabulary.Encode(text[begin..k]));
            }
        }
    }
}
