using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetConcepts.Concepts;

/// <summary>
/// How a fitted frequency filter is written into, and read back from, an ML.NET model file: its options, its fit
/// statistics and the kept word types per language. Version 1 (MLNetConcepts before the kept types) saved the
/// training corpus's kept (sentence_id, word_index) positions instead; they cannot be turned into word types, so such
/// a file is refused with its fix (fit the pipeline again and save it).
/// </summary>
public sealed partial class FrequencyFilterTransformer : ICanSaveModel
{
    private const uint PositionsFormat = 0x00010001;
    private const uint WordTypesFormat = 0x00010002;

    internal static readonly MLNetInternals.ModelVersion Version =
        MLNetInternals.ModelVersion.First("MLNCFREQ", "MLNetConceptsFreqFilter").Next(WordTypesFormat, oldestReadBack: PositionsFormat);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetInternals.BeginSave(ctx, Version);
        writer.Write(Options.MinFrequency);
        writer.Write(Options.MaxOccurrences);
        writer.Write(Options.MaxSentenceWords);
        FrequencyFilterStatistics s = Statistics;
        foreach (long value in new[] { s.WordsSeen, s.LongSentences, s.LongSentenceOccurrences, s.RareTypes, s.RareOccurrences,
                     s.OverCapOccurrences, s.KeptTypes, s.KeptOccurrences })
            writer.Write(value);
        // Sorted, so one set of types always gives the same bytes.
        IReadOnlyList<string> languages = KeptTypes.Languages;
        writer.Write(languages.Count);
        foreach (string language in languages)
        {
            writer.Write(language);
            IReadOnlyList<string> words = KeptTypes.WordsOf(language);
            writer.Write(words.Count);
            foreach (string word in words) writer.Write(word);
        }
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static FrequencyFilterTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetInternals.BeginLoad(loadContext, Version);
        if (MLNetInternals.WrittenVersion(loadContext) == PositionsFormat)
            throw new InvalidDataException(
                "this saved frequency filter is from an earlier MLNetConcepts that kept word positions of its training corpus, which are wrong on new data; fit the pipeline again and save it");
        var options = new FrequencyFilterOptions
        {
            MinFrequency = reader.ReadInt32(),
            MaxOccurrences = reader.ReadInt32(),
            MaxSentenceWords = reader.ReadInt32(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the saved frequency filter's settings are out of range: {nameof(FrequencyFilterOptions)}.{e.ParamName}: {OptionErrors.Problem(e)}");
        }
        long[] s = Enumerable.Range(0, 8).Select(_ => reader.ReadInt64()).ToArray();
        var statistics = new FrequencyFilterStatistics(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
        var types = new List<(string, string)>();
        int languages = reader.ReadInt32();
        for (int l = 0; l < languages; l++)
        {
            string language = reader.ReadString();
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
                types.Add((language, reader.ReadString()));
        }
        var keptTypes = new KeptWordTypes(types);
        if (keptTypes.Count != statistics.KeptTypes)
            throw new InvalidDataException($"frequency filter in the model file: {keptTypes.Count} kept word types, its statistics say {statistics.KeptTypes}");
        return new FrequencyFilterTransformer(env.Register(nameof(FrequencyFilterEstimator)), keptTypes, options, statistics);
    }
}
