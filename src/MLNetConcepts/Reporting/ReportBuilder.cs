using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Metrics;
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
/// Word clouds are chosen by fixed rules, stated in the report: for CALIGN, per shown layer, the aligned source
/// concepts with the highest match fraction (then most types, then lowest id) beside their best target concept; for
/// COLAP, the overlapping mixed concepts whose smallest language share is largest (then largest, then lowest id).
/// Shown layers: the first, middle and last of the run.
/// </remarks>
public static class ReportBuilder
{
    /// <summary>Changes whenever the report's content changes, so <c>analyze</c> re-renders old reports.</summary>
    public const string Version = "2";

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

        page.Heading(1, "MLNetConcepts report");
        // What the run found, first, in words (numbers from the CALIGN table below).
        foreach (string sentence in RunFindings.Summarize(calign, run.Description.Models))
            page.Lead(sentence);
        page.Paragraph($"Models: {string.Join(", ", models.Select(m => Describe(run.Model(m))))}. Corpora: {string.Join(", ", run.Corpora)}. " +
                       $"Made by {run.Record.Tool}; every number below is in the run folder's Parquet tables.");

        // ---------------------------------------------------------------- CALIGN by layer
        page.Heading(2, "Concept alignment (CALIGN) by layer");
        page.Paragraph($"Share of source-language concepts (more than {o.MinTypes} types) whose words translate, for at least θA = {F(o.ThetaA)} of them, " +
                       $"into the words of one size-compatible target concept ({o.Nbest}-best dictionary, sizes within {F(o.MaxSizeDifference)}). " +
                       "Base models dotted, fine-tuned solid, zero-shot pairs (a language the model was not tuned on) dashed.");
        page.BeginGrid();
        foreach (var group in calign.GroupBy(r => (r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.SourceComponent, r.Row.TargetComponent)))
        {
            var series = new List<ChartSeries>();
            foreach (string model in models)
            {
                var rows = group.Where(r => r.Model == model).OrderBy(r => r.Row.Layer).ToArray();
                if (rows.Length == 0) continue;
                (LineStyle style, string note) = StyleOf(run, model, group.Key.SourceLanguage, group.Key.TargetLanguage);
                series.Add(new ChartSeries(model + note, rows.Select(r => (double)r.Row.Layer).ToArray(), rows.Select(r => r.Row.Calign).ToArray(),
                    style, Array.IndexOf(models, model)));
            }
            string components = group.Key.SourceComponent == group.Key.TargetComponent ? group.Key.SourceComponent
                : $"{group.Key.SourceComponent} → {group.Key.TargetComponent}";
            page.Figure(Charts.LineChart($"CALIGN {group.Key.SourceLanguage} → {group.Key.TargetLanguage} ({components})", "layer", "CALIGN (%)", series),
                $"CALIGN {group.Key.SourceLanguage}→{group.Key.TargetLanguage}, {components}, corpus {group.Key.Corpus}");
        }
        page.EndGrid();
        page.Table("CALIGN", ["model", "corpus", "components", "direction", "layer", "concepts", "considered", "aligned", "CALIGN %"],
            calign.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.SourceComponent == r.Row.TargetComponent ? r.Row.SourceComponent : $"{r.Row.SourceComponent}→{r.Row.TargetComponent}",
                $"{r.Row.SourceLanguage}→{r.Row.TargetLanguage}", I(r.Row.Layer), I(r.Row.ConceptsTotal), I(r.Row.ConceptsConsidered), I(r.Row.Aligned), F(r.Row.Calign),
            }));

        // ---------------------------------------------------------------- COLAP by layer
        page.Heading(2, "Concept overlap (COLAP) by layer");
        page.Paragraph($"Share of concepts found on the languages' words clustered together in which each of two languages makes up at least θO = {F(o.ThetaO)} " +
                       $"of the concept's word {o.ColapCount}.");
        page.BeginGrid();
        foreach (var group in colap.GroupBy(r => (r.Corpus, r.Row.Component, r.Row.LanguageA, r.Row.LanguageB)))
        {
            var series = new List<ChartSeries>();
            foreach (string model in models)
            {
                var rows = group.Where(r => r.Model == model).OrderBy(r => r.Row.Layer).ToArray();
                if (rows.Length == 0) continue;
                (LineStyle style, string note) = StyleOf(run, model, group.Key.LanguageA, group.Key.LanguageB);
                series.Add(new ChartSeries(model + note, rows.Select(r => (double)r.Row.Layer).ToArray(), rows.Select(r => r.Row.Colap).ToArray(),
                    style, Array.IndexOf(models, model)));
            }
            string pair = group.Key.LanguageA == Colap.AnyLanguage ? "any two languages" : $"{group.Key.LanguageA}–{group.Key.LanguageB}";
            page.Figure(Charts.LineChart($"COLAP {pair} ({group.Key.Component})", "layer", "COLAP (%)", series),
                $"COLAP {pair}, {group.Key.Component}, corpus {group.Key.Corpus}");
        }
        page.EndGrid();
        page.Table("COLAP", ["model", "corpus", "component", "languages", "layer", "concepts", "overlapping", "COLAP %"],
            colap.Select(r => new[]
            {
                r.Model, r.Corpus, r.Row.Component, $"{r.Row.LanguageA}–{r.Row.LanguageB}", I(r.Row.Layer), I(r.Row.Concepts), I(r.Row.Overlapping), F(r.Row.Colap),
            }));

        // ---------------------------------------------------------------- concepts, sensitivity, lexical
        var lexicalRows = new List<string[]>();
        var lexicalSeries = new List<ChartSeries>();
        var sensitivityRows = new List<string[]>();
        page.Heading(2, "Concepts you can see");
        page.Paragraph("Per shown layer (first, middle, last): the aligned source concepts with the highest match fraction beside the target concept " +
                       "that translates them, then the overlapping mixed concepts whose smaller language share is largest, words coloured by language. " +
                       "Word size grows with the word's occurrences in the concept.");
        foreach (string corpus in run.Corpora)
        {
            IReadOnlyList<string> languages = run.LanguagesOf(corpus);
            TranslationDictionary dictionary = await run.DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);
            foreach (string model in models)
            {
                if (!File.Exists(Path.Combine(run.PartFolder(model, corpus), ConceptFiles.FileName))) continue;
                IReadOnlyList<ConceptAssignment> concepts = await run.ConceptsAsync(model, corpus, cancellationToken).ConfigureAwait(false);
                var byScope = concepts.GroupBy(c => (c.Component, c.Layer, c.Scope)).ToDictionary(g => g.Key, g => g.ToList());
                IReadOnlyList<ConceptSummary> summaries = await run.ConceptSummariesAsync(model, corpus, cancellationToken).ConfigureAwait(false);
                foreach (string component in concepts.Select(c => c.Component).Distinct().Order(StringComparer.Ordinal))
                {
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
                        var best = diagnostics.Where(d => d.Aligned).OrderByDescending(d => d.MatchFraction).ThenByDescending(d => d.Types)
                            .ThenBy(d => d.SourceConcept).Take(CloudsPerLayer).ToArray();
                        if (best.Length == 0) page.Note("no aligned concept at this layer");
                        foreach (CalignConceptDiagnostic d in best)
                        {
                            page.Cloud(WordCloud.Render(Words(sourceRows, d.SourceConcept, 0)), $"{source} concept {d.SourceConcept}");
                            page.Cloud(WordCloud.Render(Words(targetRows, d.BestTargetConcept, 1)),
                                $"{target} concept {d.BestTargetConcept} ({F(100 * d.MatchFraction)}% of the {d.Types} {source} types translate into it)");
                        }
                        var mixedRows = byScope.GetValueOrDefault((component, layer, ConceptFiles.MixedScope)) ?? [];
                        foreach (var (conceptId, balance) in MostBalanced(mixedRows, languages, o.ThetaO).Take(CloudsPerLayer))
                        {
                            page.Cloud(WordCloud.Render(mixedRows.Where(r => r.ConceptId == conceptId)
                                    .GroupBy(r => (r.Language, r.Word))
                                    .Select(g => new CloudWord(g.Key.Word, g.Count(), IndexOf(languages, g.Key.Language))).ToArray()),
                                $"mixed concept {conceptId} (smallest language share {F(100 * balance)}%)");
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
                        lexicalSeries.Add(new ChartSeries($"{model} {component} {language} ({corpus})", perLayer.Select(p => (double)p.Layer).ToArray(),
                            perLayer.Select(p => 100.0 * p.Lexical / p.Total).ToArray(), StyleOf(run, model, language, language).Style, Array.IndexOf(models, model) * 3 + IndexOf(languages, language)));
                        lexicalRows.AddRange(perLayer.Select(p => new[] { model, corpus, component, language, I(p.Layer), I(p.Lexical), I(p.Total - p.Lexical), F(100.0 * p.Lexical / p.Total) }));
                    }

                    sensitivityRows.AddRange(Sensitivity(byScope, component, layers, languages, dictionary, o, model, corpus));
                }
            }
        }

        page.Heading(2, "Lexical and semantic concepts by layer");
        page.Paragraph("A concept is lexical when most of its word types share a prefix or suffix (concept_summary.parquet's affix columns); the rest are " +
                       "taken as semantic. Per language scope.");
        page.BeginGrid();
        page.Figure(Charts.LineChart("Lexical concepts by layer", "layer", "lexical concepts (%)", lexicalSeries, width: 700), "lexical concepts by layer");
        page.EndGrid();
        page.Table("Lexical and semantic concepts", ["model", "corpus", "component", "language", "layer", "lexical", "semantic", "lexical %"], lexicalRows);

        page.Heading(2, "Threshold sensitivity");
        page.Paragraph("CALIGN and COLAP recomputed from the stored concepts, without clustering again, with one threshold changed and the others at the run's values. " +
                       "The chart shows the first direction of each corpus; the table has every direction.");
        page.BeginGrid();
        foreach (var group in sensitivityRows.GroupBy(r => (r[0], r[1], r[2], r[3])))
        {
            (string model, string corpus, string metric, string parameter) = group.Key;
            string firstDirection = group.First()[4];
            var series = group.Where(r => r[4] == firstDirection).GroupBy(r => r[5]).Select((g, i) => new ChartSeries($"{parameter} = {g.Key}",
                g.Select(r => double.Parse(r[6], CultureInfo.InvariantCulture)).ToArray(),
                g.Select(r => double.Parse(r[7], CultureInfo.InvariantCulture)).ToArray(), LineStyle.Solid, i)).ToArray();
            page.Figure(Charts.LineChart($"{metric} {firstDirection}, {model}: {parameter}", "layer", $"{metric} (%)", series),
                $"{metric} sensitivity to {parameter}, {model}, corpus {corpus}");
        }
        page.EndGrid();
        page.Table("Threshold sensitivity", ["model", "corpus", "metric", "parameter", "languages", "value", "layer", "%"], sensitivityRows);

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
    private static (LineStyle Style, string Note) StyleOf(RunFolder run, string model, string a, string b)
    {
        ModelEntry entry = run.Model(model);
        bool anyTuned = run.Description.Models.Any(m => m.TunedOn.Count > 0);
        if (entry.TunedOn.Count == 0) return (anyTuned ? LineStyle.Dotted : LineStyle.Solid, "");
        if (a == Colap.AnyLanguage || entry.IsZeroShot(a, b)) return (LineStyle.Dashed, " (zero-shot)");
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

    /// <summary>Overlapping mixed concepts, most balanced first: (concept, smallest share among its two largest languages).</summary>
    private static IEnumerable<(int Concept, double Balance)> MostBalanced(List<ConceptAssignment> rows, IReadOnlyList<string> languages, double thetaO)
    {
        return rows.GroupBy(r => r.ConceptId).Select(g =>
            {
                double[] shares = g.GroupBy(r => r.Language).Select(l => (double)l.Count() / g.Count()).OrderDescending().ToArray();
                double balance = shares.Length >= 2 ? shares[1] : 0;
                return (Concept: g.Key, Balance: balance, Size: g.Count());
            })
            .Where(c => c.Balance >= thetaO)
            .OrderByDescending(c => c.Balance).ThenByDescending(c => c.Size).ThenBy(c => c.Concept)
            .Select(c => (c.Concept, c.Balance));
    }

    /// <summary>Rows: model, corpus, metric, parameter, languages, value, layer, percent.</summary>
    private static IEnumerable<string[]> Sensitivity(Dictionary<(string, int, string), List<ConceptAssignment>> byScope, string component,
        int[] layers, IReadOnlyList<string> languages, TranslationDictionary dictionary, RunSettings o, string model, string corpus)
    {
        foreach ((string source, string target) in TranslationDirections.Of(languages))
        {
            TranslationDictionary direction = dictionary.ForLanguages(source, target);
            var sets = layers.ToDictionary(l => l, l => (
                Source: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, source)) ?? []),
                Target: ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault((component, l, target)) ?? [])));
            IEnumerable<string[]> Sweep(string parameter, IEnumerable<(string Value, CalignOptions Options)> variants)
            {
                foreach ((string value, CalignOptions options) in variants)
                    foreach (int layer in layers)
                    {
                        var (_, summary) = Calign.ComputeLayer(sets[layer].Source, sets[layer].Target, direction.TopN(options.NBest), options,
                            component, component, layer);
                        yield return [$"{model} {component}", corpus, "CALIGN", parameter, $"{source}→{target}", value, I(layer), F(summary.Calign)];
                    }
            }
            CalignOptions With(Action<CalignOptions> change)
            {
                CalignOptions options = o.ToCalignOptions(source, target);
                change(options);
                return options;
            }
            foreach (string[] row in Sweep("θA", ThetaAValues.Select(v => (F(v), With(x => x.ThetaA = v))))) yield return row;
            foreach (string[] row in Sweep("N-best", NBestValues.Select(v => (I(v), With(x => x.NBest = v))))) yield return row;
            foreach (string[] row in Sweep("min types", MinTypesValues.Select(v => (I(v), With(x => x.MinTypes = v))))) yield return row;
        }
        foreach (double theta in ThetaOValues)
        {
            ColapOptions options = o.ToColapOptions();
            options.ThetaO = theta;
            ColapResult r = Colap.Compute(byScope.Where(p => p.Key.Item1 == component && p.Key.Item3 == ConceptFiles.MixedScope).SelectMany(p => p.Value), options);
            foreach (ColapSummary s in r.Summary)
                yield return [$"{model} {component}", corpus, "COLAP", "θO", $"{s.LanguageA}–{s.LanguageB}", F(theta), I(s.Layer), F(s.Colap)];
        }
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

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

        public void Figure(byte[] png, string alt)
        {
            Figures++;
            _body.Append($"<figure><img alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(alt)}</figcaption></figure>\n");
        }

        public void Cloud(byte[] png, string caption) => Figure(png, caption);

        public void Legend(IEnumerable<(string Language, string Color)> colors) =>
            _body.Append("<p class=\"legend\">" + string.Join(" ", colors.Select(c => $"<span style=\"color:{c.Color}\">■ {E(c.Language)}</span>")) + "</p>\n");

        public void Table(string caption, string[] header, IEnumerable<string[]> rows)
        {
            Tables++;
            _body.Append($"<details><summary>{E(caption)} (table)</summary><table><thead><tr>");
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
