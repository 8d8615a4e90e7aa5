using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// Where each file of a run folder lies, relative to the folder: the one layout <c>analyze</c> writes and every reader
/// (<see cref="RunFolder"/>, the report, the explorer, <c>export</c>, the command line) reads. Hive-style
/// (<c>model=&lt;label&gt;/corpus=&lt;corpus&gt;</c>), so DuckDB, Spark and pyarrow read model and corpus as columns:
/// <code>
/// run.json, plan.json, report.html, explorer/, comparisons.parquet
/// corpora/&lt;corpus&gt;/dictionary.parquet                    (and &lt;language&gt;.txt when the corpus is a TSV file)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/kept.parquet, kept.json      (the frequency filter decided from the text)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/activations/..., extract-&lt;language&gt;.json
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/stages/...                  (per-layer concepts the tables are merged from)
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/concepts.parquet, concept_summary.parquet
/// model=&lt;label&gt;/corpus=&lt;corpus&gt;/calign.parquet, colap.parquet and their _summary.parquet
/// </code>
/// </summary>
public static class RunLayout
{
    /// <summary>The run's record of stages, fingerprints and statistics.</summary>
    public const string Record = RunRecord.FileName;

    /// <summary>The stage graph <c>analyze --plan</c> writes.</summary>
    public const string Plan = "plan.json";

    /// <summary>The report.</summary>
    public const string Report = "report.html";

    /// <summary>The explorer's folder.</summary>
    public const string Explorer = "explorer";

    /// <summary>The explorer's page.</summary>
    public static string ExplorerPage => Path.Combine(Explorer, "index.html");

    /// <summary>Model pairs compared: b − a with intervals.</summary>
    public const string Comparisons = SummaryFiles.ComparisonsFileName;

    /// <summary>The folder of the corpora's dictionaries (and split TSV corpora).</summary>
    public const string Corpora = "corpora";

    /// <summary>A corpus's dictionary.</summary>
    public static string Dictionary(string corpus) => Path.Combine(Corpora, corpus, DictionaryFiles.FileName);

    /// <summary>One language's side of a TSV corpus, split into a line-aligned file.</summary>
    public static string CorpusText(string corpus, string language) => Path.Combine(Corpora, corpus, language + ".txt");

    /// <summary>The folder of everything one model wrote (<c>model=&lt;label&gt;</c>).</summary>
    public static string Model(string model) => $"model={model}";

    /// <summary>The folder of one model and corpus (<c>model=&lt;label&gt;/corpus=&lt;corpus&gt;</c>).</summary>
    public static string Part(string model, string corpus) => Path.Combine(Model(model), $"corpus={corpus}");

    /// <summary>A model and corpus's activations folder.</summary>
    public static string Activations(string model, string corpus) => Path.Combine(Part(model, corpus), ActivationFiles.FolderName);

    /// <summary>One extraction's part of one layer folder.</summary>
    public static string ActivationPart(string model, string corpus, string component, int layer, string language, SentenceRange shard) =>
        Path.Combine(Activations(model, corpus), $"component={component}", $"layer={layer}", ActivationWriter.PartName(language, shard));

    /// <summary>One extraction's report (its statistics).</summary>
    public static string ExtractionReport(string model, string corpus, string source, string? target, SentenceRange shard) =>
        Path.Combine(Part(model, corpus), ExtractionJob.ReportFileName(source, target, shard));

    /// <summary>The occurrences the frequency filter keeps, decided from the text.</summary>
    public static string Kept(string model, string corpus) => Path.Combine(Part(model, corpus), KeptOccurrences.FileName);

    /// <summary>The frequency filter's counts over the corpus.</summary>
    public static string KeptStatistics(string model, string corpus) => Path.Combine(Part(model, corpus), KeptOccurrences.StatisticsFileName);

    /// <summary>One (component, layer, scope)'s concepts, from which the model and corpus's table is merged.</summary>
    public static string LayerConcepts(string model, string corpus, string component, int layer, string scope) =>
        Path.Combine(Part(model, corpus), "stages", $"concepts-{component}-{layer}-{scope}.parquet");

    /// <summary>The concept summary beside <see cref="LayerConcepts"/>.</summary>
    public static string LayerConceptSummary(string model, string corpus, string component, int layer, string scope) =>
        Path.Combine(Part(model, corpus), "stages", $"concepts-{component}-{layer}-{scope}_summary.parquet");

    /// <summary>A model and corpus's concepts table.</summary>
    public static string Concepts(string model, string corpus) => Path.Combine(Part(model, corpus), ConceptFiles.FileName);

    /// <summary>A model and corpus's concept summary table.</summary>
    public static string ConceptSummary(string model, string corpus) => Path.Combine(Part(model, corpus), ConceptSummaryFiles.FileName);

    /// <summary>CALIGN per clustering.</summary>
    public static string Calign(string model, string corpus) => Path.Combine(Part(model, corpus), MetricFiles.CalignFileName);

    /// <summary>CALIGN over seeds, with intervals.</summary>
    public static string CalignSummary(string model, string corpus) => SummaryFiles.PathBeside(Calign(model, corpus));

    /// <summary>COLAP per clustering.</summary>
    public static string Colap(string model, string corpus) => Path.Combine(Part(model, corpus), MetricFiles.ColapFileName);

    /// <summary>COLAP over seeds, with intervals.</summary>
    public static string ColapSummary(string model, string corpus) => SummaryFiles.PathBeside(Colap(model, corpus));
}
