using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Reporting;

/// <summary>
/// Every number the report shows, typed, read and computed once from a run folder (<see cref="LoadAsync"/>): the
/// tables as stored, plus what the report recomputes from the stored concepts (word clouds, lexical counts,
/// threshold sweeps). <see cref="ReportHtml"/> only lays it out.
/// </summary>
/// <param name="Tool">The tool and version that made the run.</param>
/// <param name="Models">The run's models, in the run's order.</param>
/// <param name="Corpora">The run's corpora (names).</param>
/// <param name="Options">The run's settings.</param>
/// <param name="Seeds">K-means seeds per value (the most of any CALIGN summary row; the run's setting when there is none).</param>
/// <param name="CalignSummary">CALIGN over seeds: mean, interval, counts and chance level (calign_summary.parquet), every K.</param>
/// <param name="Calign">CALIGN per seed (calign.parquet).</param>
/// <param name="ColapSummary">COLAP over seeds: mean, interval and language-blind level (colap_summary.parquet), every K.</param>
/// <param name="Colap">COLAP per seed (colap.parquet).</param>
/// <param name="Comparisons">Model differences with their intervals (comparisons.parquet), every K.</param>
/// <param name="Concepts">Per corpus (run order) and model (run order) that has concepts: clouds, lexical counts and sweeps.</param>
/// <param name="Extraction">The extraction stages' statistics.</param>
/// <param name="Filtering">The clustering stages' frequency-filter statistics.</param>
internal sealed record ReportData(string Tool, IReadOnlyList<ModelEntry> Models, IReadOnlyList<string> Corpora, RunSettings Options, int Seeds,
    IReadOnlyList<RunCalignSummary> CalignSummary, IReadOnlyList<RunCalign> Calign, IReadOnlyList<RunColapSummary> ColapSummary,
    IReadOnlyList<RunColap> Colap, IReadOnlyList<ModelDifference> Comparisons, IReadOnlyList<ModelConcepts> Concepts,
    IReadOnlyList<ExtractedWordCounts> Extraction, IReadOnlyList<KeptWordCounts> Filtering)
{
    /// <summary>The K the report's figures show: the first of the run's <c>k</c>.</summary>
    public int HeadlineK => Options.K[0];

    /// <summary>The models' labels, in the run's order (a model's colour is its place here).</summary>
    public IReadOnlyList<string> ModelLabels => Models.Select(m => m.Label!).ToArray();

    /// <summary>Reads the run folder's tables and computes what the report recomputes from its concepts.</summary>
    public static async Task<ReportData> LoadAsync(RunFolder run, CancellationToken cancellationToken = default)
    {
        RunSettings o = run.Description.Options;
        IReadOnlyList<RunCalign> calign = await run.CalignAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RunColap> colap = await run.ColapAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RunCalignSummary> calignSummary = await run.CalignSummaryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RunColapSummary> colapSummary = await run.ColapSummaryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ModelDifference> comparisons = await run.ComparisonsAsync(cancellationToken).ConfigureAwait(false);
        int seeds = calignSummary.Select(r => r.Row.Seeds).DefaultIfEmpty(o.Seeds).Max();

        var concepts = new List<ModelConcepts>();
        foreach (string corpus in run.Corpora)
        {
            // The dictionary and the function words are the corpus's, shared by its models.
            TranslationDictionary dictionary = await run.DictionaryAsync(corpus, cancellationToken).ConfigureAwait(false);
            FrequentWords frequent = FrequentWords.FromCorpus(run.CorpusFiles(corpus));
            foreach (string model in run.Models)
                if (await ModelConceptsLoader.LoadAsync(run, model, corpus, dictionary, frequent, cancellationToken).ConfigureAwait(false) is { } shown)
                    concepts.Add(shown);
        }

        return new ReportData(run.Record.Tool, run.Description.Models, run.Corpora, o, seeds, calignSummary, calign, colapSummary, colap, comparisons,
            concepts, StageStatistics.Extraction(run.Record), StageStatistics.Filtering(run.Record));
    }
}
