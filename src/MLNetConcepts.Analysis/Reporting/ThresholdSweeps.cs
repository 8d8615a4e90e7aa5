using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Reporting;

/// <summary>
/// One point of a threshold sweep: <paramref name="Metric"/> (<c>CALIGN</c> or <c>COLAP</c>) of one model component
/// on one corpus and language pair, with <paramref name="Parameter"/> set to <paramref name="Value"/>, at one layer,
/// summarised over seeds.
/// </summary>
/// <param name="Model">The model's label.</param>
/// <param name="Component">The model's component (e.g. <c>encoder</c>).</param>
/// <param name="Corpus">The corpus's name.</param>
/// <param name="Metric"><c>CALIGN</c> or <c>COLAP</c>.</param>
/// <param name="Parameter">The threshold changed: <c>θA</c>, <c>N-best</c>, <c>min types</c> or <c>θO</c>.</param>
/// <param name="LanguageA">CALIGN's source language, or COLAP's first language (<see cref="Colap.AnyLanguage"/> for any two).</param>
/// <param name="LanguageB">CALIGN's target language, or COLAP's second language.</param>
/// <param name="Value">The threshold's value.</param>
/// <param name="Layer">The layer.</param>
/// <param name="Interval">The metric (%) over seeds: mean and 95 % multi-bootstrap interval.</param>
internal sealed record SensitivityPoint(string Model, string Component, string Corpus, string Metric, string Parameter, string LanguageA,
    string LanguageB, double Value, int Layer, BootstrapInterval Interval);

/// <summary>
/// The report's threshold sensitivity: CALIGN and COLAP recomputed from the stored concepts of every seed, without
/// clustering again, with one threshold changed and the others at the run's values.
/// </summary>
internal static class ThresholdSweeps
{
    /// <summary>θ_A values swept (CALIGN).</summary>
    public static readonly IReadOnlyList<double> ThetaAValues = [0.7, 0.75, 0.8, 0.85, 0.9];
    /// <summary>Dictionary N-best values swept (CALIGN).</summary>
    public static readonly IReadOnlyList<int> NBestValues = [5, 10, 15, 20];
    /// <summary>Min-types values swept (CALIGN).</summary>
    public static readonly IReadOnlyList<int> MinTypesValues = [2, 3, 5, 7, 9];
    /// <summary>θ_O values swept (COLAP).</summary>
    public static readonly IReadOnlyList<double> ThetaOValues = [0.1, 0.2, 0.3, 0.4, 0.5];

    /// <summary>Each sweep's points for one model component: every seed's concepts measured at each threshold value, summarised over seeds.</summary>
    /// <param name="bySeed">Per seed (in seed order), the concept rows of the headline K by (component, layer, scope).</param>
    /// <param name="model">The model's label.</param>
    /// <param name="component">The component swept.</param>
    /// <param name="corpus">The corpus's name.</param>
    /// <param name="layers">The component's layers.</param>
    /// <param name="languages">The corpus's languages.</param>
    /// <param name="dictionary">The corpus's translation dictionary.</param>
    /// <param name="o">The run's settings (the thresholds not swept, and the bootstrap's replicates).</param>
    public static IEnumerable<SensitivityPoint> Of(IReadOnlyList<Dictionary<(string, int, string), List<ConceptAssignment>>> bySeed, string model,
        string component, string corpus, int[] layers, IReadOnlyList<string> languages, TranslationDictionary dictionary, RunSettings o)
    {
        foreach ((string source, string target) in TranslationDirections.Of(languages))
            foreach (SensitivityPoint point in CalignSweeps(bySeed, model, component, corpus, layers, source, target, dictionary, o))
                yield return point;
        foreach (SensitivityPoint point in ColapSweep(bySeed, model, component, corpus, o))
            yield return point;
    }

    /// <summary>θA, N-best and min types, in that order, for one direction.</summary>
    private static IEnumerable<SensitivityPoint> CalignSweeps(IReadOnlyList<Dictionary<(string, int, string), List<ConceptAssignment>>> bySeed, string model,
        string component, string corpus, int[] layers, string source, string target, TranslationDictionary dictionary, RunSettings o)
    {
        TranslationDictionary direction = dictionary.ForLanguages(source, target);
        var sets = bySeed.Select(byScope => layers.ToDictionary(l => l, l => (
            Source: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, source)) ?? []),
            Target: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, target)) ?? [])))).ToArray();
        IEnumerable<SensitivityPoint> Sweep(string parameter, IEnumerable<(double Value, CalignOptions Options)> variants)
        {
            foreach ((double value, CalignOptions options) in variants)
            {
                TranslationDictionary top = direction.TopN(options.NBest);   // once per value, not per seed and layer
                foreach (int layer in layers)
                {
                    SeedCounts[] counts = sets.Select(seed =>
                    {
                        var (_, summary) = Calign.ComputeLayer(seed[layer].Source, seed[layer].Target, top, options, component, component, layer);
                        return new SeedCounts(summary.ConceptsConsidered, summary.Aligned);
                    }).ToArray();
                    int generatorSeed = ChanceLevels.SeedOf("sensitivity", Who(model, component), corpus, parameter, SeedKey(value), source, target, layer);
                    yield return new SensitivityPoint(model, component, corpus, "CALIGN", parameter, source, target, value, layer,
                        MultiBootstrap.Interval(counts, o.Bootstrap, generatorSeed));
                }
            }
        }
        CalignOptions With(Action<CalignOptions> change)
        {
            CalignOptions options = o.ToCalignOptions(source, target);
            change(options);
            return options;
        }
        return Sweep("θA", ThetaAValues.Select(v => (v, With(x => x.ThetaA = v))))
            .Concat(Sweep("N-best", NBestValues.Select(v => ((double)v, With(x => x.NBest = v)))))
            .Concat(Sweep("min types", MinTypesValues.Select(v => ((double)v, With(x => x.MinTypes = v)))));
    }

    /// <summary>θO over the mixed scope's concepts, every language pair the overlap measures.</summary>
    private static IEnumerable<SensitivityPoint> ColapSweep(IReadOnlyList<Dictionary<(string, int, string), List<ConceptAssignment>>> bySeed, string model,
        string component, string corpus, RunSettings o)
    {
        foreach (double theta in ThetaOValues)
        {
            ColapOptions options = o.ToColapOptions();
            options.ThetaO = theta;
            IReadOnlyList<ColapSummary> rows = bySeed.SelectMany(byScope =>
                Colap.Compute(byScope.Where(p => p.Key.Item1 == component && p.Key.Item3 == ConceptFiles.MixedScope).SelectMany(p => p.Value), options).Summary).ToArray();
            foreach (var cell in rows.GroupBy(r => (r.Layer, r.LanguageA, r.LanguageB)))
                yield return new SensitivityPoint(model, component, corpus, "COLAP", "θO", cell.Key.LanguageA, cell.Key.LanguageB, theta, cell.Key.Layer,
                    MultiBootstrap.Interval(cell.Select(r => new SeedCounts(r.Concepts, r.Overlapping)).ToArray(), o.Bootstrap,
                        ChanceLevels.SeedOf("sensitivity", Who(model, component), corpus, "θO", theta, cell.Key.LanguageA, cell.Key.LanguageB, cell.Key.Layer)));
        }
    }

    /// <summary>The model component as the bootstrap's seed names it.</summary>
    private static string Who(string model, string component) => $"{model} {component}";

    /// <summary>
    /// The CALIGN sweeps' bootstrap seed has always named the value as the report prints it ("0.##"), so it stays
    /// that text: the same run gives the same intervals as before.
    /// </summary>
    private static string SeedKey(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
