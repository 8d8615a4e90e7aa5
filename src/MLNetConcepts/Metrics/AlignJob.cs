using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Metrics;

/// <summary>
/// The CALIGN stage from files to <c>calign.parquet</c>: one direction between two concepts files (the
/// <c>align</c> command), or every direction of a run's concepts table (<c>analyze</c>).
/// </summary>
public static class AlignJob
{
    private const string EncoderComponent = "encoder";
    private const string DecoderComponent = "decoder";

    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static CalignResult Run(string sourceConcepts, string targetConcepts, string dictionary, string outputPath, CalignOptions options,
        int conceptXLayer = 0, UncertaintyOptions? uncertainty = null) =>
        Synchronously.Run(() => RunAsync(sourceConcepts, targetConcepts, dictionary, outputPath, options, conceptXLayer, uncertainty));

    /// <summary>
    /// CALIGN of <see cref="CalignOptions.SourceLanguage"/> concepts in <paramref name="sourceConcepts"/> against
    /// <see cref="CalignOptions.TargetLanguage"/> concepts in <paramref name="targetConcepts"/> (may be the same file),
    /// written to <paramref name="outputPath"/>.
    /// </summary>
    /// <param name="sourceConcepts">A concepts table, or a ConceptX cluster file read as the source language's concepts.</param>
    /// <param name="targetConcepts">A concepts table, or a ConceptX cluster file read as the target language's concepts.</param>
    /// <param name="dictionary">Any dictionary <see cref="DictionaryFiles.LoadAsync"/> reads.</param>
    /// <param name="outputPath">The CALIGN table to write.</param>
    /// <param name="options">Languages, components and thresholds.</param>
    /// <param name="conceptXLayer">The layer recorded for ConceptX cluster files (they do not say).</param>
    /// <param name="uncertainty">Chance draws and bootstrap replicates; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels reading and writing; the output is written only when complete.</param>
    /// <remarks>The summary over seeds (<see cref="SeedSummaries.Calign"/>) is written beside the output (<see cref="SummaryFiles.PathBeside"/>).</remarks>
    public static async Task<CalignResult> RunAsync(string sourceConcepts, string targetConcepts, string dictionary, string outputPath,
        CalignOptions options, int conceptXLayer = 0, UncertaintyOptions? uncertainty = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        uncertainty ??= new UncertaintyOptions();
        uncertainty.Validate();
        TranslationDictionary translations = await DictionaryFiles.LoadAsync(dictionary, options.SourceLanguage, options.TargetLanguage,
            cancellationToken).ConfigureAwait(false);
        string sourceComponent = options.SourceComponent ?? EncoderComponent;
        IReadOnlyList<ConceptAssignment> source = await ReadConceptsAsync(sourceConcepts, options.SourceLanguage, sourceComponent,
            conceptXLayer, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ConceptAssignment> target = targetConcepts == sourceConcepts && !ConceptXFiles.IsText(sourceConcepts)
            ? source
            : await ReadConceptsAsync(targetConcepts, options.TargetLanguage, options.TargetComponent ?? sourceComponent, conceptXLayer,
                cancellationToken).ConfigureAwait(false);
        RequireScope(source, sourceConcepts, options.SourceLanguage, options.SourceComponent);
        RequireScope(target, targetConcepts, options.TargetLanguage, options.TargetComponent);

        CalignResult result = Calign.Compute(source, target, translations, options, uncertainty.ChanceDraws, cancellationToken);
        if (result.Summary.Count == 0)
            throw new MLNetConceptsException(
                $"{targetConcepts}: no layer of a component with scope '{options.TargetLanguage}' matches a layer with scope '{options.SourceLanguage}' in {sourceConcepts}");
        await WriteAsync(outputPath, result.Summary, result.ChanceDraws, [options], uncertainty, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Synchronous <see cref="RunAllDirectionsAsync"/>.</summary>
    public static IReadOnlyList<CalignSummary> RunAllDirections(string concepts, string dictionary, string outputPath,
        IReadOnlyList<string> languages, CalignOptions thresholds, UncertaintyOptions? uncertainty = null) =>
        Synchronously.Run(() => RunAllDirectionsAsync(concepts, dictionary, outputPath, languages, thresholds, uncertainty));

    /// <summary>
    /// CALIGN of every direction of <paramref name="languages"/> (<see cref="TranslationDirections.Of"/>) over one
    /// concepts table: each component against itself, and for an encoder-decoder table also source-language encoder
    /// concepts against target-language decoder concepts. Every direction's options are recorded.
    /// </summary>
    /// <param name="concepts">A concepts table holding a scope per language.</param>
    /// <param name="dictionary">A <c>dictionary.parquet</c> holding every direction.</param>
    /// <param name="outputPath">The CALIGN table to write.</param>
    /// <param name="languages">The languages to pair.</param>
    /// <param name="thresholds">Thresholds and definition; its languages and components are set per direction.</param>
    /// <param name="uncertainty">Chance draws and bootstrap replicates; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels reading and writing; the output is written only when complete.</param>
    /// <remarks>The summary over seeds is written beside the output (<see cref="SummaryFiles.PathBeside"/>).</remarks>
    public static async Task<IReadOnlyList<CalignSummary>> RunAllDirectionsAsync(string concepts, string dictionary, string outputPath,
        IReadOnlyList<string> languages, CalignOptions thresholds, UncertaintyOptions? uncertainty = null, CancellationToken cancellationToken = default)
    {
        uncertainty ??= new UncertaintyOptions();
        uncertainty.Validate();
        TranslationDictionary translations = await DictionaryFiles.ReadParquetAsync(dictionary, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ConceptAssignment> rows = await ConceptFiles.ReadAsync(concepts, cancellationToken).ConfigureAwait(false);
        var summary = new List<CalignSummary>();
        var draws = new List<double[]>();
        var directions = new List<CalignOptions>();
        bool seq2seq = rows.Any(r => r.Component == EncoderComponent) && rows.Any(r => r.Component == DecoderComponent);
        (string?, string?)[] pairings = seq2seq ? [(null, null), (EncoderComponent, DecoderComponent)] : [(null, null)];
        foreach ((string source, string target) in TranslationDirections.Of(languages))
        {
            foreach ((string? from, string? to) in pairings)
            {
                CalignOptions direction = thresholds.Clone();
                (direction.SourceLanguage, direction.TargetLanguage) = (source, target);
                (direction.SourceComponent, direction.TargetComponent) = (from, to);
                directions.Add(direction);
                cancellationToken.ThrowIfCancellationRequested();
                CalignResult result = Calign.Compute(rows, rows, translations.ForLanguages(source, target), direction, uncertainty.ChanceDraws, cancellationToken);
                summary.AddRange(result.Summary);
                draws.AddRange(result.ChanceDraws);
            }
        }
        await WriteAsync(outputPath, summary, draws, directions, uncertainty, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>The per-seed table and, beside it, its summary over seeds (written first, so the per-seed table marks completion).</summary>
    private static async Task WriteAsync(string outputPath, IReadOnlyList<CalignSummary> rows, IReadOnlyList<double[]> draws,
        IReadOnlyList<CalignOptions> directions, UncertaintyOptions uncertainty, CancellationToken cancellationToken)
    {
        var record = new Dictionary<string, string>(CalignOptions.ToRecord(directions));
        foreach ((string key, string value) in uncertainty.ToRecord()) record[key] = value;
        await SummaryFiles.WriteAsync(SummaryFiles.PathBeside(outputPath), SeedSummaries.Calign(rows, draws, uncertainty.Bootstrap), record, cancellationToken)
            .ConfigureAwait(false);
        await MetricFiles.WriteCalignAsync(outputPath, rows, directions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A concepts table, or a ConceptX cluster file read as one language's concepts of one layer.</summary>
    private static async Task<IReadOnlyList<ConceptAssignment>> ReadConceptsAsync(string path, string language, string component, int layer,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new MLNetConceptsException($"{path}: file not found");
        if (!ConceptXFiles.IsText(path)) return await ConceptFiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return ConceptXFiles.ReadAssignments(path, new ConceptXReadOptions { Component = component, Layer = layer, Languages = [language] });
    }

    private static void RequireScope(IReadOnlyList<ConceptAssignment> rows, string file, string scope, string? component)
    {
        if (!rows.Any(r => r.Scope == scope && (component is null || r.Component == component)))
            throw new MLNetConceptsException($"{file}: no concepts with scope '{scope}'{(component is null ? "" : $" in component '{component}'")}");
    }
}
