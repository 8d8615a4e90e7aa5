using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>
/// Estimator for word-level activations: from rows of sentences to rows of words, with columns
/// <c>sentence_id</c> (the input row, 0-based, or <see cref="WordActivationsEstimator.Options.SentenceIdColumnName"/>), <c>word_index</c>, <c>language</c>, <c>word</c> and one
/// fixed-size float vector per requested layer, so ML.NET trainers such as KMeans accept them directly.
/// It runs the model's encoder (for t5, the encoder graph; decoder vectors need sentence pairs, see
/// <see cref="ExtractionJob.RunParallelAsync"/>).
/// <see cref="Fit"/> checks the input schema and the model folder, and opens the model's ONNX Runtime session once, so
/// a missing native ONNX Runtime, a graph output that model.json names but the graph lacks, or an unavailable GPU fail
/// there, not at the first row. The device is <see cref="ExtractionOptions.Device"/> or, when not given, the
/// MLContext's <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/>; notices go to
/// <see cref="MLContext.Log"/>. Nothing runs until the output is read, and every read runs the model again, so cache the output (<c>mlContext.Data.Cache</c>) before the frequency filter and
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
        /// <summary>The model folder (<c>model.json</c>, the ONNX graph and the tokenizer file). Required.</summary>
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

    private readonly IHostEnvironment _environment;
    private readonly WordActivationsEstimator.Options _options;

    /// <summary>
    /// An extraction estimator in <paramref name="environment"/> (the pipeline's <see cref="MLContext"/>, whose GPU
    /// settings and log it uses); <see cref="Fit"/> checks the options, model folder and input schema.
    /// <c>mlContext.Transforms.ExtractWordActivations</c> is the usual way in.
    /// </summary>
    public WordActivationsEstimator(IHostEnvironment environment, WordActivationsEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        _environment = environment;
        _options = options;
    }

    /// <inheritdoc/>
    public WordActivationsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputColumns(_options, name => SchemaErrors.Find(input.Schema, name));
        var transformer = new WordActivationsTransformer(_environment, _options, LoadModel());
        transformer.OpenOnce();
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInputColumns(_options, name => SchemaErrors.Find(inputSchema, name));
        return SchemaShapes.Of(WordActivationsTransformer.BuildSchema(_options, LoadModel()));
    }

    private (ModelFolder Model, IReadOnlyList<int> Layers) LoadModel()
    {
        if (string.IsNullOrWhiteSpace(_options.ModelFolder))
            throw OptionErrors.Invalid("WordActivationsEstimator.Options", nameof(Options.ModelFolder),
                "is empty; set it to a model folder (model.json beside its ONNX graph and tokenizer files, see docs/mlnet.md)");
        if (string.IsNullOrWhiteSpace(_options.Language) && _options.LanguageColumnName is null)
            throw OptionErrors.Invalid("WordActivationsEstimator.Options", nameof(Options.Language), "a language code is required (or a LanguageColumnName)");
        if (_options.Extraction.Components is not (null or ExtractionComponents.Encoder))
            throw OptionErrors.Invalid("WordActivationsEstimator.Options.Extraction", nameof(ExtractionOptions.Components),
                "the estimator extracts the encoder; decoder activations come from ExtractionJob.RunParallelAsync");
        ModelFolder model = ModelFolder.Load(_options.ModelFolder);
        return (model, ActivationExtractor.ResolveLayers(model, _options.Extraction.Layers));
    }

    /// <summary>Checks the input columns the options name; a missing or mistyped one throws as ML.NET does, with the option to set.</summary>
    internal static void CheckInputColumns(WordActivationsEstimator.Options options, Func<string, InputColumn?> find)
    {
        static void Require(Func<string, InputColumn?> find, string name, string option, bool text) =>
            SchemaErrors.RequireScalar(find(name), name, text ? t => t is TextDataViewType : ColumnGetters.IsInteger,
                text ? SchemaErrors.Text : SchemaErrors.Integer, SchemaErrors.InputSchema, $"set WordActivationsEstimator.Options.{option}");
        Require(find, options.TextColumnName, nameof(Options.TextColumnName), text: true);
        if (options.LanguageColumnName is { } language) Require(find, language, nameof(Options.LanguageColumnName), text: true);
        if (options.SentenceIdColumnName is { } sentenceId) Require(find, sentenceId, nameof(Options.SentenceIdColumnName), text: false);
    }
}

/// <summary>
/// The fitted word-activations transform. It is not row-to-row (one sentence gives many words), so
/// <see cref="Transform"/> returns a lazy view whose cursor runs the model a batch at a time; its first rows come after
/// one batch (the sort window grows from one batch to <see cref="ExtractionOptions.SortWindowBatches"/>), so
/// <c>Preview</c> is quick. <c>mlContext.Model.Save</c>
/// keeps a reference to the model folder with a hash of its files, checked when the model is loaded (loading needs
/// <c>mlContext.ComponentCatalog.RegisterMLNetConcepts()</c> first).
/// </summary>
public sealed partial class WordActivationsTransformer : ITransformer
{
    private readonly IHostEnvironment _environment;
    private readonly IHost _host;
    private readonly WordActivationsEstimator.Options _options;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _announced = new();

    internal WordActivationsTransformer(IHostEnvironment environment, WordActivationsEstimator.Options options,
        (ModelFolder Model, IReadOnlyList<int> Layers) model)
    {
        _environment = environment;
        _host = environment.Register(nameof(WordActivationsTransformer));
        _options = options;
        Model = model.Model;
        Layers = model.Layers;
    }

    /// <summary>
    /// The extraction settings a cursor runs with: the encoder's resolved layers; the device and CPU fallback given in
    /// the options or else the MLContext's (read when a view is made, so a context's settings made after the pipeline
    /// still count, as for ML.NET's ONNX transform); notices to the MLContext's log.
    /// </summary>
    internal ExtractionOptions RunOptions()
    {
        ExtractionOptions options = _options.Extraction.Clone();
        options.Layers = Layers;
        options.Components = ExtractionComponents.Encoder;
        options.Device ??= MLNetInternals.GpuDeviceId(_environment) is int gpu ? $"cuda:{gpu}" : "cpu";
        options.FallbackToCpu ??= MLNetInternals.FallbackToCpu(_environment);
        IHost host = _host;
        var announced = _announced;
        options.Log = message =>
        {
            // Each cursor opens its own session and so reports a fallback again; the log hears each notice once per transformer.
            if (!announced.TryAdd(message, true)) return;
            using IChannel channel = host.Start("Extract");
            channel.Warning(MessageSensitivity.None, "{0}", message);
        };
        return options;
    }

    /// <summary>
    /// Opens and closes the model's sessions once, as ML.NET's ONNX transform loads its model when fitted: a missing
    /// native ONNX Runtime, a graph output model.json names but the graph lacks, or a GPU that cannot be used without
    /// falling back fail here with their fix, not at the first row.
    /// </summary>
    internal void OpenOnce()
    {
        using var extractor = new ActivationExtractor(Model, RunOptions());
    }

    /// <summary>The model folder the transformer runs.</summary>
    public ModelFolder Model { get; }

    /// <summary>The layers extracted, one <c>layer_&lt;L&gt;</c> column each, in this order.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        WordActivationsEstimator.CheckInputColumns(_options, name => SchemaErrors.Find(inputSchema, name));
        return BuildSchema(_options, (Model, Layers));
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => new WordActivationsDataView(input, _options, Model, RunOptions(), GetOutputSchema(input.Schema));

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new InvalidOperationException(
            "word activations map one sentence to many words, so there is no row-to-row mapper (and no PredictionEngine); use Transform on a view of the sentences");

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
