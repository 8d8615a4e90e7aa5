using System.CommandLine;
using System.Diagnostics;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>dictionary</c>: induce a translation dictionary from a parallel corpus.</summary>
public static class DictionaryCommand
{
    /// <summary>
    /// The method's option this command takes (declared once, in <see cref="RunFolders.RunSettings"/>). Its <c>--nbest</c>
    /// is its own: translations kept per word, not CALIGN's translations that count.
    /// </summary>
    private static MethodOptionFlags MethodFlags() => new(["max_sentence_words"]);

    /// <summary>The flag of each <see cref="DictionaryInductionOptions"/> property this command sets, for the library's errors.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = MethodFlags().FlagsByProperty(typeof(DictionaryInductionOptions)).Concat(new Dictionary<string, string>
    {
        [nameof(DictionaryInductionOptions.NBest)] = "--nbest",
        [nameof(WordAlignerOptions.Threads)] = "--threads",
        ["sourceLanguage"] = "--source-language",   // DictionaryJob's parameters
        ["targetLanguage"] = "--target-language",
    }).ToDictionary();

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
        MethodOptionFlags methodFlags = MethodFlags();
        foreach (Option option in methodFlags.Options) command.Options.Add(option);
        command.SetAction(PropertyFlags.Naming(Flags, async (parse, cancellationToken) =>
        {
            var options = new DictionaryInductionOptions { NBest = parse.GetValue(nBest), MaxSentenceWords = methodFlags.Read(parse).MaxSentenceWords };
            options.Aligner.Threads = parse.GetValue(threads);
            options.Validate();
            new FileRoles().Input("option --source", parse.GetValue(source)!).Input("option --target", parse.GetValue(target)!)
                .Output("option --out", parse.GetValue(output)!).Check();
            var clock = Stopwatch.StartNew();
            DictionaryInductionResult result = await DictionaryJob.RunAsync(parse.GetValue(source)!, parse.GetValue(target)!,
                parse.GetValue(sourceLanguage)!, parse.GetValue(targetLanguage)!, parse.GetValue(output)!, options, cancellationToken).ConfigureAwait(false);
            if (SkippedLinesWarning(result.SkippedLines, result.SkippedLineCount) is { } warning)
                Console.Error.WriteLine(warning);
            if (result.LongPairCount > 0)
                Console.Error.WriteLine($"note: dropped {result.LongPairCount} sentence pair(s) with {options.MaxSentenceWords} words or more on a side " +
                                        $"(max_sentence_words, as extraction's frequency filter does): {Lines(result.LongLines, result.LongPairCount)}");
            Console.WriteLine($"{result.SentencePairs} sentence pairs aligned in {clock.Elapsed.TotalSeconds:F1} s " +
                              $"(final tension {result.FinalTensions.SourceToTarget:F2} / {result.FinalTensions.TargetToSource:F2}); " +
                              $"{result.Dictionary.SourceWordCount} source words, {result.Dictionary.Entries.Count} entries -> {parse.GetValue(output)}");
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>
    /// The warning listing the lines skipped for an empty side (the first 20 of <paramref name="count"/>; all listed when
    /// it is not given), or null when none was.
    /// </summary>
    public static string? SkippedLinesWarning(IReadOnlyList<int> skippedLines, long count = -1)
    {
        if (count < 0) count = skippedLines.Count;
        return count == 0 ? null : $"warning: skipped {count} line(s) with an empty side: {Lines(skippedLines, count)}";
    }

    /// <summary>At most the first 20 line numbers, then how many more there are: one short line however many.</summary>
    private static string Lines(IReadOnlyList<int> listed, long count) =>
        string.Join(", ", listed.Take(20)) + (count > Math.Min(listed.Count, 20) ? $" and {count - Math.Min(listed.Count, 20)} more" : "");
}
