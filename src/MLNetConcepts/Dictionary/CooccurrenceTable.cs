namespace MLNetConcepts.Dictionary;

/// <summary>
/// Every (from word, to word) pair that shares a sentence, NULL (id 0) included as a from word of every
/// sentence: per from word a sorted array of to-word ids, all rows in one flat array (compressed sparse rows).
/// A pair's index in that array is its <em>slot</em>; the aligner keeps one translation probability and one
/// expected count per slot. Sorted rows never collide (unlike hashing packed pairs) and look up by binary search.
/// </summary>
internal sealed class CooccurrenceTable
{
    private CooccurrenceTable(int[] rowStart, int[] toWord)
    {
        RowStart = rowStart;
        ToWord = toWord;
    }

    /// <summary>Row of from word f: slots <c>RowStart[f] .. RowStart[f + 1]</c>.</summary>
    public int[] RowStart { get; }

    /// <summary>The to word of each slot, ascending within a row.</summary>
    public int[] ToWord { get; }

    public int SlotCount => ToWord.Length;

    /// <summary>The slot of a pair, or −1 when the two words never share a sentence.</summary>
    public int Find(int fromWord, int toWord)
    {
        int start = RowStart[fromWord];
        int found = ToWord.AsSpan(start, RowStart[fromWord + 1] - start).BinarySearch(toWord);
        return found >= 0 ? start + found : -1;
    }

    /// <summary>
    /// Builds the table of one direction. <paramref name="scratch"/> must hold one int per cell
    /// (Σ over sentences of (n + 1) · m); it is used to bucket the pairs by from word.
    /// </summary>
    public static CooccurrenceTable Build(EncodedCorpus.Side from, EncodedCorpus.Side to, int[] scratch, ParallelOptions parallel)
    {
        int fromWords = from.Vocabulary.Count, toWords = to.Vocabulary.Count;
        int sentences = from.Start.Length - 1;

        // Bucket every cell's to word under its from word (NULL's bucket gets each sentence's to words once).
        var bucketStart = new int[fromWords + 1];
        for (int s = 0; s < sentences; s++)
        {
            int m = to.Length(s);
            bucketStart[0] += m;
            foreach (int f in from.Sentence(s)) bucketStart[f] += m;
        }
        int cells = 0;
        for (int f = 0; f < fromWords; f++)
        {
            int size = bucketStart[f];
            bucketStart[f] = cells;
            cells = checked(cells + size);
        }
        bucketStart[fromWords] = cells;
        var fill = (int[])bucketStart.Clone();
        for (int s = 0; s < sentences; s++)
        {
            ReadOnlySpan<int> e = to.Sentence(s);
            e.CopyTo(scratch.AsSpan(fill[0]));
            fill[0] += e.Length;
            foreach (int f in from.Sentence(s))
            {
                e.CopyTo(scratch.AsSpan(fill[f]));
                fill[f] += e.Length;
            }
        }

        // Each row: keep the first occurrence of every to word (a per-thread stamp array marks the row that last
        // saw it), sort the distinct ones in place at the start of the bucket.
        var distinct = new int[fromWords];
        Parallel.For(0, fromWords, parallel, () => CreateStamps(toWords), (f, _, stamp) =>
        {
            Span<int> bucket = scratch.AsSpan(bucketStart[f], bucketStart[f + 1] - bucketStart[f]);
            int kept = 0;
            foreach (int e in bucket)
            {
                if (stamp[e] == f) continue;
                stamp[e] = f;
                bucket[kept++] = e;
            }
            bucket[..kept].Sort();
            distinct[f] = kept;
            return stamp;
        }, _ => { });

        var rowStart = new int[fromWords + 1];
        for (int f = 0; f < fromWords; f++) rowStart[f + 1] = rowStart[f] + distinct[f];
        var toWord = new int[rowStart[fromWords]];
        Parallel.For(0, fromWords, parallel, f =>
            scratch.AsSpan(bucketStart[f], distinct[f]).CopyTo(toWord.AsSpan(rowStart[f])));
        return new CooccurrenceTable(rowStart, toWord);
    }

    private static int[] CreateStamps(int toWords)
    {
        var stamp = new int[toWords];
        Array.Fill(stamp, -1);
        return stamp;
    }
}
