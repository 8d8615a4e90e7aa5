using System.CommandLine;
using MLNetConcepts.Extraction;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>extract</c>: word-level activations of a model over one sentence file (SPEC section 4).</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder with model.json (SPEC section 2)", Required = true };
        var input = new Option<string>("--input") { Description = "UTF-8 text, one sentence per line, words separated by spaces", Required = true };
        var language = new Option<string>("--language") { Description = "Language code of the input, e.g. en", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder; activations go to <out>/activations", Required = true };
        var layers = new Option<string>("--layers") { Description = "Comma-separated layers (0 = embeddings) or 'all'", DefaultValueFactory = _ => "all" };
        var aggregation = new Option<string>("--aggregation") { Description = "Vector of a multi-piece word: last, first or mean", DefaultValueFactory = _ => "last" };
        aggregation.AcceptOnlyFromAmong("last", "first", "mean");
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per forward pass", DefaultValueFactory = _ => 32 };
        var device = new Option<string>("--device") { Description = "cpu or cuda:N (falls back to CPU, with a notice, when CUDA cannot load)", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var target = new Option<string?>("--target") { Description = "t5 only: target-side sentence file (not supported yet)" };
        var targetLanguage = new Option<string?>("--target-language") { Description = "t5 only: language of --target (not supported yet)" };

        var command = new Command("extract", "Extract per-layer word vectors from an ONNX model over a sentence file.")
        {
            model, input, language, output, layers, aggregation, batchSize, device, threads, target, targetLanguage,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(target) is not null || parsed.GetValue(targetLanguage) is not null)
                throw new MLNetConceptsException("option --target: decoder (t5) extraction is not supported yet");
            int threadCount = parsed.GetValue(threads);
            if (threadCount < 0)
                throw new MLNetConceptsException($"option --threads: must be 0 or more, got {threadCount}");
            string layerText = parsed.GetValue(layers)!;
            var options = new ExtractionOptions
            {
                Layers = layerText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : CommonOptions.ParseIntList("--layers", layerText),
                Aggregation = Enum.Parse<WordAggregation>(parsed.GetValue(aggregation)!, ignoreCase: true),
                BatchSize = parsed.GetValue(batchSize),  // checked by ActivationExtractor
                Device = parsed.GetValue(device)!,
                IntraOpThreads = threadCount,
            };
            string outFolder = parsed.GetValue(output)!;
            var progress = new LineProgress("extract", "sentences");
            ExtractionReport report = await ExtractionJob.RunAsync(parsed.GetValue(model)!, parsed.GetValue(input)!,
                parsed.GetValue(language)!, outFolder, options, progress, cancellationToken);
            ExtractionStatistics s = report.Statistics;
            Console.WriteLine(
                $"extract: {s.Sentences} sentences, {s.WordsKept} of {s.Words} words kept ({s.WordsDroppedByTokenizer} dropped by the tokenizer, " +
                $"{s.WordsTruncated} past max positions), layers {string.Join(",", report.Layers)}, {report.Seconds:0.0} s " +
                $"({report.WordsPerSecond:0} words/s) -> {Path.Combine(outFolder, "activations")}");
            return CommandRunner.Success;
        });
        return command;
    }
}
