using MLNetConcepts.Extraction;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Entry points on <see cref="MLContext"/>'s catalogs, in the ML.NET style.</summary>
public static class WordActivationsCatalog
{
    /// <summary>Extracts word-level activations of an ONNX encoder, t5's included (see <see cref="WordActivationsEstimator"/>).</summary>
    public static WordActivationsEstimator ExtractWordActivations(this TransformsCatalog catalog, WordActivationsOptions options) =>
        new(options);

    /// <summary>Extracts word-level activations of the model in <paramref name="modelFolder"/> for sentences in <paramref name="textColumnName"/>.</summary>
    /// <param name="layers">Layers to keep (0 = embeddings); null keeps all.</param>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="modelFolder">The model folder (SPEC section 2).</param>
    /// <param name="language">Language code written to the <c>language</c> column.</param>
    /// <param name="textColumnName">Input text column, one sentence per row, words separated by spaces. Default <c>Text</c>.</param>
    /// <param name="aggregation">How a word's piece vectors become one vector. Default <see cref="WordAggregation.Last"/>.</param>
    /// <param name="batchSize">Sentences per forward pass. Default 32.</param>
    public static WordActivationsEstimator ExtractWordActivations(this TransformsCatalog catalog, string modelFolder, string language,
        string textColumnName = "Text", IReadOnlyList<int>? layers = null, WordAggregation aggregation = WordAggregation.Last, int batchSize = 32) =>
        new(new WordActivationsOptions
        {
            ModelFolder = modelFolder,
            Language = language,
            TextColumnName = textColumnName,
            Extraction = new ExtractionOptions { Layers = layers, Aggregation = aggregation, BatchSize = batchSize },
        });
}
