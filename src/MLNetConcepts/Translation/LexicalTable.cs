namespace MLNetConcepts.Translation;

/// <summary>
/// Moses-style lexical probabilities over symmetrised links, streamed: sentences are symmetrised in parallel
/// and their links counted straight into the slots of the source→target pair table (a symmetrised link always
/// joins two words of one sentence, so it has a slot). p(t|s) = count(s, t) / count(s), where count(s) also
/// counts each unaligned occurrence of s once (its NULL link). Integer counts make the result independent of
/// the thread count.
/// </summary>
internal static class LexicalTable
{
    public static TranslationDictionary Build(EncodedCorpus corpus, DirectionalLinks links, string sourceLanguage,
        string targetLanguage, int nBest, ParallelOptions parallel)
    {
        CooccurrenceTable pairs = links.Pairs;
        var pairCounts = new int[pairs.SlotCount];
        var sourceCounts = new int[corpus.Source.Vocabulary.Count];
        Parallel.For(0, corpus.Count, parallel, () => (new GrowDiagFinalAnd.Scratch(), new List<(int, int)>()), (s, _, state) =>
        {
            (GrowDiagFinalAnd.Scratch scratch, List<(int Source, int Target)> sentenceLinks) = state;
            sentenceLinks.Clear();
            GrowDiagFinalAnd.Symmetrise(links.SourceOfTarget(corpus, s), links.TargetOfSource(corpus, s), scratch, sentenceLinks);
            ReadOnlySpan<int> source = corpus.Source.Sentence(s), target = corpus.Target.Sentence(s);
            bool[] aligned = scratch.SourceLinked;   // after Symmetrise: which source words got a link
            foreach ((int i, int j) in sentenceLinks)
            {
                Interlocked.Increment(ref pairCounts[pairs.Find(source[i], target[j])]);
                Interlocked.Increment(ref sourceCounts[source[i]]);
            }
            for (int i = 0; i < source.Length; i++)
                if (!aligned[i]) Interlocked.Increment(ref sourceCounts[source[i]]);   // the NULL link
            return state;
        }, _ => { });

        WordVocabulary sourceWords = corpus.Source.Vocabulary, targetWords = corpus.Target.Vocabulary;
        var perSource = new DictionaryEntry[sourceWords.Count][];
        Parallel.For(1, sourceWords.Count, parallel, f =>
        {
            var candidates = new List<(string Target, int Count)>();
            for (int k = pairs.RowStart[f]; k < pairs.RowStart[f + 1]; k++)
                if (pairCounts[k] > 0) candidates.Add((targetWords[pairs.ToWord[k]], pairCounts[k]));
            // Highest probability first (equal counts are equal probabilities), ties by ordinal target order.
            candidates.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Target, b.Target));
            int kept = Math.Min(nBest, candidates.Count);
            var entries = new DictionaryEntry[kept];
            for (int r = 0; r < kept; r++)
                entries[r] = new DictionaryEntry(sourceLanguage, targetLanguage, sourceWords[f], candidates[r].Target, r + 1,
                    (double)candidates[r].Count / sourceCounts[f]);
            perSource[f] = entries;
        });
        return new TranslationDictionary(perSource.Skip(1).SelectMany(e => e));
    }
}
