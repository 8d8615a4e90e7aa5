using System.Text.RegularExpressions;

namespace MLNetConcepts.Cli;

/// <summary>
/// A finished stage as one terminal line that keeps what a reader looks for (the model, the corpus, the layer and
/// scope, the key numbers) whatever the width: words are shortened step by step (keys dropped, then known words
/// abbreviated, bracketed details dropped), and only what is left over is cut, at the end of the line, never in its middle.
/// </summary>
public static partial class StageLine
{
    private static readonly (Regex Pattern, string Replacement)[] Keys =
    [
        (KeyPattern(), ""),
        (new Regex(@"\bcomponent=encoder\b"), "enc"),
        (new Regex(@"\bcomponent=decoder\b"), "dec"),
        (new Regex(@"\blayer=(\d+)"), "L$1"),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Words =
    [
        (new Regex(@"(\d+) vectors kept of (\d+) -> (\d+) concepts in (\d+) fits"), "$1/$2 vec -> $3 concepts ($4 fits)"),
        (new Regex(@" -> "), "→"),
        (new Regex(@"->"), "→"),
        (new Regex(@"\bscope=languages\b|\blanguages\b"), "langs"),
        (new Regex(@"\biterations/s\b"), "it/s"),
        (new Regex(@"\bsentences/s\b"), "sent/s"),
        (new Regex(@"\bsentences\b"), "sent"),
        (new Regex(@"\bwords/s\b"), "w/s"),
        (new Regex(@"\bwords\b"), "w"),
        (new Regex(@"\bconcepts\b"), "conc"),
        (new Regex(@"\bdirections\b"), "dir"),
        (new Regex(@"\bentries\b"), "entr"),
        (new Regex(@"^cluster "), "clu "),
        (new Regex(@"^extract "), "ext "),
        (new Regex(@"^overlap "), "ovl "),
    ];

    /// <summary>The line <c>prefix stage: summary</c> within <paramref name="width"/> characters.</summary>
    public static string Compose(string prefix, string stage, string summary, int width)
    {
        string Line() => summary.Length == 0 ? prefix + stage : $"{prefix}{stage}: {summary}";
        if (Line().Length <= width) return Line();
        foreach ((Regex pattern, string replacement) in Keys)
            stage = pattern.Replace(stage, replacement);
        stage = Regex.Replace(stage, @"\s+", " ").Trim();
        if (Line().Length <= width) return Line();
        prefix = Regex.Replace(prefix.Trim(), @"\s+", " ").Replace(" s", "s", StringComparison.Ordinal) + " ";
        if (Line().Length <= width) return Line();
        foreach ((Regex pattern, string replacement) in Words)
        {
            stage = pattern.Replace(stage, replacement);
            summary = pattern.Replace(summary, replacement);
            if (Line().Length <= width) return Line();
        }
        // Details in brackets go next, then whatever is left at the end.
        summary = Regex.Replace(summary, @"\s*\([^()]*\)", "");
        string line = Line();
        return line.Length <= width ? line : line[..Math.Max(0, width - 1)] + "…";
    }

    [GeneratedRegex(@"\b(model|corpus|scope|language)=")]
    private static partial Regex KeyPattern();
}
