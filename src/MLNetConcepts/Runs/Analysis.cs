using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.Concepts;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Models;
using MLNetConcepts.Reporting;
using MLNetConcepts.Storage;
using MLNetConcepts.Text;

namespace MLNetConcepts.Runs;

/// <summary>
/// The whole method over a run description, into a resumable run folder: per corpus a dictionary; per model and
/// corpus extraction (each language), concepts (each layer: every language on its own, and all mixed), CALIGN (each
/// language direction) and COLAP; then <c>report.html</c>.
/// </summary>
/// <remarks>
/// Every stage writes its outputs atomically and then records its fingerprint (a hash of its input files' contents,
/// its options and the tool version) in <c>run.json</c>. A stage whose fingerprint is recorded and whose outputs
/// exist is skipped, so a re-run recomputes only what changed and a run killed at any point resumes where it stopped
/// with the same numbers (extraction and K-means are deterministic). Folder layout (hive-style, so DuckDB, Spark and
/// pyarrow read <c>model</c> and <c>corpus</c> as columns):
/// <code>
/// run.json, report.html
/// corpora/&lt;corpus&gt;/dictionary.parquet            (and &lt;language&gt;.txt when the corpus is a TSV file)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/activations/...    extract-&lt;language&gt;.json
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/concepts.parquet, concept_summary.parquet, calign.parquet, colap.parquet
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/stages/...           per-layer concepts the run is assembled from
/// </code>
/// </remarks>
public sealed class Analysis
{
    /// <summary>N-best depth of the stored dictionaries: enough for the report's sensitivity sweep (5-20).</summary>
    public const int StoredTranslations = 20;

    private const string EncoderComponent = "encoder";
    private const string DecoderComponent = "decoder";

    private readonly RunDescription _description;
    private readonly string _folder;
    private readonly IAnalysisProgress _progress;
    private readonly Dictionary<string, string> _fileHashes = new(StringComparer.Ordinal);
    private RunRecord _record = new();
    private readonly HashSet<string> _planned = new(StringComparer.Ordinal);

    private Analysis(RunDescription description, string folder, IAnalysisProgress progress)
    {
        _description = description;
        _folder = Path.GetFullPath(folder);
        _progress = progress;
    }

    /// <summary>Synchronous <see cref="RunAsync(RunDescription, string, IAnalysisProgress?, CancellationToken)"/>.</summary>
    public static RunFolder Run(RunDescription description, string runFolder, IAnalysisProgress? progress = null) =>
        Synchronously.Run(() => RunAsync(description, runFolder, progress));

    /// <summary>Runs (or resumes) the analysis into <paramref name="runFolder"/> and returns the finished run folder.</summary>
    public static async Task<RunFolder> RunAsync(RunDescription description, string runFolder, IAnalysisProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(runFolder))
            throw new MLNetConceptsException("option --out: empty path; give the run folder");
        var analysis = new Analysis(description, runFolder, progress ?? SilentProgress.Instance);
        await analysis.RunAsync(cancellationToken).ConfigureAwait(false);
        return RunFolder.Open(runFolder);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, ModelFolder> models = _description.Validate();
        CheckFileRoles(models);
        using RunFolderClaim claim = RunFolderClaim.Acquire(_folder);
        using TemporaryJournal journal = TemporaryJournal.Open(_folder);
        using IDisposable recording = TemporaryJournal.Use(journal);
        RunRecord? previous = RunRecord.TryLoad(_folder);
        _record = new RunRecord { Description = _description };
        if (previous is not null)
            foreach ((string name, StageRecord stage) in previous.Stages)
                _record.Stages[name] = stage;
        _record.Save(_folder);

        RunSettings o = _description.Options;
        _progress.Planned(CountStages(models));
        var corpora = new List<PreparedCorpus>();
        foreach ((CorpusEntry entry, string[] languages) in _description.SelectedCorpora())
            corpora.Add(await PrepareCorpusAsync(entry, languages, cancellationToken).ConfigureAwait(false));

        foreach (PreparedCorpus corpus in corpora)
            corpus.DictionaryFingerprint = await DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);

        foreach (ModelEntry entry in _description.Models)
        {
            ModelFolder model = models[entry.Label!];
            foreach (PreparedCorpus corpus in corpora)
            {
                string where = $"model={entry.Label}/corpus={corpus.Name}";
                var extracted = new List<string>();
                foreach (ExtractionPass pass in Passes(model, corpus.Languages))
                    extracted.Add(await ExtractAsync(model, corpus, pass, where, cancellationToken).ConfigureAwait(false));
                string concepts = await ConceptsAsync(model, corpus, where, string.Join("|", extracted), cancellationToken)
                    .ConfigureAwait(false);
                await MetricsAsync(entry.Label!, corpus, where, concepts, cancellationToken).ConfigureAwait(false);
            }
        }

        // Records of stages this description no longer has (a language or model dropped) go, so the record and the
        // report describe exactly this run.
        foreach (string stale in _record.Stages.Keys.Where(k => !_planned.Contains(k) && k != "report").ToList())
            _record.Stages.Remove(stale);
        string reportFingerprint = Fingerprint("report", ReportBuilder.Version,
            string.Join("|", _record.Stages.Where(s => !s.Key.StartsWith("report", StringComparison.Ordinal)).Select(s => s.Value.Fingerprint)));
        await StageAsync("report", reportFingerprint, ["report.html"], 0, "figures", async () =>
        {
            ReportSummary summary = await ReportBuilder.WriteAsync(RunFolder.Open(_folder), Path.Combine(_folder, "report.html"), cancellationToken)
                .ConfigureAwait(false);
            return (JsonSerializer.SerializeToNode(summary, RunRecord.JsonOptions), $"{summary.Figures} figures -> {Path.Combine(_folder, "report.html")}");
        }).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------------------------------------- corpus

    private sealed class PreparedCorpus(string name, string[] languages, Dictionary<string, string> files, long lines)
    {
        public string Name { get; } = name;
        public string[] Languages { get; } = languages;
        public Dictionary<string, string> Files { get; } = files;
        public long Lines { get; } = lines;
        public string DictionaryFingerprint { get; set; } = "";
        public string DictionaryPath(string runFolder) => Path.Combine(runFolder, "corpora", Name, DictionaryFiles.FileName);
    }

    /// <summary>Line-aligned files per language: the given ones, or split from a TSV file into the run folder.</summary>
    private async Task<PreparedCorpus> PrepareCorpusAsync(CorpusEntry entry, string[] languages, CancellationToken cancellationToken)
    {
        string name = string.Join("-", languages);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.Files is not null)
        {
            for (int i = 0; i < entry.Languages.Count; i++)
                if (languages.Contains(entry.Languages[i])) files[entry.Languages[i]] = entry.Files[i];
        }
        else
        {
            string folder = Path.Combine(_folder, "corpora", name);
            string[] outputs = languages.Select(l => Path.Combine("corpora", name, l + ".txt")).ToArray();
            await StageAsync($"corpus {name}", Fingerprint("corpus", HashFile(entry.Tsv!)), outputs, 0, "lines", () =>
            {
                Directory.CreateDirectory(folder);
                var writers = new List<(AtomicOutput Output, StreamWriter Writer, int Column)>();
                try
                {
                    foreach (string language in languages)
                    {
                        AtomicOutput output = AtomicOutput.ForFile(Path.Combine(folder, language + ".txt"));
                        writers.Add((output, new StreamWriter(output.TemporaryPath, false, new UTF8Encoding(false)), entry.Languages.IndexOf(language)));
                    }
                    long lines = 0;
                    foreach (string line in SentenceFile.ReadLines(entry.Tsv!))
                    {
                        string[] columns = line.Split('\t');
                        foreach ((_, StreamWriter writer, int column) in writers) writer.Write(columns[column] + "\n");
                        lines++;
                    }
                    foreach ((AtomicOutput output, StreamWriter writer, _) in writers)
                    {
                        writer.Dispose();
                        output.Commit();
                    }
                    return Task.FromResult<(JsonNode?, string)>((new JsonObject { ["lines"] = lines }, $"{lines} lines split by language"));
                }
                finally
                {
                    foreach ((AtomicOutput output, StreamWriter writer, _) in writers)
                    {
                        writer.Dispose();
                        output.Dispose();
                    }
                }
            }).ConfigureAwait(false);
            foreach (string language in languages) files[language] = Path.Combine(folder, language + ".txt");
        }
        long count = SentenceFile.ReadLines(files[languages[0]]).LongCount();
        return new PreparedCorpus(name, languages, files, count);
    }

    private async Task<string> DictionaryAsync(PreparedCorpus corpus, CancellationToken cancellationToken)
    {
        string fingerprint = Fingerprint("dictionary", StoredTranslations.ToString(CultureInfo.InvariantCulture),
            string.Join("|", corpus.Languages.Select(l => l + ":" + HashFile(corpus.Files[l]))));
        string output = Path.Combine("corpora", corpus.Name, DictionaryFiles.FileName);
        await StageAsync($"dictionary corpus={corpus.Name}", fingerprint, [output], corpus.Languages.Length * (corpus.Languages.Length - 1),
            "directions", async () =>
            {
                var entries = new List<DictionaryEntry>();
                var counts = new JsonObject();
                int done = 0;
                foreach ((string source, string target) in Directions(corpus.Languages))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ParallelCorpus text = ParallelCorpus.FromFiles(corpus.Files[source], corpus.Files[target]);
                    TranslationDictionary d = DictionaryInduction.Build(text, source, target,
                        new DictionaryInductionOptions { NBest = StoredTranslations });
                    entries.AddRange(d.Entries);
                    counts[$"{source}-{target}"] = d.SourceWordCount;
                    _progress.Advanced(++done);
                }
                await DictionaryFiles.WriteAsync(Path.Combine(_folder, output), new TranslationDictionary(entries), cancellationToken)
                    .ConfigureAwait(false);
                return (new JsonObject { ["source_words"] = counts, ["stored_translations"] = StoredTranslations },
                    $"{entries.Count} entries ({StoredTranslations}-best), both directions");
            }).ConfigureAwait(false);
        return fingerprint;
    }

    internal static IEnumerable<(string Source, string Target)> Directions(IReadOnlyList<string> languages)
    {
        foreach (string a in languages)
            foreach (string b in languages)
                if (a != b) yield return (a, b);
    }

    // ------------------------------------------------------------------------------------------ extraction

    /// <summary>One extraction: the encoder over a language, and for t5 the decoder over a target language too.</summary>
    private sealed record ExtractionPass(string Source, string? Target, ExtractionComponents Components)
    {
        public string Name => Target is null ? $"language={Source}" : $"source={Source} target={Target}";
    }

    /// <summary>
    /// Encoders: each language once. t5 (SPEC 1.7): the decoder of each language is taught by one source language (the
    /// corpus's first, or its second for the first language itself), since decoder vectors depend on the source; the
    /// first two passes give both languages' encoder vectors too, and any further language gets an encoder-only pass.
    /// </summary>
    private static IEnumerable<ExtractionPass> Passes(ModelFolder model, string[] languages)
    {
        if (model.Decoder is null)
        {
            foreach (string language in languages) yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
            yield break;
        }
        yield return new ExtractionPass(languages[0], languages[1], ExtractionComponents.Both);
        yield return new ExtractionPass(languages[1], languages[0], ExtractionComponents.Both);
        foreach (string language in languages.Skip(2))
        {
            yield return new ExtractionPass(languages[0], language, ExtractionComponents.Decoder);
            yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
        }
    }

    private async Task<string> ExtractAsync(ModelFolder model, PreparedCorpus corpus, ExtractionPass pass, string where,
        CancellationToken cancellationToken)
    {
        RunSettings o = _description.Options;
        string fingerprint = Fingerprint("extract", HashFolder(model.Folder), HashFile(corpus.Files[pass.Source]), pass.Source,
            pass.Target is null ? "" : pass.Target + ":" + HashFile(corpus.Files[pass.Target]), pass.Components.ToString(),
            _description.Layers is null ? "all" : string.Join(",", _description.Layers), o.Aggregation, o.DecoderPosition);
        string reportFile = Path.Combine(where, pass.Target is null ? $"extract-{pass.Source}.json" : $"extract-{pass.Source}-{pass.Target}.json");
        var outputs = new List<string> { reportFile };
        foreach (ModelGraph graph in model.Graphs)
        {
            bool written = graph.Component == ModelFolder.DecoderComponent
                ? pass.Components is ExtractionComponents.Decoder or ExtractionComponents.Both
                : pass.Components is ExtractionComponents.Encoder or ExtractionComponents.Both;
            if (!written) continue;
            foreach (int layer in LayersOf(graph))
                outputs.Add(Path.Combine(where, ActivationFiles.FolderName, $"component={graph.Component}", $"layer={layer}"));
        }
        await StageAsync($"extract {where} {pass.Name}", fingerprint, outputs, corpus.Lines, "sentences", async () =>
        {
            var options = new ExtractionOptions
            {
                Layers = _description.Layers,
                Aggregation = Enum.Parse<WordAggregation>(o.Aggregation, ignoreCase: true),
                BatchSize = o.BatchSize,
                Device = o.Device,
                IntraOpThreads = o.Threads,
                Components = pass.Components,
                DecoderPosition = Enum.Parse<DecoderPosition>(o.DecoderPosition, ignoreCase: true),
            };
            var progress = new SynchronousProgress(_progress.Advanced);
            string output = Path.Combine(_folder, where);
            ExtractionReport report = pass.Target is null
                ? await ExtractionJob.RunAsync(model.Folder, corpus.Files[pass.Source], pass.Source, output, options, progress, cancellationToken)
                    .ConfigureAwait(false)
                : await ExtractionJob.RunParallelAsync(model.Folder, corpus.Files[pass.Source], pass.Source, corpus.Files[pass.Target],
                    pass.Target, output, options, progress, cancellationToken).ConfigureAwait(false);
            var statistics = new JsonObject();
            if (pass.Components != ExtractionComponents.Decoder)
                statistics["encoder"] = JsonSerializer.SerializeToNode(report.Statistics, ExtractionJob.ReportJson);
            if (report.TargetStatistics is not null)
                statistics["decoder"] = JsonSerializer.SerializeToNode(report.TargetStatistics, ExtractionJob.ReportJson);
            ExtractionStatistics s = report.TargetStatistics ?? report.Statistics;
            return (statistics, string.Join(", ", report.Components.Select(c => $"{c.Component} {c.Language}: {c.WordsKept} words")) +
                $" ({s.WordsDroppedByTokenizer} dropped by the tokenizer, {s.WordsTruncated} past max positions), {report.WordsPerSecond:0} words/s");
        }).ConfigureAwait(false);
        return fingerprint;
    }

    /// <summary>The run's layers of one graph: the requested ones, or all of them.</summary>
    private IReadOnlyList<int> LayersOf(ModelGraph graph) =>
        _description.Layers?.Distinct().Order().ToArray() ?? Enumerable.Range(0, graph.LayerCount).ToArray();

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    // -------------------------------------------------------------------------------------------- concepts

    /// <summary>The stages <see cref="RunAsync(CancellationToken)"/> goes through, as its loops make them (for progress).</summary>
    private int CountStages(IReadOnlyDictionary<string, ModelFolder> models)
    {
        var corpora = _description.SelectedCorpora().ToList();
        int stages = corpora.Count(c => c.Corpus.Tsv is not null) + corpora.Count + 1;   // TSV splits, dictionaries, report
        foreach (ModelEntry entry in _description.Models)
        {
            ModelFolder model = models[entry.Label!];
            foreach ((_, string[] languages) in corpora)
                stages += Passes(model, languages).Count() + model.Graphs.Sum(g => 2 * LayersOf(g).Count()) + 3;   // + concepts, align, overlap
        }
        return stages;
    }

    /// <summary>Per layer: every language on its own and all mixed, then one concepts table for the model and corpus.</summary>
    private async Task<string> ConceptsAsync(ModelFolder model, PreparedCorpus corpus, string where, string extractFingerprints,
        CancellationToken cancellationToken)
    {
        RunSettings o = _description.Options;
        // Encoders have one component; a t5 model has encoder and decoder vectors, clustered separately.
        var parts = new List<(string Concepts, string Fingerprint)>();
        foreach (ModelGraph graph in model.Graphs)
        foreach (int layer in LayersOf(graph))
        {
            string component = graph.Component;
            foreach (bool mixed in new[] { false, true })
            {
                string scope = mixed ? ConceptFiles.MixedScope : "languages";
                string fingerprint = Fingerprint("cluster", extractFingerprints, component, layer.ToString(CultureInfo.InvariantCulture), scope,
                    string.Join(",", corpus.Languages), o.K.ToString(CultureInfo.InvariantCulture), o.Seed.ToString(CultureInfo.InvariantCulture),
                    o.Trainer, o.Restarts.ToString(CultureInfo.InvariantCulture),
                    o.MinFrequency.ToString(CultureInfo.InvariantCulture), o.MaxOccurrences.ToString(CultureInfo.InvariantCulture),
                    o.MaxSentenceWords.ToString(CultureInfo.InvariantCulture));
                string file = Path.Combine(where, "stages", $"concepts-{component}-{layer}-{scope}.parquet");
                string summary = Path.Combine(where, "stages", $"concepts-{component}-{layer}-{scope}_summary.parquet");
                await StageAsync($"cluster {where} component={component} layer={layer} scope={scope}", fingerprint, [file, summary],
                    mixed ? 1 : corpus.Languages.Length, "fits", async () =>
                    {
                        var options = new ConceptDiscoveryOptions
                        {
                            Component = component,
                            Layers = [layer],
                            Scope = mixed ? ConceptFiles.MixedScope : null,
                            Languages = corpus.Languages,
                            Filter = new FrequencyFilterOptions
                            {
                                MinFrequency = o.MinFrequency, MaxOccurrences = o.MaxOccurrences, MaxSentenceWords = o.MaxSentenceWords,
                            },
                            // One fit at a time on every core (the k-means++ trainer's products and sums run in parallel).
                            Clustering = new ConceptClusteringOptions
                            {
                                NumberOfClusters = o.K, Seed = o.Seed, Restarts = o.Restarts,
                                Trainer = o.Trainer == "mlnet" ? ConceptTrainer.MLNet : ConceptTrainer.KMeansPlusPlus,
                                NumberOfThreads = o.Threads == 0 ? null : o.Threads,
                            },
                        };
                        var lines = new ProgressWriter(_progress);
                        ConceptDiscoveryResult result = await ConceptDiscovery.RunAsync(Path.Combine(_folder, where), Path.Combine(_folder, file),
                            Path.Combine(_folder, summary), options, lines, cancellationToken).ConfigureAwait(false);
                        FrequencyFilterStatistics f = result.FilterStatistics;
                        return (JsonSerializer.SerializeToNode(f, ExtractionJob.ReportJson),
                            $"{result.Assignments} vectors kept of {f.WordsSeen} -> {result.Summaries.Count} concepts");
                    }).ConfigureAwait(false);
                parts.Add((file, fingerprint));
            }
        }

        string mergedFingerprint = Fingerprint("concepts", string.Join("|", parts.Select(p => p.Fingerprint)));
        string concepts = Path.Combine(where, ConceptFiles.FileName);
        string summaries = Path.Combine(where, ConceptSummaryFiles.FileName);
        await StageAsync($"concepts {where}", mergedFingerprint, [concepts, summaries], parts.Count, "tables", async () =>
        {
            IEnumerable<ConceptAssignment> Rows()
            {
                int done = 0;
                foreach ((string file, _) in parts)
                {
                    foreach (ConceptAssignment row in Task.Run(() => ConceptFiles.ReadAsync(Path.Combine(_folder, file), cancellationToken))
                                 .GetAwaiter().GetResult())
                        yield return row;
                    _progress.Advanced(++done);
                }
            }
            await ConceptFiles.WriteAsync(Path.Combine(_folder, concepts), Rows(), cancellationToken).ConfigureAwait(false);
            var all = new List<ConceptSummary>();
            foreach ((string file, _) in parts)
                all.AddRange(await ConceptSummaryFiles.ReadAsync(ConceptSummaryFiles.PathBeside(Path.Combine(_folder, file)), cancellationToken)
                    .ConfigureAwait(false));
            await ConceptSummaryFiles.WriteAsync(Path.Combine(_folder, summaries), all, cancellationToken).ConfigureAwait(false);
            return (new JsonObject { ["concepts"] = all.Count }, $"{all.Count} concepts, {string.Join(" and ", model.Graphs.Select(g => g.Component))}");
        }).ConfigureAwait(false);
        return mergedFingerprint;
    }

    /// <summary>Turns the discovery's per-fit lines into progress steps.</summary>
    private sealed class ProgressWriter(IAnalysisProgress progress) : TextWriter
    {
        private long _fits;

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => progress.Advanced(++_fits);
    }

    // --------------------------------------------------------------------------------------------- metrics

    private async Task MetricsAsync(string label, PreparedCorpus corpus, string where, string conceptsFingerprint,
        CancellationToken cancellationToken)
    {
        RunSettings o = _description.Options;
        string conceptsPath = Path.Combine(_folder, where, ConceptFiles.FileName);
        string calignFingerprint = Fingerprint(["align", conceptsFingerprint, corpus.DictionaryFingerprint, o.ThetaA.ToString("R", CultureInfo.InvariantCulture),
            o.Nbest.ToString(CultureInfo.InvariantCulture), o.MinTypes.ToString(CultureInfo.InvariantCulture),
            o.MaxSizeDifference.ToString("R", CultureInfo.InvariantCulture), .. DefinitionParts(o)]);
        string calignPath = Path.Combine(where, MetricFiles.CalignFileName);
        IReadOnlyList<ConceptAssignment>? concepts = null;
        async Task<IReadOnlyList<ConceptAssignment>> Concepts() =>
            concepts ??= await ConceptFiles.ReadAsync(conceptsPath, cancellationToken).ConfigureAwait(false);

        await StageAsync($"align {where}", calignFingerprint, [calignPath], 0, "directions", async () =>
        {
            TranslationDictionary dictionary = await DictionaryFiles.ReadParquetAsync(corpus.DictionaryPath(_folder), cancellationToken)
                .ConfigureAwait(false);
            var rows = await Concepts().ConfigureAwait(false);
            var summary = new List<CalignSummary>();
            var directions = new List<CalignOptions>();
            bool seq2seq = rows.Any(r => r.Component == EncoderComponent) && rows.Any(r => r.Component == DecoderComponent);
            foreach ((string source, string target) in Directions(corpus.Languages))
            {
                // Each component against itself; for encoder-decoder models also source-language encoder concepts
                // against target-language decoder concepts (SPEC 1.7).
                foreach ((string? from, string? to) in seq2seq ? new (string?, string?)[] { (null, null), (EncoderComponent, DecoderComponent) } : [(null, null)])
                {
                    CalignOptions direction = CalignOptionsFor(o, source, target);
                    (direction.SourceComponent, direction.TargetComponent) = (from, to);
                    directions.Add(direction);
                    CalignResult r = Calign.Compute(rows, rows, dictionary.ForLanguages(source, target), direction);
                    summary.AddRange(r.Summary);
                }
            }
            await MetricFiles.WriteCalignAsync(Path.Combine(_folder, calignPath), summary, directions, cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", summary.GroupBy(s => $"{s.SourceLanguage}->{s.TargetLanguage}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Calign):0.#}-{g.Max(s => s.Calign):0.#}%"))));
        }).ConfigureAwait(false);

        string colapFingerprint = Fingerprint(["overlap", conceptsFingerprint, o.ThetaO.ToString("R", CultureInfo.InvariantCulture), o.ColapCount, .. DefinitionParts(o)]);
        string colapPath = Path.Combine(where, MetricFiles.ColapFileName);
        await StageAsync($"overlap {where}", colapFingerprint, [colapPath], 0, "tables", async () =>
        {
            var rows = await Concepts().ConfigureAwait(false);
            ColapResult r = Colap.Compute(rows.Where(c => c.Scope == ConceptFiles.MixedScope), ColapOptionsFor(o));
            await MetricFiles.WriteColapAsync(Path.Combine(_folder, colapPath), r, cancellationToken).ConfigureAwait(false);
            return (null, string.Join(", ", r.Summary.GroupBy(s => $"{s.LanguageA}-{s.LanguageB}")
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Min(s => s.Colap):0.#}-{g.Max(s => s.Colap):0.#}%"))));
        }).ConfigureAwait(false);
    }

    /// <summary>The definition's part of a stage fingerprint: none for the paper's, so runs made before the option resume unchanged.</summary>
    private static string[] DefinitionParts(RunSettings o) => o.Definition == MetricDefinitions.PaperName ? [] : [o.Definition];

    internal static CalignOptions CalignOptionsFor(RunSettings o, string source, string target) => new()
    {
        SourceLanguage = source,
        TargetLanguage = target,
        ThetaA = o.ThetaA,
        NBest = o.Nbest,
        MinTypes = o.MinTypes,
        MaxSizeDifference = o.MaxSizeDifference,
        Definition = MetricDefinitions.Parse(o.Definition, "field 'options.definition'"),
    };

    internal static ColapOptions ColapOptionsFor(RunSettings o) => new()
    {
        ThetaO = o.ThetaO,
        Count = o.ColapCount == "types" ? ColapCount.Types : ColapCount.Occurrences,
        Definition = MetricDefinitions.Parse(o.Definition, "field 'options.definition'"),
    };

    // ---------------------------------------------------------------------------------------------- stages

    /// <summary>Runs a stage unless its record matches; then saves its record in <c>run.json</c>.</summary>
    private async Task StageAsync(string name, string fingerprint, IReadOnlyList<string> outputs, long total, string unit,
        Func<Task<(JsonNode? Statistics, string Summary)>> work)
    {
        _planned.Add(name);
        if (_record.Stages.TryGetValue(name, out StageRecord? done) && done.Fingerprint == fingerprint
            && outputs.All(o => File.Exists(Path.Combine(_folder, o)) || Directory.Exists(Path.Combine(_folder, o))))
        {
            _progress.Skipped(name);
            return;
        }
        _record.Stages.Remove(name);
        _record.Save(_folder);
        _progress.Started(name, total, unit);
        var clock = Stopwatch.StartNew();
        (JsonNode? statistics, string summary) = await work().ConfigureAwait(false);
        _record.Stages[name] = new StageRecord
        {
            Fingerprint = fingerprint,
            Outputs = outputs.ToList(),
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Finished = DateTimeOffset.UtcNow,
            Statistics = statistics,
        };
        _record.Save(_folder);
        _progress.Finished(summary);
    }

    private static string Fingerprint(params string[] parts)
    {
        string text = string.Join("\n", parts.Prepend(ToolInfo.NameAndVersion));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private string HashFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (_fileHashes.TryGetValue(full, out string? hash)) return hash;
        using FileStream stream = File.OpenRead(full);
        return _fileHashes[full] = Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Every file of a model folder (graphs, tokenizer, model.json): a re-export changes the hash.</summary>
    private string HashFolder(string folder) =>
        string.Join(",", Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + ":" + HashFile(f)));

    /// <summary>
    /// The run's inputs (model folders, corpus files) against what it writes: nothing the run replaces may be an input,
    /// and the run folder may not lie inside a model folder.
    /// </summary>
    private void CheckFileRoles(IReadOnlyDictionary<string, ModelFolder> models)
    {
        var roles = new FileRoles();
        foreach ((string label, ModelFolder model) in models) roles.Input($"model '{label}'", model.Folder);
        foreach (CorpusEntry corpus in _description.Corpus)
        {
            if (corpus.Tsv is not null) roles.Input("corpus file", corpus.Tsv);
            foreach (string file in corpus.Files ?? []) roles.Input("corpus file", file);
        }
        roles.Output("run folder", Path.Combine(_folder, RunRecord.FileName)).Output("run folder", Path.Combine(_folder, "report.html"))
            .Output("run folder", Path.Combine(_folder, "corpora"), folder: true);
        foreach (string label in models.Keys) roles.Output("run folder", Path.Combine(_folder, $"model={label}"), folder: true);
        roles.Check();
    }
}
