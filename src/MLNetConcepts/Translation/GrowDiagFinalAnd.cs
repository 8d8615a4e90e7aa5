namespace MLNetConcepts.Translation;

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
        var scratch = new Scratch();
        scratch.Reset(sourceLength, targetLength);
        foreach ((int i, int j) in sourceToTarget) scratch.Forward[i * targetLength + j] = true;
        foreach ((int i, int j) in targetToSource) scratch.Backward[i * targetLength + j] = true;
        var links = new List<(int, int)>();
        Run(scratch, sourceLength, targetLength, links);
        return links;
    }

    /// <summary>
    /// The same for the aligner's link arrays: <paramref name="sourceOfTarget"/>[j] is the source position target
    /// word j links to and <paramref name="targetOfSource"/>[i] the target position of source word i (−1: NULL).
    /// Reuses <paramref name="scratch"/> and appends to <paramref name="links"/>, so a corpus streams through
    /// without allocating per sentence.
    /// </summary>
    internal static void Symmetrise(ReadOnlySpan<int> sourceOfTarget, ReadOnlySpan<int> targetOfSource, Scratch scratch,
        List<(int Source, int Target)> links)
    {
        int n = targetOfSource.Length, m = sourceOfTarget.Length;
        scratch.Reset(n, m);
        for (int j = 0; j < m; j++)
            if (sourceOfTarget[j] >= 0) scratch.Forward[sourceOfTarget[j] * m + j] = true;
        for (int i = 0; i < n; i++)
            if (targetOfSource[i] >= 0) scratch.Backward[i * m + targetOfSource[i]] = true;
        Run(scratch, n, m, links);
    }

    /// <summary>Per-thread working memory: the two directions, the result and which words are linked.</summary>
    internal sealed class Scratch
    {
        public bool[] Forward = [], Backward = [], Linked = [], SourceLinked = [], TargetLinked = [];

        public void Reset(int n, int m)
        {
            int cells = n * m;
            if (Forward.Length < cells)
            {
                Forward = new bool[cells];
                Backward = new bool[cells];
                Linked = new bool[cells];
            }
            else
            {
                Array.Clear(Forward, 0, cells);
                Array.Clear(Backward, 0, cells);
                Array.Clear(Linked, 0, cells);
            }
            if (SourceLinked.Length < n) SourceLinked = new bool[n];
            else Array.Clear(SourceLinked, 0, n);
            if (TargetLinked.Length < m) TargetLinked = new bool[m];
            else Array.Clear(TargetLinked, 0, m);
        }
    }

    private static void Run(Scratch scratch, int n, int m, List<(int, int)> links)
    {
        bool[] forward = scratch.Forward, backward = scratch.Backward, linked = scratch.Linked;
        bool[] sourceLinked = scratch.SourceLinked, targetLinked = scratch.TargetLinked;
        void Add(int i, int j)
        {
            linked[i * m + j] = true;
            sourceLinked[i] = true;
            targetLinked[j] = true;
        }

        for (int c = 0; c < n * m; c++)
            if (forward[c] && backward[c]) Add(c / m, c % m);

        bool added = true;
        while (added)
        {
            added = false;
            for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                if (!linked[i * m + j]) continue;
                foreach ((int di, int dj) in Neighbours)
                {
                    int ni = i + di, nj = j + dj;
                    if (ni < 0 || nj < 0 || ni >= n || nj >= m) continue;
                    int c = ni * m + nj;
                    if (linked[c]) continue;
                    if ((!sourceLinked[ni] || !targetLinked[nj]) && (forward[c] || backward[c]))
                    {
                        Add(ni, nj);
                        added = true;
                    }
                }
            }
        }

        void FinalAnd(bool[] direction)
        {
            for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                if (direction[i * m + j] && !sourceLinked[i] && !targetLinked[j]) Add(i, j);
        }
        FinalAnd(forward);
        FinalAnd(backward);

        for (int c = 0; c < n * m; c++)
            if (linked[c]) links.Add((c / m, c % m));
    }
}
