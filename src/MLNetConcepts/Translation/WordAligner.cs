namespace MLNetConcepts.Translation;

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

    /// <summary>Per direction, per EM update: the empirical feature and the tension after it (diagnostics, tests).</summary>
    internal (List<(double EmpiricalFeature, double Tension)> SourceToTarget, List<(double EmpiricalFeature, double Tension)> TargetToSource) Trace { get; private set; } = ([], []);

    /// <summary>Aligns every pair of the corpus; the result is parallel to <see cref="ParallelCorpus.Source"/>.</summary>
    public IReadOnlyList<SentenceAlignment> Align(ParallelCorpus corpus)
    {
        EncodedCorpus encoded = EncodedCorpus.From(corpus);
        DirectionalLinks links = AlignDirections(encoded);
        var result = new SentenceAlignment[encoded.Count];
        Parallel.For(0, encoded.Count, () => new GrowDiagFinalAnd.Scratch(), (s, _, scratch) =>
        {
            var sentence = new List<(int, int)>();
            GrowDiagFinalAnd.Symmetrise(links.SourceOfTarget(encoded, s), links.TargetOfSource(encoded, s), scratch, sentence);
            result[s] = new SentenceAlignment(sentence);
            return scratch;
        }, _ => { });
        return result;
    }

    /// <summary>
    /// Trains both directions and returns their Viterbi links; the source→target model's pair table is kept for
    /// counting the symmetrised links. Each model is dropped once its links are read, so only one direction's
    /// working memory is alive at a time.
    /// </summary>
    internal DirectionalLinks AlignDirections(EncodedCorpus corpus, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        GC.Collect();   // so the models reuse what reading the corpus left behind (growing arrays) instead of adding to it
        // Every target word picks a source word (or NULL), and the other way round.
        Direction forward = TrainDirection(corpus.Source, corpus.Target, cancellationToken);
        // The forward model's cell and slot arrays (most of its memory) are garbage now; collecting them before the
        // backward model allocates its own keeps the peak at one direction's working memory instead of two.
        GC.Collect();
        Direction backward = TrainDirection(corpus.Target, corpus.Source, cancellationToken);
        GC.Collect();   // likewise before the lexical table is counted
        FinalTensions = (forward.Tension, backward.Tension);
        Trace = (forward.Trace, backward.Trace);
        return new DirectionalLinks(forward.Links, backward.Links, forward.Pairs);
    }

    private sealed record Direction(int[] Links, CooccurrenceTable Pairs, double Tension, List<(double EmpiricalFeature, double Tension)> Trace);

    /// <summary>
    /// One direction, in its own method so that no stack slot of the caller keeps the model (and its large
    /// arrays) alive once its links are read.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private Direction TrainDirection(EncodedCorpus.Side from, EncodedCorpus.Side to, CancellationToken cancellationToken)
    {
        var model = new DiagonalAlignmentModel(from, to, _options, cancellationToken);
        model.Train();
        return new Direction(model.ViterbiLinks(), model.Table, model.Tension, model.Trace);
    }
}

/// <summary>
/// Both directions' Viterbi links over a corpus, flat per token: for each target token the source position it
/// links to, for each source token the target position (−1: NULL), plus the source→target pair table.
/// </summary>

internal sealed record DirectionalLinks(int[] SourceOfTargetTokens, int[] TargetOfSourceTokens, CooccurrenceTable Pairs)
{
    public ReadOnlySpan<int> SourceOfTarget(EncodedCorpus corpus, int sentence) =>
        SourceOfTargetTokens.AsSpan(corpus.Target.Start[sentence], corpus.Target.Length(sentence));

    public ReadOnlySpan<int> TargetOfSource(EncodedCorpus corpus, int sentence) =>
        TargetOfSourceTokens.AsSpan(corpus.Source.Start[sentence], corpus.Source.Length(sentence));
}
