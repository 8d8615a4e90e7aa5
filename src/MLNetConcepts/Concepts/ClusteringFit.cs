using System.Globalization;

namespace MLNetConcepts.Concepts;

/// <summary>
/// One K-means fit concept discovery has finished: what <see cref="ConceptDiscovery.RunAsync"/> reports, once per
/// (layer, scope, K, seed), so that a display counts fits and a log prints them (<see cref="ToString"/>).
/// </summary>
/// <param name="Component">The component clustered (<c>encoder</c> or <c>decoder</c>).</param>
/// <param name="Layer">The layer.</param>
/// <param name="Scope">A language code, or <c>mixed</c>.</param>
/// <param name="K">The number of clusters asked for.</param>
/// <param name="Seed">The fit's seed.</param>
/// <param name="Vectors">The word vectors clustered.</param>
/// <param name="Concepts">The non-empty clusters found.</param>
/// <param name="WithinClusterSumOfSquares">The fit's within-cluster sum of squares.</param>
/// <param name="Iterations">Lloyd iterations the fit ran (null: ML.NET's trainer does not say).</param>
/// <param name="Seconds">Wall-clock seconds of the fit.</param>
public sealed record ClusteringFit(string Component, int Layer, string Scope, int K, int Seed, int Vectors, int Concepts,
    double WithinClusterSumOfSquares, int? Iterations, double Seconds)
{
    /// <summary>The fit as one line of the <c>cluster</c> command's progress.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cluster: component {Component} layer {Layer} scope {Scope} k {K} seed {Seed}: {Vectors} vectors -> {Concepts} concepts, within-cluster sum of squares {WithinClusterSumOfSquares:G6}{(Iterations is int n ? $", {n} iterations" : "")}, {Seconds:F1} s");
}
