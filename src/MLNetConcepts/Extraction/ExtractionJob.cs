using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Models;
using MLNetConcepts.Storage;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.Extraction;

/// <summary>
/// What an extraction into an output folder did, written beside the activations as <c>extract-&lt;language&gt;.json</c>
/// (<c>extract-&lt;language&gt;-&lt;target language&gt;.json</c> for sentence pairs). The top-level <c>component</c>,
/// <c>layers</c> and <c>statistics</c> describe the first component and the source side, as for encoder-only
/// runs; <see cref="Components"/> lists every component written.
/// </summary>
public sealed class ExtractionReport
{
    /// <summary>The tool's name and version (<see cref="ToolInfo.NameAndVersion"/>).</summary>
    public required string Tool { get; init; }
    /// <summary>Full path of the model folder.</summary>
    public required string Model { get; init; }
    /// <summary>Full path of the sentence file (the source side for pairs).</summary>
    public required string Input { get; init; }
    /// <summary>The language of <see cref="Input"/>.</summary>
    public required string Language { get; init; }

    /// <summary>The target sentence file (t5 sentence pairs); null otherwise.</summary>
    public string? Target { get; init; }

    /// <summary>The language of <see cref="Target"/>; null without one.</summary>
    public string? TargetLanguage { get; init; }

    /// <summary>The first component written (<c>encoder</c> unless only the decoder was extracted).</summary>
    public required string Component { get; init; }

    /// <summary>The layers written of <see cref="Component"/>.</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Every component written, with its language and layers.</summary>
    public required IReadOnlyList<ComponentReport> Components { get; init; }

    /// <summary>How piece vectors became word vectors: <c>last</c>, <c>first</c> or <c>mean</c>.</summary>
    public required string Aggregation { get; init; }

    /// <summary><c>predict</c> or <c>read</c> when the decoder was extracted; null otherwise.</summary>
    public string? DecoderPosition { get; init; }

    /// <summary>Sentences per forward pass.</summary>
    public required int BatchSize { get; init; }
    /// <summary>The device asked for: <c>cpu</c> or <c>cuda:N</c> (a CUDA fallback to CPU is logged, not recorded here).</summary>
    public required string Device { get; init; }

    /// <summary>Counts of the source sentences.</summary>
    public required ExtractionStatistics Statistics { get; init; }

    /// <summary>Counts of the target sentences; null without them.</summary>
    public ExtractionStatistics? TargetStatistics { get; init; }

    /// <summary>Wall-clock seconds the extraction took, rounded to milliseconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Words given vectors (over every component written) per second.</summary>
    public double WordsPerSecond => Seconds > 0 ? Components.Sum(c => c.WordsKept) / Seconds : 0;
}

/// <summary>One component of an extraction: the language of its rows, its layers, and the words written per layer.</summary>
public sealed record ComponentReport(string Component, string Language, IReadOnlyList<int> Layers, long WordsKept);

/// <summary>
/// Extracts a sentence file (or, for t5, a pair of line-aligned files) into an output folder: activations under
/// <c>activations/component=&lt;c&gt;/layer=&lt;L&gt;/</c>, streamed row group by row group, plus a JSON report. Outputs appear only
/// when everything succeeded.
/// </summary>
public static class ExtractionJob
{
    /// <summary>Extracts the encoder over one sentence file.</summary>
    public static Task<ExtractionReport> RunAsync(string modelFolder, string inputFile, string language, string outputFolder,
        ExtractionOptions options, IProgress<long>? sentencesDone = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(modelFolder, inputFile, language, null, null, outputFolder, options, sentencesDone, cancellationToken);

    /// <summary>
    /// Extracts a t5 model over a parallel corpus: the encoder over <paramref name="sourceFile"/>
    /// (rows with <paramref name="sourceLanguage"/>, component <c>encoder</c>) and the decoder by teacher forcing over
    /// <paramref name="targetFile"/> (rows with <paramref name="targetLanguage"/>, component <c>decoder</c>), from one
    /// forward pass per batch. <see cref="ExtractionOptions.Components"/> (default both) and
    /// <see cref="ExtractionOptions.DecoderPosition"/> (default predict) select what is written. Line i of both files is
    /// <c>sentence_id</c> i; the files must have the same number of lines.
    /// </summary>
    public static Task<ExtractionReport> RunParallelAsync(string modelFolder, string sourceFile, string sourceLanguage, string targetFile,
        string targetLanguage, string outputFolder, ExtractionOptions options, IProgress<long>? sentencesDone = null,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync(modelFolder, sourceFile, sourceLanguage, targetFile, targetLanguage, outputFolder, options, sentencesDone, cancellationToken);

    private static async Task<ExtractionReport> RunCoreAsync(string modelFolder, string inputFile, string language, string? targetFile,
        string? targetLanguage, string outputFolder, ExtractionOptions options, IProgress<long>? sentencesDone, CancellationToken cancellationToken)
    {
        CheckLanguage(nameof(language), language);
        if (targetFile is not null) CheckLanguage(nameof(targetLanguage), targetLanguage);
        ModelFolder model = ModelFolder.Load(modelFolder);
        ExtractionComponents components = ResolveComponents(model, options.Components, targetFile is not null);
        IEnumerable<(long, string)> sentences = SentenceFile.Read(inputFile);
        IEnumerable<(long, string, string?)> pairs;
        if (targetFile is null)
        {
            pairs = sentences.Select(s => (s.Item1, s.Item2, (string?)null));
        }
        else
        {
            // Counted before the model runs, so a misaligned corpus fails at once rather than after the work.
            long sourceLines = sentences.LongCount(), targetLines = SentenceFile.Read(targetFile).LongCount();
            if (sourceLines != targetLines)
                throw new MLNetConceptsException(
                    $"{inputFile} has {sourceLines} lines but {targetFile} has {targetLines}; parallel files need the same number of lines");
            pairs = sentences.Zip(SentenceFile.Read(targetFile), (s, t) => (s.Item1, s.Item2, (string?)t.Item2));
        }
        if (options.Sentences is { IsAll: false } shard)
            pairs = pairs.SkipWhile(p => p.Item1 < shard.First).TakeWhile(p => shard.Contains(p.Item1));
        // Parquet rows carry their sentence id, so batches are written as they come and only one is held.
        ExtractionOptions streaming = options.Clone();
        streaming.KeepInputOrder = false;
        streaming.Components = components;
        RequireSameModel(outputFolder, modelFolder);
        using var extractor = new ActivationExtractor(model, streaming);

        bool outputExisted = Directory.Exists(outputFolder);
        try
        {
            return await ExtractAsync(extractor, pairs, modelFolder, inputFile, language, targetFile, targetLanguage, outputFolder, options,
                sentencesDone, cancellationToken).ConfigureAwait(false);
        }
        catch when (!outputExisted)
        {
            RemoveIfHoldsNoFile(outputFolder);
            throw;
        }
    }

    /// <summary>
    /// The words an extraction of <paramref name="inputFile"/> gives encoder vectors to, sentence by sentence, found by
    /// tokenizing alone (no model run): what the frequency filter chooses from before extraction.
    /// </summary>
    public static IEnumerable<(long SentenceId, int WordIndex, string Word)> PlannedWords(ModelFolder model, string inputFile)
    {
        SubwordTokenizer tokenizer = model.CreateTokenizer();
        foreach ((long id, string line) in SentenceFile.Read(inputFile))
            foreach (PlannedWord word in SentencePlan.Create(id, line, tokenizer, model.MaxPositions).Words)
                yield return (id, word.WordIndex, word.Word);
    }

    /// <summary>
    /// Activations of two models in one folder would be clustered together as if they were one model's: the reports
    /// already in <paramref name="outputFolder"/> must name this model.
    /// </summary>
    private static void RequireSameModel(string outputFolder, string modelFolder)
    {
        string model = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder));
        foreach ((string other, string report) in ActivationFiles.ReportedModels(outputFolder))
            if (other != model)
                throw OptionErrors.InvalidArgument(nameof(outputFolder),
                    $"{outputFolder} already holds activations of the model {other} ({Path.GetFileName(report)}); two models in one folder would be clustered together, choose another folder");
    }

    /// <summary>
    /// The report's name in the output folder: <c>extract-&lt;language&gt;.json</c> (or <c>-&lt;target language&gt;</c> added, and
    /// the sentences of a shard: <c>extract-en-000000001000-000000002000.json</c>).
    /// </summary>
    public static string ReportFileName(string language, string? targetLanguage, SentenceRange? sentences = null) =>
        (targetLanguage is null ? $"extract-{language}" : $"extract-{language}-{targetLanguage}")
        + (sentences is { IsAll: false } range ? "-" + range.FileTag : "") + ".json";

    private static void CheckLanguage(string parameter, string? language) => LanguageCodes.Check(parameter, language);

    // The decoder is what a target file is for: default both with one, the encoder without; a target the
    // chosen components would not read is an error rather than silently ignored.
    private static ExtractionComponents ResolveComponents(ModelFolder model, ExtractionComponents? requested, bool hasTarget)
    {
        if (hasTarget && model.Architecture != "t5")
            throw OptionErrors.InvalidArgument("targetFile",
                $"the {model.Architecture} model in {model.Folder} has no decoder; target sentences are for t5 models");
        ExtractionComponents components = requested ?? (hasTarget ? ExtractionComponents.Both : ExtractionComponents.Encoder);
        if (components != ExtractionComponents.Encoder)
        {
            if (model.Architecture != "t5")
                throw OptionErrors.Invalid(nameof(ExtractionOptions), nameof(ExtractionOptions.Components),
                    $"the {model.Architecture} model in {model.Folder} has no decoder");
            if (!hasTarget)
                throw OptionErrors.Invalid(nameof(ExtractionOptions), nameof(ExtractionOptions.Components),
                    "the decoder is run on the target side; give target sentences");
            model.Graph(ModelFolder.DecoderComponent);  // a t5 folder without a decoder graph says so here
        }
        else if (hasTarget)
        {
            throw OptionErrors.InvalidArgument("targetFile", "not used with the encoder alone (the encoder reads the source sentences only)");
        }
        return components;
    }

    private static async Task<ExtractionReport> ExtractAsync(ActivationExtractor extractor, IEnumerable<(long, string, string?)> pairs,
        string modelFolder, string inputFile, string language, string? targetFile, string? targetLanguage, string outputFolder,
        ExtractionOptions options, IProgress<long>? sentencesDone, CancellationToken cancellationToken)
    {
        string reportPath = Path.Combine(outputFolder, ReportFileName(language, targetLanguage, options.Sentences));
        using AtomicOutput report = AtomicOutput.ForFile(reportPath);  // also checks early that the folder is writable
        var watch = Stopwatch.StartNew();
        string root = Path.Combine(outputFolder, ActivationFiles.FolderName);
        bool encoder = extractor.EncoderLayers.Count > 0, decoder = extractor.DecoderLayers.Count > 0;
        long encoderWords = 0, decoderWords = 0;
        await using (ActivationWriter? encoderWriter = encoder
                         ? new ActivationWriter(root, ModelFolder.EncoderComponent, language, extractor.EncoderLayers, extractor.HiddenSize,
                             sentences: options.Sentences) : null)
        await using (ActivationWriter? decoderWriter = decoder
                         ? new ActivationWriter(root, ModelFolder.DecoderComponent, targetLanguage!, extractor.DecoderLayers, extractor.HiddenSize,
                             sentences: options.Sentences) : null)
        {
            // Sentences written, not read: the extractor reads a sorting window ahead, so its own count runs up to a window early.
            long written = 0;
            foreach (ExtractedPair pair in extractor.ExtractPairs(pairs))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (encoderWriter is not null)
                    encoderWords += await WriteAsync(encoderWriter, extractor.EncoderLayers, pair.Encoder!).ConfigureAwait(false);
                if (decoderWriter is not null)
                    decoderWords += await WriteAsync(decoderWriter, extractor.DecoderLayers, pair.Decoder!).ConfigureAwait(false);
                sentencesDone?.Report(++written);
            }
            if (extractor.Statistics.Words == 0 && (targetFile is null || extractor.TargetStatistics.Words == 0))
                throw new MLNetConceptsException($"{inputFile}: no words; expected one sentence per line, words separated by spaces");
            if (encoderWriter is not null) await encoderWriter.CommitAsync().ConfigureAwait(false);
            if (decoderWriter is not null) await decoderWriter.CommitAsync().ConfigureAwait(false);
        }

        var componentReports = new List<ComponentReport>();
        if (encoder) componentReports.Add(new ComponentReport(ModelFolder.EncoderComponent, language, extractor.EncoderLayers, encoderWords));
        if (decoder) componentReports.Add(new ComponentReport(ModelFolder.DecoderComponent, targetLanguage!, extractor.DecoderLayers, decoderWords));
        var result = new ExtractionReport
        {
            Tool = ToolInfo.NameAndVersion,
            Model = Path.GetFullPath(modelFolder),
            Input = Path.GetFullPath(inputFile),
            Language = language,
            Target = targetFile is null ? null : Path.GetFullPath(targetFile),
            TargetLanguage = targetLanguage,
            Component = extractor.Component,
            Layers = extractor.Layers,
            Components = componentReports,
            Aggregation = options.Aggregation.ToString().ToLowerInvariant(),
            DecoderPosition = decoder ? options.DecoderPosition.ToString().ToLowerInvariant() : null,
            BatchSize = options.BatchSize,
            Device = options.DeviceOrCpu,
            Statistics = extractor.Statistics,
            TargetStatistics = targetFile is null ? null : extractor.TargetStatistics,
            Seconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
        };
        await File.WriteAllTextAsync(report.TemporaryPath, JsonSerializer.Serialize(result, ReportJson), cancellationToken).ConfigureAwait(false);
        report.Commit();
        return result;
    }

    private static async Task<long> WriteAsync(ActivationWriter writer, IReadOnlyList<int> layers, ExtractedSentence sentence)
    {
        for (int l = 0; l < layers.Count; l++)
        for (int w = 0; w < sentence.Words.Length; w++)
            await writer.AddAsync(layers[l], sentence.SentenceId, sentence.Words[w].WordIndex, sentence.Words[w].Word, sentence.Vector(l, w))
                .ConfigureAwait(false);
        return sentence.Words.Length;
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
