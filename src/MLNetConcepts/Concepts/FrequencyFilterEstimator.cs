using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The frequency filter (rare types and long sentences dropped, the first occurrences of each type kept) as an ML.NET estimator over word rows: <c>language</c> and
/// <c>word</c> text, <c>sentence_id</c> Int64 and <c>word_index</c> Int32 (the activations table's columns; any
/// other column, such as <c>vector</c>, passes through). <see cref="Fit"/> reads the rows twice and remembers
/// which occurrences to keep; the transformer filters lazily.
/// </summary>
public sealed class FrequencyFilterEstimator : IEstimator<FrequencyFilterTransformer>
{
    internal const string LanguageColumn = "language";
    internal const string SentenceIdColumn = "sentence_id";
    internal const string WordIndexColumn = "word_index";
    internal const string WordColumn = "word";

    private readonly MLContext _context;
    private readonly FrequencyFilterOptions _options;

    /// <summary>A frequency filter over word rows; <paramref name="options"/> null takes the defaults (min frequency 5, at most 10 occurrences).</summary>
    public FrequencyFilterEstimator(MLContext context, FrequencyFilterOptions? options = null)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _options = options ?? new FrequencyFilterOptions();
    }

    /// <summary>Checks the word columns, then selects the kept occurrences.</summary>
    public FrequencyFilterTransformer Fit(IDataView input)
    {
        CheckSchema(input.Schema);
        FrequencySelection selection = FrequencyFilter.Select(new WordRows(input), _options);
        return new FrequencyFilterTransformer(_context, selection, _options);
    }

    /// <summary>Filtering keeps the schema; only the columns it needs are checked.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckColumns(name => SchemaErrors.Find(inputSchema, name));
        return inputSchema;
    }

    internal static void CheckSchema(DataViewSchema schema) => CheckColumns(name => SchemaErrors.Find(schema, name));

    private static void CheckColumns(Func<string, InputColumn?> find)
    {
        const string hint = $"the frequency filter needs {LanguageColumn}, {SentenceIdColumn}, {WordIndexColumn} and {WordColumn}";
        void Require(string name, DataViewType type) =>
            SchemaErrors.RequireScalar(find(name), name, t => t.Equals(type), $"{type}", SchemaErrors.InputSchema, hint);
        Require(LanguageColumn, TextDataViewType.Instance);
        Require(SentenceIdColumn, NumberDataViewType.Int64);
        Require(WordIndexColumn, NumberDataViewType.Int32);
        Require(WordColumn, TextDataViewType.Instance);
    }

    /// <summary>Enumerates the word columns of a data view with a fresh cursor each time.</summary>
    private sealed class WordRows(IDataView data) : IEnumerable<WordOccurrence>
    {
        public IEnumerator<WordOccurrence> GetEnumerator()
        {
            DataViewSchema schema = data.Schema;
            DataViewSchema.Column language = schema[LanguageColumn], sentence = schema[SentenceIdColumn],
                index = schema[WordIndexColumn], word = schema[WordColumn];
            using DataViewRowCursor cursor = data.GetRowCursor([language, sentence, index, word]);
            ValueGetter<ReadOnlyMemory<char>> getLanguage = cursor.GetGetter<ReadOnlyMemory<char>>(language);
            ValueGetter<long> getSentence = cursor.GetGetter<long>(sentence);
            ValueGetter<int> getIndex = cursor.GetGetter<int>(index);
            ValueGetter<ReadOnlyMemory<char>> getWord = cursor.GetGetter<ReadOnlyMemory<char>>(word);
            // Languages repeat on every row: intern them so the filter's keys share one string per language.
            var languages = new Dictionary<string, string>();
            ReadOnlyMemory<char> languageText = default, wordText = default;
            long sentenceId = 0;
            int wordIndex = 0;
            while (cursor.MoveNext())
            {
                getLanguage(ref languageText);
                getSentence(ref sentenceId);
                getIndex(ref wordIndex);
                getWord(ref wordText);
                string code = languageText.ToString();
                if (!languages.TryGetValue(code, out string? shared)) languages[code] = shared = code;
                yield return new WordOccurrence(shared, sentenceId, wordIndex, wordText.ToString());
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// Keeps the word rows the frequency filter selected; lazy, the schema is unchanged. Saved with
/// <c>mlContext.Model.Save</c>, it keeps its selection: a loaded filter keeps exactly the (language, sentence_id,
/// word_index) occurrences chosen at fit time and does not re-count new data, so it is meant for the corpus it was
/// fitted on (for example the same sentences' activations of another layer or model). To filter a different corpus,
/// fit a new estimator; <see cref="Options"/> records what to fit it with. Loading needs
/// <c>mlContext.ComponentCatalog.RegisterMLNetConcepts()</c> first.
/// </summary>
public sealed partial class FrequencyFilterTransformer : ITransformer
{
    private readonly MLContext _context;

    internal FrequencyFilterTransformer(MLContext context, FrequencySelection selection, FrequencyFilterOptions options)
    {
        _context = context;
        Selection = selection;
        Options = new FrequencyFilterOptions
        {
            MinFrequency = options.MinFrequency,
            MaxOccurrences = options.MaxOccurrences,
            MaxSentenceWords = options.MaxSentenceWords,
        };
    }

    /// <summary>A copy of the options the selection was made with.</summary>
    public FrequencyFilterOptions Options { get; }

    /// <summary>The kept occurrences and what was dropped.</summary>
    public FrequencySelection Selection { get; }

    /// <summary>What the filter kept and dropped when it was fitted: long sentences, rare types, words over the cap, words kept.</summary>
    public FrequencyFilterStatistics Statistics => Selection.Statistics;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FrequencyFilterEstimator.CheckSchema(inputSchema);
        return inputSchema;
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("the frequency filter removes rows, so it is not a row-to-row mapper");

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        FrequencyFilterEstimator.CheckSchema(input.Schema);
        FrequencySelection selection = Selection;
        // FilterByCustomPredicate drops the rows for which the predicate is true, and stays lazy.
        return _context.Data.FilterByCustomPredicate<WordKeyRow>(input,
            row => !selection.IsKept(row.Language.ToString(), row.SentenceId, row.WordIndex));
    }

    /// <summary>The columns the predicate reads.</summary>
    private sealed class WordKeyRow
    {
        [ColumnName(FrequencyFilterEstimator.LanguageColumn)]
        public ReadOnlyMemory<char> Language { get; set; }

        [ColumnName(FrequencyFilterEstimator.SentenceIdColumn)]
        public long SentenceId { get; set; }

        [ColumnName(FrequencyFilterEstimator.WordIndexColumn)]
        public int WordIndex { get; set; }
    }
}
