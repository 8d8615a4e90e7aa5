using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Translation;

public class AlignerDeterminismTests
{
    /// <summary>
    /// 6,000 synthetic pairs (seeded): source word sK translates to tK; targets swap neighbouring words, drop and
    /// insert words now and then, so the alignment is not trivial. About 400,000 cells per direction, so the E-step
    /// runs over several blocks.
    /// </summary>
    private static ParallelCorpus SyntheticCorpus()
    {
        var random = new Random(212);
        var pairs = new List<(string, string)>();
        for (int p = 0; p < 6000; p++)
        {
            int length = random.Next(3, 13);
            // Zipf-like: small ids are frequent.
            int[] words = Enumerable.Range(0, length).Select(_ => (int)(300 * Math.Pow(random.NextDouble(), 2.5))).ToArray();
            var target = words.Select(w => $"t{w}").ToList();
            if (random.NextDouble() < 0.3)
            {
                int k = random.Next(length - 1);
                (target[k], target[k + 1]) = (target[k + 1], target[k]);
            }
            if (random.NextDouble() < 0.2) target.RemoveAt(random.Next(target.Count));
            if (random.NextDouble() < 0.2) target.Insert(random.Next(target.Count + 1), "filler");
            pairs.Add((string.Join(' ', words.Select(w => $"s{w}")), string.Join(' ', target)));
        }
        return ParallelCorpus.FromLines(pairs);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        ParallelCorpus corpus = SyntheticCorpus();
        EncodedCorpus encoded = EncodedCorpus.From(corpus);
        var reference = new WordAligner(new WordAlignerOptions { Threads = 1 });
        DirectionalLinks expected = reference.AlignDirections(encoded);
        TranslationDictionary expectedDictionary = DictionaryInduction.Build(corpus, "xs", "xt",
            new DictionaryInductionOptions { Aligner = new WordAlignerOptions { Threads = 1 } });
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var aligner = new WordAligner(new WordAlignerOptions { Threads = threads });
            DirectionalLinks links = aligner.AlignDirections(encoded);
            // Bit for bit: the same tensions and empirical features, the same links, the same probabilities.
            Assert.Equal(reference.Trace.SourceToTarget, aligner.Trace.SourceToTarget);
            Assert.Equal(reference.Trace.TargetToSource, aligner.Trace.TargetToSource);
            Assert.Equal(expected.SourceOfTargetTokens, links.SourceOfTargetTokens);
            Assert.Equal(expected.TargetOfSourceTokens, links.TargetOfSourceTokens);
            TranslationDictionary dictionary = DictionaryInduction.Build(corpus, "xs", "xt",
                new DictionaryInductionOptions { Aligner = new WordAlignerOptions { Threads = threads } });
            Assert.Equal(expectedDictionary.Entries, dictionary.Entries);
        }
    }

    [Fact]
    public void RecoversTheSyntheticTranslations()
    {
        TranslationDictionary dictionary = DictionaryInduction.Build(SyntheticCorpus(), "xs", "xt");
        var frequent = Enumerable.Range(0, 100).Select(w => $"s{w}").Where(w => dictionary.Translations(w).Count > 0).ToList();
        Assert.True(frequent.Count >= 95, $"{frequent.Count} of the 100 most frequent source words have translations");
        int correct = frequent.Count(w => dictionary.Translations(w)[0].Target == "t" + w[1..]);
        Assert.Equal(frequent.Count, correct);
    }
}

public class DiagonalDistributionTests
{
    [Theory]
    [InlineData(1, 5, 7, 4.0)]
    [InlineData(7, 5, 7, 4.0)]
    [InlineData(3, 9, 4, 7.5)]
    [InlineData(4, 1, 4, 0.1)]
    [InlineData(2, 12, 3, 14.0)]
    public void PriorMatchesTheDefinition(int j, int n, int m, double tension)
    {
        var prior = new double[n + 1];
        DiagonalDistribution.FillPrior(prior, j, n, m, tension, 0.08);
        double z = Enumerable.Range(1, n).Sum(i => Math.Exp(-tension * Math.Abs((double)i / n - (double)j / m)));
        Assert.Equal(0.08, prior[0]);
        for (int i = 1; i <= n; i++)
            Assert.Equal(0.92 * Math.Exp(-tension * Math.Abs((double)i / n - (double)j / m)) / z, prior[i], 1e-14);
        Assert.Equal(1.0, prior.Sum(), 1e-14);
    }

    [Theory]
    [InlineData(3, 5, 7, 4.0)]   // j ≤ n: an ordinary Z over m positions, the lengths exchanged
    [InlineData(5, 5, 2, 1.5)]
    [InlineData(6, 4, 9, 4.0)]   // j > n: fast_align's upper series runs on without end
    [InlineData(9, 2, 9, 0.7)]
    public void ExchangedZIsFastAlignsClosedForm(int j, int n, int m, double tension)
    {
        double Term(int k) => Math.Exp(-tension * Math.Abs((double)k / m - (double)j / n));
        double expected = j <= n
            ? Enumerable.Range(1, m).Sum(Term)
            : Enumerable.Range(1, 200_000).Sum(Term);   // the limit of the series
        Assert.Equal(expected, DiagonalDistribution.ExchangedZ(j, n, m, tension), expected * 1e-10);
    }
}
