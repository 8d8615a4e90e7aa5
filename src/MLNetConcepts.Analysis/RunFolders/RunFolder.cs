using Microsoft.Data.Analysis;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.RunFolders;

/// <summary>A CALIGN row of a run, with the model and corpus it belongs to.</summary>
public sealed record RunCalign(string Model, string Corpus, CalignSummary Row);

/// <summary>A COLAP row of a run, with the model and corpus it belongs to.</summary>
public sealed record RunColap(string Model, string Corpus, ColapSummary Row);

/// <summary>A row of a run's CALIGN summary over seeds, with the model and corpus it belongs to.</summary>
public sealed record RunCalignSummary(string Model, string Corpus, CalignAcrossSeeds Row);

/// <summary>A row of a run's COLAP summary over seeds, with the model and corpus it belongs to.</summary>
public sealed record RunColapSummary(string Model, string Corpus, ColapAcrossSeeds Row);

/// <summary>
/// A finished (or partly finished) <c>analyze</c> run folder, opened for notebooks and the report: its record, and
/// typed rows and DataFrames over its tables.
/// </summary>
/// <example>
/// <code>
/// RunFolder run = RunFolder.Open("runs/demo");
/// DataFrame calign = await run.CalignDataFrameAsync();   // model, corpus + the calign table's columns
/// var concepts = await run.ConceptsAsync("fine-tuned", "en-de-fr");
/// </code>
/// </example>
public sealed class RunFolder
{
    private RunFolder(string folder, RunRecord record)
    {
        Folder = folder;
        Record = record;
    }

    /// <summary>The run folder's full path.</summary>
    public string Folder { get; }

    /// <summary>The run's <c>run.json</c>, as read when the folder was opened.</summary>
    public RunRecord Record { get; }

    /// <summary>The run description recorded in <c>run.json</c>.</summary>
    public RunDescription Description => Record.Description;

    /// <summary>Model labels, in the description's order.</summary>
    public IReadOnlyList<string> Models => Description.Models.Select(m => m.Label!).ToArray();

    /// <summary>Corpus names (languages joined by '-'), in the description's order.</summary>
    public IReadOnlyList<string> Corpora => Description.SelectedCorpora().Select(c => string.Join("-", c.Languages)).ToArray();

    /// <summary>Languages of a corpus of the run, as the description lists them (codes may hold '-', e.g. zh-Hans).</summary>
    public IReadOnlyList<string> LanguagesOf(string corpus) =>
        Description.SelectedCorpora().Select(c => c.Languages).FirstOrDefault(l => string.Join("-", l) == corpus)?.ToArray()
        ?? throw new ArgumentException($"corpus '{corpus}' is not one of this run's ({string.Join(", ", Corpora)})", nameof(corpus));

    /// <summary>The description's entry for the model labelled <paramref name="label"/>; throws <see cref="InvalidOperationException"/> when no model has that label.</summary>
    public ModelEntry Model(string label) => Description.Models.Single(m => m.Label == label);

    /// <summary>Opens a run folder; it needs <c>run.json</c>.</summary>
    public static RunFolder Open(string folder)
    {
        RunRecord record = RunRecord.TryLoad(folder)
            ?? throw new MLNetConceptsException($"{folder}: not a run folder (no {RunRecord.FileName})");
        return new RunFolder(Path.GetFullPath(folder), record);
    }

    /// <summary>The folder of one model and corpus (<c>model=&lt;label&gt;/corpus=&lt;corpus&gt;</c>).</summary>
    public string PartFolder(string model, string corpus) => Path.Combine(Folder, RunLayout.Part(model, corpus));

    /// <summary>Where the run keeps <paramref name="corpus"/>'s dictionary: <c>corpora/&lt;corpus&gt;/dictionary.parquet</c>.</summary>
    public string DictionaryPath(string corpus) => Path.Combine(Folder, RunLayout.Dictionary(corpus));

    /// <summary>
    /// The sentence file of each language of <paramref name="corpus"/>: the description's files, or the run's
    /// <c>corpora/&lt;corpus&gt;/&lt;language&gt;.txt</c> when the corpus came as a TSV file. Sentence ids are their line numbers.
    /// </summary>
    public IReadOnlyDictionary<string, string> CorpusFiles(string corpus)
    {
        IReadOnlyList<string> languages = LanguagesOf(corpus);
        CorpusEntry entry = Description.SelectedCorpora().First(c => string.Join("-", c.Languages) == corpus).Corpus;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string language in languages)
        {
            int at = entry.Languages.IndexOf(language);
            files[language] = entry.Files is not null && at >= 0 ? entry.Files[at] : Path.Combine(Folder, RunLayout.CorpusText(corpus, language));
        }
        return files;
    }

    /// <summary>Synchronous <see cref="CalignAsync"/>.</summary>
    public IReadOnlyList<RunCalign> Calign() => Synchronously.Run(() => CalignAsync());

    /// <summary>Synchronous <see cref="ColapAsync"/>.</summary>
    public IReadOnlyList<RunColap> Colap() => Synchronously.Run(() => ColapAsync());

    /// <summary>Synchronous <see cref="CalignDataFrameAsync"/>.</summary>
    public DataFrame CalignDataFrame() => Synchronously.Run(() => CalignDataFrameAsync());

    /// <summary>Synchronous <see cref="ColapDataFrameAsync"/>.</summary>
    public DataFrame ColapDataFrame() => Synchronously.Run(() => ColapDataFrameAsync());

    /// <summary>Synchronous <see cref="ConceptsAsync"/>.</summary>
    public IReadOnlyList<ConceptAssignment> Concepts(string model, string corpus) => Synchronously.Run(() => ConceptsAsync(model, corpus));

    /// <summary>Every CALIGN row of the run with its model and corpus; a (model, corpus) without <c>calign.parquet</c> contributes none.</summary>
    public async Task<IReadOnlyList<RunCalign>> CalignAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<RunCalign>();
        foreach ((string model, string corpus, string path) in Parts(RunLayout.Calign))
            foreach (CalignSummary row in await MetricFiles.ReadCalignAsync(path, cancellationToken).ConfigureAwait(false))
                rows.Add(new RunCalign(model, corpus, row));
        return rows;
    }

    /// <summary>Every COLAP row of the run with its model and corpus; a (model, corpus) without <c>colap.parquet</c> contributes none.</summary>
    public async Task<IReadOnlyList<RunColap>> ColapAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<RunColap>();
        foreach ((string model, string corpus, string path) in Parts(RunLayout.Colap))
            foreach (ColapSummary row in await MetricFiles.ReadColapAsync(path, cancellationToken).ConfigureAwait(false))
                rows.Add(new RunColap(model, corpus, row));
        return rows;
    }

    /// <summary>Every row of the CALIGN summaries over seeds (<c>calign_summary.parquet</c>) with its model and corpus.</summary>
    public async Task<IReadOnlyList<RunCalignSummary>> CalignSummaryAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<RunCalignSummary>();
        foreach ((string model, string corpus, string path) in Parts(RunLayout.CalignSummary))
            foreach (CalignAcrossSeeds row in await SummaryFiles.ReadAsync<CalignAcrossSeeds>(path, cancellationToken).ConfigureAwait(false))
                rows.Add(new RunCalignSummary(model, corpus, row));
        return rows;
    }

    /// <summary>Every row of the COLAP summaries over seeds (<c>colap_summary.parquet</c>) with its model and corpus.</summary>
    public async Task<IReadOnlyList<RunColapSummary>> ColapSummaryAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<RunColapSummary>();
        foreach ((string model, string corpus, string path) in Parts(RunLayout.ColapSummary))
            foreach (ColapAcrossSeeds row in await SummaryFiles.ReadAsync<ColapAcrossSeeds>(path, cancellationToken).ConfigureAwait(false))
                rows.Add(new RunColapSummary(model, corpus, row));
        return rows;
    }

    /// <summary>The run's model comparisons (<c>comparisons.parquet</c>); none when the run compares no models.</summary>
    public async Task<IReadOnlyList<ModelDifference>> ComparisonsAsync(CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(Folder, RunLayout.Comparisons);
        return File.Exists(path) ? await SummaryFiles.ReadAsync<ModelDifference>(path, cancellationToken).ConfigureAwait(false) : [];
    }

    /// <summary>Every CALIGN row of the run: <c>model</c>, <c>corpus</c>, then the calign table's columns.</summary>
    public async Task<DataFrame> CalignDataFrameAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RunCalign> rows = await CalignAsync(cancellationToken).ConfigureAwait(false);
        DataFrame frame = MetricFrames.CalignSummary(rows.Select(r => r.Row).ToArray());
        return WithRunColumns(frame, rows.Select(r => r.Model), rows.Select(r => r.Corpus));
    }

    /// <summary>Every COLAP row of the run: <c>model</c>, <c>corpus</c>, then the colap table's columns.</summary>
    public async Task<DataFrame> ColapDataFrameAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RunColap> rows = await ColapAsync(cancellationToken).ConfigureAwait(false);
        DataFrame frame = MetricFrames.ColapSummary(rows.Select(r => r.Row).ToArray());
        return WithRunColumns(frame, rows.Select(r => r.Model), rows.Select(r => r.Corpus));
    }

    /// <summary>Reads the concepts table of one model and corpus (every component, layer and scope).</summary>
    public Task<IReadOnlyList<ConceptAssignment>> ConceptsAsync(string model, string corpus, CancellationToken cancellationToken = default) =>
        ConceptFiles.ReadAsync(Path.Combine(Folder, RunLayout.Concepts(model, corpus)), cancellationToken);

    /// <summary>Reads the concept summary table of one model and corpus.</summary>
    public Task<IReadOnlyList<ConceptSummary>> ConceptSummariesAsync(string model, string corpus, CancellationToken cancellationToken = default) =>
        ConceptSummaryFiles.ReadAsync(Path.Combine(Folder, RunLayout.ConceptSummary(model, corpus)), cancellationToken);

    /// <summary>The corpus's dictionary, every direction, as many best per word as the run stored (<c>analyze</c>: 20).</summary>
    public Task<TranslationDictionary> DictionaryAsync(string corpus, CancellationToken cancellationToken = default) =>
        DictionaryFiles.ReadParquetAsync(DictionaryPath(corpus), cancellationToken);

    /// <summary>Every model and corpus's <paramref name="file"/> (a <see cref="RunLayout"/> path) that exists.</summary>
    private IEnumerable<(string Model, string Corpus, string Path)> Parts(Func<string, string, string> file)
    {
        foreach (string model in Models)
            foreach (string corpus in Corpora)
            {
                string path = Path.Combine(Folder, file(model, corpus));
                if (File.Exists(path)) yield return (model, corpus, path);
            }
    }

    private static DataFrame WithRunColumns(DataFrame frame, IEnumerable<string> models, IEnumerable<string> corpora)
    {
        frame.Columns.Insert(0, new StringDataFrameColumn("corpus", corpora));
        frame.Columns.Insert(0, new StringDataFrameColumn("model", models));
        return frame;
    }
}
