using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Reporting.Explorer;

/// <summary>
/// One layer file of the explorer: the concepts of one (model, corpus, component, layer, seed) in every scope (each
/// language alone, and mixed), each with its words by language and counts, its share of punctuation and function words
/// (<see cref="FrequentWords"/>), example occurrences; the CALIGN match of every source concept in every direction
/// (as <see cref="Calign.ComputeLayer"/> finds it), and which mixed concepts overlap (as <see cref="Colap.Compute"/> finds it).
/// </summary>
internal sealed class LayerView(List<ConceptAssignment> rows, IReadOnlyList<string> languages, FrequentWords frequent,
    TranslationDictionary dictionary, RunSettings options, string component, int layer)
{
    /// <summary>
    /// The file's content: <c>scopes</c> maps a scope to its concepts, each [id, occurrences, types, function share,
    /// words [[language index, word, count]], more types, more occurrences, examples [[language index, sentence, word index]],
    /// overlapping (mixed: 0/1, else null), occurrences per language]; <c>align</c> holds per direction
    /// [source, target, [[source concept, considered, best target, match fraction, aligned, types]]].
    /// Adds every word's concept to <paramref name="words"/> and every example's sentence to <paramref name="examples"/>.
    /// </summary>
    public object ToJson(int unit, WordIndex words, Dictionary<string, SortedSet<long>> examples)
    {
        var byScope = rows.GroupBy(r => r.Scope).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var scopes = new Dictionary<string, object[][]>(StringComparer.Ordinal);
        foreach (string scope in languages.Append(ConceptFiles.MixedScope))
        {
            if (!byScope.TryGetValue(scope, out List<ConceptAssignment>? scopeRows)) continue;
            bool mixed = scope == ConceptFiles.MixedScope;
            Dictionary<int, bool> overlapping = mixed
                ? Colap.Compute(scopeRows, options.ToColapOptions()).Concepts.GroupBy(d => d.ConceptId).ToDictionary(g => g.Key, g => g.First().Overlapping)
                : [];
            scopes[scope] = scopeRows.GroupBy(r => r.ConceptId).OrderBy(g => g.Key)
                .Select(concept => Concept(concept.Key, concept.ToList(), mixed ? overlapping.GetValueOrDefault(concept.Key) : null, unit, mixed ? 1 : 0,
                    words, examples))
                .ToArray();
            if (!mixed)
                foreach (var word in scopeRows.GroupBy(r => r.Word, StringComparer.Ordinal))
                    words.Count(scope, word.Key, word.Count());
        }

        var align = new List<object[]>();
        foreach ((string source, string target) in TranslationDirections.Of(languages))
        {
            var (diagnostics, _) = Calign.ComputeLayer(ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault(source) ?? []),
                ConceptTypeSets.FromAssignments(byScope.GetValueOrDefault(target) ?? []), dictionary.ForLanguages(source, target).TopN(options.Nbest),
                options.ToCalignOptions(source, target), component, component, layer);
            align.Add([source, target, diagnostics.OrderBy(d => d.SourceConcept).Select(d => new object[]
            {
                d.SourceConcept, d.Considered ? 1 : 0, d.BestTargetConcept, Math.Round(d.MatchFraction, 4), d.Aligned ? 1 : 0, d.Types,
            }).ToArray()]);
        }
        return new { scopes, align };
    }

    private object[] Concept(int id, List<ConceptAssignment> occurrences, bool? overlapping, int unit, int scope, WordIndex words,
        Dictionary<string, SortedSet<long>> examples)
    {
        var types = occurrences.GroupBy(r => (r.Language, r.Word))
            .Select(g => (g.Key.Language, g.Key.Word, Occurrences: g.OrderBy(r => r.SentenceId).ThenBy(r => r.WordIndex).ToList()))
            .OrderByDescending(t => t.Occurrences.Count).ThenBy(t => t.Language, StringComparer.Ordinal).ThenBy(t => t.Word, StringComparer.Ordinal)
            .ToList();
        foreach (var type in types)
            words.Add(type.Language, type.Word, unit, scope, id, type.Occurrences.Count);
        var listed = types.GroupBy(t => t.Language).SelectMany(g => g.Take(ExplorerBuilder.WordsPerLanguage)).ToHashSet();
        var shown = types.Where(listed.Contains).ToList();
        int functionLike = occurrences.Count(r => frequent.IsFunctionLike(r.Language, r.Word));

        // Examples: the first occurrence of each word, most frequent word first, then second occurrences, and so on.
        var picked = new List<object[]>();
        for (int round = 0; picked.Count < ExplorerBuilder.SentencesPerConcept && types.Any(t => t.Occurrences.Count > round); round++)
            foreach (var type in types.Where(t => t.Occurrences.Count > round))
            {
                if (picked.Count == ExplorerBuilder.SentencesPerConcept) break;
                ConceptAssignment at = type.Occurrences[round];
                examples[at.Language].Add(at.SentenceId);
                picked.Add([Index(at.Language), at.SentenceId, at.WordIndex]);
            }

        return
        [
            id, occurrences.Count, types.Count, Math.Round((double)functionLike / occurrences.Count, 3),
            shown.Select(t => new object[] { Index(t.Language), t.Word, t.Occurrences.Count }).ToArray(),
            types.Count - shown.Count, occurrences.Count - shown.Sum(t => t.Occurrences.Count), picked,
            overlapping switch { null => null!, true => 1, false => 0 },
            languages.Select(l => occurrences.Count(r => r.Language == l)).ToArray(),
        ];
    }

    private int Index(string language)
    {
        for (int i = 0; i < languages.Count; i++)
            if (languages[i] == language) return i;
        return -1;
    }
}
