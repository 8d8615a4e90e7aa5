namespace MLNetConcepts.Translation;

/// <summary>
/// Every (from word, to word) pair that shares a sentence, NULL (id 0) included as a from word of every
/// sentence: per from word a sorted array of to-word ids, all rows in one flat array (compressed sparse rows).
/// A pair's index in that array is its <em>slot</em>; the aligner keeps one translation probability and one
/// expected count per slot. Sorted rows never collide (unlike hashing packed pairs) and look up by binary search.
/// </summary>
internal sealed class CooccurrenceTable
{
    // Direct position maps (to word → slot, −1 when absent) for the longest rows (NULL's and the most frequent
    // words'), whose searches would cost the most; together a quarter of the table's size at most.
    private readonly int[]?[] _dense;

    private CooccurrenceTable(int[] rowStart, int[] toWord, int toWords)
    {
        RowStart = rowStart;
        ToWord = toWord;
        _dense = new int[]?[rowStart.Length - 1];
        int budget = toWord.Length / 4;
        int[] longestFirst = Enumerable.Range(0, rowStart.Length - 1).OrderByDescending(f => rowStart[f + 1] - rowStart[f]).ThenBy(f => f).ToArray();
        foreach (int f in longestFirst)
        {
            int length = rowStart[f + 1] - rowStart[f];
            if (length < 64 || toWords > budget) break;
            var map = new int[toWords];
            Array.Fill(map, -1);
            for (int k = rowStart[f]; k < rowStart[f + 1]; k++) map[toWord[k]] = k;
            _dense[f] = map;
            budget -= toWords;
        }
    }

    /// <summary>Row of from word f: slots <c>RowStart[f] .. RowStart[f + 1]</c>.</summary>
    public int[] RowStart { get; }

    /// <summary>The to word of each slot, ascending within a row.</summary>
    public int[] ToWord { get; }

    public int SlotCount => ToWord.Length;

    /// <summary>The slot of a pair, or −1 when the two words never share a sentence.</summary>
    public int Find(int fromWord, int toWord)
    {
        if (_dense[fromWord] is { } map) return map[toWord];
        int start = RowStart[fromWord];
        int found = ToWord.AsSpan(start, RowStart[fromWord + 1] - start).BinarySearch(toWord);
        return found >= 0 ? start + found : -1;
    }

    /// <summary>
    /// Builds the table of one direction, rows in parallel. Each row gathers the to words of the sentences that
    /// hold its from word (found through an index of sentences by word, so no array of all cells is needed), keeps
    /// each once (a per-thread stamp array marks the row that last saw a word) and sorts them.
    /// </summary>
    public static CooccurrenceTable Build(EncodedCorpus.Side from, EncodedCorpus.Side to, ParallelOptions parallel)
    {
        int fromWords = from.Vocabulary.Count, toWords = to.Vocabulary.Count;
        int sentences = from.Start.Length - 1;

        // Sentences by from word (a sentence is listed once per occurrence; repeats cost a rescan, not a duplicate).
        var occurrenceStart = new int[fromWords + 1];
        foreach (int f in from.Words) occurrenceStart[f + 1]++;
        for (int f = 0; f < fromWords; f++) occurrenceStart[f + 1] += occurrenceStart[f];
        var occurrences = new int[from.Words.Length];
        var fill = (int[])occurrenceStart.Clone();
        for (int s = 0; s < sentences; s++)
            foreach (int f in from.Sentence(s)) occurrences[fill[f]++] = s;
        parallel.CancellationToken.ThrowIfCancellationRequested();

        var rows = new int[fromWords][];
        Parallel.For(0, fromWords, parallel, () => (Stamp: CreateStamps(toWords), Row: new List<int>()), (f, _, local) =>
        {
            local.Row.Clear();
            void Gather(int s)
            {
                foreach (int e in to.Sentence(s))
                {
                    if (local.Stamp[e] == f) continue;
                    local.Stamp[e] = f;
                    local.Row.Add(e);
                }
            }
            if (f == 0)
                for (int s = 0; s < sentences; s++) Gather(s);   // NULL is in every sentence
            else
                for (int k = occurrenceStart[f]; k < occurrenceStart[f + 1]; k++) Gather(occurrences[k]);
            local.Row.Sort();
            rows[f] = [.. local.Row];
            return local;
        }, _ => { });

        var rowStart = new int[fromWords + 1];
        for (int f = 0; f < fromWords; f++) rowStart[f + 1] = checked(rowStart[f] + rows[f].Length);
        var toWord = new int[rowStart[fromWords]];
        Parallel.For(0, fromWords, parallel, f => rows[f].CopyTo(toWord, rowStart[f]));
        return new CooccurrenceTable(rowStart, toWord, toWords);
    }

    private static int[] CreateStamps(int toWords)
    {
        var stamp = new int[toWords];
        Array.Fill(stamp, -1);
        return stamp;
    }
}
