using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Models;
using MLNetConcepts.Storage;
using MLNetConcepts.Text;

namespace MLNetConcepts.Extraction;

/// <summary>What an extraction into an output folder did, written beside the activations as <c>extract-&lt;language&gt;.json</c>.</summary>
public sealed class ExtractionReport
{
    public required string Tool { get; init; }
    public required string Model { get; init; }
    public required string Input { get; init; }
    public required string Language { get; init; }
    public required string Component { get; init; }
    public required IReadOnlyList<int> Layers { get; init; }
    public required string Aggregation { get; init; }
    public required int BatchSize { get; init; }
    public required string Device { get; init; }
    public required ExtractionStatistics Statistics { get; init; }
    public required double Seconds { get; init; }
    public double WordsPerSecond => Seconds > 0 ? Statistics.WordsKept / Seconds : 0;
}

/// <summary>
/// Extracts a sentence file into an output folder: activations under <c>activations/</c> (SPEC section 3),
/// streamed row group by row group, plus a JSON report. Outputs appear only when everything succeeded.
/// </summary>
public static class ExtractionJob
{
    public static async Task<ExtractionReport> RunAsync(string modelFolder, string inputFile, string language, string outputFolder,
        ExtractionOptions options, IProgress<long>? sentencesDone = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(language) || language.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '='))
            throw new MLNetConceptsException($"option --language: '{language}' is not a language code");
        ModelFolder model = ModelFolder.Load(modelFolder);
        IEnumerable<(long, string)> sentences = SentenceFile.Read(inputFile);
        // Parquet rows carry their sentence id, so batches are written as they come and only one is held.
        ExtractionOptions streaming = options.Clone();
        streaming.KeepInputOrder = false;
        using var extractor = new ActivationExtractor(model, streaming);

        bool outputExisted = Directory.Exists(outputFolder);
        try
        {
            return await ExtractAsync(extractor, sentences, modelFolder, inputFile, language, outputFolder, options, sentencesDone,
                cancellationToken).ConfigureAwait(false);
        }
        catch when (!outputExisted)
        {
            RemoveIfHoldsNoFile(outputFolder);
            throw;
        }
    }

    private static async Task<ExtractionReport> ExtractAsync(ActivationExtractor extractor, IEnumerable<(long, string)> sentences,
        string modelFolder, string inputFile, string language, string outputFolder, ExtractionOptions options, IProgress<long>? sentencesDone,
        CancellationToken cancellationToken)
    {
        string reportPath = Path.Combine(outputFolder, $"extract-{language}.json");
        using AtomicOutput report = AtomicOutput.ForFile(reportPath);  // also checks early that the folder is writable
        var watch = Stopwatch.StartNew();
        await using (var writer = new ActivationWriter(Path.Combine(outputFolder, ActivationFiles.FolderName), extractor.Component,
                         language, extractor.Layers, extractor.HiddenSize))
        {
            foreach (ExtractedSentence sentence in extractor.Extract(sentences))
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int l = 0; l < extractor.Layers.Count; l++)
                for (int w = 0; w < sentence.Words.Length; w++)
                    await writer.AddAsync(extractor.Layers[l], sentence.SentenceId, sentence.Words[w].WordIndex, sentence.Words[w].Word,
                        sentence.Vector(l, w)).ConfigureAwait(false);
                sentencesDone?.Report(extractor.Statistics.Sentences);
            }
            if (extractor.Statistics.Words == 0)
                throw new MLNetConceptsException($"{inputFile}: no words; expected one sentence per line, words separated by spaces");
            await writer.CommitAsync().ConfigureAwait(false);
        }

        var result = new ExtractionReport
        {
            Tool = ToolInfo.NameAndVersion,
            Model = Path.GetFullPath(modelFolder),
            Input = Path.GetFullPath(inputFile),
            Language = language,
            Component = extractor.Component,
            Layers = extractor.Layers,
            Aggregation = options.Aggregation.ToString().ToLowerInvariant(),
            BatchSize = options.BatchSize,
            Device = options.Device,
            Statistics = extractor.Statistics,
            Seconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
        };
        await File.WriteAllTextAsync(report.TemporaryPath, JsonSerializer.Serialize(result, ReportJson), cancellationToken).ConfigureAwait(false);
        report.Commit();
        return result;
    }

    // A failed first extraction leaves no empty output folders behind either.
    private static void RemoveIfHoldsNoFile(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
