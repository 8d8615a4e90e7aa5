using System.Globalization;
using System.Text.Json;
using MLNetConcepts.Metrics;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Reporting;

/// <summary>The report page and what it holds.</summary>
/// <param name="Html">The page.</param>
/// <param name="Figures">Figures on it (charts and word clouds).</param>
/// <param name="Tables">Tables on it.</param>
internal sealed record RenderedReport(string Html, int Figures, int Tables);

/// <summary>
/// Lays out <see cref="ReportData"/> as the report's page: words, charts (<see cref="Charts"/>), word clouds
/// (<see cref="WordCloud"/>) and tables, section by section in the page's order. Computes nothing but the layout;
/// numbers are formatted here and nowhere else.
/// </summary>
internal sealed class ReportHtml
{
    private readonly ReportData _data;
    private readonly CancellationToken _cancellationToken;
    private readonly ReportPage _page = new();
    private readonly IReadOnlyList<string> _models;
    // CALIGN's and COLAP's charts share a y axis each, the sensitivity charts included, so panels compare.
    private double _calignTop, _colapTop;

    private ReportHtml(ReportData data, CancellationToken cancellationToken)
    {
        _data = data;
        _cancellationToken = cancellationToken;
        _models = data.ModelLabels;
    }

    /// <summary>The report page of <paramref name="data"/>.</summary>
    /// <remarks>Sections in the page's order; the by-layer sections fix the y axes that the sensitivity charts reuse.</remarks>
    public static RenderedReport Render(ReportData data, CancellationToken cancellationToken = default)
    {
        var html = new ReportHtml(data, cancellationToken);
        html.Introduction();
        html.CalignByLayer();
        html.ColapByLayer();
        html.Comparisons();
        html.SensitivityToK();
        html.ConceptClouds();
        html.LexicalConcepts();
        html.ThresholdSensitivity();
        html.SettingsAndStatistics();
        return new RenderedReport(html._page.Render(), html._page.Figures, html._page.Tables);
    }

    private RunSettings O => _data.Options;

    /// <summary>What the run found, first, in words (numbers from the summary tables below, with their intervals), then how to read the numbers.</summary>
    private void Introduction()
    {
        int k = _data.HeadlineK, seeds = _data.Seeds;
        string footing = $"K = {k}, {seeds} K-means seed{(seeds == 1 ? "" : "s")} ({O.Seed}{(seeds > 1 ? $"–{O.Seed + (seeds - 1) * O.Restarts}" : "")}), " +
                         $"θA = {F(O.ThetaA)}, θO = {F(O.ThetaO)}";
        _page.Heading(1, "MLNetConcepts report");
        foreach (string sentence in RunFindings.Summarize(_data.CalignSummary.Where(r => r.Row.K == k).ToArray(),
                     _data.Comparisons.Where(c => c.K == k).ToArray(), _data.Models, footing))
            _page.Lead(sentence);
        _page.Paragraph($"Models: {string.Join(", ", _data.Models.Select(Describe))}. Corpora: {string.Join(", ", _data.Corpora)}. " +
                        $"Made by {_data.Tool}; every number below is in the run folder's Parquet tables.");
        _page.Paragraph($"How to read the numbers: each value is the mean over {seeds} K-means seed{(seeds == 1 ? "" : "s")} at K = {k}; the band or the " +
                        $"bracket is its 95 % interval from {O.Bootstrap} multi-bootstrap replicates that resample the seeds and, inside each, the concepts " +
                        "(calign_summary.parquet, colap_summary.parquet). " +
                        (seeds == 1 ? "With one seed the interval reflects the concepts only, not how the clustering moves with the seed. " : "") +
                        $"The grey band is the chance level: up to the 95th percentile of what the same concepts reach against random target concepts of the same sizes " +
                        $"(CALIGN) or with the words' language labels shuffled (COLAP), {O.ChanceDraws} draws per seed. Two models are called different only where the " +
                        "interval of their difference leaves out 0 (comparisons.parquet). A value that rests on fewer than " +
                        $"{RunFindings.FewConcepts} considered concepts is marked.");
    }

    /// <summary>One CALIGN panel per corpus, direction and components at the headline K, all on one y axis, then the tables.</summary>
    private void CalignByLayer()
    {
        _page.Heading(2, "Concept alignment (CALIGN) by layer");
        _page.Paragraph($"Share of source-language concepts (more than {O.MinTypes} types) whose words translate, for at least θA = {F(O.ThetaA)} of them, " +
                        $"into the words of one size-compatible target concept ({O.Nbest}-best dictionary, sizes within {F(O.MaxSizeDifference)}). " +
                        "Base models dotted, fine-tuned solid, zero-shot pairs (a language the model was not tuned on) dashed. Every panel has the same y axis.");
        var panels = _data.CalignSummary.Where(r => r.Row.K == _data.HeadlineK)
            .GroupBy(r => (r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.SourceComponent, r.Row.TargetComponent))
            .Select(group => (group.Key,
                Series: ReportSeries.ByModel(group.Select(r => (r.Model, r.Row.Layer, r.Row.CalignMean, r.Row.CalignLow, r.Row.CalignHigh)), _models,
                    _data.Models, group.Key.SourceLanguage, group.Key.TargetLanguage),
                Chance: ReportSeries.Chance(group.Select(r => (r.Row.Layer, r.Row.ChanceHigh)))))
            .ToArray();
        _calignTop = Charts.Top(panels.SelectMany(p => p.Series).Concat(panels.Select(p => ReportSeries.AsSeries(p.Chance))));
        _page.BeginGrid();
        foreach (var panel in panels)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string components = Components(panel.Key.SourceComponent, panel.Key.TargetComponent, " → ");
            _page.Figure(Charts.LineChart($"CALIGN {panel.Key.SourceLanguage} → {panel.Key.TargetLanguage} ({components})", "layer", "CALIGN (%)", panel.Series,
                    width: ReportSeries.ChartWidth, yMax: _calignTop, chance: panel.Chance),
                $"CALIGN {panel.Key.SourceLanguage}→{panel.Key.TargetLanguage}, {components}, corpus {panel.Key.Corpus}: mean over seeds, 95% interval band, grey chance band");
        }
        _page.EndGrid();
        CalignTables();
    }

    /// <summary>Every CALIGN number plotted: over seeds (every K) and per seed.</summary>
    private void CalignTables()
    {
        _page.Table("CALIGN (mean over seeds, 95% interval, counts and chance level)",
            ["model", "corpus", "components", "direction", "layer", "K", "seeds", "CALIGN %", "95% interval", "aligned / considered (mean)", "chance %", "chance 95th %", "note"],
            _data.CalignSummary.Select(r => new[]
            {
                r.Model, r.Corpus, Components(r.Row.SourceComponent, r.Row.TargetComponent, "→"), $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}",
                I(r.Row.Layer), I(r.Row.K), I(r.Row.Seeds), F(r.Row.CalignMean), $"{F(r.Row.CalignLow)}–{F(r.Row.CalignHigh)}",
                $"{F(r.Row.AlignedMean)} / {F(r.Row.ConsideredMean)}", F(r.Row.ChanceMean), F(r.Row.ChanceHigh),
                r.Row.ConsideredMean < RunFindings.FewConcepts ? $"fewer than {RunFindings.FewConcepts} considered concepts" : "",
            }));
        _page.Table("CALIGN per seed (calign.parquet)", ["model", "corpus", "components", "direction", "layer", "K", "seed", "concepts", "considered", "aligned", "CALIGN %", "chance %"],
            _data.Calign.Select(r => new[]
            {
                r.Model, r.Corpus, Components(r.Row.SourceComponent, r.Row.TargetComponent, "→"), $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}",
                I(r.Row.Layer), I(r.Row.K), I(r.Row.Seed), I(r.Row.ConceptsTotal), I(r.Row.ConceptsConsidered), I(r.Row.Aligned), F(r.Row.Calign), F(r.Row.Chance),
            }));
    }

    /// <summary>One COLAP panel per corpus, component and language pair at the headline K, all on one y axis, then the tables.</summary>
    private void ColapByLayer()
    {
        _page.Heading(2, "Concept overlap (COLAP) by layer");
        _page.Paragraph($"Share of concepts found on the languages' words clustered together in which each of two languages makes up at least θO = {F(O.ThetaO)} " +
                        $"of the concept's word {O.ColapCount}. \"Any two languages\" counts a concept when at least two of the corpus's languages reach θO; it " +
                        "includes a fine-tuned model's tuned pair, so it is drawn like a tuned pair. The grey band is the language-blind level.");
        var panels = _data.ColapSummary.Where(r => r.Row.K == _data.HeadlineK)
            .GroupBy(r => (r.Corpus, r.Row.Component, r.Row.LanguageA, r.Row.LanguageB))
            .Select(group => (group.Key,
                Series: ReportSeries.ByModel(group.Select(r => (r.Model, r.Row.Layer, r.Row.ColapMean, r.Row.ColapLow, r.Row.ColapHigh)), _models,
                    _data.Models, group.Key.LanguageA, group.Key.LanguageB),
                Chance: ReportSeries.Chance(group.Select(r => (r.Row.Layer, r.Row.LanguageBlindHigh)))))
            .ToArray();
        _colapTop = Charts.Top(panels.SelectMany(p => p.Series).Concat(panels.Select(p => ReportSeries.AsSeries(p.Chance))));
        _page.BeginGrid();
        foreach (var panel in panels)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string pair = panel.Key.LanguageA == Colap.AnyLanguage ? "any two languages" : $"{panel.Key.LanguageA}–{panel.Key.LanguageB}";
            _page.Figure(Charts.LineChart($"COLAP {pair} ({panel.Key.Component})", "layer", "COLAP (%)", panel.Series, width: ReportSeries.ChartWidth,
                    yMax: _colapTop, chance: panel.Chance with { Name = "language-blind" }),
                $"COLAP {pair}, {panel.Key.Component}, corpus {panel.Key.Corpus}: mean over seeds, 95% interval band, grey language-blind band");
        }
        _page.EndGrid();
        ColapTables();
    }

    /// <summary>Every COLAP number plotted: over seeds (every K) and per seed.</summary>
    private void ColapTables()
    {
        _page.Table("COLAP (mean over seeds, 95% interval and language-blind level)",
            ["model", "corpus", "component", "languages", "layer", "K", "seeds", "COLAP %", "95% interval", "concepts (mean)", "language-blind %", "language-blind 95th %"],
            _data.ColapSummary.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.Component, $"{r.Row.LanguageA}–{r.Row.LanguageB}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seeds), F(r.Row.ColapMean),
                $"{F(r.Row.ColapLow)}–{F(r.Row.ColapHigh)}", F(r.Row.ConceptsMean), F(r.Row.LanguageBlindMean), F(r.Row.LanguageBlindHigh),
            }));
        _page.Table("COLAP per seed (colap.parquet)", ["model", "corpus", "component", "languages", "layer", "K", "seed", "concepts", "overlapping", "COLAP %", "language-blind %"],
            _data.Colap.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.Component, $"{r.Row.LanguageA}–{r.Row.LanguageB}", I(r.Row.Layer), I(r.Row.K), I(r.Row.Seed), I(r.Row.Concepts),
                I(r.Row.Overlapping), F(r.Row.Colap), F(r.Row.LanguageBlind),
            }));
    }

    /// <summary>The model differences, when the run has more than one model.</summary>
    private void Comparisons()
    {
        if (_data.Comparisons.Count == 0) return;
        _page.Heading(2, "Model comparisons");
        _page.Paragraph("b − a in percentage points, each model resampled on its own (seeds and concepts), with the 95 % interval of the difference. " +
                        "\"different\" only where that interval leaves out 0; elsewhere the run cannot tell the two apart.");
        _page.Table("Model comparisons (comparisons.parquet)", ["metric", "corpus", "a", "b", "components", "languages", "layer", "K", "b − a (points)", "95% interval", "different"],
            _data.Comparisons.Select(c => new[]
            {
                c.Metric.ToUpperInvariant(), c.Corpus, c.ModelA, c.ModelB, Components(c.SourceComponent, c.TargetComponent, "→"),
                c.Metric == ModelComparisons.CalignMetric ? $"{c.LanguageA}→{c.LanguageB}" : $"{c.LanguageA}–{c.LanguageB}", I(c.Layer), I(c.K),
                F(c.DifferenceMean), $"{F(c.DifferenceLow)}–{F(c.DifferenceHigh)}", c.IsDifference ? "yes" : "no",
            }), open: true);
    }

    /// <summary>CALIGN against K at the first, middle and last layer, when the run has more than one K.</summary>
    private void SensitivityToK()
    {
        int[] ks = _data.CalignSummary.Select(r => r.Row.K).Distinct().Order().ToArray();
        if (ks.Length <= 1) return;
        _page.Heading(2, "Sensitivity to K");
        _page.Paragraph($"CALIGN against K (K = {string.Join(", ", ks)}), mean over seeds with its 95 % interval, at the first, middle and last layer, " +
                        "one chart per model and direction. The paper reports stable patterns for K between 600 and 1400; here a reader can check.");
        _page.BeginGrid();
        foreach (var group in _data.CalignSummary.Where(r => r.Row.SourceComponent == r.Row.TargetComponent)
                     .GroupBy(r => (r.Model, r.Corpus, r.Row.SourceComponent, r.Row.SourceLanguage, r.Row.TargetLanguage)))
        {
            int[] layers = ModelConceptsLoader.ShownLayers(group.Select(r => r.Row.Layer).Distinct().Order().ToArray());
            var series = layers.Select((layer, i) =>
            {
                var rows = group.Where(r => r.Row.Layer == layer).OrderBy(r => r.Row.K).ToArray();
                return new ChartSeries($"layer {layer}", rows.Select(r => (double)r.Row.K).ToArray(), rows.Select(r => r.Row.CalignMean).ToArray(),
                    LineStyle.Solid, i, rows.Select(r => r.Row.CalignLow).ToArray(), rows.Select(r => r.Row.CalignHigh).ToArray());
            }).ToArray();
            _page.Figure(Charts.LineChart($"CALIGN {group.Key.SourceLanguage} → {group.Key.TargetLanguage}, {group.Key.Model}", "K", "CALIGN (%)", series,
                    width: ReportSeries.ChartWidth, yMax: _calignTop),
                $"CALIGN against K, {group.Key.Model} {group.Key.SourceComponent}, {group.Key.SourceLanguage}→{group.Key.TargetLanguage}, corpus {group.Key.Corpus}");
        }
        _page.EndGrid();
    }

    /// <summary>Per model, corpus and component: word clouds of aligned pairs and overlapping concepts at the shown layers.</summary>
    private void ConceptClouds()
    {
        _page.Heading(2, "Concepts you can see");
        _page.Paragraph($"Per shown layer (first, middle, last): {ModelConceptsLoader.CloudsPerLayer} aligned source concepts beside the target concept that translates them, " +
                        $"then {ModelConceptsLoader.CloudsPerLayer} overlapping mixed concepts, words coloured by language; word size grows with the word's occurrences in the concept. " +
                        "Content concepts come first: " + FrequentWords.Rule + ". Among content concepts (then among function concepts) the aligned ones with " +
                        "the highest match fraction come first (then most types, then lowest id), and the mixed ones whose second-largest language share is largest.");
        _page.Link("Every aligned pair and every overlapping concept of every layer, sortable and filterable, with the sentences behind each concept: ",
            $"{ExplorerBuilder.FolderName}/index.html#browse", "the concept explorer");
        foreach (ModelConcepts part in _data.Concepts)
        {
            (string source, string target) = (part.Languages[0], part.Languages[1]);
            foreach (ComponentConcepts component in part.Components)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _page.Heading(3, $"{part.Model} {component.Component}, corpus {part.Corpus}: {source} → {target} aligned concepts and {part.Corpus} overlapping concepts");
                foreach (LayerClouds layer in component.Clouds)
                    LayerRow(layer, source, target);
                _page.Legend(part.Languages.Select((l, i) => (l, WordCloud.CssColor(i))));
            }
        }
    }

    /// <summary>One layer's row of clouds: each aligned source concept beside its target, then the overlapping concepts.</summary>
    private void LayerRow(LayerClouds layer, string source, string target)
    {
        _page.BeginRow($"layer {layer.Layer}");
        if (layer.Aligned.Count == 0) _page.Note("no aligned concept at this layer");
        foreach (AlignedCloud pair in layer.Aligned)
        {
            // A source concept and its target stay side by side whatever the page's width.
            _page.BeginPair();
            _page.Cloud(WordCloud.Render(pair.SourceWords), $"{source} concept {pair.SourceConcept} ({F(100 * pair.FunctionShare)}% punctuation and function words)");
            _page.Cloud(WordCloud.Render(pair.TargetWords),
                $"{target} concept {pair.TargetConcept} ({F(100 * pair.MatchFraction)}% of the {pair.Types} {source} types translate into it)");
            _page.EndPair();
        }
        foreach (OverlapCloud mixed in layer.Overlapping)
            _page.Cloud(WordCloud.Render(mixed.Words),
                $"mixed concept {mixed.Concept} (second-largest language share {F(100 * mixed.Balance)}%, {F(100 * mixed.FunctionShare)}% punctuation and function words)");
        _page.EndRow();
    }

    /// <summary>One chart per language of the share of lexical concepts by layer (every model, corpus and component), then the table.</summary>
    private void LexicalConcepts()
    {
        var lines = new List<(string Language, ChartSeries Series)>();
        foreach (ModelConcepts part in _data.Concepts)
            foreach (ComponentConcepts component in part.Components)
                foreach (var language in component.Lexical.GroupBy(c => c.Language))
                {
                    (LineStyle style, string note) = ReportSeries.StyleOf(_data.Models, part.Model, language.Key, language.Key);
                    string name = $"{part.Model}{note}{(part.Components.Count > 1 ? " " + component.Component : "")}, {part.Corpus}";
                    lines.Add((language.Key, new ChartSeries(name, language.Select(c => (double)c.Layer).ToArray(), language.Select(c => c.LexicalPercent).ToArray(),
                        style, ReportSeries.IndexOf(_models, part.Model), MarkerIndex: ReportSeries.IndexOf(_data.Corpora, part.Corpus))));
                }
        _page.Heading(2, "Lexical and semantic concepts by layer");
        _page.Paragraph("A concept is lexical when most of its word types share a prefix or suffix (concept_summary.parquet's affix columns); the rest are " +
                        "taken as semantic. One chart per language (its own clustering), all on the same y axis: colour for the model, line style as above " +
                        "(base dotted, fine-tuned solid, dashed where the model was not tuned on the language), marker for the corpus.");
        double top = Charts.Top(lines.Select(s => s.Series));
        _page.BeginGrid();
        foreach (var language in lines.GroupBy(s => s.Language))
            _page.Figure(Charts.LineChart($"Lexical concepts by layer, {language.Key}", "layer", "lexical concepts (%)", language.Select(s => s.Series).ToArray(),
                width: ReportSeries.ChartWidth, yMax: top), $"lexical concepts by layer among the {language.Key} concepts, per model and corpus");
        _page.EndGrid();
        _page.Table("Lexical and semantic concepts", ["model", "corpus", "component", "language", "layer", "lexical", "semantic", "lexical %"],
            _data.Concepts.SelectMany(part => part.Components.SelectMany(component => component.Lexical.Select(c => new[]
            {
                part.Model, part.Corpus, component.Component, c.Language, I(c.Layer), I(c.Lexical), I(c.Semantic), F(c.LexicalPercent),
            }))));
    }

    /// <summary>One chart per model component, corpus, metric, threshold and language pair, a line per threshold value, then the table.</summary>
    private void ThresholdSensitivity()
    {
        SensitivityPoint[] points = _data.Concepts.SelectMany(part => part.Components.SelectMany(c => c.Sensitivity)).ToArray();
        _page.Heading(2, "Threshold sensitivity");
        _page.Paragraph($"CALIGN and COLAP recomputed from the stored concepts of every seed (K = {_data.HeadlineK}), without clustering again, with one threshold " +
                        "changed and the others at the run's values: mean over seeds and its 95 % interval. One chart per model, direction and threshold.");
        _page.BeginGrid();
        foreach (var group in points.GroupBy(p => (Who: Who(p), p.Corpus, p.Metric, p.Parameter, Languages: Languages(p))))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var series = group.GroupBy(p => p.Value).Select((g, i) => new ChartSeries($"{group.Key.Parameter} = {F(g.Key)}",
                g.Select(p => (double)p.Layer).ToArray(), g.Select(p => p.Interval.Mean).ToArray(), LineStyle.Solid, i,
                g.Select(p => p.Interval.Low).ToArray(), g.Select(p => p.Interval.High).ToArray())).ToArray();
            double top = Math.Max(group.Key.Metric == "CALIGN" ? _calignTop : _colapTop, Charts.Top(series));
            _page.Figure(Charts.LineChart($"{group.Key.Metric} {group.Key.Languages}, {group.Key.Who}: {group.Key.Parameter}", "layer", $"{group.Key.Metric} (%)", series,
                    width: ReportSeries.ChartWidth, yMax: top),
                $"{group.Key.Metric} {group.Key.Languages} sensitivity to {group.Key.Parameter}, {group.Key.Who}, corpus {group.Key.Corpus}");
        }
        _page.EndGrid();
        _page.Table("Threshold sensitivity", ["model", "corpus", "metric", "parameter", "languages", "value", "layer", "mean %", "95% interval"],
            points.Select(p => new[] { Who(p), p.Corpus, p.Metric, p.Parameter, Languages(p), F(p.Value), I(p.Layer), F(p.Interval.Mean),
                $"{F(p.Interval.Low)}–{F(p.Interval.High)}" }));
    }

    /// <summary>The run's options and models, and what the extraction and clustering stages counted.</summary>
    private void SettingsAndStatistics()
    {
        _page.Heading(2, "Run settings and statistics");
        var settings = JsonSerializer.SerializeToElement(O, RunRecord.JsonOptions);
        _page.Table("Options", ["option", "value"], settings.EnumerateObject().Select(p => new[] { p.Name, p.Value.ToString() }));
        _page.Table("Models", ["label", "folder", "tuned on"], _data.Models.Select(m => new[]
            { m.Label!, m.Path!, m.TunedOn.Count == 0 ? "(base)" : string.Join(", ", m.TunedOn) }));
        _page.Table("Words extracted", ["stage", "component", "sentences", "words", "kept", "dropped by tokenizer", "past max positions", "seconds"],
            _data.Extraction.Select(s => new[]
            {
                s.Stage, s.Component, N(s.Sentences), N(s.Words), N(s.Kept), N(s.DroppedByTokenizer), N(s.Truncated), F(s.Seconds),
            }));
        _page.Table("Words kept for clustering (frequency filter)", ["stage", "words seen", "long-sentence words", "rare types", "rare words",
                "over the occurrence cap", "kept types", "kept words", "seconds"],
            _data.Filtering.Select(s => new[]
            {
                s.Stage, N(s.WordsSeen), N(s.LongSentenceOccurrences), N(s.RareTypes), N(s.RareOccurrences), N(s.OverCapOccurrences), N(s.KeptTypes),
                N(s.KeptOccurrences), F(s.Seconds),
            }));
    }

    private static string Describe(ModelEntry m) => m.TunedOn.Count == 0 ? m.Label! : $"{m.Label} (tuned on {string.Join(", ", m.TunedOn)})";

    /// <summary>Source and target component, or one name when they are the same.</summary>
    private static string Components(string source, string target, string arrow) => source == target ? source : $"{source}{arrow}{target}";

    /// <summary>A sweep's model component, as its charts and table name it.</summary>
    private static string Who(SensitivityPoint p) => $"{p.Model} {p.Component}";

    /// <summary>A sweep's languages: a direction for CALIGN, a pair for COLAP.</summary>
    private static string Languages(SensitivityPoint p) => p.Metric == "CALIGN" ? $"{p.LanguageA}→{p.LanguageB}" : $"{p.LanguageA}–{p.LanguageB}";

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A count a stage reported, or nothing when it did not.</summary>
    private static string N(long? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "";
}
