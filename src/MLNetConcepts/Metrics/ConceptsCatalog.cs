using MLNetConcepts.Metrics;
using MLNetConcepts.Translation;

// In ML.NET's namespace, as ML.NET's own catalogs are, so `using Microsoft.ML;` is all a pipeline needs.
namespace Microsoft.ML;

/// <summary>
/// Evaluation of concepts where ML.NET users look for it: <c>mlContext.Concepts().EvaluateCalign(view, ...)</c> and
/// <c>EvaluateColap(view)</c>, as <c>mlContext.Clustering.Evaluate(view)</c> reads a scored view. The view is the
/// output of a fitted chain that ends in <c>ConceptsFromClusters</c> (or any view with the concepts columns, see
/// <see cref="ConceptDataView"/>), holding one layer's concepts.
/// </summary>
public sealed class ConceptsCatalog
{
    internal ConceptsCatalog(MLContext context)
    {
        // As the transforms catalog's entries do: a model of this pipeline then loads back in this context.
        _ = MLNetConceptsComponents.EnvironmentOf(context.Transforms);
    }

    /// <summary>
    /// CALIGN of the source-language concepts in <paramref name="data"/> against the target-language concepts (in
    /// <paramref name="data"/> too, or in <paramref name="targetConcepts"/>): the percentage of considered source
    /// concepts that some target concept translates, with the counts it is made of.
    /// </summary>
    /// <param name="data">Concept rows of one (component, layer): a transformed view.</param>
    /// <param name="dictionary">The translation relation (the N-best cut is applied from <see cref="CalignOptions.NBest"/>).</param>
    /// <param name="options">Languages and thresholds.</param>
    /// <param name="targetConcepts">Target-language concepts when they are not in <paramref name="data"/>.</param>
    /// <exception cref="ArgumentException">The view holds no concepts of the source language, or concepts of several layers or components.</exception>
    public CalignMetrics EvaluateCalign(IDataView data, TranslationDictionary dictionary, CalignOptions options, IDataView? targetConcepts = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CalignResult result = new CalignEstimator(dictionary, options, targetConcepts).Fit(data).Evaluate(data);
        return new CalignMetrics(OneRow(result.Summary, nameof(data), $"{options.SourceLanguage} concepts", "CALIGN"), result);
    }

    /// <summary>
    /// COLAP of the mixed-scope concepts in <paramref name="data"/>: the percentage of concepts in which two languages
    /// each make up at least θ_O, with the counts it is made of, for the language pair (or, with more than two
    /// languages, any two of them: the <c>*</c> row).
    /// </summary>
    /// <param name="data">Concept rows of one (component, layer, scope): a transformed view.</param>
    /// <param name="options">θ_O, what is counted, the scope; null takes the defaults (θ_O 0.3, occurrences, scope <c>mixed</c>).</param>
    /// <exception cref="ArgumentException">The view holds no concepts of the scope, or several layers or components.</exception>
    public ColapMetrics EvaluateColap(IDataView data, ColapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ColapResult result = new ColapEstimator(options).Fit(data).Evaluate(data);
        ColapSummary[] headline = result.Summary.Count(r => r.LanguageA == "*") is > 0
            ? result.Summary.Where(r => r.LanguageA == "*").ToArray()
            : result.Summary.ToArray();
        return new ColapMetrics(OneRow(headline, nameof(data), $"{result.Options.Scope} concepts", "COLAP"), result);
    }

    private static T OneRow<T>(IReadOnlyList<T> rows, string parameter, string what, string metric) => rows.Count switch
    {
        1 => rows[0],
        0 => throw new ArgumentException($"the view holds no {what}; {metric} needs them (check the languages or scope in the options)", parameter),
        _ => throw new ArgumentException(
            $"the view holds {what} of {rows.Count} (component, layer) groups; {metric} is one number per group: filter the view to one layer, or use the transformer's Evaluate for every group", parameter),
    };
}

/// <summary>The entry to <see cref="ConceptsCatalog"/>: <c>mlContext.Concepts()</c>.</summary>
public static class ConceptsCatalogExtensions
{
    /// <summary>This library's evaluation catalog for <paramref name="mlContext"/>.</summary>
    public static ConceptsCatalog Concepts(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new ConceptsCatalog(mlContext);
    }
}
