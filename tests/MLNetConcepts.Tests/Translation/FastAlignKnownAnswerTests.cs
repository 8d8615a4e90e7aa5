using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Translation;

/// <summary>
/// The aligner against fast_align's own output on a small corpus. The expected numbers and links were produced by
/// clab/fast_align (commit cab1e9a, built -O3 with sparsehash, OMP_NUM_THREADS=1 so its count updates do not race):
/// <c>fast_align -i known.fa -d -o -v</c>, the same with <c>-r</c>, and <c>atools -c grow-diag-final-and</c>, where
/// known.fa holds <see cref="Pairs"/> three times as "English ||| German" lines. fast_align prints 6 significant
/// digits, hence the tolerances.
/// </summary>
public class FastAlignKnownAnswerTests
{
    private static readonly (string English, string German)[] Pairs =
    [
        ("the dog sleeps", "der Hund schläft"), ("the small dog sleeps now", "der kleine Hund schläft"),
        ("now the dog sleeps", "jetzt schläft der Hund"), ("a house", "ein Haus"), ("a small house", "ein kleines Haus"),
        ("the house is small", "das Haus ist klein"), ("the dog is in the house", "der Hund ist im Haus"),
        ("I see a dog", "ich sehe einen Hund"), ("I see the small house now", "ich sehe jetzt das kleine Haus"),
        ("thank you", "danke"), ("thank you very much", "vielen Dank"), ("the book is new", "das Buch ist neu"),
        ("I read a new book", "ich lese ein neues Buch"), ("I have read the book", "ich habe das Buch gelesen"),
        ("he has read a book", "er hat ein Buch gelesen"),
    ];

    // "English-German" position pairs per sentence, as fast_align and atools print them.
    private static readonly string[] FastAlignForward =
    [
        "0-0 1-1 2-2", "0-0 1-1 2-2 3-3", "0-0 3-1 1-2 2-3", "0-0 1-1", "0-0 1-1 2-2", "0-0 1-1 2-2 3-3",
        "0-0 1-1 2-2 3-3 5-4", "0-0 1-1 2-2 3-3", "0-0 1-1 5-2 2-3 3-4 4-5", "1-0", "0-0 3-1", "0-0 1-1 2-2 3-3",
        "0-0 1-1 2-2 3-3 4-4", "0-0 1-1 3-2 4-3 4-4", "0-0 1-1 3-2 4-3 4-4",
    ];

    private static readonly string[] FastAlignReverse =
    [
        "0-0 1-1 2-2", "0-0 1-1 2-2 3-3 4-3", "0-0 1-2 2-3 3-1", "0-0 1-1", "0-0 1-1 2-2", "0-0 1-1 2-2 3-3",
        "0-0 1-1 2-2 3-3 4-0 5-4", "0-0 1-1 2-2 3-3", "0-0 1-1 2-3 3-4 4-5 5-2", "0-0 1-0", "0-0 1-0 2-1 3-1",
        "0-0 1-1 2-2 3-3", "0-0 1-1 2-2 3-3 4-4", "0-0 1-1 2-1 3-2 4-4", "0-0 1-1 2-3 3-2 4-4",
    ];

    private static readonly string[] AtoolsGrowDiagFinalAnd =
    [
        "0-0 1-1 2-2", "0-0 1-1 2-2 3-3 4-3", "0-0 1-2 2-3 3-1", "0-0 1-1", "0-0 1-1 2-2", "0-0 1-1 2-2 3-3",
        "0-0 1-1 2-2 3-3 5-4", "0-0 1-1 2-2 3-3", "0-0 1-1 2-3 3-4 4-5 5-2", "0-0 1-0", "0-0 1-0 2-1 3-1",
        "0-0 1-1 2-2 3-3", "0-0 1-1 2-2 3-3 4-4", "0-0 1-1 2-1 3-2 4-3 4-4", "0-0 1-1 2-3 3-2 4-4",
    ];

    private static ParallelCorpus Corpus() => ParallelCorpus.FromLines(Enumerable.Repeat(Pairs, 3).SelectMany(p => p));

    private static string Format(IEnumerable<(int Source, int Target)> links) =>
        string.Join(' ', links.OrderBy(l => l.Source).ThenBy(l => l.Target).Select(l => $"{l.Source}-{l.Target}"));

    private static string Sorted(string links) =>
        Format(links.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('-')).Select(p => (int.Parse(p[0]), int.Parse(p[1]))));

    [Fact]
    public void TensionScheduleAndEmpiricalFeaturesMatchFastAlign()
    {
        var aligner = new WordAligner(new WordAlignerOptions { Threads = 1 });
        aligner.AlignDirections(EncodedCorpus.From(Corpus()));
        // Four EM updates; the tension moves after updates 2-4 only (8 gradient steps each).
        Assert.Equal([-0.270605, -0.263431, -0.268751, -0.2679], aligner.Trace.SourceToTarget.Select(t => Math.Round(t.EmpiricalFeature, 6)));
        Assert.Equal([4, 1.41034, 1.30484, 1.32162], aligner.Trace.SourceToTarget.Select(t => Math.Round(t.Tension, 5)));
        Assert.Equal([-0.26893, -0.264975, -0.275721, -0.271337], aligner.Trace.TargetToSource.Select(t => Math.Round(t.EmpiricalFeature, 6)));
        // The reverse direction hits fast_align's lower clamp.
        Assert.Equal([4, 0.228873, 0.1, 0.1], aligner.Trace.TargetToSource.Select(t => Math.Round(t.Tension, 6)));
    }

    [Fact]
    public void ModelFeatureMatchesFastAlignsPrintedValues()
    {
        // fast_align -o prints the model feature per target token before each gradient step; its first step of
        // update 2 is at the starting tension 4: -0.159551 forward, -0.124431 reverse.
        ParallelCorpus corpus = Corpus();
        double ModelFeature(IReadOnlyList<string[]> from, IReadOnlyList<string[]> to, double tension) =>
            from.Zip(to).Sum(p => DiagonalDistribution.FastAlignModelFeature(p.First.Length, p.Second.Length, tension)) / to.Sum(t => t.Length);
        Assert.Equal(-0.159551, ModelFeature(corpus.Source, corpus.Target, 4), 6);
        Assert.Equal(-0.124431, ModelFeature(corpus.Target, corpus.Source, 4), 6);
    }

    [Fact]
    public void ViterbiLinksAndSymmetrisationMatchFastAlignAndAtools()
    {
        ParallelCorpus corpus = Corpus();
        EncodedCorpus encoded = EncodedCorpus.From(corpus);
        DirectionalLinks links = new WordAligner(new WordAlignerOptions { Threads = 1 }).AlignDirections(encoded);
        IReadOnlyList<SentenceAlignment> symmetrised = new WordAligner(new WordAlignerOptions { Threads = 1 }).Align(corpus);
        for (int s = 0; s < corpus.Count; s++)
        {
            int k = s % Pairs.Length;
            ReadOnlySpan<int> sourceOfTarget = links.SourceOfTarget(encoded, s), targetOfSource = links.TargetOfSource(encoded, s);
            var forward = new List<(int, int)>();
            for (int j = 0; j < sourceOfTarget.Length; j++)
                if (sourceOfTarget[j] >= 0) forward.Add((sourceOfTarget[j], j));
            var reverse = new List<(int, int)>();
            for (int i = 0; i < targetOfSource.Length; i++)
                if (targetOfSource[i] >= 0) reverse.Add((i, targetOfSource[i]));
            Assert.Equal(Sorted(FastAlignForward[k]), Format(forward));
            Assert.Equal(Sorted(FastAlignReverse[k]), Format(reverse));
            Assert.Equal(Sorted(AtoolsGrowDiagFinalAnd[k]), Format(symmetrised[s].Links));
        }
    }
}
