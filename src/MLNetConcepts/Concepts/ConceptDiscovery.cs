using System.Diagnostics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Concepts;

/// <summary>What a discovery run did: the filter's statistics, the scopes and the per-concept summaries.</summary>
public sealed record ConceptDiscoveryResult(
    string Component,
    IReadOnlyList<int> Layers,
    IReadOnlyList<string> Scopes,
    FrequencyFilterStatistics FilterStatistics,
    IReadOnlyList<ConceptSummary> Summaries,
    long Assignments);

/// <summary>
/// From an activations folder to concepts: the frequency filter, then one K-means fit per (layer, scope), written to
/// <c>concepts.parquet</c> and a concept summary table beside it.
/// </summary>
/// <remarks>
/// Memory is bounded by one layer's kept vectors plus K centroids: layers are loaded one at a time (kept rows only)
/// into a <see cref="LayerVectors"/> cache that the trainer's many passes read, and assignments stream to the
/// Parquet writer. The frequency filter is decided once, on the words of the first selected layer: every layer holds
/// the same words (as <c>extract</c> writes them), and a row missing from that layer is never kept elsewhere.
/// Every check that needs no clustering (options, columns, languages, K against the kept vectors) runs before the
/// first fit, and outputs are written atomically, so bad input leaves nothing behind.
/// </remarks>
public static class ConceptDiscovery
{
    /// <summary>Runs the discovery and writes <paramref name="conceptsPath"/> and <paramref name="summaryPath"/>.</summary>
    /// <param name="activationsFolder">An activations root, or a run folder holding <c>activations/</c>.</param>
    /// <param name="conceptsPath">Output concepts table.</param>
    /// <param name="summaryPath">Output summary table; <c>null</c> puts it beside the concepts (see <see cref="ConceptSummaryFiles.PathBeside"/>).</param>
    /// <param name="options">What to cluster and how.</param>
    /// <param name="progress">Receives each finished fit (layer, scope, K, seed); may be null.</param>
    /// <param name="cancellationToken">Cancels the run; outputs are written atomically, so nothing is left half-written.</param>
    public static async Task<ConceptDiscoveryResult> RunAsync(string activationsFolder, string conceptsPath, string? summaryPath,
        ConceptDiscoveryOptions options, IProgress<ClusteringFit>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        int largestK = options.ClusterCounts.Max();
        ActivationFiles.RequireOneModel(activationsFolder);
        IReadOnlyList<ActivationPartition> partitions = await InLanguageOrderAsync(SelectPartitions(activationsFolder, options, out string component),
            options.Languages, cancellationToken).ConfigureAwait(false);
        ActivationPartition first = partitions[0];

        // The words of the first layer decide the filter and tell which languages there are.
        List<WordOccurrence> words = await ReadWordsAsync(first, cancellationToken).ConfigureAwait(false);
        string[] present = words.Select(w => w.Language).Distinct().Order(StringComparer.Ordinal).ToArray();
        (string[] languages, List<(string Name, HashSet<string> Languages)> scopes) = SelectScopes(options, present, first);
        var languageSet = new HashSet<string>(languages, StringComparer.Ordinal);
        FrequencySelection selection = FrequencyFilter.Select(words.Where(w => languageSet.Contains(w.Language)).ToList(), options.Filter);
        foreach ((string name, HashSet<string> scopeLanguages) in scopes)
        {
            long kept = words.LongCount(w => scopeLanguages.Contains(w.Language) && selection.IsKept(w.Language, w.SentenceId, w.WordIndex));
            if (kept < largestK)
                throw new MLNetConceptsException(
                    $"{first.Folder}: scope {name} keeps {kept} word vectors after the frequency filter, fewer than K = {largestK}; lower K (--k, or options.k in a run description), the minimum frequency or use more text");
        }
        words = [];

        var summaries = new List<ConceptSummary>();
        long assignments = 0;
        // Layers are read as the rows are written: the iterator awaits each read, so at most one layer is held.
        async IAsyncEnumerable<ConceptAssignment> RowsAsync()
        {
            LayerVectors? vectors = null;
            foreach (ActivationPartition partition in partitions)
            {
                // Let the previous layer go before reading the next, so at most one layer is held.
                vectors = null;
                vectors = await LoadKeptAsync(partition, selection, cancellationToken).ConfigureAwait(false);
                foreach ((string scope, HashSet<string> scopeLanguages) in scopes)
                {
                    int[] rows = vectors.RowsOf(scopeLanguages);
                    string what = $"{partition.Folder} (scope {scope})";
                    // Every (K, seed) fit reads the same loaded layer: repeated discovery costs fits, not reads.
                    foreach (int k in options.ClusterCounts)
                    for (int repetition = 0; repetition < options.Seeds; repetition++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var clock = Stopwatch.StartNew();
                        ConceptClusteringOptions fit = options.ForFit(k, repetition);
                        ClusteringResult result = ConceptClustering.Fit(vectors, rows, fit, what, cancellationToken);
                        summaries.AddRange(Summarise(component, partition.Layer, scope, vectors, rows, result, options.Lexical, k, fit.Seed));
                        progress?.Report(new ClusteringFit(component, partition.Layer, scope, k, fit.Seed, rows.Length, result.Sizes.Count(s => s > 0),
                            result.WithinClusterSumOfSquares, result.Iterations, clock.Elapsed.TotalSeconds));
                        for (int i = 0; i < rows.Length; i++)
                        {
                            int row = rows[i];
                            assignments++;
                            yield return new ConceptAssignment(component, partition.Layer, scope, result.ConceptIds[i],
                                vectors.SentenceId(row), vectors.WordIndex(row), vectors.Language(row), vectors.Word(row), k, fit.Seed);
                        }
                    }
                }
            }
        }

        summaryPath ??= ConceptSummaryFiles.PathBeside(conceptsPath);
        // Claim both outputs first, so an unwritable summary path fails before hours of clustering.
        using (AtomicOutput.ForFile(summaryPath)) { }
        await ConceptFiles.WriteAsync(conceptsPath, RowsAsync(), cancellationToken).ConfigureAwait(false);
        await ConceptSummaryFiles.WriteAsync(summaryPath, summaries, cancellationToken).ConfigureAwait(false);
        return new ConceptDiscoveryResult(component, partitions.Select(p => p.Layer).ToArray(), scopes.Select(s => s.Name).ToArray(),
            selection.Statistics, summaries, assignments);
    }

    /// <summary>
    /// Each partition's part files in the order of the languages they hold (<paramref name="languages"/>' order, the
    /// corpus's in <c>analyze</c>; others after them, ordinal), then by name. K-means' seeding depends on the order of its rows,
    /// and part numbers only say which extraction committed first: passes run at once (Slurm tasks) commit in any order,
    /// and the concepts must not depend on it. A sequential run commits in corpus order, so its concepts are unchanged.
    /// </summary>
    private static async Task<IReadOnlyList<ActivationPartition>> InLanguageOrderAsync(IReadOnlyList<ActivationPartition> partitions,
        IReadOnlyList<string>? languages, CancellationToken cancellationToken)
    {
        // Without a language order the files' order stands (the extract command's: one language after another, as run).
        if (languages is null) return partitions;
        var ordered = new List<ActivationPartition>(partitions.Count);
        foreach (ActivationPartition partition in partitions)
        {
            var keyed = new List<(int Rank, string Language, string File)>();
            foreach (string file in partition.Files)
            {
                string language = await ActivationReader.FirstLanguageAsync(file, cancellationToken).ConfigureAwait(false);
                int at = languages.ToList().IndexOf(language);
                int rank = at >= 0 ? at : languages.Count;
                keyed.Add((rank, language, file));
            }
            ordered.Add(partition with
            {
                Files = keyed.OrderBy(k => k.Rank).ThenBy(k => k.Language, StringComparer.Ordinal).ThenBy(k => k.File, StringComparer.Ordinal)
                    .Select(k => k.File).ToArray(),
            });
        }
        return ordered;
    }

    private static IReadOnlyList<ActivationPartition> SelectPartitions(string folder, ConceptDiscoveryOptions options, out string component)
    {
        IReadOnlyList<ActivationPartition> all = ActivationFiles.ListPartitions(folder);
        if (all.Count == 0)
            throw new MLNetConceptsException($"{folder}: no activations found (expected component=<c>/layer=<L>/*.parquet)");
        string[] components = all.Select(p => p.Component).Distinct().ToArray();
        if (options.Component is not null)
        {
            if (!components.Contains(options.Component))
                throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Component), $"'{options.Component}' not found in {folder} (components: {string.Join(", ", components)})");
            component = options.Component;
        }
        else if (components.Length == 1)
        {
            component = components[0];
        }
        else
        {
            throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Component), $"{folder} holds several components ({string.Join(", ", components)}); choose one");
        }

        string chosen = component;
        List<ActivationPartition> layers = all.Where(p => p.Component == chosen).ToList();
        if (options.Layers is null) return layers;
        var selected = new List<ActivationPartition>();
        foreach (int layer in options.Layers.Distinct())
        {
            selected.Add(layers.FirstOrDefault(p => p.Layer == layer)
                ?? throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Layers), $"layer {layer} not found in {folder} for component {chosen} (layers: {string.Join(",", layers.Select(p => p.Layer))})"));
        }
        return selected.OrderBy(p => p.Layer).ToList();
    }

    private static (string[] Languages, List<(string, HashSet<string>)> Scopes) SelectScopes(ConceptDiscoveryOptions options,
        string[] present, ActivationPartition partition)
    {
        string Known() => string.Join(", ", present);
        string[] languages = present;
        if (options.Languages is not null)
        {
            foreach (string language in options.Languages)
                if (!present.Contains(language))
                    throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Languages), $"language '{language}' not found in {partition.Folder} (languages: {Known()})");
            languages = options.Languages.Distinct().ToArray();
        }

        var scopes = new List<(string, HashSet<string>)>();
        if (options.Scope is null)
        {
            foreach (string language in languages) scopes.Add((language, [language]));
        }
        else if (options.Scope == ConceptFiles.MixedScope)
        {
            scopes.Add((ConceptFiles.MixedScope, new HashSet<string>(languages, StringComparer.Ordinal)));
        }
        else
        {
            if (!present.Contains(options.Scope))
                throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Scope), $"language '{options.Scope}' not found in {partition.Folder} (languages: {Known()}, or mixed)");
            if (options.Languages is not null && !languages.Contains(options.Scope))
                throw OptionErrors.Invalid(nameof(ConceptDiscoveryOptions), nameof(options.Scope), $"language '{options.Scope}' is not among the languages {string.Join(",", languages)}");
            languages = [options.Scope];
            scopes.Add((options.Scope, [options.Scope]));
        }
        return (languages, scopes);
    }

    private static async Task<List<WordOccurrence>> ReadWordsAsync(ActivationPartition partition, CancellationToken cancellationToken)
    {
        var words = new List<WordOccurrence>();
        var languages = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition, cancellationToken).ConfigureAwait(false))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                // Share one string per language: the filter keys on it for every kept word.
                if (!languages.TryGetValue(batch.Languages[i], out string? language))
                    languages[batch.Languages[i]] = language = batch.Languages[i];
                words.Add(new WordOccurrence(language, batch.SentenceIds[i], batch.WordIndices[i], batch.Words[i]));
            }
        }
        if (words.Count == 0)
            throw new MLNetConceptsException($"{partition.Folder}: the layer has no rows");
        return words;
    }

    /// <summary>Reads one layer, keeping only the rows the filter selected.</summary>
    private static async Task<LayerVectors> LoadKeptAsync(ActivationPartition partition, FrequencySelection selection,
        CancellationToken cancellationToken)
    {
        LayerVectors? vectors = null;
        long rowsRead = 0;
        await foreach (ActivationBatch batch in ActivationReader.ReadAsync(partition, cancellationToken).ConfigureAwait(false))
        {
            rowsRead += batch.Count;
            vectors ??= new LayerVectors(batch.Dimension);
            var kept = new List<int>();
            for (int i = 0; i < batch.Count; i++)
                if (selection.IsKept(batch.Languages[i], batch.SentenceIds[i], batch.WordIndices[i])) kept.Add(i);
            if (kept.Count == 0) continue;
            var values = new float[kept.Count * batch.Dimension];
            for (int k = 0; k < kept.Count; k++)
                batch.Vector(kept[k]).CopyTo(values.AsSpan(k * batch.Dimension, batch.Dimension));
            vectors.AddChunk(values, kept.Select(i => batch.SentenceIds[i]).ToArray(), kept.Select(i => batch.WordIndices[i]).ToArray(),
                kept.Select(i => batch.Languages[i]).ToArray(), kept.Select(i => batch.Words[i]).ToArray());
        }
        if (rowsRead == 0 || vectors is null)
            throw new MLNetConceptsException($"{partition.Folder}: the layer has no rows");
        return vectors;
    }

    private static IEnumerable<ConceptSummary> Summarise(string component, int layer, string scope, LayerVectors vectors,
        int[] rows, ClusteringResult result, LexicalAffixOptions lexical, int k, int seed)
    {
        var types = new HashSet<(string, string)>[result.NumberOfClusters];
        for (int i = 0; i < rows.Length; i++)
            (types[result.ConceptIds[i]] ??= []).Add((vectors.Language(rows[i]), vectors.Word(rows[i])));
        for (int c = 0; c < result.NumberOfClusters; c++)
        {
            if (result.Sizes[c] == 0) continue;
            LexicalAffix? affix = LexicalAffixFinder.Find(types[c].Select(t => t.Item2), lexical);
            yield return new ConceptSummary(component, layer, scope, c, result.Sizes[c], types[c].Count, result.SumsOfSquares[c],
                affix?.Kind.ToString().ToLowerInvariant(), affix?.Affix, affix?.Share, result.Centroid(c).ToArray(), k, seed);
        }
    }
}
