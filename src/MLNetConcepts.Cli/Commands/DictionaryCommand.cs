using System.CommandLine;
using System.Diagnostics;
using MLNetConcepts.Dictionary;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>dictionary</c>: induce a translation dictionary from a parallel corpus (SPEC 1.4, section 4).</summary>
public static class DictionaryCommand
{
    /// <summary>The flag of each <see cref="DictionaryInductionOptions"/> property this command sets, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(DictionaryInductionOptions.NBest)] = "--nbest",
        [nameof(WordAlignerOptions.Threads)] = "--threads",
    };

    /// <summary>The command with its options and the handler that runs it.</summary>
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Source sentences, one per line, words space-separated (UTF-8; .gz accepted).", Required = true };
        var target = new Option<string>("--target") { Description = "Target sentences, line-aligned with --source.", Required = true };
        var sourceLanguage = new Option<string>("--source-language") { Description = "Source language code.", Required = true };
        var targetLanguage = new Option<string>("--target-language") { Description = "Target language code.", Required = true };
        var output = new Option<string>("--out") { Description = "dictionary.parquet to write.", Required = true };
        var defaults = new DictionaryInductionOptions();
        var nBest = new Option<int>("--nbest") { Description = "Translations kept per source word.", DefaultValueFactory = _ => defaults.NBest };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); the result does not depend on it.", DefaultValueFactory = _ => defaults.Aligner.Threads };

        var command = new Command("dictionary", "Word-align a parallel corpus (fast_align model, grow-diag-final-and) and write the N-best translation dictionary.")
        {
            source, target, sourceLanguage, targetLanguage, output, nBest, threads,
        };
        command.SetAction(PropertyFlags.Naming(Flags, async (parse, cancellationToken) =>
        {
            var options = new DictionaryInductionOptions { NBest = parse.GetValue(nBest) };
            options.Aligner.Threads = parse.GetValue(threads);
            options.Validate();
            new FileRoles().Input("option --source", parse.GetValue(source)!).Input("option --target", parse.GetValue(target)!)
                .Output("option --out", parse.GetValue(output)!).Check();
            var clock = Stopwatch.StartNew();
            DictionaryInductionResult result = await DictionaryJob.RunAsync(parse.GetValue(source)!, parse.GetValue(target)!,
                parse.GetValue(sourceLanguage)!, parse.GetValue(targetLanguage)!, parse.GetValue(output)!, options, cancellationToken).ConfigureAwait(false);
            if (SkippedLinesWarning(result.SkippedLines) is { } warning)
                Console.Error.WriteLine(warning);
            Console.WriteLine($"{result.SentencePairs} sentence pairs aligned in {clock.Elapsed.TotalSeconds:F1} s " +
                              $"(final tension {result.FinalTensions.SourceToTarget:F2} / {result.FinalTensions.TargetToSource:F2}); " +
                              $"{result.Dictionary.SourceWordCount} source words, {result.Dictionary.Entries.Count} entries -> {parse.GetValue(output)}");
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>The warning listing the lines skipped for an empty side, or null when none was.</summary>
    public static string? SkippedLinesWarning(IReadOnlyList<int> skippedLines) => skippedLines.Count == 0
        ? null
        : $"warning: skipped {skippedLines.Count} line(s) with an empty side: {string.Join(", ", skippedLines)}";
}
