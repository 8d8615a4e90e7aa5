using MLNetConcepts.Extraction;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Entry points on <see cref="MLContext"/>'s catalogs, in the ML.NET style.</summary>
public static class WordActivationsCatalog
{
    /// <summary>Extracts word-level activations of an ONNX encoder, t5's included (see <see cref="WordActivationsEstimator"/>).</summary>
    public static WordActivationsEstimator ExtractWordActivations(this TransformsCatalog catalog, WordActivationsEstimator.Options options) =>
        new(MLNetConceptsComponents.EnvironmentOf(catalog), options);

    /// <summary>Extracts word-level activations of the model in <paramref name="modelFolder"/> for sentences in <paramref name="inputColumnName"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="modelFolder">The model folder: <c>model.json</c>, the ONNX graph and the tokenizer file.</param>
    /// <param name="language">Language code written to the <c>language</c> column.</param>
    /// <param name="inputColumnName">Input text column, one sentence per row, words separated by spaces. Default <c>Text</c>.</param>
    /// <param name="layers">Layers to keep (0 = embeddings); null keeps all.</param>
    /// <param name="aggregation">How a word's piece vectors become one vector; null takes <see cref="ExtractionOptions"/>' default (last piece).</param>
    /// <param name="batchSize">Sentences per forward pass; null takes <see cref="ExtractionOptions"/>' default (32).</param>
    public static WordActivationsEstimator ExtractWordActivations(this TransformsCatalog catalog, string modelFolder, string language,
        string inputColumnName = "Text", IReadOnlyList<int>? layers = null, WordAggregation? aggregation = null, int? batchSize = null)
    {
        var extraction = new ExtractionOptions { Layers = layers };
        if (aggregation is { } a) extraction.Aggregation = a;
        if (batchSize is { } b) extraction.BatchSize = b;
        return new(MLNetConceptsComponents.EnvironmentOf(catalog), new WordActivationsEstimator.Options
        {
            ModelFolder = modelFolder,
            Language = language,
            TextColumnName = inputColumnName,
            Extraction = extraction,
        });
    }
}
