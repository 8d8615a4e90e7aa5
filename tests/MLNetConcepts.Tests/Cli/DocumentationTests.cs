using System.CommandLine;
using System.Text.RegularExpressions;
using MLNetConcepts.Cli;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Cli;

/// <summary>
/// The documentation keeps up with the program: every command and option has its place in <c>docs/cli.md</c>, the
/// README stays a short user's page, and every relative link of the README and <c>docs/</c> reaches an existing file and
/// heading. (That every C# block compiles is checked by <c>tests/package/run.sh</c>, against the packed library.)
/// </summary>
public partial class DocumentationTests
{
    private static string Docs => Path.Combine(RepoPaths.Root, "docs");

    // Pages the README links to that other work adds; remove a name once its page is in the repository.
    private static readonly HashSet<string> PagesBeingWritten = ["docs/mlnet.md", "docs/explorer.md"];

    [Fact]
    public void EveryCommandAndOptionIsInTheCommandLineReference()
    {
        string reference = File.ReadAllText(Path.Combine(Docs, "cli.md"));
        var missing = new List<string>();
        foreach (Command command in CliApp.CreateRootCommand().Subcommands)
        {
            // The command's own section: from its heading to the next heading of the same level.
            Match heading = Regex.Match(reference, $"^## `{Regex.Escape(command.Name)}`[ \t]*$", RegexOptions.Multiline);
            if (!heading.Success)
            {
                missing.Add($"section ## `{command.Name}`");
                continue;
            }
            int end = reference.IndexOf("\n## ", heading.Index + heading.Length, StringComparison.Ordinal);
            string section = reference[heading.Index..(end < 0 ? reference.Length : end)];
            foreach (Option option in command.Options)
            {
                if (option.Name is "--help" or "-h" or "-?" || option.Aliases.Contains("--help")) continue;
                if (!section.Contains($"`{option.Name}`", StringComparison.Ordinal)) missing.Add($"{command.Name} {option.Name}");
            }
        }
        Assert.True(missing.Count == 0, "docs/cli.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheReadmeIsAShortUsersPage()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.True(lines.Length <= 260, $"README.md has {lines.Length} lines; move detail into docs/");
        string text = string.Join('\n', lines);
        Assert.DoesNotContain("shared/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SPEC", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPageCitesTheSpecificationOrPointsOutsideTheRepository()
    {
        foreach (string page in Pages())
        {
            string text = File.ReadAllText(Path.Combine(RepoPaths.Root, page));
            Assert.False(text.Contains("SPEC", StringComparison.Ordinal), $"{page} cites SPEC; say what it means instead");
            Assert.False(text.Contains("](../shared", StringComparison.Ordinal) || text.Contains("](../../shared", StringComparison.Ordinal),
                $"{page} links outside the repository");
        }
    }

    [Fact]
    public void EveryRelativeLinkReachesAFileAndHeading()
    {
        var broken = new List<string>();
        foreach (string page in Pages())
        {
            string text = File.ReadAllText(Path.Combine(RepoPaths.Root, page));
            string folder = Path.GetDirectoryName(page) ?? "";
            foreach (Match link in MarkdownLink().Matches(StripCode(text)))
            {
                string target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                string file = target, anchor = "";
                int hash = target.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0) (file, anchor) = (target[..hash], target[(hash + 1)..]);
                string relative = file.Length == 0 ? page : Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(RepoPaths.Root, folder, file)))
                    .Replace('\\', '/');
                if (PagesBeingWritten.Contains(relative)) continue;
                string full = Path.Combine(RepoPaths.Root, relative);
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    broken.Add($"{page}: {target} (no {relative})");
                    continue;
                }
                if (anchor.Length > 0 && (!relative.EndsWith(".md", StringComparison.Ordinal) || !Anchors(File.ReadAllText(full)).Contains(anchor)))
                    broken.Add($"{page}: {target} (no heading #{anchor} in {relative})");
            }
        }
        Assert.True(broken.Count == 0, "broken links: " + string.Join("; ", broken));
    }

    private static IEnumerable<string> Pages() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Docs, "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal));

    // GitHub's heading anchors: lower case, punctuation other than '-' and '_' removed, spaces to '-'; repeats get -1, -2, ...
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Regex.Matches(StripCode(markdown, keepInline: true), @"^#{1,6}[ \t]+(?<title>.+?)[ \t]*#*[ \t]*$", RegexOptions.Multiline))
        {
            string slug = Regex.Replace(heading.Groups["title"].Value.ToLowerInvariant(), @"[^\p{L}\p{N}\p{Mn} _-]", "").Replace(' ', '-');
            string unique = slug;
            for (int n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        return anchors;
    }

    // Fenced blocks hold code, not links or headings; inline code spans hold neither links (kept for headings' text).
    private static string StripCode(string markdown, bool keepInline = false)
    {
        string withoutFences = Regex.Replace(markdown, @"^[ \t]*```.*?^[ \t]*```[ \t]*$", "", RegexOptions.Multiline | RegexOptions.Singleline);
        return keepInline ? withoutFences : Regex.Replace(withoutFences, "`[^`\n]*`", "");
    }

    [GeneratedRegex(@"\[[^\]\n]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
