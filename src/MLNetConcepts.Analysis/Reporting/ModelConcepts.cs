using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Reporting;

/// <summary>What the report shows of one model's concepts on one corpus: per component, its word clouds, lexical counts and threshold sweeps.</summary>
/// <param name="Model">The model's label.</param>
/// <param name="Corpus">The corpus's name.</param>
/// <param name="Languages">The corpus's languages; the first two are the clouds' source and target.</param>
/// <param name="Components">The components, in ordinal order.</param>
internal sealed record ModelConcepts(string Model, string Corpus, IReadOnlyList<string> Languages, IReadOnlyList<ComponentConcepts> Components);

/// <summary>One component's concepts as the report shows them.</summary>
/// <param name="Component">The component (e.g. <c>encoder</c>).</param>
/// <param name="Clouds">Word clouds of the first, middle and last layer.</param>
/// <param name="Lexical">Lexical concept counts per language scope (in the corpus's language order) and layer.</param>
/// <param name="Sensitivity">CALIGN and COLAP at other thresholds, every layer.</param>
internal sealed record ComponentConcepts(string Component, IReadOnlyList<LayerClouds> Clouds, IReadOnlyList<LexicalCount> Lexical,
    IReadOnlyList<SensitivityPoint> Sensitivity);

/// <summary>The word clouds of one layer: aligned source concepts beside their target, then overlapping mixed concepts.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Aligned">Aligned pairs, best first (<see cref="CloudSelection.Aligned"/>).</param>
/// <param name="Overlapping">Overlapping mixed concepts, best first (<see cref="CloudSelection.Overlapping"/>).</param>
internal sealed record LayerClouds(int Layer, IReadOnlyList<AlignedCloud> Aligned, IReadOnlyList<OverlapCloud> Overlapping);

/// <summary>An aligned source concept and the target concept its words translate into.</summary>
/// <param name="SourceConcept">The source concept's id.</param>
/// <param name="FunctionShare">The source concept's share (0–1) of occurrences on punctuation and function words.</param>
/// <param name="SourceWords">The source concept's words, coloured as the first language.</param>
/// <param name="TargetConcept">The best target concept's id.</param>
/// <param name="MatchFraction">The share (0–1) of the source types that translate into the target concept.</param>
/// <param name="Types">The source concept's types.</param>
/// <param name="TargetWords">The target concept's words, coloured as the second language.</param>
internal sealed record AlignedCloud(int SourceConcept, double FunctionShare, IReadOnlyList<CloudWord> SourceWords, int TargetConcept,
    double MatchFraction, int Types, IReadOnlyList<CloudWord> TargetWords);

/// <summary>A mixed concept in which at least two languages reach θO.</summary>
/// <param name="Concept">The concept's id.</param>
/// <param name="Balance">The second-largest language share (0–1).</param>
/// <param name="FunctionShare">The share (0–1) of occurrences on punctuation and function words.</param>
/// <param name="Words">The words, coloured by language.</param>
internal sealed record OverlapCloud(int Concept, double Balance, double FunctionShare, IReadOnlyList<CloudWord> Words);

/// <summary>How many of one language scope's concepts at one layer are lexical (concept_summary.parquet's affix columns).</summary>
/// <param name="Language">The language scope.</param>
/// <param name="Layer">The layer.</param>
/// <param name="Lexical">Lexical concepts.</param>
/// <param name="Total">All concepts.</param>
internal sealed record LexicalCount(string Language, int Layer, int Lexical, int Total)
{
    /// <summary>The concepts taken as semantic: the rest.</summary>
    public int Semantic => Total - Lexical;

    /// <summary>Lexical concepts in percent of all.</summary>
    public double LexicalPercent => 100.0 * Lexical / Total;
}

/// <summary>Reads one model's concepts on one corpus and computes what the report shows of them.</summary>
internal static class ModelConceptsLoader
{
    /// <summary>Aligned pairs and overlapping concepts drawn per layer.</summary>
    public const int CloudsPerLayer = 2;

    /// <summary>The model's concepts on the corpus, or null when the run has none (that part was not clustered).</summary>
    /// <param name="run">The run folder.</param>
    /// <param name="model">The model's label.</param>
    /// <param name="corpus">The corpus's name.</param>
    /// <param name="dictionary">The corpus's translation dictionary.</param>
    /// <param name="frequent">The corpus's punctuation and function words.</param>
    /// <param name="cancellationToken">Stops between components and sweep points.</param>
    public static async Task<ModelConcepts?> LoadAsync(RunFolder run, string model, string corpus, TranslationDictionary dictionary, FrequentWords frequent,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(run.Folder, RunLayout.Concepts(model, corpus)))) return null;
        RunSettings o = run.Description.Options;
        int headlineK = o.K[0];
        IReadOnlyList<string> languages = run.LanguagesOf(corpus);
        IReadOnlyList<ConceptAssignment> concepts = await run.ConceptsAsync(model, corpus, cancellationToken).ConfigureAwait(false);
        // Clouds and the lexical counts show one clustering: the headline K at the first seed. The sensitivity sweeps use every seed.
        var byScope = concepts.Where(c => c.K == headlineK && c.Seed == o.Seed)
            .GroupBy(c => (c.Component, c.Layer, c.Scope)).ToDictionary(g => g.Key, g => g.ToList());
        var bySeed = concepts.Where(c => c.K == headlineK).GroupBy(c => c.Seed).OrderBy(g => g.Key)
            .Select(g => g.GroupBy(c => (c.Component, c.Layer, c.Scope)).ToDictionary(x => x.Key, x => x.ToList())).ToArray();
        IReadOnlyList<ConceptSummary> summaries = (await run.ConceptSummariesAsync(model, corpus, cancellationToken).ConfigureAwait(false))
            .Where(c => c.K == headlineK && c.Seed == o.Seed).ToArray();
        var components = new List<ComponentConcepts>();
        foreach (string component in concepts.Select(c => c.Component).Distinct().Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] layers = concepts.Where(c => c.Component == component).Select(c => c.Layer).Distinct().Order().ToArray();
            LayerClouds[] clouds = ShownLayers(layers).Select(layer => Clouds(byScope, component, layer, languages, dictionary, frequent, o)).ToArray();
            SensitivityPoint[] sensitivity = ThresholdSweeps.Of(bySeed, model, component, corpus, layers, languages, dictionary, o)
                .Select(point => { cancellationToken.ThrowIfCancellationRequested(); return point; }).ToArray();
            components.Add(new ComponentConcepts(component, clouds, Lexical(summaries, component, languages), sensitivity));
        }
        return new ModelConcepts(model, corpus, languages, components);
    }

    /// <summary>The first, middle and last layer (all of them when there are three or fewer).</summary>
    public static int[] ShownLayers(int[] layers) => layers.Length <= 3 ? layers : [layers[0], layers[layers.Length / 2], layers[^1]];

    /// <summary>One layer's clouds: CALIGN recomputed on the first two languages to find aligned pairs, and the overlapping mixed concepts.</summary>
    private static LayerClouds Clouds(Dictionary<(string, int, string), List<ConceptAssignment>> byScope, string component, int layer,
        IReadOnlyList<string> languages, TranslationDictionary dictionary, FrequentWords frequent, RunSettings o)
    {
        (string source, string target) = (languages[0], languages[1]);
        var sourceRows = byScope.GetValueOrDefault((component, layer, source)) ?? [];
        var targetRows = byScope.GetValueOrDefault((component, layer, target)) ?? [];
        var (diagnostics, _) = Calign.ComputeLayer(ConceptTypeSets.FromAssignments(sourceRows), ConceptTypeSets.FromAssignments(targetRows),
            dictionary.ForLanguages(source, target).TopN(o.Nbest), o.ToCalignOptions(source, target), component, component, layer);
        AlignedCloud[] aligned = CloudSelection.Aligned(diagnostics, sourceRows, frequent, CloudsPerLayer)
            .Select(best => new AlignedCloud(best.Diagnostic.SourceConcept, best.FunctionShare, Words(sourceRows, best.Diagnostic.SourceConcept, 0),
                best.Diagnostic.BestTargetConcept, best.Diagnostic.MatchFraction, best.Diagnostic.Types, Words(targetRows, best.Diagnostic.BestTargetConcept, 1)))
            .ToArray();
        var mixedRows = byScope.GetValueOrDefault((component, layer, ConceptFiles.MixedScope)) ?? [];
        OverlapCloud[] overlapping = CloudSelection.Overlapping(mixedRows, o.ThetaO, frequent, CloudsPerLayer)
            .Select(c => new OverlapCloud(c.Concept, c.Balance, c.FunctionShare, mixedRows.Where(r => r.ConceptId == c.Concept)
                .GroupBy(r => (r.Language, r.Word))
                .Select(g => new CloudWord(g.Key.Word, g.Count(), IndexOf(languages, g.Key.Language))).ToArray()))
            .ToArray();
        return new LayerClouds(layer, aligned, overlapping);
    }

    /// <summary>Lexical counts per language scope (the corpus's order) and layer; a scope without summaries has none.</summary>
    private static LexicalCount[] Lexical(IReadOnlyList<ConceptSummary> summaries, string component, IReadOnlyList<string> languages) =>
        languages.SelectMany(language => summaries.Where(s => s.Scope == language && s.Component == component).GroupBy(s => s.Layer).OrderBy(g => g.Key)
            .Select(g => new LexicalCount(language, g.Key, g.Count(s => s.IsLexical), g.Count()))).ToArray();

    /// <summary>A concept's words weighted by their occurrences, all in one colour.</summary>
    private static CloudWord[] Words(List<ConceptAssignment> rows, int conceptId, int color) =>
        rows.Where(r => r.ConceptId == conceptId).GroupBy(r => r.Word, StringComparer.Ordinal)
            .Select(g => new CloudWord(g.Key, g.Count(), color)).ToArray();

    /// <summary>The language's colour index: its place in the corpus (one past the end when absent).</summary>
    private static int IndexOf(IReadOnlyList<string> languages, string language)
    {
        for (int i = 0; i < languages.Count; i++)
            if (languages[i] == language) return i;
        return languages.Count;
    }
}
