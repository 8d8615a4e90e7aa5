using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// The COLAP stage from a concepts file to <c>colap.parquet</c>, for the <c>overlap</c> command and
/// <c>analyze</c> alike.
/// </summary>
public static class OverlapJob
{
    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static ColapResult Run(string concepts, string outputPath, ColapOptions options, ConceptXReadOptions? conceptX = null,
        UncertaintyOptions? uncertainty = null) =>
        Synchronously.Run(() => RunAsync(concepts, outputPath, options, conceptX, uncertainty));

    /// <summary>COLAP of every (component, layer) of <paramref name="concepts"/> in <see cref="ColapOptions.Scope"/>, written to <paramref name="outputPath"/>.</summary>
    /// <param name="concepts">A concepts table, or a ConceptX cluster file (then <paramref name="conceptX"/> says how to read it).</param>
    /// <param name="outputPath">The COLAP table to write.</param>
    /// <param name="options">Threshold, count, scope and languages.</param>
    /// <param name="conceptX">For a ConceptX cluster file: its component, layer, two languages and sentence threshold.</param>
    /// <param name="uncertainty">Language-blind draws and bootstrap replicates; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels reading and writing; the output is written only when complete.</param>
    /// <remarks>The summary over seeds (<see cref="SeedSummaries.Colap"/>) is written beside the output (<see cref="SummaryFiles.PathBeside"/>).</remarks>
    public static async Task<ColapResult> RunAsync(string concepts, string outputPath, ColapOptions options, ConceptXReadOptions? conceptX = null,
        UncertaintyOptions? uncertainty = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        uncertainty ??= new UncertaintyOptions();
        uncertainty.Validate();
        if (!File.Exists(concepts)) throw new MLNetConceptsException($"{concepts}: file not found");
        IReadOnlyList<ConceptAssignment> rows;
        if (ConceptXFiles.IsText(concepts))
        {
            if (conceptX is null)
                throw new MLNetConceptsException($"{concepts}: is a ConceptX cluster file; reading it needs its languages and sentence threshold ({nameof(ConceptXReadOptions)})");
            rows = ConceptXFiles.ReadAssignments(concepts, conceptX);
        }
        else
        {
            rows = await ConceptFiles.ReadAsync(concepts, cancellationToken).ConfigureAwait(false);
        }
        if (!rows.Any(r => r.Scope == options.Scope))
            throw new MLNetConceptsException($"{concepts}: no concepts with scope '{options.Scope}'");
        ColapResult result = Colap.Compute(rows, options, uncertainty.ChanceDraws, cancellationToken);
        var record = new Dictionary<string, string>(options.ToRecord());
        foreach ((string key, string value) in uncertainty.ToRecord()) record[key] = value;
        // The summary first, so the per-seed table (what a resume checks) is written last.
        await SummaryFiles.WriteAsync(SummaryFiles.PathBeside(outputPath), SeedSummaries.Colap(result.Summary, result.LanguageBlindDraws, uncertainty.Bootstrap),
            record, cancellationToken).ConfigureAwait(false);
        await MetricFiles.WriteColapAsync(outputPath, result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
