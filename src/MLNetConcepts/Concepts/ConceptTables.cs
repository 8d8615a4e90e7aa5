using MLNetConcepts.Storage;

namespace MLNetConcepts.Concepts;

/// <summary>Concepts tables made by several discoveries (e.g. one per layer and scope), joined into one.</summary>
public static class ConceptTables
{
    /// <summary>Synchronous <see cref="MergeAsync"/>.</summary>
    public static int Merge(IReadOnlyList<string> parts, string conceptsPath, string summaryPath, IProgress<long>? progress = null) =>
        Synchronously.Run(() => MergeAsync(parts, conceptsPath, summaryPath, progress));

    /// <summary>
    /// Writes the rows of every concepts table in <paramref name="parts"/>, in order, to <paramref name="conceptsPath"/>
    /// and their summaries (each part's <see cref="ConceptSummaryFiles.PathBeside"/>) to <paramref name="summaryPath"/>;
    /// returns the number of concepts. <paramref name="progress"/> receives the parts copied.
    /// </summary>
    public static async Task<int> MergeAsync(IReadOnlyList<string> parts, string conceptsPath, string summaryPath,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        // Rows stream part by part, so the merged table never needs every part in memory at once.
        async IAsyncEnumerable<ConceptAssignment> RowsAsync()
        {
            long done = 0;
            foreach (string part in parts)
            {
                foreach (ConceptAssignment row in await ConceptFiles.ReadAsync(part, cancellationToken).ConfigureAwait(false))
                    yield return row;
                progress?.Report(++done);
            }
        }
        await ConceptFiles.WriteAsync(conceptsPath, RowsAsync(), cancellationToken).ConfigureAwait(false);
        var all = new List<ConceptSummary>();
        foreach (string part in parts)
            all.AddRange(await ConceptSummaryFiles.ReadAsync(ConceptSummaryFiles.PathBeside(part), cancellationToken).ConfigureAwait(false));
        await ConceptSummaryFiles.WriteAsync(summaryPath, all, cancellationToken).ConfigureAwait(false);
        return all.Count;
    }
}
