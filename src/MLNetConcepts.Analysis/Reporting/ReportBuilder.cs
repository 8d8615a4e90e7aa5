using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Reporting;

/// <summary>What the report holds.</summary>
public sealed record ReportSummary(int Figures, int Tables, long Bytes);

/// <summary>
/// Writes <c>report.html</c> for a run folder: one self-contained page (figures are PNG data URIs, no script or style
/// from elsewhere) with CALIGN and COLAP by layer, word clouds of aligned and overlapping concepts, lexical against
/// semantic concepts, threshold sensitivity recomputed from the stored concepts, and tables of every number plotted.
/// </summary>
/// <remarks>
/// Word clouds are chosen by the rule of <see cref="CloudSelection"/>, stated in the report, at the first, middle and
/// last layer of the run; an aligned pair is kept side by side. Every other pair is in the concept explorer
/// (<see cref="ExplorerBuilder"/>), which the report links to.
/// </remarks>
public static class ReportBuilder
{
    /// <summary>Changes whenever the report's content changes, so <c>analyze</c> re-renders old reports.</summary>
    public const string Version = "4";

    /// <summary>θ_A values of the threshold-sensitivity table (CALIGN recomputed from the stored concepts at each).</summary>
    public static readonly IReadOnlyList<double> ThetaAValues = [0.7, 0.75, 0.8, 0.85, 0.9];
    /// <summary>Dictionary N-best values of the threshold-sensitivity table.</summary>
    public static readonly IReadOnlyList<int> NBestValues = [5, 10, 15, 20];
    /// <summary>Min-types values of the threshold-sensitivity table.</summary>
    public static readonly IReadOnlyList<int> MinTypesValues = [2, 3, 5, 7, 9];
    /// <summary>θ_O values of the threshold-sensitivity table (COLAP recomputed at each).</summary>
    public static readonly IReadOnlyList<double> ThetaOValues = [0.1, 0.2, 0.3, 0.4, 0.5];

    private const int CloudsPerLayer = 2;

    /// <summary>Writes the report of <paramref name="run"/> to <paramref name="path"/> atomically (nothing there until complete) and says how many figures, tables and bytes it holds.</summary>
    public static async Task<ReportSummary> WriteAsync(RunFolder run, string path, CancellationToken cancellationToken = default)
    {
        var page = new Page();
        RunSettings o = run.Description.Options;
        IReadOnlyList<RunCalign> calign = await run.CalignAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RunColap> colap = await run.ColapAsync(cancellationToken).ConfigureAwait(false);
        string[] models = run.Models.ToArray();

        IReadOnlyList<RunCalignSummary> calignSummary = await run.CalignSummaryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RunColapSummary> colapSummary = await run.ColapSummaryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ModelDifference> comparisons = await run.ComparisonsAsync(cancellationToken).ConfigureAwait(false);
        int headlineK = o.K[0];
        int seeds = calignSummary.Select(r => r.Row.Seeds).DefaultIfEmpty(o.Seeds).Max();
        string footing = $"K = {headlineK}, {seeds} K-means seed{(seeds == 1 ? "" : "s")} ({o.Seed}{(seeds > 1 ? $"–{o.Seed + (seeds - 1) * o.Restarts}" : "")}), θA = {F(o.ThetaA)}, θO = {F(o.ThetaO)}";

        page.Heading(1, "MLNetConcepts report");
        // What the run found, first, in words (numbers from the summary tables below, with their intervals).
        foreach (string sentence in RunFindings.Summarize(calignSummary.Where(r => r.Row.K == headlineK).ToArray(),
                     comparisons.Where(c => c.K == headlineK).ToArray(), run.Description.Models, footing))
            page.Lead(sentence);
        page.Paragraph($"Models: {string.Join(", ", models.Select(m => Describe(run.Model(m))))}. Corpora: {string.Join(", ", run.Corpora)}. " +
                       $"Made by {run.Record.Tool}; every number below is in the run folder's Parquet tables.");
        page.Paragraph($"How to read the numbers: each value is the mean over {seeds} K-means seed{(seeds == 1 ? "" : "s")} at K = {headlineK}; the band or the " +
                       $"bracket is its 95 % interval from {o.Bootstrap} multi-bootstrap replicates that resample the seeds and, inside each, the concepts " +
                       "(calign_summary.parquet, colap_summary.parquet). " +
                       (seeds == 1 ? "With one seed the interval reflects the concepts only, not how the clustering moves with the seed. " : "") +
                       $"The grey band is the chance level: up to the 95th percentile of what the same concepts reach against random target concepts of the same sizes " +
                       $"(CALIGN) or with the words' language labels shuffled (COLAP), {o.ChanceDraws} draws per seed. Two models are called different only where the " +
                       "interval of their difference leaves out 0 (comparisons.parquet). A value that rests on fewer than " +
                       $"{RunFindings.FewConcepts} considered concepts is marked.");

        // ---------------------------------------------------------------- CALIGN by layer
        page.Heading(2, "Concept alignment (CALIGN) by layer");
        page.Paragraph($"Share of source-language concepts (more than {o.MinTypes} types) whose words translate, for at least θA = {F(o.ThetaA)} of them, " +
                       $"into the words of one size-compatible target concept ({o.Nbest}-best dictionary, sizes within {F(o.MaxSizeDifference)}). " +
                       "Base models dotted, fine-tuned solid, zero-shot pairs (a language the model was not tuned on) dashed. Every panel has the same y axis.");
        var calignHeadline = calignSummary.Where(r => r.Row.K == headlineK).ToArray();
        var calignPanels = calignHeadline.GroupBy(r => (r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.SourceComponent, r.Row.TargetComponent))
            .Select(group => (group.Key,
                Series: SeriesByModel(group.Select(r => (r.Model, r.Row.Layer, r.Row.CalignMean, r.Row.CalignLow, r.Row.CalignHigh)), models,
                    run.Description.Models, group.Key.SourceLanguage, group.Key.TargetLanguage),
                Chance: Chance(group.Select(r => (r.Row.Layer, r.Row.ChanceHigh)))))
            .ToArray();
        double calignTop = Charts.Top(calignPanels.SelectMany(p => p.Series).Concat(calignPanels.Select(p => ChanceSeries(p.Chance))));
        page.BeginGrid();
        foreach (var panel in calignPanels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string components = panel.Key.SourceComponent == panel.Key.TargetComponent ? panel.Key.SourceComponent
                : $"{panel.Key.SourceComponent} → {panel.Key.TargetComponent}";
            page.Figure(Charts.LineChart($"CALIGN {panel.Key.SourceLanguage} → {panel.Key.TargetLanguage} ({components})", "layer", "CALIGN (%)", panel.Series,
                    width: ChartWidth, yMax: calignTop, chance: panel.Chance),
                $"CALIGN {panel.Key.SourceLanguage}→{panel.Key.TargetLanguage}, {components}, corpus {panel.Key.Corpus}: mean over seeds, 95% interval band, grey chance band");
        }
        page.EndGrid();
        page.Table("CALIGN (mean over seeds, 95% interval, counts and chance level)",
            ["model", "corpus", "components", "direction", "layer", "K", "seeds", "CALIGN %", "95% interval", "aligned / considered (mean)", "chance %", "chance 95th %", "note"],
            calignSummary.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.SourceComponent == r.Row.TargetComponent ? r.Row.SourceComponent : $"{r.Row.SourceComponent}→{r.Row.TargetComponent}",
                $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seeds), F(r.Row.CalignMean),
                $"{F(r.Row.CalignLow)}–{F(r.Row.CalignHigh)}", $"{F(r.Row.AlignedMean)} / {F(r.Row.ConsideredMean)}", F(r.Row.ChanceMean), F(r.Row.ChanceHigh),
                r.Row.ConsideredMean < RunFindings.FewConcepts ? $"fewer than {RunFindings.FewConcepts} considered concepts" : "",
            }));
        page.Table("CALIGN per seed (calign.parquet)", ["model", "corpus", "components", "direction", "layer", "K", "seed", "concepts", "considered", "aligned", "CALIGN %", "chance %"],
            calign.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.SourceComponent == r.Row.TargetComponent ? r.Row.SourceComponent : $"{r.Row.SourceComponent}→{r.Row.TargetComponent}",
                $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seed), I(r.Row.ConceptsTotal), I(r.Row.ConceptsConsidered),
                I(r.Row.Aligned), F(r.Row.Calign), F(r.Row.Chance),
            }));

        // ---------------------------------------------------------------- COLAP by layer
        page.Heading(2, "Concept overlap (COLAP) by layer");
        page.Paragraph($"Share of concepts found on the languages' words clustered together in which each of two languages makes up at least θO = {F(o.ThetaO)} " +
                       $"of the concept's word {o.ColapCount}. \"Any two languages\" counts a concept when at least two of the corpus's languages reach θO; it " +
                       "includes a fine-tuned model's tuned pair, so it is drawn like a tuned pair. The grey band is the language-blind level.");
        var colapHeadline = colapSummary.Where(r => r.Row.K == headlineK).ToArray();
        var colapPanels = colapHeadline.GroupBy(r => (r.Corpus, r.Row.Component, r.Row.LanguageA, r.Row.LanguageB))
            .Select(group => (group.Key,
                Series: SeriesByModel(group.Select(r => (r.Model, r.Row.Layer, r.Row.ColapMean, r.Row.ColapLow, r.Row.ColapHigh)), models,
                    run.Description.Models, group.Key.LanguageA, group.Key.LanguageB),
                Chance: Chance(group.Select(r => (r.Row.Layer, r.Row.LanguageBlindHigh)))))
            .ToArray();
        double colapTop = Charts.Top(colapPanels.SelectMany(p => p.Series).Concat(colapPanels.Select(p => ChanceSeries(p.Chance))));
        page.BeginGrid();
        foreach (var panel in colapPanels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string pair = panel.Key.LanguageA == Colap.AnyLanguage ? "any two languages" : $"{panel.Key.LanguageA}–{panel.Key.LanguageB}";
            page.Figure(Charts.LineChart($"COLAP {pair} ({panel.Key.Component})", "layer", "COLAP (%)", panel.Series, width: ChartWidth, yMax: colapTop,
                    chance: panel.Chance with { Name = "language-blind" }),
                $"COLAP {pair}, {panel.Key.Component}, corpus {panel.Key.Corpus}: mean over seeds, 95% interval band, grey language-blind band");
        }
        page.EndGrid();
        page.Table("COLAP (mean over seeds, 95% interval and language-blind level)",
            ["model", "corpus", "component", "languages", "layer", "K", "seeds", "COLAP %", "95% interval", "concepts (mean)", "language-blind %", "language-blind 95th %"],
            colapSummary.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.Component, $"{r.Row.LanguageA}–{r.Row.LanguageB}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seeds), F(r.Row.ColapMean),
                $"{F(r.Row.ColapLow)}–{F(r.Row.ColapHigh)}", F(r.Row.ConceptsMean), F(r.Row.LanguageBlindMean), F(r.Row.LanguageBlindHigh),
            }));
        page.Table("COLAP per seed (colap.parquet)", ["model", "corpus", "component", "languages", "layer", "K", "seed", "concepts", "overlapping", "COLAP %", "language-blind %"],
            colap.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.Component, $"{r.Row.LanguageA}–{r.Row.LanguageB}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seed), I(r.Row.Concepts),
                I(r.Row.Overlapping), F(r.Row.Colap), F(r.Row.LanguageBlind),
            }));

        // ---------------------------------------------------------------- comparisons
        if (comparisons.Count > 0)
        {
            page.Heading(2, "Model comparisons");
            page.Paragraph("b − a in percentage points, each model resampled on its own (seeds and concepts), with the 95 % interval of the difference. " +
                           "\"different\" only where that interval leaves out 0; elsewhere the run cannot tell the two apart.");
            page.Table("Model comparisons (comparisons.parquet)", ["metric", "corpus", "a", "b", "components", "languages", "layer", "K", "b − a (points)", "95% interval", "different"],
                comparisons.Select(c => new[]
                {
                    c.Metric.ToUpperInvariant(), c.Corpus, c.ModelA, c.ModelB, c.SourceComponent == c.TargetComponent ? c.SourceComponent : $"{c.SourceComponent}→{c.TargetComponent}",
                    c.Metric == ModelComparisons.CalignMetric ? $"{c.LanguageA}→{c.LanguageB}" : $"{c.LanguageA}–{c.LanguageB}", I(c.Layer), I(c.K),
                    F(c.DifferenceMean), $"{F(c.DifferenceLow)}–{F(c.DifferenceHigh)}", c.IsDifference ? "yes" : "no",
                }), open: true);
        }

        // ---------------------------------------------------------------- K sensitivity
        int[] ks = calignSummary.Select(r => r.Row.K).Distinct().Order().ToArray();
        if (ks.Length > 1)
        {
            page.Heading(2, "Sensitivity to K");
            page.Paragraph($"CALIGN against K (K = {string.Join(", ", ks)}), mean over seeds with its 95 % interval, at the first, middle and last layer, " +
                           "one chart per model and direction. The paper reports stable patterns for K between 600 and 1400; here a reader can check.");
            page.BeginGrid();
            foreach (var group in calignSummary.Where(r => r.Row.SourceComponent == r.Row.TargetComponent)
                         .GroupBy(r => (r.Model, r.Corpus, r.Row.SourceComponent, r.Row.SourceLanguage, r.Row.TargetLanguage)))
            {
                int[] layers = group.Select(r => r.Row.Layer).Distinct().Order().ToArray();
                int[] shown = layers.Length <= 3 ? layers : [layers[0], layers[layers.Length / 2], layers[^1]];
                var series = shown.Select((layer, i) =>
                {
                    var rows = group.Where(r => r.Row.Layer == layer).OrderBy(r => r.Row.K).ToArray();
                    return new ChartSeries($"layer {layer}", rows.Select(r => (double)r.Row.K).ToArray(), rows.Select(r => r.Row.CalignMean).ToArray(),
                        LineStyle.Solid, i, rows.Select(r => r.Row.CalignLow).ToArray(), rows.Select(r => r.Row.CalignHigh).ToArray());
                }).ToArray();
                page.Figure(Charts.LineChart($"CALIGN {group.Key.SourceLanguage} → {group.Key.TargetLanguage}, {group.Key.Model}", "K", "CALIGN (%)", series,
                        width: ChartWidth, yMax: calignTop),
                    $"CALIGN against K, {group.Key.Model} {group.Key.SourceComponent}, {group.Key.SourceLanguage}→{group.Key.TargetLanguage}, corpus {group.Key.Corpus}");
            }
            page.EndGrid();
        }

        // ---------------------------------------------------------------- concepts, sensitivity, lexical
        var lexicalRows = new List<string[]>();
        var lexicalSeries = new List<(string Language, ChartSeries Series)>();
        var sensitivityRows = new List<SensitivityRow>();
        page.Heading(2, "Concepts you can see");
        page.Paragraph($"Per shown layer (first, middle, last): {CloudsPerLayer} aligned source concepts beside the target concept that translates them, " +
                       $"then {CloudsPerLayer} overlapping mixed concepts, words coloured by language; word size grows with the word's occurrences in the concept. " +
                       "Content concepts come first: " + FrequentWords.Rule + ". Among content concepts (then among function concepts) the aligned ones with " +
                       "the highest match fraction come first (then most types, then lowest id), and the mixed ones whose second-largest language share is largest.");
        page.Link("Every aligned pair and every overlapping concept of every layer, sortable and filterable, with the sentences behind each concept: ",
            $"{ExplorerBuilder.FolderName}/index.html#browse", "the concept explorer");
        foreach (string corpus in run.Corpora)
        {
            IReadOnlyList<string> languages = run.LanguagesOf(corpus);
            TranslationDictionary dictionary = await run.DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);
            FrequentWords frequent = FrequentWords.FromCorpus(run.CorpusFiles(corpus));
            foreach (string model in models)
            {
                if (!File.Exists(Path.Combine(run.PartFolder(model, corpus), ConceptFiles.FileName))) continue;
                IReadOnlyList<ConceptAssignment> concepts = await run.ConceptsAsync(model, corpus, cancellationToken).ConfigureAwait(false);
                // Clouds and the lexical chart show one clustering: the headline K at the first seed. The sensitivity sweeps use every seed.
                var byScope = concepts.Where(c => c.K == headlineK && c.Seed == o.Seed)
                    .GroupBy(c => (c.Component, c.Layer, c.Scope)).ToDictionary(g => g.Key, g => g.ToList());
                var bySeed = concepts.Where(c => c.K == headlineK).GroupBy(c => c.Seed).OrderBy(g => g.Key)
                    .Select(g => g.GroupBy(c => (c.Component, c.Layer, c.Scope)).ToDictionary(x => x.Key, x => x.ToList())).ToArray();
                IReadOnlyList<ConceptSummary> summaries = (await run.ConceptSummariesAsync(model, corpus, cancellationToken).ConfigureAwait(false))
                    .Where(c => c.K == headlineK && c.Seed == o.Seed).ToArray();
                string[] components = concepts.Select(c => c.Component).Distinct().Order(StringComparer.Ordinal).ToArray();
                foreach (string component in components)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int[] layers = concepts.Where(c => c.Component == component).Select(c => c.Layer).Distinct().Order().ToArray();
                    int[] shown = layers.Length <= 3 ? layers : [layers[0], layers[layers.Length / 2], layers[^1]];
                    (string source, string target) = (languages[0], languages[1]);

                    page.Heading(3, $"{model} {component}, corpus {corpus}: {source} → {target} aligned concepts and {corpus} overlapping concepts");
                    foreach (int layer in shown)
                    {
                        page.BeginRow($"layer {layer}");
                        var sourceRows = byScope.GetValueOrDefault((component, layer, source)) ?? [];
                        var targetRows = byScope.GetValueOrDefault((component, layer, target)) ?? [];
                        var (diagnostics, _) = Calign.ComputeLayer(ConceptTypeSets.FromAssignments(sourceRows), ConceptTypeSets.FromAssignments(targetRows),
                            dictionary.ForLanguages(source, target).TopN(o.Nbest), o.ToCalignOptions(source, target), component, component, layer);
                        var best = CloudSelection.Aligned(diagnostics, sourceRows, frequent, CloudsPerLayer);
                        if (best.Count == 0) page.Note("no aligned concept at this layer");
                        foreach ((CalignConceptDiagnostic d, double function) in best)
                        {
                            // A source concept and its target stay side by side whatever the page's width.
                            page.BeginPair();
                            page.Cloud(WordCloud.Render(Words(sourceRows, d.SourceConcept, 0)),
                                $"{source} concept {d.SourceConcept} ({F(100 * function)}% punctuation and function words)");
                            page.Cloud(WordCloud.Render(Words(targetRows, d.BestTargetConcept, 1)),
                                $"{target} concept {d.BestTargetConcept} ({F(100 * d.MatchFraction)}% of the {d.Types} {source} types translate into it)");
                            page.EndPair();
                        }
                        var mixedRows = byScope.GetValueOrDefault((component, layer, ConceptFiles.MixedScope)) ?? [];
                        foreach (var (conceptId, balance, function) in CloudSelection.Overlapping(mixedRows, o.ThetaO, frequent, CloudsPerLayer))
                        {
                            page.Cloud(WordCloud.Render(mixedRows.Where(r => r.ConceptId == conceptId)
                                    .GroupBy(r => (r.Language, r.Word))
                                    .Select(g => new CloudWord(g.Key.Word, g.Count(), IndexOf(languages, g.Key.Language))).ToArray()),
                                $"mixed concept {conceptId} (second-largest language share {F(100 * balance)}%, " +
                                $"{F(100 * function)}% punctuation and function words)");
                        }
                        page.EndRow();
                    }
                    page.Legend(languages.Select((l, i) => (l, WordCloud.CssColor(i))));

                    // Lexical against semantic concepts, per language scope.
                    foreach (string language in languages)
                    {
                        var perLayer = summaries.Where(s => s.Scope == language && s.Component == component).GroupBy(s => s.Layer).OrderBy(g => g.Key)
                            .Select(g => (Layer: g.Key, Lexical: g.Count(s => s.IsLexical), Total: g.Count())).ToArray();
                        if (perLayer.Length == 0) continue;
                        (LineStyle style, string note) = StyleOf(run.Description.Models, model, language, language);
                        lexicalSeries.Add((language, new ChartSeries($"{model}{note}{(components.Length > 1 ? " " + component : "")}, {corpus}", perLayer.Select(p => (double)p.Layer).ToArray(),
                            perLayer.Select(p => 100.0 * p.Lexical / p.Total).ToArray(), style, Array.IndexOf(models, model),
                            MarkerIndex: run.Corpora.ToList().IndexOf(corpus))));
                        lexicalRows.AddRange(perLayer.Select(p => new[] { model, corpus, component, language, I(p.Layer), I(p.Lexical), I(p.Total - p.Lexical), F(100.0 * p.Lexical / p.Total) }));
                    }

                    sensitivityRows.AddRange(Sensitivity(bySeed, component, layers, languages, dictionary, o, model, corpus)
                        .Select(row => { cancellationToken.ThrowIfCancellationRequested(); return row; }));
                }
            }
        }

        page.Heading(2, "Lexical and semantic concepts by layer");
        page.Paragraph("A concept is lexical when most of its word types share a prefix or suffix (concept_summary.parquet's affix columns); the rest are " +
                       "taken as semantic. One chart per language (its own clustering), all on the same y axis: colour for the model, line style as above " +
                       "(base dotted, fine-tuned solid, dashed where the model was not tuned on the language), marker for the corpus.");
        double lexicalTop = Charts.Top(lexicalSeries.Select(s => s.Series));
        page.BeginGrid();
        foreach (var language in lexicalSeries.GroupBy(s => s.Language))
            page.Figure(Charts.LineChart($"Lexical concepts by layer, {language.Key}", "layer", "lexical concepts (%)", language.Select(s => s.Series).ToArray(),
                width: ChartWidth, yMax: lexicalTop), $"lexical concepts by layer among the {language.Key} concepts, per model and corpus");
        page.EndGrid();
        page.Table("Lexical and semantic concepts", ["model", "corpus", "component", "language", "layer", "lexical", "semantic", "lexical %"], lexicalRows);

        page.Heading(2, "Threshold sensitivity");
        page.Paragraph($"CALIGN and COLAP recomputed from the stored concepts of every seed (K = {headlineK}), without clustering again, with one threshold " +
                       "changed and the others at the run's values: mean over seeds and its 95 % interval. One chart per model, direction and threshold.");
        page.BeginGrid();
        foreach (var group in sensitivityRows.GroupBy(r => (r.Model, r.Corpus, r.Metric, r.Parameter, r.Languages)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var series = group.GroupBy(r => r.Value).Select((g, i) => new ChartSeries($"{group.Key.Parameter} = {g.Key}",
                g.Select(r => (double)r.Layer).ToArray(), g.Select(r => r.Interval.Mean).ToArray(), LineStyle.Solid, i,
                g.Select(r => r.Interval.Low).ToArray(), g.Select(r => r.Interval.High).ToArray())).ToArray();
            page.Figure(Charts.LineChart($"{group.Key.Metric} {group.Key.Languages}, {group.Key.Model}: {group.Key.Parameter}", "layer", $"{group.Key.Metric} (%)", series,
                    width: ChartWidth, yMax: group.Key.Metric == "CALIGN" ? Math.Max(calignTop, Charts.Top(series)) : Math.Max(colapTop, Charts.Top(series))),
                $"{group.Key.Metric} {group.Key.Languages} sensitivity to {group.Key.Parameter}, {group.Key.Model}, corpus {group.Key.Corpus}");
        }
        page.EndGrid();
        page.Table("Threshold sensitivity", ["model", "corpus", "metric", "parameter", "languages", "value", "layer", "mean %", "95% interval"],
            sensitivityRows.Select(r => new[] { r.Model, r.Corpus, r.Metric, r.Parameter, r.Languages, r.Value, I(r.Layer), F(r.Interval.Mean),
                $"{F(r.Interval.Low)}–{F(r.Interval.High)}" }));

        // ---------------------------------------------------------------- settings and statistics
        page.Heading(2, "Run settings and statistics");
        var settings = JsonSerializer.SerializeToElement(o, RunRecord.JsonOptions);
        page.Table("Options", ["option", "value"], settings.EnumerateObject().Select(p => new[] { p.Name, p.Value.ToString() }));
        page.Table("Models", ["label", "folder", "tuned on"], run.Description.Models.Select(m => new[]
            { m.Label!, m.Path!, m.TunedOn.Count == 0 ? "(base)" : string.Join(", ", m.TunedOn) }));
        page.Table("Words extracted", ["stage", "component", "sentences", "words", "kept", "dropped by tokenizer", "past max positions", "seconds"],
            run.Record.Stages.Where(s => s.Key.StartsWith("extract", StringComparison.Ordinal) && s.Value.Statistics is System.Text.Json.Nodes.JsonObject)
                .SelectMany(s => ((System.Text.Json.Nodes.JsonObject)s.Value.Statistics!).Select(c => new[]
                {
                    s.Key, c.Key, N(c.Value!["sentences"]), N(c.Value!["words"]), N(c.Value!["words_kept"]),
                    N(c.Value!["words_dropped_by_tokenizer"]), N(c.Value!["words_truncated"]), F(s.Value.Seconds),
                })));
        page.Table("Words kept for clustering (frequency filter)", ["stage", "words seen", "long-sentence words", "rare types", "rare words",
                "over the occurrence cap", "kept types", "kept words", "seconds"],
            run.Record.Stages.Where(s => s.Key.StartsWith("cluster", StringComparison.Ordinal) && s.Value.Statistics is not null).Select(s => new[]
            {
                s.Key, N(s.Value.Statistics!["words_seen"]), N(s.Value.Statistics!["long_sentence_occurrences"]), N(s.Value.Statistics!["rare_types"]),
                N(s.Value.Statistics!["rare_occurrences"]), N(s.Value.Statistics!["over_cap_occurrences"]), N(s.Value.Statistics!["kept_types"]),
                N(s.Value.Statistics!["kept_occurrences"]), F(s.Value.Seconds),
            }));

        string html = page.Render();
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await File.WriteAllTextAsync(output.TemporaryPath, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        output.Commit();
        return new ReportSummary(page.Figures, page.Tables, Encoding.UTF8.GetByteCount(html));
    }

    private static string Describe(ModelEntry m) => m.TunedOn.Count == 0 ? m.Label! : $"{m.Label} (tuned on {string.Join(", ", m.TunedOn)})";

    /// <summary>The paper's convention: base dotted, fine-tuned solid, zero-shot pairs of a fine-tuned model dashed.</summary>
    internal static (LineStyle Style, string Note) StyleOf(IReadOnlyList<ModelEntry> models, string model, string a, string b)
    {
        ModelEntry entry = models.Single(m => m.Label == model);
        bool anyTuned = models.Any(m => m.TunedOn.Count > 0);
        if (entry.TunedOn.Count == 0) return (anyTuned ? LineStyle.Dotted : LineStyle.Solid, "");
        // The any-two-languages row (*) includes the tuned pair, so it is not a zero-shot measurement.
        if (a != Colap.AnyLanguage && entry.IsZeroShot(a, b)) return (LineStyle.Dashed, " (zero-shot)");
        return (LineStyle.Solid, "");
    }

    private static CloudWord[] Words(List<ConceptAssignment> rows, int conceptId, int color) =>
        rows.Where(r => r.ConceptId == conceptId).GroupBy(r => r.Word, StringComparer.Ordinal)
            .Select(g => new CloudWord(g.Key, g.Count(), color)).ToArray();

    private static int IndexOf(IReadOnlyList<string> languages, string language)
    {
        for (int i = 0; i < languages.Count; i++)
            if (languages[i] == language) return i;
        return languages.Count;
    }

    /// <summary>One point of a threshold sweep: the metric over seeds at one threshold value and layer.</summary>
    private sealed record SensitivityRow(string Model, string Corpus, string Metric, string Parameter, string Languages, string Value, int Layer,
        BootstrapInterval Interval);

    /// <summary>Each sweep's points: every seed's concepts measured at each threshold value, summarised over seeds.</summary>
    private static IEnumerable<SensitivityRow> Sensitivity(IReadOnlyList<Dictionary<(string, int, string), List<ConceptAssignment>>> bySeed, string component,
        int[] layers, IReadOnlyList<string> languages, TranslationDictionary dictionary, RunSettings o, string model, string corpus)
    {
        string who = $"{model} {component}";
        foreach ((string source, string target) in TranslationDirections.Of(languages))
        {
            TranslationDictionary direction = dictionary.ForLanguages(source, target);
            var sets = bySeed.Select(byScope => layers.ToDictionary(l => l, l => (
                Source: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, source)) ?? []),
                Target: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, target)) ?? [])))).ToArray();
            IEnumerable<SensitivityRow> Sweep(string parameter, IEnumerable<(string Value, CalignOptions Options)> variants)
            {
                foreach ((string value, CalignOptions options) in variants)
                {
                    TranslationDictionary top = direction.TopN(options.NBest);   // once per value, not per seed and layer
                    foreach (int layer in layers)
                    {
                        SeedCounts[] counts = sets.Select(seed =>
                        {
                            var (_, summary) = Calign.ComputeLayer(seed[layer].Source, seed[layer].Target, top, options,
                                component, component, layer);
                            return new SeedCounts(summary.ConceptsConsidered, summary.Aligned);
                        }).ToArray();
                        yield return new SensitivityRow(who, corpus, "CALIGN", parameter, $"{source}→{target}", value, layer,
                            MultiBootstrap.Interval(counts, o.Bootstrap, ChanceLevels.SeedOf("sensitivity", who, corpus, parameter, value, source, target, layer)));
                    }
                }
            }
            CalignOptions With(Action<CalignOptions> change)
            {
                CalignOptions options = o.ToCalignOptions(source, target);
                change(options);
                return options;
            }
            foreach (SensitivityRow row in Sweep("θA", ThetaAValues.Select(v => (F(v), With(x => x.ThetaA = v))))) yield return row;
            foreach (SensitivityRow row in Sweep("N-best", NBestValues.Select(v => (I(v), With(x => x.NBest = v))))) yield return row;
            foreach (SensitivityRow row in Sweep("min types", MinTypesValues.Select(v => (I(v), With(x => x.MinTypes = v))))) yield return row;
        }
        foreach (double theta in ThetaOValues)
        {
            ColapOptions options = o.ToColapOptions();
            options.ThetaO = theta;
            IReadOnlyList<ColapSummary> rows = bySeed.SelectMany(byScope =>
                Colap.Compute(byScope.Where(p => p.Key.Item1 == component && p.Key.Item3 == ConceptFiles.MixedScope).SelectMany(p => p.Value), options).Summary).ToArray();
            foreach (var cell in rows.GroupBy(r => (r.Layer, r.LanguageA, r.LanguageB)))
                yield return new SensitivityRow(who, corpus, "COLAP", "θO", $"{cell.Key.LanguageA}–{cell.Key.LanguageB}", F(theta), cell.Key.Layer,
                    MultiBootstrap.Interval(cell.Select(r => new SeedCounts(r.Concepts, r.Overlapping)).ToArray(), o.Bootstrap,
                        ChanceLevels.SeedOf("sensitivity", who, corpus, "θO", theta, cell.Key.LanguageA, cell.Key.LanguageB, cell.Key.Layer)));
        }
    }

    /// <summary>One line per model (in the run's order) over layers, with its interval band, drawn as <see cref="StyleOf"/> says for the pair (a, b).</summary>
    private static ChartSeries[] SeriesByModel(IEnumerable<(string Model, int Layer, double Mean, double Low, double High)> points, string[] models,
        IReadOnlyList<ModelEntry> entries, string a, string b) =>
        models.Select(model => (Model: model, Points: points.Where(p => p.Model == model).OrderBy(p => p.Layer).ToArray()))
            .Where(m => m.Points.Length > 0)
            .Select(m =>
            {
                (LineStyle style, string note) = StyleOf(entries, m.Model, a, b);
                return new ChartSeries(m.Model + note, m.Points.Select(p => (double)p.Layer).ToArray(), m.Points.Select(p => p.Mean).ToArray(),
                    style, Array.IndexOf(models, m.Model), m.Points.Select(p => p.Low).ToArray(), m.Points.Select(p => p.High).ToArray());
            }).ToArray();

    /// <summary>Figures' width: room for the legend beside the plot.</summary>
    private const int ChartWidth = 640;

    /// <summary>A chance band at each layer: the highest 95th percentile among the models drawn (NaN levels left out).</summary>
    private static ChanceBand Chance(IEnumerable<(int Layer, double High)> levels)
    {
        var perLayer = levels.Where(l => double.IsFinite(l.High)).GroupBy(l => l.Layer).OrderBy(g => g.Key).ToArray();
        return new ChanceBand("chance (95th pct)", perLayer.Select(g => (double)g.Key).ToArray(), perLayer.Select(g => g.Max(l => l.High)).ToArray());
    }

    /// <summary>A chance band as a series, so the shared y axis holds it too.</summary>
    private static ChartSeries ChanceSeries(ChanceBand band) => new(band.Name, band.X, band.High, LineStyle.Solid, 0);

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(System.Text.Json.Nodes.JsonNode? node) => node?.ToJsonString() ?? "";

    /// <summary>The page as it is assembled: sections, figure grids, tables.</summary>
    private sealed class Page
    {
        private readonly StringBuilder _body = new();

        public int Figures { get; private set; }

        public int Tables { get; private set; }

        public void Heading(int level, string text) => _body.Append($"<h{level}>{E(text)}</h{level}>\n");

        public void Paragraph(string text) => _body.Append($"<p>{E(text)}</p>\n");

        public void Note(string text) => _body.Append($"<p class=\"note\">{E(text)}</p>\n");

        public void Lead(string text) => _body.Append($"<p class=\"lead\">{E(text)}</p>\n");

        public void BeginGrid() => _body.Append("<div class=\"grid\">\n");

        public void EndGrid() => _body.Append("</div>\n");

        public void BeginRow(string label) => _body.Append($"<div class=\"row\"><div class=\"rowlabel\">{E(label)}</div>\n");

        public void EndRow() => _body.Append("</div>\n");

        public void BeginPair() => _body.Append("<div class=\"pair\">\n");

        public void EndPair() => _body.Append("</div>\n");

        public void Link(string text, string href, string linkText) =>
            _body.Append($"<p>{E(text)}<a href=\"{E(href)}\">{E(linkText)}</a>.</p>\n");

        public void Figure(byte[] png, string alt)
        {
            Figures++;
            _body.Append($"<figure><img alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(alt)}</figcaption></figure>\n");
        }

        public void Cloud(byte[] png, string caption) => Figure(png, caption);

        public void Legend(IEnumerable<(string Language, string Color)> colors) =>
            _body.Append("<p class=\"legend\">" + string.Join(" ", colors.Select(c => $"<span style=\"color:{c.Color}\">■ {E(c.Language)}</span>")) + "</p>\n");

        public void Table(string caption, string[] header, IEnumerable<string[]> rows, bool open = false)
        {
            Tables++;
            _body.Append($"<details{(open ? " open" : "")}><summary>{E(caption)} (table)</summary><table><thead><tr>");
            foreach (string h in header) _body.Append($"<th>{E(h)}</th>");
            _body.Append("</tr></thead><tbody>\n");
            foreach (string[] row in rows)
            {
                _body.Append("<tr>");
                foreach (string cell in row) _body.Append($"<td>{E(cell)}</td>");
                _body.Append("</tr>\n");
            }
            _body.Append("</tbody></table></details>\n");
        }

        public string Render() => $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MLNetConcepts report</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
            .grid { display: flex; flex-wrap: wrap; gap: 8px; }
            .row { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; margin-bottom: 10px; }
            .pair { display: flex; flex-wrap: nowrap; gap: 4px; max-width: 100%; border-left: 3px solid #ddd; padding-left: 4px; }
            .pair figure { flex: 0 1 auto; min-width: 0; } .pair img { max-width: 100%; height: auto; }
            .rowlabel { width: 70px; font-weight: bold; padding-top: 8px; }
            figure { margin: 0; } figcaption { font-size: 0.8em; color: #555; max-width: 560px; }
            table { border-collapse: collapse; font-size: 0.85em; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
            details { margin: 0.6em 0; } .note { color: #777; } .lead { font-size: 1.15em; font-weight: bold; } .legend span { margin-right: 1em; font-weight: bold; }
            </style></head><body>
            {{_body}}
            <p id="figure-status" class="note"></p>
            <script>
            // Counts the figures the browser decoded, so a headless check (and a reader) can tell that all of them loaded.
            window.addEventListener("load", function () {
              var images = document.images, loaded = 0;
              for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth > 0) loaded++;
              document.body.setAttribute("data-figures", images.length);
              document.body.setAttribute("data-figures-loaded", loaded);
              document.getElementById("figure-status").textContent = loaded + " of " + images.length + " figures loaded.";
            });
            </script>
            </body></html>
            """;

        private static string E(string text) => WebUtility.HtmlEncode(text);
    }
}
