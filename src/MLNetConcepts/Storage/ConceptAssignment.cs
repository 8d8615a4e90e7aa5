namespace MLNetConcepts.Storage;

/// <summary>One word occurrence assigned to a concept: a row of the concepts table.</summary>
/// <param name="ConceptId">0-based concept (cluster) id within its (component, layer, scope).</param>
/// <param name="Scope">A language code, or <c>mixed</c> for concepts found on several languages together.</param>
/// <param name="Component">The component the vectors came from (<c>encoder</c> or <c>decoder</c>).</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="SentenceId">The 0-based line of the word's sentence.</param>
/// <param name="WordIndex">The 0-based word in the sentence.</param>
/// <param name="Language">The word's language code.</param>
/// <param name="Word">The word itself.</param>
/// <param name="K">The number of clusters of the K-means fit that found the concept (0 when a file does not say).</param>
/// <param name="Seed">The K-means seed of that fit (0 when a file does not say); one table may hold several seeds' concepts.</param>
public sealed record ConceptAssignment(string Component, int Layer, string Scope, int ConceptId, long SentenceId,
    int WordIndex, string Language, string Word, int K = 0, int Seed = 0)
{
    /// <summary>The clustering a row belongs to: concept ids are unique only within one (component, layer, scope, k, seed).</summary>
    public ClusteringKey Clustering => new(Component, Layer, Scope, K, Seed);
}

/// <summary>One K-means fit of a run: the (component, layer, scope, k, seed) its concept ids belong to.</summary>
public readonly record struct ClusteringKey(string Component, int Layer, string Scope, int K, int Seed);
