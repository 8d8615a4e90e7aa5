using System.Text.Json.Nodes;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Reporting;

/// <summary>What one extraction stage reported for one component (run.json); a count the stage did not report is null.</summary>
/// <param name="Stage">The stage's name in run.json.</param>
/// <param name="Component">The model component.</param>
/// <param name="Sentences">Sentences read.</param>
/// <param name="Words">Words in them.</param>
/// <param name="Kept">Words kept.</param>
/// <param name="DroppedByTokenizer">Words the tokenizer gave no piece for.</param>
/// <param name="Truncated">Words past the model's maximum positions.</param>
/// <param name="Seconds">The stage's wall-clock seconds.</param>
internal sealed record ExtractedWordCounts(string Stage, string Component, long? Sentences, long? Words, long? Kept, long? DroppedByTokenizer,
    long? Truncated, double Seconds);

/// <summary>What one clustering stage's frequency filter reported (run.json); a count the stage did not report is null.</summary>
/// <param name="Stage">The stage's name in run.json.</param>
/// <param name="WordsSeen">Word occurrences seen.</param>
/// <param name="LongSentenceOccurrences">Occurrences left out with their too-long sentence.</param>
/// <param name="RareTypes">Types below the minimum frequency.</param>
/// <param name="RareOccurrences">Their occurrences.</param>
/// <param name="OverCapOccurrences">Occurrences over the per-type cap.</param>
/// <param name="KeptTypes">Types kept for clustering.</param>
/// <param name="KeptOccurrences">Occurrences kept for clustering.</param>
/// <param name="Seconds">The stage's wall-clock seconds.</param>
internal sealed record KeptWordCounts(string Stage, long? WordsSeen, long? LongSentenceOccurrences, long? RareTypes, long? RareOccurrences,
    long? OverCapOccurrences, long? KeptTypes, long? KeptOccurrences, double Seconds);

/// <summary>Reads the extraction and clustering stages' statistics from a run record, in the order the stages ran.</summary>
internal static class StageStatistics
{
    /// <summary>One row per extraction stage and component.</summary>
    public static IReadOnlyList<ExtractedWordCounts> Extraction(RunRecord record) =>
        record.Stages.Where(s => s.Key.StartsWith("extract", StringComparison.Ordinal) && s.Value.Statistics is JsonObject)
            .SelectMany(s => ((JsonObject)s.Value.Statistics!).Select(c => new ExtractedWordCounts(s.Key, c.Key, Count(c.Value!["sentences"]),
                Count(c.Value!["words"]), Count(c.Value!["words_kept"]), Count(c.Value!["words_dropped_by_tokenizer"]), Count(c.Value!["words_truncated"]),
                s.Value.Seconds)))
            .ToArray();

    /// <summary>One row per clustering stage.</summary>
    public static IReadOnlyList<KeptWordCounts> Filtering(RunRecord record) =>
        record.Stages.Where(s => s.Key.StartsWith("cluster", StringComparison.Ordinal) && s.Value.Statistics is not null)
            .Select(s => (s.Key, s.Value.Seconds, Statistics: s.Value.Statistics!))
            .Select(s => new KeptWordCounts(s.Key, Count(s.Statistics["words_seen"]), Count(s.Statistics["long_sentence_occurrences"]),
                Count(s.Statistics["rare_types"]), Count(s.Statistics["rare_occurrences"]), Count(s.Statistics["over_cap_occurrences"]),
                Count(s.Statistics["kept_types"]), Count(s.Statistics["kept_occurrences"]), s.Seconds))
            .ToArray();

    /// <summary>A count as the stage wrote it (an integer), or null when absent.</summary>
    private static long? Count(JsonNode? node) => node is JsonValue value && value.TryGetValue(out long count) ? count : null;
}
