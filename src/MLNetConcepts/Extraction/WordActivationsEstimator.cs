using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>
/// Estimator for word-level activations: from rows of sentences to rows of words, with columns
/// <c>sentence_id</c> (the input row, 0-based, or <see cref="WordActivationsEstimator.Options.SentenceIdColumnName"/>), <c>word_index</c>, <c>language</c>, <c>word</c> and one
/// fixed-size float vector per requested layer, so ML.NET trainers such as KMeans accept them directly.
/// It runs the model's encoder (for t5, the encoder graph; decoder vectors need sentence pairs, see
/// <see cref="ExtractionJob.RunParallelAsync"/>).
/// <see cref="Fit"/> checks the input schema and the model; nothing runs until the output is read, and every
/// read runs the model again, so cache the output (<c>mlContext.Data.Cache</c>) before the frequency filter and
/// KMeans, which read it many times. For several languages in one view (mixed concepts), name the input's
/// language and sentence-id columns (<see cref="WordActivationsEstimator.Options.LanguageColumnName"/>,
/// <see cref="WordActivationsEstimator.Options.SentenceIdColumnName"/>).
/// </summary>
/// <example>
/// <code>
/// var ml = new MLContext();
/// var sentences = ml.Data.LoadFromEnumerable(new[] { new Sentence { Text = "the cat sat" } });
/// var words = ml.Transforms.ExtractWordActivations("models/tiny-bert", language: "en", layers: [0, 3])
///     .Fit(sentences).Transform(sentences);   // one row per word; vector columns layer_0, layer_3
/// </code>
/// </example>
public sealed class WordActivationsEstimator : IEstimator<WordActivationsTransformer>
{
    /// <summary>Options of <see cref="WordActivationsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The model folder (SPEC section 2). Required.</summary>
        public string ModelFolder { get; set; } = "";

        /// <summary>Language code written to the <c>language</c> column. Required unless <see cref="LanguageColumnName"/> is set.</summary>
        public string Language { get; set; } = "";

        /// <summary>
        /// Input text column giving each sentence's language, for a view that mixes languages (the data of mixed
        /// concepts, for COLAP). Default null: every row is <see cref="Language"/>.
        /// </summary>
        public string? LanguageColumnName { get; set; }

        /// <summary>
        /// Input Int32 or Int64 column giving each sentence's id (its line in the parallel corpus), so that the
        /// translations of a line keep one id when languages are mixed in one view. Default null: the input row, 0-based.
        /// </summary>
        public string? SentenceIdColumnName { get; set; }

        /// <summary>Input text column, one sentence per row, words separated by spaces. Default <c>Text</c>.</summary>
        public string TextColumnName { get; set; } = "Text";

        /// <summary>Extraction settings (layers, aggregation, batch size, device).</summary>
        public ExtractionOptions Extraction { get; set; } = new();

        /// <summary>Name of the vector column of a layer; default <c>layer_&lt;L&gt;</c>.</summary>
        public Func<int, string> LayerColumnName { get; set; } = layer => $"layer_{layer}";
    }

    private readonly WordActivationsEstimator.Options _options;

    /// <summary>An extraction estimator; <see cref="Fit"/> checks the options, model folder and input schema.</summary>
    public WordActivationsEstimator(WordActivationsEstimator.Options options)
    {
        _options = options;
    }

    /// <inheritdoc/>
    public WordActivationsTransformer Fit(IDataView input)
    {
        CheckInputColumns(name => input.Schema.GetColumnOrNull(name)?.Type);
        return new WordActivationsTransformer(_options, LoadModel());
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewType? TypeOf(string name)
        {
            SchemaShape.Column[] matches = inputSchema.Where(c => c.Name == name).ToArray();
            if (matches.Length == 0) return null;
            return matches[^1].Kind == SchemaShape.Column.VectorKind.Scalar ? matches[^1].ItemType : new VectorDataViewType(NumberDataViewType.Single);
        }
        CheckInputColumns(TypeOf);
        return SchemaShapes.Of(WordActivationsTransformer.BuildSchema(_options, LoadModel()));
    }

    private (ModelFolder Model, IReadOnlyList<int> Layers) LoadModel()
    {
        if (string.IsNullOrWhiteSpace(_options.Language) && _options.LanguageColumnName is null)
            throw new MLNetConceptsException("WordActivationsEstimator.Options.Language: a language code is required (or a LanguageColumnName)");
        if (_options.Extraction.Components is not (null or ExtractionComponents.Encoder))
            throw new MLNetConceptsException(
                "WordActivationsEstimator.Options.Extraction.Components: the estimator extracts the encoder; decoder activations come from ExtractionJob.RunParallelAsync");
        ModelFolder model = ModelFolder.Load(_options.ModelFolder);
        return (model, ActivationExtractor.ResolveLayers(model, _options.Extraction.Layers));
    }

    private void CheckInputColumns(Func<string, DataViewType?> typeOf)
    {
        CheckInputColumn(_options.TextColumnName, nameof(WordActivationsEstimator.Options.TextColumnName), typeOf(_options.TextColumnName), text: true);
        if (_options.LanguageColumnName is { } language)
            CheckInputColumn(language, nameof(WordActivationsEstimator.Options.LanguageColumnName), typeOf(language), text: true);
        if (_options.SentenceIdColumnName is { } sentenceId)
            CheckInputColumn(sentenceId, nameof(WordActivationsEstimator.Options.SentenceIdColumnName), typeOf(sentenceId), text: false);
    }

    private static void CheckInputColumn(string name, string option, DataViewType? type, bool text)
    {
        if (type is null)
            throw new MLNetConceptsException($"input column '{name}' not found; set WordActivationsEstimator.Options.{option}");
        bool ok = text ? type is TextDataViewType : ColumnGetters.IsInteger(type);
        if (!ok)
            throw new MLNetConceptsException($"input column '{name}' is {type}, expected {(text ? "text" : "Int32 or Int64")}");
    }
}

/// <summary>
/// The fitted word-activations transform. It is not row-to-row (one sentence gives many words), so
/// <see cref="Transform"/> returns a lazy view whose cursor runs the model a batch at a time. <c>mlContext.Model.Save</c>
/// keeps a reference to the model folder with a hash of its files, checked when the model is loaded (loading needs
/// <c>mlContext.ComponentCatalog.RegisterMLNetConcepts()</c> first).
/// </summary>
public sealed partial class WordActivationsTransformer : ITransformer
{
    private readonly WordActivationsEstimator.Options _options;

    internal WordActivationsTransformer(WordActivationsEstimator.Options options, (ModelFolder Model, IReadOnlyList<int> Layers) model)
    {
        _options = options;
        Model = model.Model;
        Layers = model.Layers;
    }

    /// <summary>The model folder the transformer runs.</summary>
    public ModelFolder Model { get; }

    /// <summary>The layers extracted, one <c>layer_&lt;L&gt;</c> column each, in this order.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BuildSchema(_options, (Model, Layers));

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => new WordActivationsDataView(input, _options, Model, Layers, GetOutputSchema(input.Schema));

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new InvalidOperationException("word activations map one sentence to many words; use Transform");

    internal static DataViewSchema BuildSchema(WordActivationsEstimator.Options options, (ModelFolder Model, IReadOnlyList<int> Layers) model)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("sentence_id", NumberDataViewType.Int64);
        builder.AddColumn("word_index", NumberDataViewType.Int32);
        builder.AddColumn("language", TextDataViewType.Instance);
        builder.AddColumn("word", TextDataViewType.Instance);
        foreach (int layer in model.Layers)
            builder.AddColumn(options.LayerColumnName(layer), new VectorDataViewType(NumberDataViewType.Single, model.Model.HiddenSize));
        return builder.ToSchema();
    }
}
