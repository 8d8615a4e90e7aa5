using MLNetConcepts.Storage;

namespace MLNetConcepts.Concepts;

/// <summary>What <see cref="ConceptDiscovery"/> clusters and how: the frequency filter, then K-means.</summary>
public sealed class ConceptDiscoveryOptions
{
    /// <summary>Component to cluster; <c>null</c> takes the only one present (an error when there are several).</summary>
    public string? Component { get; set; }

    /// <summary>Layers to cluster; <c>null</c> takes every layer present.</summary>
    public IReadOnlyList<int>? Layers { get; set; }

    /// <summary>
    /// A language code, or <see cref="ConceptFiles.MixedScope"/> to cluster <see cref="Languages"/> together;
    /// <c>null</c> clusters every language on its own (one scope per language).
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>Languages taken into account; <c>null</c> takes every language present.</summary>
    public IReadOnlyList<string>? Languages { get; set; }

    /// <summary>Which words are clustered: the frequency filter applied before clustering.</summary>
    public FrequencyFilterOptions Filter { get; set; } = new();

    /// <summary>How the kept vectors are clustered: K (default 600), seed, trainer and its settings.</summary>
    public ConceptClusteringOptions Clustering { get; set; } = new();

    /// <summary>
    /// Several K values to cluster each (layer, scope) with, one set of concepts each; <c>null</c> (default) takes
    /// <see cref="ConceptClusteringOptions.NumberOfClusters"/> alone.
    /// </summary>
    public IReadOnlyList<int>? NumbersOfClusters { get; set; }

    /// <summary>
    /// Repeated concept discovery: each (layer, scope, K) is clustered with this many seeds, <c>Seed</c>,
    /// <c>Seed</c>+1, ... (with restarts R &gt; 1: <c>Seed</c>, <c>Seed</c>+R, ..., so no two seeds share a restart),
    /// each fit's concepts kept under its <c>seed</c>. Default 1. Concepts of one seed say nothing about how much
    /// they would move with another; metrics over several seeds come with intervals.
    /// </summary>
    public int Seeds { get; set; } = 1;

    /// <summary>The upper bound of <see cref="Seeds"/>.</summary>
    public const int MaximumSeeds = 1000;

    /// <summary>The K values clustered, in the order given.</summary>
    internal IReadOnlyList<int> ClusterCounts => NumbersOfClusters is { Count: > 0 } ks ? ks.Distinct().ToArray() : [Clustering.NumberOfClusters];

    /// <summary>The seed of repetition <paramref name="repetition"/> (0-based).</summary>
    public int SeedOf(int repetition) => unchecked(Clustering.Seed + repetition * Clustering.Restarts);

    /// <summary>Checks the filter, the clustering (at every K) and the number of seeds; errors name the property.</summary>
    public void Validate()
    {
        Filter.Validate();
        if (Seeds < 1 || Seeds > MaximumSeeds)
            throw OptionErrors.OutOfRange(nameof(ConceptDiscoveryOptions), nameof(Seeds), $"must be in [1, {MaximumSeeds}], got {Seeds}");
        if (NumbersOfClusters is { Count: 0 })
            throw OptionErrors.OutOfRange(nameof(ConceptDiscoveryOptions), nameof(NumbersOfClusters), "is empty; give at least one K or leave it null");
        foreach (int k in ClusterCounts) ForFit(k, 0).Validate();
    }

    /// <summary>The clustering options of one fit: K <paramref name="k"/>, repetition <paramref name="repetition"/>'s seed.</summary>
    internal ConceptClusteringOptions ForFit(int k, int repetition)
    {
        ConceptClusteringOptions fit = Clustering.Clone();
        fit.NumberOfClusters = k;
        fit.Seed = SeedOf(repetition);
        return fit;
    }

    /// <summary>How each concept's shared prefix or suffix is looked for in the summary table.</summary>
    public LexicalAffixOptions Lexical { get; set; } = new();
}
