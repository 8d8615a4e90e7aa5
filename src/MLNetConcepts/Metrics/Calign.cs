using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Metrics;

/// <summary>
/// CALIGN: the percentage of source concepts that some size-compatible target concept translates.
/// Target types are indexed (word → eligible target concepts containing it) so each source concept costs one
/// pass over its types' translations instead of a comparison with every target concept.
/// </summary>
public static class Calign
{
    /// <summary>CALIGN of one (component pair, layer) given its concept sets.</summary>
    /// <param name="dictionary">Translations; ranks beyond <see cref="CalignOptions.NBest"/> are ignored.</param>
    /// <param name="source">The source language's concepts at this layer.</param>
    /// <param name="target">The target language's concepts at this layer.</param>
    /// <param name="options">θ_A, N, min-types, size difference and definition; invalid values throw <see cref="MLNetConceptsException"/>.</param>
    /// <param name="sourceComponent">Recorded in the results only. Default empty.</param>
    /// <param name="targetComponent">Recorded in the results only. Default empty.</param>
    /// <param name="layer">Recorded in the results only. Default 0.</param>
    public static (IReadOnlyList<CalignConceptDiagnostic> Concepts, CalignSummary Summary) ComputeLayer(
        ConceptTypeSets source, ConceptTypeSets target, TranslationDictionary dictionary, CalignOptions options,
        string sourceComponent = "", string targetComponent = "", int layer = 0)
    {
        options.Validate();
        bool released = options.Definition == MetricDefinition.ReleasedCode;
        // The released script applies min-types to the source concept only.
        var eligibleTargets = target.Concepts.Where(c => released || c.Value.Count > options.MinTypes).OrderBy(c => c.Key).ToArray();
        var targetIds = eligibleTargets.Select(c => c.Key).ToArray();
        var targetSizes = eligibleTargets.Select(c => c.Value.Count).ToArray();
        var conceptsOfTargetWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int t = 0; t < eligibleTargets.Length; t++)
        {
            foreach (string word in eligibleTargets[t].Value)
            {
                if (!conceptsOfTargetWord.TryGetValue(word, out List<int>? list))
                    conceptsOfTargetWord[word] = list = new List<int>();
                list.Add(t);
            }
        }

        var matches = new int[targetIds.Length];
        var lastCountedWord = new int[targetIds.Length];  // a source type counts at most once per target concept
        Array.Fill(lastCountedWord, -1);
        var touched = new List<int>();
        int wordStamp = 0;

        var diagnostics = new List<CalignConceptDiagnostic>();
        int considered = 0, aligned = 0;
        foreach ((int conceptId, IReadOnlySet<string> types) in source.Concepts.OrderBy(c => c.Key))
        {
            int size = types.Count;
            if (size <= options.MinTypes)
            {
                diagnostics.Add(new CalignConceptDiagnostic(sourceComponent, targetComponent, layer, options.SourceLanguage,
                    options.TargetLanguage, conceptId, size, false, -1, 0, false));
                continue;
            }
            considered++;
            foreach (string sourceWord in types)
            {
                int stamp = wordStamp++;
                foreach (DictionaryEntry translation in dictionary.Translations(sourceWord))
                {
                    if (translation.Rank > options.NBest) continue;
                    if (!conceptsOfTargetWord.TryGetValue(translation.Target, out List<int>? containing)) continue;
                    foreach (int t in containing)
                    {
                        if (lastCountedWord[t] == stamp) continue;
                        lastCountedWord[t] = stamp;
                        if (matches[t]++ == 0) touched.Add(t);
                    }
                }
            }

            int best = -1;
            double bestFraction = 0;
            foreach (int t in touched)
            {
                if (released ? ReleasedSizeCompatible(size, targetSizes[t], options.ReleasedSizeRatio) : SizeCompatible(size, targetSizes[t], options.MaxSizeDifference))
                {
                    double fraction = (double)matches[t] / size;
                    if (fraction > bestFraction || (fraction == bestFraction && best >= 0 && targetIds[t] < targetIds[best]))
                    {
                        bestFraction = fraction;
                        best = t;
                    }
                }
                matches[t] = 0;
            }
            touched.Clear();
            // Exact at boundaries: A/|Cs| and θ_A are both the correctly rounded doubles of the same value when equal.
            // The released script compares strictly (A / |Cs| > θ_A).
            bool isAligned = best >= 0 && (released ? bestFraction > options.ThetaA : bestFraction >= options.ThetaA);
            if (isAligned) aligned++;
            diagnostics.Add(new CalignConceptDiagnostic(sourceComponent, targetComponent, layer, options.SourceLanguage,
                options.TargetLanguage, conceptId, size, true, best >= 0 ? targetIds[best] : -1, bestFraction, isAligned));
        }

        var summary = new CalignSummary(sourceComponent, targetComponent, layer, options.SourceLanguage, options.TargetLanguage,
            source.Concepts.Count, considered, aligned, considered == 0 ? 0 : 100.0 * aligned / considered);
        return (diagnostics, summary);
    }

    /// <summary>Whether two type counts differ by at most <paramref name="maxDifference"/> of the larger.</summary>
    public static bool SizeCompatible(int a, int b, double maxDifference)
    {
        int larger = Math.Max(a, b);
        return larger == 0 || (double)Math.Abs(a - b) / larger <= maxDifference;
    }

    /// <summary>The released script's size rule: |Cs| / |Ct| strictly above <paramref name="ratio"/>, one-sided.</summary>
    public static bool ReleasedSizeCompatible(int sourceTypes, int targetTypes, double ratio) =>
        (double)sourceTypes / targetTypes > ratio;

    /// <summary>
    /// CALIGN for every (component pair, layer, K, seed) present in both inputs: source concepts are the rows of
    /// <paramref name="sourceConcepts"/> whose scope is the source language, target concepts the rows of
    /// <paramref name="targetConcepts"/> whose scope is the target language (the two may be the same rows). Source
    /// concepts of one clustering are measured against the target concepts of the same K and seed.
    /// </summary>
    /// <param name="sourceConcepts">Rows holding the source language's scope.</param>
    /// <param name="targetConcepts">Rows holding the target language's scope (may be the same rows).</param>
    /// <param name="dictionary">Translations; ranks beyond <see cref="CalignOptions.NBest"/> are ignored.</param>
    /// <param name="options">Languages, components and thresholds.</param>
    /// <param name="chanceDraws">
    /// When above 0, each row's <see cref="CalignSummary.Chance"/> is the mean of this many draws of random target
    /// concepts (<see cref="ChanceLevels.Calign"/>), and <see cref="CalignResult.ChanceDraws"/> holds every draw.
    /// </param>
    /// <param name="cancellationToken">Checked between clusterings and between chance draws.</param>
    public static CalignResult Compute(IEnumerable<ConceptAssignment> sourceConcepts, IEnumerable<ConceptAssignment> targetConcepts,
        TranslationDictionary dictionary, CalignOptions options, int chanceDraws = 0, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var sourceGroups = sourceConcepts.Where(r => r.Scope == options.SourceLanguage)
            .GroupBy(r => (r.Component, r.Layer, r.K, r.Seed)).ToDictionary(g => g.Key, g => g.ToList());
        var targetGroups = targetConcepts.Where(r => r.Scope == options.TargetLanguage)
            .GroupBy(r => (r.Component, r.Layer, r.K, r.Seed)).ToDictionary(g => g.Key, g => g.ToList());
        TranslationDictionary nBest = dictionary.TopN(options.NBest);

        var concepts = new List<CalignConceptDiagnostic>();
        var summary = new List<CalignSummary>();
        var draws = new List<double[]>();
        foreach (var key in sourceGroups.Keys.OrderBy(k => k.Component, StringComparer.Ordinal).ThenBy(k => k.Layer).ThenBy(k => k.K).ThenBy(k => k.Seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.SourceComponent is { } wanted && key.Component != wanted) continue;
            string targetComponent = options.TargetComponent ?? key.Component;
            if (!targetGroups.TryGetValue((targetComponent, key.Layer, key.K, key.Seed), out var targetRows)) continue;
            ConceptTypeSets source = ConceptTypeSets.FromAssignments(sourceGroups[key]), target = ConceptTypeSets.FromAssignments(targetRows);
            var (layerConcepts, layerSummary) = ComputeLayer(source, target, nBest, options, key.Component, targetComponent, key.Layer);
            double[] chance = chanceDraws > 0
                ? ChanceLevels.Calign(source, target, nBest, options, chanceDraws,
                    ChanceLevels.SeedOf("calign", key.Component, targetComponent, key.Layer, key.K, key.Seed, options.SourceLanguage, options.TargetLanguage),
                    cancellationToken)
                : [];
            concepts.AddRange(layerConcepts);
            summary.Add(layerSummary with { K = key.K, Seed = key.Seed, Chance = chance.Length > 0 ? chance.Average() : double.NaN });
            draws.Add(chance);
        }
        return new CalignResult(concepts, summary, options, draws);
    }
}
