using MLNetConcepts.Text;

namespace MLNetConcepts.Dictionary;

/// <summary>
/// A parallel corpus as word ids in two flat arrays (one per language) with sentence offsets: the aligner's
/// input. Sentence s of a side is <c>Words[Start[s]..Start[s + 1]]</c>. Flat arrays instead of one string array
/// per sentence keep the memory near four bytes per token. Pairs with an empty side are left out and their
/// 1-based lines listed in <see cref="SkippedLines"/>, as in <see cref="ParallelCorpus"/>.
/// </summary>
internal sealed class EncodedCorpus
{
    private EncodedCorpus(Side source, Side target, List<int> skipped)
    {
        Source = source;
        Target = target;
        SkippedLines = skipped;
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

    public int Count => Source.Start.Length - 1;

    /// <summary>Encodes an in-memory corpus (its empty pairs were already skipped).</summary>
    public static EncodedCorpus From(ParallelCorpus corpus)
    {
        var builder = new Builder();
        for (int s = 0; s < corpus.Count; s++) builder.AddWords(corpus.Source[s], corpus.Target[s]);
        return builder.Build([.. corpus.SkippedLines]);
    }

    /// <summary>
    /// Streams two line-aligned UTF-8 files (<c>.gz</c> accepted) into ids without holding their text.
    /// Different line counts are an <see cref="MLNetConceptsException"/> naming both files and counts.
    /// </summary>
    public static EncodedCorpus FromFiles(string sourceFile, string targetFile)
    {
        var builder = new Builder();
        var skipped = new List<int>();
        using IEnumerator<string> source = SentenceFile.ReadLines(sourceFile).GetEnumerator();
        using IEnumerator<string> target = SentenceFile.ReadLines(targetFile).GetEnumerator();
        int line = 0;
        while (true)
        {
            bool hasSource = source.MoveNext(), hasTarget = target.MoveNext();
            if (!hasSource || !hasTarget)
            {
                if (hasSource == hasTarget) break;
                int sourceLines = line + (hasSource ? 1 + Remaining(source) : 0);
                int targetLines = line + (hasTarget ? 1 + Remaining(target) : 0);
                throw new MLNetConceptsException(
                    $"{sourceFile} has {sourceLines} lines but {targetFile} has {targetLines}; parallel files need the same number of lines");
            }
            line++;
            if (!builder.AddLine(source.Current, target.Current)) skipped.Add(line);
        }
        if (skipped.Count == line)
            throw new MLNetConceptsException(
                $"{sourceFile}: no line has words on both sides (with {targetFile}; {line} lines); expected one sentence per line, words separated by spaces");
        return builder.Build(skipped);
    }

    private static int Remaining(IEnumerator<string> lines)
    {
        int count = 0;
        while (lines.MoveNext()) count++;
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

        /// <summary>Adds one pair of lines; false (nothing added) when a side has no word.</summary>
        public bool AddLine(string source, string target)
        {
            if (IsBlank(source) || IsBlank(target)) return false;
            Encode(source, _sourceVocabulary, _sourceWords);
            Encode(target, _targetVocabulary, _targetWords);
            _sourceStart.Add(_sourceWords.Count);
            _targetStart.Add(_targetWords.Count);
            return true;
        }

        public EncodedCorpus Build(List<int> skipped) => new(
            new Side([.. _sourceWords], [.. _sourceStart], _sourceVocabulary),
            new Side([.. _targetWords], [.. _targetStart], _targetVocabulary), skipped);

        private static bool IsBlank(string line)
        {
            foreach (char c in line)
                if (!char.IsWhiteSpace(c)) return false;
            return true;
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
