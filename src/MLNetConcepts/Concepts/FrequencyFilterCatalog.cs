using MLNetConcepts.Concepts;

// In ML.NET's namespace, as ML.NET's own catalog extensions are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>Catalog entry of the frequency filter: <c>mlContext.Transforms.FilterWordsByFrequency(...)</c>.</summary>
public static class FrequencyFilterCatalog
{
    /// <summary>
    /// The frequency filter over word rows (<c>sentence_id</c>, <c>word_index</c>, <c>language</c>,
    /// <c>word</c>): drops rare types and long sentence pairs, keeps the first occurrences of each type.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Thresholds; null takes the defaults (min frequency 5, at most 10 occurrences, sentences under 300 words).</param>
    public static FrequencyFilterEstimator FilterWordsByFrequency(this TransformsCatalog catalog, FrequencyFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // The filter only uses an MLContext's data operations (FilterByCustomPredicate), which do not depend on its seed.
        return new FrequencyFilterEstimator(new MLContext(), options);
    }
}
