using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Storage;
using Parquet.Serialization;

namespace MLNetConcepts.Concepts;

/// <summary>One occurrence the frequency filter keeps, chosen before extraction (a row of <c>kept.parquet</c>).</summary>
public sealed class KeptOccurrence
{
    /// <summary>The sentence's language.</summary>
    [JsonPropertyName("language")] public string Language { get; set; } = "";
    /// <summary>0-based line of the sentence file.</summary>
    [JsonPropertyName("sentence_id")] public long SentenceId { get; set; }
    /// <summary>0-based word in the sentence.</summary>
    [JsonPropertyName("word_index")] public int WordIndex { get; set; }
}

/// <summary>
/// The frequency filter's choice over a corpus made from its text alone (<c>analyze</c>): the filter looks only at which
/// words occur where, so it can be decided before extraction, which then runs only the sentences holding a kept
/// occurrence and stores only their vectors. Filtering those again keeps every one of them, so the concepts are the
/// same as from storing every vector.
/// </summary>
public static class KeptOccurrences
{
    /// <summary>The table's name in a model and corpus's folder.</summary>
    public const string FileName = "kept.parquet";

    /// <summary>The filter's counts over the whole corpus, beside the table.</summary>
    public const string StatisticsFileName = "kept.json";

    private static readonly JsonSerializerOptions StatisticsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Selects from <paramref name="words"/> (every language's, as extraction would give them vectors) and writes the table and its counts.</summary>
    public static async Task<FrequencyFilterStatistics> WriteAsync(IReadOnlyList<WordOccurrence> words, FrequencyFilterOptions options, string tablePath,
        string statisticsPath, CancellationToken cancellationToken = default)
    {
        FrequencySelection selection = FrequencyFilter.Select(words, options);
        KeptOccurrence[] rows = words.Where(w => selection.IsKept(w.Language, w.SentenceId, w.WordIndex))
            .Select(w => new KeptOccurrence { Language = w.Language, SentenceId = w.SentenceId, WordIndex = w.WordIndex }).ToArray();
        using (AtomicOutput table = AtomicOutput.ForFile(tablePath))
        {
            await using (FileStream stream = File.Create(table.TemporaryPath))
                await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            table.Commit();
        }
        using (AtomicOutput output = AtomicOutput.ForFile(statisticsPath))
        {
            await File.WriteAllTextAsync(output.TemporaryPath, JsonSerializer.Serialize(selection.Statistics, StatisticsJson), cancellationToken).ConfigureAwait(false);
            output.Commit();
        }
        return selection.Statistics;
    }

    /// <summary>The kept (sentence id, word index) pairs of <paramref name="language"/>.</summary>
    public static async Task<IReadOnlySet<(long SentenceId, int WordIndex)>> ReadAsync(string tablePath, string language,
        CancellationToken cancellationToken = default)
    {
        // Opened once through the lenient reader, so a missing or broken file is a one-line error naming it.
        await using (await ParquetColumns.OpenAsync(tablePath, cancellationToken).ConfigureAwait(false)) { }
        await using FileStream stream = File.OpenRead(tablePath);
        IList<KeptOccurrence> rows = (await ParquetSerializer.DeserializeAsync<KeptOccurrence>(stream, cancellationToken: cancellationToken).ConfigureAwait(false)).Data;
        return rows.Where(k => k.Language == language).Select(k => (k.SentenceId, k.WordIndex)).ToHashSet();
    }

    /// <summary>The filter's counts <see cref="WriteAsync"/> wrote.</summary>
    public static FrequencyFilterStatistics ReadStatistics(string statisticsPath) =>
        JsonSerializer.Deserialize<FrequencyFilterStatistics>(File.ReadAllText(statisticsPath), StatisticsJson)
        ?? throw new MLNetConceptsException($"{statisticsPath}: empty");
}
