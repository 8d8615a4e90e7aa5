using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// COLAP per (component, layer, scope) over the concepts of a mixed scope: for every language pair
/// (a, b), ordinal a &lt; b, the percentage of non-empty concepts where both a and b make up at least θ_O.
/// The <c>*</c> row (at least two languages each at θ_O) is written only with more than two languages: with two
/// it would repeat the single pair row.
/// </summary>
public static class Colap
{
    /// <summary>The language written in both language columns of the any-two-languages summary row.</summary>
    public const string AnyLanguage = "*";

    /// <summary>COLAP of every (component, layer) of <paramref name="concepts"/> in <see cref="ColapOptions.Scope"/>; other scopes are ignored. Null <paramref name="options"/> takes the defaults; invalid ones throw <see cref="MLNetConceptsException"/>.</summary>
    /// <param name="concepts">Concept rows; one (component, layer, scope, K, seed) at a time is measured.</param>
    /// <param name="options">θ_O, count, scope, languages and definition.</param>
    /// <param name="chanceDraws">
    /// When above 0, each row's <see cref="ColapSummary.LanguageBlind"/> is the mean over this many shufflings of the
    /// occurrences' language labels (<see cref="ChanceLevels.ShuffleLanguages"/>), and
    /// <see cref="ColapResult.LanguageBlindDraws"/> holds every draw.
    /// </param>
    /// <param name="cancellationToken">Checked between clusterings and between draws.</param>
    public static ColapResult Compute(IEnumerable<ConceptAssignment> concepts, ColapOptions? options = null, int chanceDraws = 0,
        CancellationToken cancellationToken = default)
    {
        options ??= new ColapOptions();
        options.Validate();
        var diagnostics = new List<ColapConceptDiagnostic>();
        var summary = new List<ColapSummary>();
        var draws = new List<double[]>();
        var groups = concepts.Where(r => r.Scope == options.Scope)
            .GroupBy(r => r.Clustering)
            .OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Layer).ThenBy(g => g.Key.K).ThenBy(g => g.Key.Seed);
        foreach (var group in groups)
        {
            (string component, int layer, string scope, int k, int seed) = group.Key;
            cancellationToken.ThrowIfCancellationRequested();
            int firstRow = summary.Count;
            List<ConceptAssignment> rows = group.ToList();
            ComputeGroup(rows, component, layer, scope, options, diagnostics, summary);
            int count = summary.Count - firstRow;
            var blind = new double[count][];
            for (int i = 0; i < count; i++) blind[i] = new double[chanceDraws];
            var random = new Random(ChanceLevels.SeedOf("colap", component, component, layer, k, seed, scope, ""));
            // In a fixed order, so the level does not depend on the order rows came in (a Parquet table or a ConceptX file).
            List<ConceptAssignment> ordered = chanceDraws == 0 ? rows : rows.OrderBy(r => r.ConceptId).ThenBy(r => r.SentenceId).ThenBy(r => r.WordIndex)
                .ThenBy(r => r.Language, StringComparer.Ordinal).ThenBy(r => r.Word, StringComparer.Ordinal).ToList();
            for (int d = 0; d < chanceDraws; d++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var shuffled = new List<ColapSummary>();
                ComputeGroup(ChanceLevels.ShuffleLanguages(ordered, random), component, layer, scope, options, [], shuffled);
                for (int i = 0; i < count; i++) blind[i][d] = shuffled[i].Colap;
            }
            // Every row of this clustering carries its K, seed and language-blind level.
            for (int i = 0; i < count; i++)
            {
                summary[firstRow + i] = summary[firstRow + i] with { K = k, Seed = seed, LanguageBlind = chanceDraws > 0 ? blind[i].Average() : double.NaN };
                draws.Add(blind[i]);
            }
        }
        return new ColapResult(diagnostics, summary, options, draws);
    }

    private static void ComputeGroup(IEnumerable<ConceptAssignment> group, string component, int layer, string scope, ColapOptions options,
        List<ColapConceptDiagnostic> diagnostics, List<ColapSummary> summary)
    {
        {
            string[] languages = (options.Languages ?? group.Select(r => r.Language).Distinct().ToArray())
                .Distinct().Order(StringComparer.Ordinal).ToArray();
            if (options.Definition == MetricDefinition.ReleasedCode)
            {
                ComputeReleasedPairs(group.ToList(), component, layer, scope, languages, options, diagnostics, summary);
                return;
            }
            var pairOverlaps = new int[languages.Length, languages.Length];
            int nonEmpty = 0, anyOverlaps = 0;
            foreach (var concept in group.GroupBy(r => r.ConceptId).OrderBy(c => c.Key))
            {
                int[] perLanguage = CountPerLanguage(concept, languages, options.Count, out int size);
                if (size == 0) continue;
                nonEmpty++;
                double[] shares = perLanguage.Select(c => (double)c / size).ToArray();
                bool[] reaches = shares.Select(s => s >= options.ThetaO).ToArray();
                bool overlapping = reaches.Count(r => r) >= 2;
                if (overlapping) anyOverlaps++;
                for (int a = 0; a < languages.Length; a++)
                for (int b = a + 1; b < languages.Length; b++)
                    if (reaches[a] && reaches[b]) pairOverlaps[a, b]++;
                for (int l = 0; l < languages.Length; l++)
                    diagnostics.Add(new ColapConceptDiagnostic(component, layer, scope, concept.Key, size, languages[l], perLanguage[l], shares[l], overlapping));
            }
            for (int a = 0; a < languages.Length; a++)
            for (int b = a + 1; b < languages.Length; b++)
                summary.Add(new ColapSummary(component, layer, scope, languages[a], languages[b], nonEmpty, pairOverlaps[a, b], Percent(pairOverlaps[a, b], nonEmpty)));
            if (languages.Length > 2)
                summary.Add(new ColapSummary(component, layer, scope, AnyLanguage, AnyLanguage, nonEmpty, anyOverlaps, Percent(anyOverlaps, nonEmpty)));
        }
    }

    /// <summary>
    /// The released script's COLAP for each language pair: it reads a file holding the two languages' words only, so
    /// |C| counts occurrences of a and b alone and a concept without either is not in the file. Per-concept
    /// diagnostics are kept when there is a single pair (with more they would repeat each concept once per pair).
    /// </summary>
    private static void ComputeReleasedPairs(List<ConceptAssignment> group, string component, int layer, string scope, string[] languages,
        ColapOptions options, List<ColapConceptDiagnostic> diagnostics, List<ColapSummary> summary)
    {
        if (languages.Length < 2)
            throw OptionErrors.Invalid(nameof(ColapOptions), nameof(ColapOptions.Definition),
                $"is released-code, but scope {scope} of {component} layer {layer} holds {languages.Length} language(s) ({string.Join(", ", languages)}); COLAP needs two");
        for (int a = 0; a < languages.Length; a++)
        for (int b = a + 1; b < languages.Length; b++)
        {
            string[] pair = [languages[a], languages[b]];
            int concepts = 0, overlapping = 0;
            foreach (var concept in group.Where(r => r.Language == pair[0] || r.Language == pair[1]).GroupBy(r => r.ConceptId).OrderBy(c => c.Key))
            {
                int[] perLanguage = CountPerLanguage(concept, pair, ColapCount.Occurrences, out int size);
                concepts++;
                bool overlaps = Reaches(perLanguage[0], size, options) && Reaches(perLanguage[1], size, options);
                if (overlaps) overlapping++;
                if (languages.Length == 2)
                    for (int l = 0; l < 2; l++)
                        diagnostics.Add(new ColapConceptDiagnostic(component, layer, scope, concept.Key, size, pair[l], perLanguage[l],
                            (double)perLanguage[l] / size, overlaps));
            }
            summary.Add(new ColapSummary(component, layer, scope, pair[0], pair[1], concepts, overlapping, Percent(overlapping, concepts)));
        }
    }

    /// <summary>
    /// Whether a language's share reaches θ_O: paper <c>share ≥ θ_O</c>; released code compares percentages strictly,
    /// <c>count / size × 100 &gt; θ_O × 100</c>, computed in that order as the script does.
    /// </summary>
    public static bool Reaches(int count, int size, ColapOptions options) =>
        options.Definition == MetricDefinition.ReleasedCode
            ? (double)count / size * 100 > Math.Round(options.ThetaO * 100, 12)
            : (double)count / size >= options.ThetaO;

    private static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;

    /// <summary>|C ∩ L| for each language and |C| (over all languages, including any not reported).</summary>
    private static int[] CountPerLanguage(IEnumerable<ConceptAssignment> concept, string[] languages, ColapCount count, out int size)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < languages.Length; l++) index[languages[l]] = l;
        var perLanguage = new int[languages.Length];
        size = 0;
        IEnumerable<(string Language, string Word)> units = concept.Select(r => (r.Language, r.Word));
        if (count == ColapCount.Types) units = units.Distinct();
        foreach ((string language, _) in units)
        {
            size++;
            if (index.TryGetValue(language, out int l)) perLanguage[l]++;
        }
        return perLanguage;
    }
}
