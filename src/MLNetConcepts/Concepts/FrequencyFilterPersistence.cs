using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetConcepts.Persistence;

namespace MLNetConcepts.Concepts;

/// <summary>How a fitted frequency filter is written into, and read back from, an ML.NET model file.</summary>
public sealed partial class FrequencyFilterTransformer : ICanSaveModel
{
    /// <summary>Payload: the options, the statistics, then per language its kept (sentence_id, word_index) in corpus order.</summary>
    internal static readonly MLNetModelInternals.ModelVersion Version =
        MLNetModelInternals.ModelVersion.First("MLNCFREQ", "MLNetConceptsFreqFilter");

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetModelInternals.BeginSave(ctx, Version);
        writer.Write(Options.MinFrequency);
        writer.Write(Options.MaxOccurrences);
        writer.Write(Options.MaxSentenceWords);
        FrequencyFilterStatistics s = Statistics;
        foreach (long value in new[] { s.WordsSeen, s.LongSentences, s.LongSentenceOccurrences, s.RareTypes, s.RareOccurrences,
                     s.OverCapOccurrences, s.KeptTypes, s.KeptOccurrences })
            writer.Write(value);
        // Sorted, so one selection always gives the same bytes.
        var byLanguage = Selection.Kept.GroupBy(k => k.Language).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        writer.Write(byLanguage.Count);
        foreach (var language in byLanguage)
        {
            writer.Write(language.Key);
            var positions = language.Select(k => (k.SentenceId, k.WordIndex)).Order().ToList();
            writer.Write(positions.Count);
            foreach ((long sentenceId, int wordIndex) in positions)
            {
                writer.Write(sentenceId);
                writer.Write(wordIndex);
            }
        }
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static FrequencyFilterTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetModelInternals.BeginLoad(loadContext, Version);
        var options = new FrequencyFilterOptions
        {
            MinFrequency = reader.ReadInt32(),
            MaxOccurrences = reader.ReadInt32(),
            MaxSentenceWords = reader.ReadInt32(),
        };
        long[] s = Enumerable.Range(0, 8).Select(_ => reader.ReadInt64()).ToArray();
        var statistics = new FrequencyFilterStatistics(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
        var kept = new HashSet<(string, long, int)>();
        int languages = reader.ReadInt32();
        for (int l = 0; l < languages; l++)
        {
            string language = reader.ReadString();
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
                kept.Add((language, reader.ReadInt64(), reader.ReadInt32()));
        }
        if (kept.Count != statistics.KeptOccurrences)
            throw new InvalidDataException($"frequency filter in the model file: {kept.Count} kept occurrences, its statistics say {statistics.KeptOccurrences}");
        // The filter's lazy predicate needs an MLContext; ML.NET hands loaders its environment, not the MLContext.
        return new FrequencyFilterTransformer(new MLContext(), new FrequencySelection(kept, statistics), options);
    }
}
