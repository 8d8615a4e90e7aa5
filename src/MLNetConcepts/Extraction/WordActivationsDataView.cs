using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>
/// A lazy view of word rows over a view of sentence rows. Each cursor reads the input's text column and runs
/// the model one batch at a time, so nothing beyond one sort window of sentences is held. The first window is one
/// batch and each next one twice the last, up to the full window, so the first rows come after one batch. Every cursor runs
/// the model again: trainers that make many passes (KMeans) should read a cached view or saved activations.
/// </summary>
internal sealed class WordActivationsDataView : IDataView
{
    private readonly IDataView _input;
    private readonly WordActivationsEstimator.Options _options;
    private readonly ModelFolder _model;
    private readonly ExtractionOptions _run;

    public WordActivationsDataView(IDataView input, WordActivationsEstimator.Options options, ModelFolder model, ExtractionOptions run, DataViewSchema schema)
    {
        _input = input;
        _options = options;
        _model = model;
        _run = run;
        Schema = schema;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly WordActivationsDataView _parent;
        private readonly HashSet<int> _active;
        private readonly ActivationExtractor _extractor;
        private readonly DataViewRowCursor _inputCursor;
        private readonly IEnumerator<ExtractedSentence> _sentences;
        // Input rows read but not yet given out: the extractor sorts a window of sentences by length, so each
        // sentence's id and language are kept by its input row until its words come back.
        private readonly Dictionary<long, (long SentenceId, ReadOnlyMemory<char> Language)> _waiting = [];
        private ExtractedSentence? _sentence;
        private (long SentenceId, ReadOnlyMemory<char> Language) _current;
        private int _word = -1;
        private long _position = -1;
        private bool _disposed;

        public Cursor(WordActivationsDataView parent, HashSet<int> active)
        {
            _parent = parent;
            _active = active;
            ExtractionOptions options = parent._run.Clone();
            options.GrowSortWindow = true;
            _extractor = new ActivationExtractor(parent._model, options);
            WordActivationsEstimator.Options columns = parent._options;
            DataViewSchema schema = parent._input.Schema;
            var needed = new List<DataViewSchema.Column> { schema[columns.TextColumnName] };
            if (columns.LanguageColumnName is { } language) needed.Add(schema[language]);
            if (columns.SentenceIdColumnName is { } sentenceId) needed.Add(schema[sentenceId]);
            _inputCursor = parent._input.GetRowCursor(needed);
            _sentences = _extractor.Extract(ReadSentences(_inputCursor, columns)).GetEnumerator();
        }

        // Yields (input row, text); the extractor's sentence id is the input row, mapped back in MoveNext.
        private IEnumerable<(long, string)> ReadSentences(DataViewRowCursor cursor, WordActivationsEstimator.Options columns)
        {
            DataViewSchema schema = cursor.Schema;
            ValueGetter<ReadOnlyMemory<char>> text = cursor.GetGetter<ReadOnlyMemory<char>>(schema[columns.TextColumnName]);
            ReadOnlyMemory<char> fixedLanguage = columns.Language.AsMemory();
            ValueGetter<ReadOnlyMemory<char>>? language = columns.LanguageColumnName is { } l
                ? cursor.GetGetter<ReadOnlyMemory<char>>(schema[l]) : null;
            Func<long>? sentenceId = columns.SentenceIdColumnName is { } s ? ColumnGetters.Integer(cursor, schema[s]) : null;
            ReadOnlyMemory<char> value = default, languageValue = default;
            long row = 0;
            while (cursor.MoveNext())
            {
                text(ref value);
                if (language is not null)
                {
                    language(ref languageValue);
                    if (languageValue.Span.IsWhiteSpace())
                        throw new MLNetConceptsException($"input row {row}: column '{columns.LanguageColumnName}' is empty; every sentence needs a language");
                    languageValue = languageValue.ToString().AsMemory();
                }
                _waiting[row] = (sentenceId?.Invoke() ?? row, language is null ? fixedLanguage : languageValue);
                yield return (row++, value.ToString());
            }
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_disposed) return false;
            while (_sentence is null || ++_word >= _sentence.Words.Length)
            {
                if (!_sentences.MoveNext())
                {
                    _sentence = null;
                    return false;
                }
                _sentence = _sentences.Current;
                _word = -1;
                _waiting.Remove(_sentence.SentenceId, out _current);
            }
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"column '{column.Name}' was not requested from this cursor");
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<long>)((ref long v) => v = CheckOnRow()._current.SentenceId),
                1 => (ValueGetter<int>)((ref int v) => v = Current.Words[_word].WordIndex),
                2 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = CheckOnRow()._current.Language),
                3 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current.Words[_word].Word.AsMemory()),
                _ => VectorGetter(column.Index - 4),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        private Cursor CheckOnRow() => _sentence is null ? throw new InvalidOperationException("the cursor is not on a row") : this;

        private ExtractedSentence Current => _sentence ?? throw new InvalidOperationException("the cursor is not on a row");

        private ValueGetter<VBuffer<float>> VectorGetter(int layerPosition) =>
            (ref VBuffer<float> value) =>
            {
                ReadOnlySpan<float> source = Current.Vector(layerPosition, _word);
                var editor = VBufferEditor.Create(ref value, source.Length);
                source.CopyTo(editor.Values);
                value = editor.Commit();
            };

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing)
            {
                _sentences.Dispose();
                _inputCursor.Dispose();
                _extractor.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
