using MLNetConcepts.Concepts;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Catalog entry of the frequency filter: <c>mlContext.Transforms.FilterWordsByFrequency(...)</c>.</summary>
public static class FrequencyFilterCatalog
{
    /// <summary>
    /// The frequency filter (docs/method.md) over word rows (<c>sentence_id</c>, <c>word_index</c>, <c>language</c>,
    /// <c>word</c>): fitting learns the word types frequent enough; the fitted filter keeps those types, at most
    /// <see cref="FrequencyFilterOptions.MaxOccurrences"/> occurrences each, and drops long sentence pairs, in any
    /// stream it transforms (see <see cref="FrequencyFilterTransformer"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog; the filter logs to its <see cref="MLContext"/>.</param>
    /// <param name="options">Thresholds; null takes the defaults (min frequency 5, at most 10 occurrences, sentences under 300 words).</param>
    public static FrequencyFilterEstimator FilterWordsByFrequency(this TransformsCatalog catalog, FrequencyFilterOptions? options = null) =>
        new(MLNetConceptsComponents.EnvironmentOf(catalog), options);
}
