namespace MLNetConcepts.Dictionary;

/// <summary>Symmetrised word links of one sentence pair: (source position, target position), 0-based.</summary>
public sealed record SentenceAlignment(IReadOnlyList<(int Source, int Target)> Links);

/// <summary>
/// Word-aligns a parallel corpus: a <see cref="DiagonalAlignmentModel"/> in each direction, symmetrised with
/// <see cref="GrowDiagFinalAnd"/>.
/// </summary>
public sealed class WordAligner(WordAlignerOptions? options = null)
{
    private readonly WordAlignerOptions _options = options ?? new WordAlignerOptions();

    /// <summary>The tensions the two directions ended with (source→target, target→source).</summary>
    public (double SourceToTarget, double TargetToSource) FinalTensions { get; private set; }

    /// <summary>Aligns every pair of the corpus; the result is parallel to <see cref="ParallelCorpus.Source"/>.</summary>
    public IReadOnlyList<SentenceAlignment> Align(ParallelCorpus corpus)
    {
        _options.Validate();
        var sourceIds = new WordIds();
        var targetIds = new WordIds();
        int[][] source = corpus.Source.Select(sourceIds.Encode).ToArray();
        int[][] target = corpus.Target.Select(targetIds.Encode).ToArray();

        // Every target word picks a source word (or NULL), and the other way round.
        var forward = new DiagonalAlignmentModel(source, target, sourceIds.Count, targetIds.Count, _options);
        forward.Train();
        int[][] forwardLinks = forward.ViterbiLinks();
        var backward = new DiagonalAlignmentModel(target, source, targetIds.Count, sourceIds.Count, _options);
        backward.Train();
        int[][] backwardLinks = backward.ViterbiLinks();
        FinalTensions = (forward.Tension, backward.Tension);

        var result = new SentenceAlignment[corpus.Count];
        Parallel.For(0, corpus.Count, s =>
        {
            var sourceToTarget = forwardLinks[s].Select((i, j) => (i, j)).Where(l => l.i >= 0);
            var targetToSource = backwardLinks[s].Select((j, i) => (i, j)).Where(l => l.j >= 0);
            result[s] = new SentenceAlignment(GrowDiagFinalAnd.Symmetrise(source[s].Length, target[s].Length, sourceToTarget, targetToSource));
        });
        return result;
    }

    /// <summary>Word ↔ 1-based id (0 is kept for NULL).</summary>
    private sealed class WordIds
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public int Count => _ids.Count;

        public int[] Encode(string[] words)
        {
            var ids = new int[words.Length];
            for (int k = 0; k < words.Length; k++)
            {
                if (!_ids.TryGetValue(words[k], out int id))
                    _ids.Add(words[k], id = _ids.Count + 1);
                ids[k] = id;
            }
            return ids;
        }
    }
}
