using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The rows of a word view that a fitted frequency filter keeps. The choice of occurrences is made once per view,
/// when the first cursor opens (it needs the whole stream: a type's first occurrences and a sentence's length are
/// known only at its end), then every cursor skips the rows not chosen.
/// </summary>
internal sealed class FrequencyFilteredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Lazy<FrequencySelection> _selection;

    public FrequencyFilteredDataView(IHost host, IDataView input, KeptWordTypes keptTypes, FrequencyFilterOptions options)
    {
        _input = input;
        _selection = new Lazy<FrequencySelection>(() =>
        {
            FrequencySelection selection = FrequencyFilter.Apply(new FrequencyFilterEstimator.WordRows(input), keptTypes, options);
            using IChannel channel = host.Start("Transform");
            FrequencyFilterStatistics s = selection.Statistics;
            channel.Info(MessageSensitivity.None, "{0}", $"frequency filter: kept {s.KeptOccurrences} of {s.WordsSeen} occurrences ({s.KeptTypes} of the {keptTypes.Count} learned types present)");
            return selection;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DataViewSchema Schema => _input.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        FrequencySelection selection = _selection.Value;
        var requested = columnsNeeded.Select(c => c.Index).ToHashSet();
        DataViewSchema schema = _input.Schema;
        DataViewSchema.Column[] keys =
        [
            schema[FrequencyFilterEstimator.LanguageColumn], schema[FrequencyFilterEstimator.SentenceIdColumn],
            schema[FrequencyFilterEstimator.WordIndexColumn],
        ];
        IEnumerable<DataViewSchema.Column> read = keys.Concat(columnsNeeded).DistinctBy(c => c.Index);
        return new Cursor(_input.GetRowCursor(read), selection, requested, keys);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly FrequencySelection _selection;
        private readonly HashSet<int> _requested;
        private readonly ValueGetter<ReadOnlyMemory<char>> _language;
        private readonly ValueGetter<long> _sentenceId;
        private readonly ValueGetter<int> _wordIndex;
        // The language text of the previous row and its string: consecutive rows share a language, so one allocation serves many.
        private ReadOnlyMemory<char> _languageText;
        private string _languageString = "";
        private long _position = -1;

        public Cursor(DataViewRowCursor input, FrequencySelection selection, HashSet<int> requested, DataViewSchema.Column[] keys)
        {
            _input = input;
            _selection = selection;
            _requested = requested;
            _language = input.GetGetter<ReadOnlyMemory<char>>(keys[0]);
            _sentenceId = input.GetGetter<long>(keys[1]);
            _wordIndex = input.GetGetter<int>(keys[2]);
        }

        public override DataViewSchema Schema => _input.Schema;

        public override long Position => _position;

        public override long Batch => _input.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => _requested.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"column '{column.Name}' was not requested from this cursor");
            return _input.GetGetter<TValue>(column);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool MoveNext()
        {
            ReadOnlyMemory<char> language = default;
            long sentenceId = 0;
            int wordIndex = 0;
            while (_input.MoveNext())
            {
                _language(ref language);
                if (!language.Span.SequenceEqual(_languageText.Span))
                {
                    _languageString = language.ToString();
                    _languageText = _languageString.AsMemory();
                }
                _sentenceId(ref sentenceId);
                _wordIndex(ref wordIndex);
                if (_selection.IsKept(_languageString, sentenceId, wordIndex))
                {
                    _position++;
                    return true;
                }
            }
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
