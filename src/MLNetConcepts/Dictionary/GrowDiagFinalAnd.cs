namespace MLNetConcepts.Dictionary;

/// <summary>
/// Symmetrises two directional alignments of one sentence pair with grow-diag-final-and (Koehn et al. 2003).
/// Start from the intersection. GROW-DIAG: repeat until nothing changes: for every current link (i, j), in
/// order of source position i, then target position j, visit its neighbours in the order
/// (i−1, j), (i, j−1), (i+1, j), (i, j+1), (i−1, j−1), (i−1, j+1), (i+1, j−1), (i+1, j+1) and add a neighbour
/// that is in the union when its source word or its target word is not yet linked. FINAL-AND: then, first for
/// the source-to-target links and then for the target-to-source links (each in order of i, then j), add a link
/// when neither of its words is linked yet.
/// </summary>
public static class GrowDiagFinalAnd
{
    private static readonly (int Di, int Dj)[] Neighbours =
        [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];

    /// <param name="sourceLength">n, the number of source words.</param>
    /// <param name="targetLength">m, the number of target words.</param>
    /// <param name="sourceToTarget">Links (i, j) of the model that aligns every target word to a source word.</param>
    /// <param name="targetToSource">Links (i, j) of the model that aligns every source word to a target word.</param>
    /// <returns>Symmetrised links (source position, target position), sorted by i then j.</returns>
    public static IReadOnlyList<(int Source, int Target)> Symmetrise(int sourceLength, int targetLength,
        IEnumerable<(int Source, int Target)> sourceToTarget, IEnumerable<(int Source, int Target)> targetToSource)
    {
        int n = sourceLength, m = targetLength;
        var forward = new bool[n, m];
        var backward = new bool[n, m];
        foreach ((int i, int j) in sourceToTarget) forward[i, j] = true;
        foreach ((int i, int j) in targetToSource) backward[i, j] = true;

        var linked = new bool[n, m];
        var sourceLinked = new bool[n];
        var targetLinked = new bool[m];
        void Add(int i, int j)
        {
            linked[i, j] = true;
            sourceLinked[i] = true;
            targetLinked[j] = true;
        }

        for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            if (forward[i, j] && backward[i, j]) Add(i, j);

        bool added = true;
        while (added)
        {
            added = false;
            for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                if (!linked[i, j]) continue;
                foreach ((int di, int dj) in Neighbours)
                {
                    int ni = i + di, nj = j + dj;
                    if (ni < 0 || nj < 0 || ni >= n || nj >= m || linked[ni, nj]) continue;
                    if ((!sourceLinked[ni] || !targetLinked[nj]) && (forward[ni, nj] || backward[ni, nj]))
                    {
                        Add(ni, nj);
                        added = true;
                    }
                }
            }
        }

        foreach (bool[,] direction in new[] { forward, backward })
        {
            for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                if (direction[i, j] && !sourceLinked[i] && !targetLinked[j]) Add(i, j);
        }

        var links = new List<(int, int)>();
        for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            if (linked[i, j]) links.Add((i, j));
        return links;
    }
}
