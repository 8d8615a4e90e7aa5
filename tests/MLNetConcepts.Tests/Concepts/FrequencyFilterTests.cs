using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Concepts;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Concepts;

public class FrequencyFilterTests
{
    /// <summary>
    /// Four parallel lines. en line 2 has five words, so with MaxSentenceWords = 5 line 2 goes in both languages.
    /// Over what remains (min 2, cap 3): en a x6 (3 over the cap), b x2, c x1 and d x1 rare; de p x2, q x2, r x1 rare.
    /// </summary>
    internal static readonly (string Language, long Sentence, string Line)[] Corpus =
    [
        ("en", 0, "a a b c"), ("en", 1, "b a a a"), ("en", 2, "x x x x x"), ("en", 3, "a d"),
        ("de", 0, "p q"), ("de", 1, "p"), ("de", 2, "p"), ("de", 3, "q r"),
    ];

    internal static readonly FrequencyFilterOptions SmallOptions = new() { MinFrequency = 2, MaxOccurrences = 3, MaxSentenceWords = 5 };

    private static List<WordOccurrence> Words(IEnumerable<(string Language, long Sentence, string Line)> corpus) =>
        corpus.SelectMany(s => s.Line.Split(' ').Select((w, i) => new WordOccurrence(s.Language, s.Sentence, i, w))).ToList();

    [Fact]
    public void CountsEveryDroppedAndKeptOccurrence()
    {
        FrequencySelection selection = FrequencyFilter.Select(Words(Corpus), SmallOptions);

        Assert.Equal(new FrequencyFilterStatistics(WordsSeen: 21, LongSentences: 2, LongSentenceOccurrences: 6, RareTypes: 3,
            RareOccurrences: 3, OverCapOccurrences: 3, KeptTypes: 4, KeptOccurrences: 9), selection.Statistics);
        var kept = Words(Corpus).Where(w => selection.IsKept(w.Language, w.SentenceId, w.WordIndex))
            .Select(w => $"{w.Language}{w.SentenceId}.{w.WordIndex}:{w.Word}").ToList();
        Assert.Equal(["en0.0:a", "en0.1:a", "en0.2:b", "en1.0:b", "en1.1:a", "de0.0:p", "de0.1:q", "de1.0:p", "de3.0:q"], kept);
    }

    [Fact]
    public void KeepsTheFirstOccurrencesInCorpusOrderWhateverTheRowOrder()
    {
        List<WordOccurrence> ordered = Words(Corpus);
        FrequencySelection expected = FrequencyFilter.Select(ordered, SmallOptions);
        var shuffled = ordered.OrderBy(_ => Random.Shared.Next()).ToList();
        shuffled.Reverse();
        FrequencySelection actual = FrequencyFilter.Select(shuffled, SmallOptions);

        Assert.Equal(expected.Statistics, actual.Statistics);
        Assert.All(ordered, w => Assert.Equal(expected.IsKept(w.Language, w.SentenceId, w.WordIndex), actual.IsKept(w.Language, w.SentenceId, w.WordIndex)));
    }

    [Fact]
    public void DefaultsAreFiveTenAndThreeHundredWords()
    {
        var words = new List<WordOccurrence>();
        for (int s = 0; s < 12; s++) words.Add(new("en", s, 0, "often"));     // 12 -> 10 kept, 2 over the cap
        for (int s = 0; s < 5; s++) words.Add(new("en", s, 1, "five"));       // exactly 5 -> kept
        for (int s = 0; s < 4; s++) words.Add(new("en", s, 2, "four"));       // 4 -> rare
        for (int i = 0; i < 299; i++) words.Add(new("en", 20, i, "long"));    // 299 words: kept sentence
        for (int i = 0; i < 300; i++) words.Add(new("de", 21, i, "lang"));    // 300 words: dropped

        FrequencySelection selection = FrequencyFilter.Select(words);

        FrequencyFilterStatistics stats = selection.Statistics;
        Assert.Equal(1, stats.LongSentences);
        Assert.Equal(300, stats.LongSentenceOccurrences);
        Assert.Equal(1, stats.RareTypes);
        Assert.Equal(4, stats.RareOccurrences);
        Assert.Equal(2 + 289, stats.OverCapOccurrences);
        Assert.Equal(10 + 5 + 10, stats.KeptOccurrences);
        Assert.True(selection.IsKept("en", 9, 0));
        Assert.False(selection.IsKept("en", 10, 0));
    }

    [Fact]
    public void BadOptionsNameTheProperty()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FrequencyFilter.Select([], new FrequencyFilterOptions { MinFrequency = 0 }));
        Assert.Equal(nameof(FrequencyFilterOptions.MinFrequency), e.ParamName);
        Assert.StartsWith("FrequencyFilterOptions.MinFrequency: must be at least 1, got 0", e.Message);
        Assert.DoesNotContain("--", e.Message);
    }

    /// <summary>
    /// New sentences that reuse the training corpus's sentence ids. Fitted on <see cref="Corpus"/> (SmallOptions) the
    /// filter learned en {a, b} and de {p, q}; on these it keeps those types only, the first three of each in corpus
    /// order: en b b _ a / a a _ b / _ _ (b over the cap), de q q q _ / p _; line 3 has five English words, so it goes
    /// in both languages (de p with it).
    /// </summary>
    internal static readonly (string Language, long Sentence, string Line)[] NewSentences =
    [
        ("en", 0, "b b c a"), ("en", 1, "a a a b"), ("en", 2, "d b"), ("en", 3, "a a a a a"),
        ("de", 0, "q q q q"), ("de", 1, "p r"), ("de", 3, "p"),
    ];

    internal static readonly string[] KeptOfNewSentences =
        ["en0.0:b", "en0.1:b", "en0.3:a", "en1.0:a", "en1.1:a", "en1.3:b", "de0.0:q", "de0.1:q", "de0.2:q", "de1.0:p"];

    private static List<string> Describe(IEnumerable<WordOccurrence> words) =>
        words.Select(w => $"{w.Language}{w.SentenceId}.{w.WordIndex}:{w.Word}").ToList();

    [Fact]
    public void LearnsTheKeptTypesPerLanguage()
    {
        KeptWordTypes types = FrequencyFilter.Select(Words(Corpus), SmallOptions).KeptTypes;

        Assert.Equal(["de", "en"], types.Languages);
        Assert.Equal(["a", "b"], types.WordsOf("en"));
        Assert.Equal(["p", "q"], types.WordsOf("de"));
        Assert.False(types.Contains("de", "a"));
        Assert.Empty(types.WordsOf("fr"));
    }

    [Fact]
    public void AppliedToNewSentencesKeepsTheLearnedTypesCappedNotTheTrainingPositions()
    {
        KeptWordTypes types = FrequencyFilter.Select(Words(Corpus), SmallOptions).KeptTypes;
        List<WordOccurrence> words = Words(NewSentences);

        FrequencySelection selection = FrequencyFilter.Apply(words, types, SmallOptions);

        Assert.Equal(KeptOfNewSentences, Describe(words.Where(w => selection.IsKept(w.Language, w.SentenceId, w.WordIndex))));
        // 22 words: 6 in line 3 (both languages), c d r not learned (3), a b q one each over the cap, 4 types kept.
        Assert.Equal(new FrequencyFilterStatistics(WordsSeen: 22, LongSentences: 2, LongSentenceOccurrences: 6, RareTypes: 3,
            RareOccurrences: 3, OverCapOccurrences: 3, KeptTypes: 4, KeptOccurrences: 10), selection.Statistics);
    }

    [Fact]
    public void AppliedToItsTrainingCorpusKeepsExactlyWhatSelectChose()
    {
        List<WordOccurrence> words = Words(Corpus);
        FrequencySelection fitted = FrequencyFilter.Select(words, SmallOptions);

        FrequencySelection applied = FrequencyFilter.Apply(words.AsEnumerable().Reverse().ToList(), fitted.KeptTypes, SmallOptions);

        Assert.Equal(fitted.Statistics, applied.Statistics);
        Assert.Equal(Describe(words.Where(w => fitted.IsKept(w.Language, w.SentenceId, w.WordIndex))),
            Describe(words.Where(w => applied.IsKept(w.Language, w.SentenceId, w.WordIndex))));
    }

    [Fact]
    public void FittedFilterKeepsTheLearnedTypesOnAViewOfNewSentences()
    {
        var context = new MLContext(seed: 1);
        IDataView training = context.Data.LoadFromEnumerable(Rows(Corpus));
        IDataView unseen = context.Data.LoadFromEnumerable(Rows(NewSentences));
        var messages = new List<string>();
        context.Log += (_, e) => { if (e.Message.Contains("frequency filter:", StringComparison.Ordinal)) messages.Add(e.Message); };

        FrequencyFilterTransformer filter = context.Transforms.FilterWordsByFrequency(SmallOptions).Fit(training);
        IDataView kept = filter.Transform(unseen);

        List<WordRow> rows = context.Data.CreateEnumerable<WordRow>(kept, reuseRowObject: false).ToList();
        Assert.Equal(KeptOfNewSentences, rows.Select(r => $"{r.Language}{r.SentenceId}.{r.WordIndex}:{r.Word}"));
        Assert.All(rows, r => Assert.Equal(new float[] { r.SentenceId, r.WordIndex }, r.Vector));
        // A second cursor over the same view gives the same rows (the choice is made once per view).
        Assert.Equal(rows.Count, context.Data.CreateEnumerable<WordRow>(kept, reuseRowObject: false).Count());
        // The counts reach the MLContext's log, at fit and on the new view.
        Assert.Contains(messages, m => m.Contains("frequency filter: 4 word types kept (9 of 21 occurrences)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("frequency filter: kept 10 of 22 occurrences (4 of the 4 learned types present)", StringComparison.Ordinal));
    }

    private static IEnumerable<WordRow> Rows(IEnumerable<(string Language, long Sentence, string Line)> corpus) =>
        Words(corpus).Select(w => new WordRow
        {
            SentenceId = w.SentenceId, WordIndex = w.WordIndex, Language = w.Language, Word = w.Word, Vector = [w.SentenceId, w.WordIndex],
        });

    /// <summary>A word row with a two-value vector, as the filter meets it in a pipeline (shared with ModelSaveLoadTests).</summary>
    internal sealed class WordRow
    {
        [ColumnName("sentence_id")] public long SentenceId { get; set; }
        [ColumnName("word_index")] public int WordIndex { get; set; }
        [ColumnName("language")] public string Language { get; set; } = "";
        [ColumnName("word")] public string Word { get; set; } = "";
        [ColumnName("vector"), VectorType(2)] public float[] Vector { get; set; } = [];
    }

    [Fact]
    public void EstimatorFiltersAnIDataViewLazilyAndKeepsOtherColumns()
    {
        var context = new MLContext(seed: 1);
        IDataView data = context.Data.LoadFromEnumerable(Words(Corpus).Select(w => new WordRow
        {
            SentenceId = w.SentenceId, WordIndex = w.WordIndex, Language = w.Language, Word = w.Word,
            Vector = [w.SentenceId, w.WordIndex],
        }));

        FrequencyFilterTransformer filter = new FrequencyFilterEstimator(context, SmallOptions).Fit(data);
        List<WordRow> kept = context.Data.CreateEnumerable<WordRow>(filter.Transform(data), reuseRowObject: false).ToList();

        Assert.Equal(9, filter.Statistics.KeptOccurrences);
        Assert.Equal(9, kept.Count);
        Assert.All(kept, r => Assert.Equal(new float[] { r.SentenceId, r.WordIndex }, r.Vector));
        Assert.DoesNotContain(kept, r => r.Word is "c" or "d" or "r" or "x");
    }

    private sealed class NarrowSentenceIdRow
    {
        [ColumnName("language")] public string Language { get; set; } = "en";
        [ColumnName("sentence_id")] public int SentenceId { get; set; }
        [ColumnName("word_index")] public int WordIndex { get; set; }
        [ColumnName("word")] public string Word { get; set; } = "a";
    }

    private const string Needs = "the frequency filter needs language, sentence_id, word_index and word";

    [Fact]
    public void EstimatorAndTransformerReportSchemaErrorsAsMLNetDoes()
    {
        var context = new MLContext();
        IDataView missing = context.Data.LoadFromEnumerable(new[] { new { sentence_id = 1L } });
        IDataView narrow = context.Data.LoadFromEnumerable(new[] { new NarrowSentenceIdRow() });
        var estimator = new FrequencyFilterEstimator(context);

        SchemaErrorAssert.Throws("inputSchema", $"Could not find input column 'language'; {Needs}", () => estimator.Fit(missing));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'sentence_id': expected Int64, got Int32; {Needs}",
            () => estimator.Fit(narrow));
        SchemaErrorAssert.Throws("inputSchema", $"Could not find input column 'language'; {Needs}",
            () => estimator.GetOutputSchema(SchemaShapes.Of(missing.Schema)));
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'sentence_id': expected Int64, got Int32; {Needs}",
            () => estimator.GetOutputSchema(SchemaShapes.Of(narrow.Schema)));

        IDataView words = context.Data.LoadFromEnumerable(Words(Corpus).Select(w => new WordRow
        {
            SentenceId = w.SentenceId, WordIndex = w.WordIndex, Language = w.Language, Word = w.Word, Vector = [0, 0],
        }));
        FrequencyFilterTransformer filter = estimator.Fit(words);
        SchemaErrorAssert.Throws("inputSchema", $"Schema mismatch for input column 'sentence_id': expected Int64, got Int32; {Needs}",
            () => filter.Transform(narrow));
        SchemaErrorAssert.Throws("inputSchema", $"Could not find input column 'language'; {Needs}", () => filter.GetOutputSchema(missing.Schema));
    }
}
