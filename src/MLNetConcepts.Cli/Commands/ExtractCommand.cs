using System.CommandLine;
using MLNetConcepts.Extraction;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary>
/// <c>extract</c>: word-level activations of a model over one sentence file, or for t5 over a parallel corpus
/// (encoder on <c>--input</c>, decoder by teacher forcing on <c>--target</c>).
/// </summary>
public static class ExtractCommand
{
    /// <summary>The method's options this command takes (declared once, in <see cref="RunSettings"/>).</summary>
    private static MethodOptionFlags MethodFlags() => new(["aggregation", "batch_size", "device", "threads", "decoder_position"]);

    /// <summary>The flag of each <see cref="ExtractionOptions"/> property and <see cref="ExtractionJob"/> parameter this command sets, for the library's errors.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = MethodFlags().FlagsByProperty(typeof(ExtractionOptions)).Concat(new Dictionary<string, string>
    {
        [nameof(ExtractionOptions.Layers)] = "--layers",
        [nameof(ExtractionOptions.Components)] = "--component",
        ["language"] = "--language",          // ExtractionJob's parameters
        ["targetFile"] = "--target",
        ["targetLanguage"] = "--target-language",
        ["outputFolder"] = "--out",
    }).ToDictionary();

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder with model.json, the ONNX graph(s) and the tokenizer file", Required = true };
        var input = new Option<string>("--input") { Description = "UTF-8 text, one sentence per line, words separated by spaces", Required = true };
        var language = new Option<string>("--language") { Description = "Language code of the input, e.g. en", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder; activations go to <out>/activations", Required = true };
        var layers = new Option<string>("--layers") { Description = "Comma-separated layers (0 = embeddings) or 'all'", DefaultValueFactory = _ => "all" };
        MethodOptionFlags methodFlags = MethodFlags();
        var target = new Option<string?>("--target") { Description = "t5: target-side sentence file, line-aligned with --input; the decoder runs on it by teacher forcing" };
        var targetLanguage = new Option<string?>("--target-language") { Description = "t5: language code of --target, e.g. de" };
        var component = new Option<string?>("--component")
        {
            Description = "encoder, decoder or both (default: both with --target, else encoder)",
        };
        component.AcceptOnlyFromAmong("encoder", "decoder", "both");

        var command = new Command("extract", "Extract per-layer word vectors from an ONNX model over a sentence file (t5: over a parallel corpus).")
        {
            model, input, language, output, layers, target, targetLanguage, component,
        };
        foreach (Option option in methodFlags.Options) command.Options.Add(option);
        command.SetAction(PropertyFlags.Naming(Flags, async (parsed, cancellationToken) =>
        {
            string? targetFile = parsed.GetValue(target), targetCode = parsed.GetValue(targetLanguage);
            if (targetFile is not null && targetCode is null)
                throw new MLNetConceptsException("option --target-language: required with --target");
            if (targetCode is not null && targetFile is null)
                throw new MLNetConceptsException("option --target: required with --target-language");
            string layerText = parsed.GetValue(layers)!;
            ExtractionOptions options = methodFlags.Read(parsed).ToExtractionOptions(
                layerText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : CommonOptions.ParseIntList("--layers", layerText),
                parsed.GetValue(component) is { } c ? Enum.Parse<ExtractionComponents>(c, ignoreCase: true) : null);
            options.Validate();
            string outFolder = parsed.GetValue(output)!;
            string inputFile = parsed.GetValue(input)!, languageCode = parsed.GetValue(language)!;
            new FileRoles().Input("option --model", parsed.GetValue(model)!).Input("option --input", inputFile).Input("option --target", targetFile ?? "")
                .Output("option --out", outFolder.Length == 0 ? "" : Path.Combine(outFolder, ActivationFiles.FolderName), folder: true)
                .Output("option --out", outFolder.Length == 0 ? "" : Path.Combine(outFolder, ExtractionJob.ReportFileName(languageCode, targetCode)))
                .Check();
            var progress = new LineProgress("extract", "sentences");
            ExtractionReport report = targetFile is null
                ? await ExtractionJob.RunAsync(parsed.GetValue(model)!, parsed.GetValue(input)!, parsed.GetValue(language)!, outFolder, options,
                    progress, cancellationToken)
                : await ExtractionJob.RunParallelAsync(parsed.GetValue(model)!, parsed.GetValue(input)!, parsed.GetValue(language)!, targetFile,
                    targetCode!, outFolder, options, progress, cancellationToken);
            Console.WriteLine($"extract: {Describe(report.Statistics, report.Components.Any(c => c.Component == "encoder"))}" +
                (report.TargetStatistics is { } t ? $"; target: {Describe(t, true)}" : "") +
                $"; {string.Join(", ", report.Components.Select(c => $"{c.Component} ({c.Language}) layers {string.Join(",", c.Layers)}"))}" +
                $"; {report.Seconds:0.0} s ({report.WordsPerSecond:0} words/s) -> {Path.Combine(outFolder, ActivationFiles.FolderName)}");
            return CommandRunner.Success;
        }));
        return command;
    }

    private static string Describe(ExtractionStatistics s, bool vectors) =>
        $"{s.Sentences} sentences, {s.WordsKept} of {s.Words} words {(vectors ? "kept" : "tokenized")} ({s.WordsDroppedByTokenizer} dropped by the tokenizer, " +
        $"{s.WordsTruncated} past max positions)";
}
