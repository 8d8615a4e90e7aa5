using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The frequency filter (docs/method.md) as an ML.NET estimator over word rows: <c>language</c> and
/// <c>word</c> text, <c>sentence_id</c> Int64 and <c>word_index</c> Int32 (the activations table's columns; any
/// other column, such as <c>vector</c>, passes through). <see cref="Fit"/> reads the rows twice and learns which word
/// types (per language) are frequent enough; the transformer keeps those types, at most
/// <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences each, in whatever stream it is given.
/// </summary>
public sealed class FrequencyFilterEstimator : IEstimator<FrequencyFilterTransformer>
{
    internal const string LanguageColumn = "language";
    internal const string SentenceIdColumn = "sentence_id";
    internal const string WordIndexColumn = "word_index";
    internal const string WordColumn = "word";

    private readonly IHost _host;
    private readonly FrequencyFilterOptions _options;

    /// <summary>
    /// A frequency filter over word rows; <paramref name="environment"/> is the pipeline's <see cref="MLContext"/>
    /// (its log receives the filter's counts); <paramref name="options"/> null takes the defaults (min frequency
    /// 5, at most 10 occurrences). <c>mlContext.Transforms.FilterWordsByFrequency</c> is the usual way in.
    /// </summary>
    public FrequencyFilterEstimator(IHostEnvironment environment, FrequencyFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _host = environment.Register(nameof(FrequencyFilterEstimator));
        _options = options ?? new FrequencyFilterOptions();
        _options.Validate();
    }

    /// <summary>Checks the word columns, then counts the types and learns the kept ones.</summary>
    public FrequencyFilterTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckSchema(input.Schema);
        FrequencySelection selection = FrequencyFilter.Select(new WordRows(input), _options);
        using (IChannel channel = _host.Start("Fit"))
        {
            FrequencyFilterStatistics s = selection.Statistics;
            channel.Info(MessageSensitivity.None, "{0}", $"frequency filter: {s.KeptTypes} word types kept ({s.KeptOccurrences} of {s.WordsSeen} occurrences); " +
                $"{s.RareTypes} rare types, {s.LongSentences} long sentences dropped");
        }
        return new FrequencyFilterTransformer(_host, selection.KeptTypes, _options, selection.Statistics);
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

    /// <summary>Enumerates the word columns of a data view with a fresh cursor each time (the filter reads its input twice).</summary>
    internal sealed class WordRows(IDataView data) : IEnumerable<WordOccurrence>
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
/// The fitted frequency filter: it carries the word types (per language) that passed
/// <see cref="FrequencyFilterOptions.MinFrequency"/> at fit, and on every view it transforms keeps the first
/// <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences of each of those types in corpus order
/// (sentence id, then word index), dropping sentences of <see cref="FrequencyFilterOptions.MaxSentenceWords"/> words
/// or more in any language (see <see cref="FrequencyFilter.Apply"/>). On the data it was fitted on this keeps exactly
/// the occurrences <see cref="FrequencyFilter.Select"/> chose; on new sentences it keeps the learned types, so a saved
/// and loaded pipeline is right on data it has not seen. Types are not counted again: a type rare at fit stays
/// dropped, and a language not seen at fit keeps nothing. Not a row-to-row mapper: whether a row is kept depends on
/// the rows before it.
/// </summary>
public sealed partial class FrequencyFilterTransformer : ITransformer
{
    private readonly IHost _host;

    internal FrequencyFilterTransformer(IHost host, KeptWordTypes keptTypes, FrequencyFilterOptions options, FrequencyFilterStatistics statistics)
    {
        _host = host;
        KeptTypes = keptTypes;
        Statistics = statistics;
        Options = new FrequencyFilterOptions
        {
            MinFrequency = options.MinFrequency,
            MaxOccurrences = options.MaxOccurrences,
            MaxSentenceWords = options.MaxSentenceWords,
        };
    }

    /// <summary>A copy of the options the filter was fitted with.</summary>
    public FrequencyFilterOptions Options { get; }

    /// <summary>The (language, word) types learned at fit: the only ones any transformed view keeps.</summary>
    public KeptWordTypes KeptTypes { get; }

    /// <summary>What the filter kept and dropped on the data it was fitted on (long sentences, rare types, occurrences over the cap, kept).</summary>
    public FrequencyFilterStatistics Statistics { get; }

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
        throw new NotSupportedException("the frequency filter removes rows, so it is not a row-to-row mapper; use Transform on a view");

    /// <summary>
    /// A lazy view of the kept rows of <paramref name="input"/>, schema unchanged. Its first cursor reads the word
    /// columns of <paramref name="input"/> twice to choose the occurrences (cache an input that is costly to read,
    /// such as extraction's output); later cursors reuse that choice.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        FrequencyFilterEstimator.CheckSchema(input.Schema);
        return new FrequencyFilteredDataView(_host, input, KeptTypes, Options);
    }
}
