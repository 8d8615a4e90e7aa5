using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using MLNetConcepts.Cli;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Cli;

/// <summary>
/// Bad and hostile inputs through the real command line (issue 15): each case checks the exit code, a single line
/// naming the culprit, no stack trace, inputs unchanged (hashes before and after) and nothing touched outside the
/// output, including a sentinel folder that links inside outputs point to.
/// </summary>
public partial class HostileInputTests
{
    private static string Model(string name) => TinyModels.Folder(name);

    /// <summary>Small real inputs every command can read: a 300-line en-de corpus and what the tool makes of it.</summary>
    private sealed record Inputs(string Folder, string English, string German, string Activations, string Concepts, string Dictionary);

    private static readonly Lazy<Task<Inputs>> Shared = new(async () =>
    {
        string folder = TempFolder.ForProcess("hostile");
        Directory.CreateDirectory(folder);
        string data = Path.Combine(RepoPaths.Examples, "data");
        string en = Path.Combine(folder, "corpus.en"), de = Path.Combine(folder, "corpus.de");
        File.WriteAllLines(en, File.ReadLines(Path.Combine(data, "en-de.en")).Take(300));
        File.WriteAllLines(de, File.ReadLines(Path.Combine(data, "en-de.de")).Take(300));
        string extracted = Path.Combine(folder, "extracted");
        foreach ((string file, string language) in new[] { (en, "en"), (de, "de") })
            await Succeed("extract", "--model", Model("tiny-bert"), "--input", file, "--language", language, "--out", extracted, "--layers", "0,1");
        string concepts = Path.Combine(folder, "concepts.parquet");
        await Succeed("cluster", "--activations", extracted, "--out", concepts, "--layers", "1", "--k", "5", "--min-frequency", "2");
        string dictionary = Path.Combine(folder, "dictionary.parquet");
        await Succeed("dictionary", "--source", en, "--target", de, "--source-language", "en", "--target-language", "de", "--out", dictionary);
        return new Inputs(folder, en, de, Path.Combine(extracted, ActivationFiles.FolderName), concepts, dictionary);
    });

    private static async Task Succeed(params string[] args)
    {
        var (code, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, $"{string.Join(" ", args)}: {error}");
    }

    /// <summary>
    /// Runs the command line and checks the failure contract: exit code, one line starting "mlnetconcepts: " that
    /// names <paramref name="culprit"/>, no stack trace, and neither the sandbox nor the shared inputs changed.
    /// </summary>
    private static async Task<string> Refused(TempFolder sandbox, int exitCode, string culprit, params string[] args)
    {
        Inputs inputs = await Shared.Value;
        var before = (sandbox.Fingerprint(), Hashes(inputs.Folder));
        var (code, error) = await CliRunner.RunAsync(args);
        string[] lines = error.TrimEnd('\n').Split('\n');
        Assert.True(code == exitCode, $"exit {code}, expected {exitCode}: {error}");
        Assert.True(lines.Length == 1, $"expected one line: {error}");
        Assert.StartsWith("mlnetconcepts: ", lines[0]);
        Assert.Contains(culprit, lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(before.Item1, sandbox.Fingerprint());
        Assert.Equal(before.Item2, Hashes(inputs.Folder));
        return lines[0];
    }

    /// <summary>Every file's hash under a folder (the shared inputs).</summary>
    private static SortedDictionary<string, string> Hashes(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(folder, file)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        return result;
    }

    // ------------------------------------------------------------------------------ an output that is an input

    [Fact]
    public async Task DictionaryRefusesToWriteOverItsSource()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        await Refused(sandbox, 2, "option --out", "dictionary", "--source", i.English, "--target", i.German, "--source-language", "en",
            "--target-language", "de", "--out", i.English);
    }

    [Fact]
    public async Task DictionaryRefusesALinkToItsTarget()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string link = sandbox.File("out.parquet");
        File.CreateSymbolicLink(link, i.German);
        string message = await Refused(sandbox, 2, "option --target", "dictionary", "--source", i.English, "--target", i.German,
            "--source-language", "en", "--target-language", "de", "--out", link);
        Assert.Contains("refusing to overwrite an input", message);
    }

    [Fact]
    public async Task OverlapRefusesToWriteOverItsConcepts()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        await Refused(sandbox, 2, "option --concepts", "overlap", "--concepts", i.Concepts, "--out", i.Concepts);
    }

    [Fact]
    public async Task AlignRefusesToWriteOverItsDictionary()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        await Refused(sandbox, 2, "option --dictionary", "align", "--source-concepts", i.Concepts, "--target-concepts", i.Concepts,
            "--dictionary", i.Dictionary, "--source-language", "en", "--target-language", "de", "--out", i.Dictionary);
    }

    [Fact]
    public async Task ClusterRefusesToWriteOverAnActivationPart()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string part = Directory.GetFiles(Path.Combine(i.Activations, "component=encoder", "layer=1"), "*.parquet")[0];
        await Refused(sandbox, 2, "option --activations", "cluster", "--activations", i.Activations, "--out", part, "--k", "5");
    }

    [Fact]
    public async Task ClusterRefusesASummaryThatIsItsOutput()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string output = sandbox.File("concepts.parquet");
        await Refused(sandbox, 2, "option --summary", "cluster", "--activations", i.Activations, "--out", output, "--summary", output, "--k", "5");
    }

    [Fact]
    public async Task ExtractRefusesAnInputInsideWhatItReplaces()
    {
        using var sandbox = TempFolder.WithSentinel();
        string input = sandbox.Write("out/activations/input.txt", "The cat sits .\n");
        await Refused(sandbox, 2, "option --input", "extract", "--model", Model("tiny-bert"), "--input", input, "--language", "en",
            "--out", sandbox.File("out"));
    }

    [Fact]
    public async Task ExtractRefusesASecondModelInTheSameFolder()
    {
        using var sandbox = TempFolder.WithSentinel();
        string input = sandbox.Write("input.txt", "The cat sits .\n");
        string output = sandbox.File("out");
        await Succeed("extract", "--model", Model("tiny-bert"), "--input", input, "--language", "en", "--out", output);
        await Refused(sandbox, 2, "already holds activations of the model", "extract", "--model", Model("tiny-xlmr"), "--input", input,
            "--language", "de", "--out", output);
    }

    [Fact]
    public async Task ClusterRefusesActivationsOfTwoModels()
    {
        using var sandbox = TempFolder.WithSentinel();
        string input = sandbox.Write("input.txt", "The cat sits .\n");
        string output = sandbox.File("out");
        await Succeed("extract", "--model", Model("tiny-bert"), "--input", input, "--language", "en", "--out", output);
        // As a copy by hand (or an older version of the tool) leaves it: a report of another model beside them.
        string report = File.ReadAllText(Path.Combine(output, "extract-en.json"));
        File.WriteAllText(Path.Combine(output, "extract-de.json"), report.Replace(Model("tiny-bert"), Model("tiny-xlmr")));
        await Refused(sandbox, 2, "holds activations of 2 models", "cluster", "--activations", output, "--k", "2", "--out", sandbox.File("c.parquet"));
        await Refused(sandbox, 2, "holds activations of 2 models", "cluster", "--activations", Path.Combine(output, "activations"), "--k", "2",
            "--out", sandbox.File("c.parquet"));
    }

    // ---------------------------------------------------------------------------------------- empty --out

    public static TheoryData<string> Commands => ["extract", "cluster", "dictionary", "align", "overlap", "analyze"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AnEmptyOutIsRefused(string command)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string[] args = command switch
        {
            "extract" => ["--model", Model("tiny-bert"), "--input", i.English, "--language", "en"],
            "cluster" => ["--activations", i.Activations, "--k", "5"],
            "dictionary" => ["--source", i.English, "--target", i.German, "--source-language", "en", "--target-language", "de"],
            "align" => ["--source-concepts", i.Concepts, "--target-concepts", i.Concepts, "--dictionary", i.Dictionary, "--source-language", "en", "--target-language", "de"],
            "overlap" => ["--concepts", i.Concepts],
            _ => ["--model", Model("tiny-bert"), "--corpus", Path.Combine(i.Folder, "corpus"), "--languages", "en,de", "--layers", "1"],
        };
        string cwd = Directory.GetCurrentDirectory();
        var before = Directory.EnumerateFileSystemEntries(cwd).Order().ToArray();
        await Refused(sandbox, 2, "option --out: empty value", [command, .. args, "--out", ""]);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(cwd).Order().ToArray());
    }

    [Theory]
    [InlineData("analyze", "--model", "")]
    [InlineData("cluster", "--activations", "")]
    [InlineData("extract", "--input", "--model|MODEL|--language|en")]
    [InlineData("dictionary", "--source", "--target|TEXT|--source-language|en|--target-language|de")]
    public async Task AnEmptyInputIsRefused(string command, string option, string others)
    {
        using var sandbox = TempFolder.WithSentinel();
        string text = sandbox.Write("text.txt", "Hallo Welt\n");
        string[] rest = others.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a switch { "MODEL" => Model("tiny-bert"), "TEXT" => text, _ => a }).ToArray();
        await Refused(sandbox, 2, $"option {option}: empty value", [command, option, " ", .. rest, "--out", sandbox.File("out")]);
    }

    // ------------------------------------------------------------------------------------ analyze's folder

    private static string[] Analyze(Inputs i, string output, params string[] more) =>
    [
        "analyze", "--model", Model("tiny-bert"), "--corpus", Path.Combine(i.Folder, "corpus"), "--languages", "en,de", "--layers", "1",
        "--k", "5", "--quiet", "--out", output, .. more,
    ];

    [Fact]
    public async Task AnalyzeRefusesAFileAsItsRunFolder()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string file = sandbox.Write("notes.txt", "mine\n");
        await Refused(sandbox, 2, "is a file", Analyze(i, file));
        await Refused(sandbox, 2, file, Analyze(i, Path.Combine(file, "run")));
    }

    [Fact]
    public async Task AnalyzeRefusesAFolderThatIsNotARunFolder()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        sandbox.Write("mine/thesis.tex", "\\begin{document}\n");
        await Refused(sandbox, 2, "holds no run.json", Analyze(i, sandbox.File("mine")));
    }

    [Fact]
    public async Task AnalyzeRefusesARunInsideOrAroundAnotherRun()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        sandbox.Write("runs/a/run.json", "{}\n");
        sandbox.Write("runs/a/.lock", "");
        await Refused(sandbox, 2, "is inside the run folder", Analyze(i, sandbox.File("runs/a/inner")));
        sandbox.Write("runs/b/run.json", "{}\n");
        sandbox.Write("runs/b/.lock", "");
        sandbox.Write("runs/b/deeper/c/run.json", "{}\n");
        await Refused(sandbox, 2, "holds another run folder", Analyze(i, sandbox.File("runs/b")));

        // A run that has only just started (its lock held, no run.json yet) counts too.
        sandbox.Write("runs/p/.lock", "");
        using (new FileStream(sandbox.File("runs/p/.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            await Refused(sandbox, 2, "is inside the run folder", Analyze(i, sandbox.File("runs/p/inner")));
    }

    [Fact]
    public async Task AnalyzeRefusesARunFolderInsideAModelFolder()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = sandbox.File("model");
        CopyFolder(Model("tiny-bert"), model);
        string[] args = Analyze(i, Path.Combine(model, "run"));
        args[Array.IndexOf(args, Model("tiny-bert"))] = model;
        await Refused(sandbox, 2, "inside model 'model'", args);
    }

    [Fact]
    public async Task AnalyzeRemovesOnlyTheTemporariesItRecorded()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string run = sandbox.File("run");
        await Succeed(Analyze(i, run));

        // A killed run's leftover, listed in the journal: removed. A look-alike the run never made, and entries that
        // lead through a link or out of the folder: kept.
        string leftover = Path.Combine(run, "model=tiny-bert", ".concepts.parquet.tmp-1-0");
        File.WriteAllText(leftover, "half");
        string unrecorded = Path.Combine(run, ".draft.tmp-mine");
        File.WriteAllText(unrecorded, "mine");
        File.CreateSymbolicLink(Path.Combine(run, "shared"), sandbox.Sentinel);
        File.AppendAllLines(Path.Combine(run, TemporaryJournal.FileName),
        [
            "model=tiny-bert/.concepts.parquet.tmp-1-0", "shared/.draft.tmp-notes", "shared/.staging-mine", "../sentinel/.draft.tmp-notes",
            Path.Combine(sandbox.Sentinel, ".draft.tmp-notes"),
        ]);
        var sentinel = sandbox.Fingerprint(run);
        await Succeed(Analyze(i, run));
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(unrecorded));
        Assert.Equal(sentinel, sandbox.Fingerprint(run));

        // The journal itself replaced by a link to a user's file: the file is neither truncated nor used as a list.
        string journal = Path.Combine(run, TemporaryJournal.FileName);
        File.Delete(journal);
        File.CreateSymbolicLink(journal, Path.Combine(sandbox.Sentinel, "notes.txt"));
        await Succeed(Analyze(i, run));
        Assert.True(File.Exists(unrecorded));
        Assert.Equal(sentinel, sandbox.Fingerprint(run));
    }

    [Fact]
    public async Task AnalyzeRefusesAPipeAsACorpusFileWithoutWaiting()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        File.Copy(i.English, sandbox.File("corpus.en"));
        Process.Start("mkfifo", sandbox.File("corpus.de"))!.WaitForExit();
        string[] args = Analyze(i, sandbox.File("run"));
        args[Array.IndexOf(args, Path.Combine(i.Folder, "corpus"))] = sandbox.File("corpus");
        Task<string> refused = Refused(sandbox, 2, "not a regular file", args);
        Assert.Same(refused, await Task.WhenAny(refused, Task.Delay(TimeSpan.FromSeconds(60))));
        await refused;
    }

    [Fact]
    public async Task AnalyzeRefusesATsvLineWithThreeColumns()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string tsv = sandbox.Write("pairs.tsv", "The cat .\tDie Katze .\nA dog .\tEin Hund .\tnote\n");
        string[] args = Analyze(i, sandbox.File("run"));
        args[Array.IndexOf(args, Path.Combine(i.Folder, "corpus"))] = tsv;
        await Refused(sandbox, 2, "line 2: has 3 tab-separated columns", args);
    }

    [Fact]
    public async Task AnalyzeNamesTheFlagsTheUserGaveAndTheDefaultsTheyDidNot()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string[] oneConcept = Analyze(i, sandbox.File("run"));
        oneConcept[Array.IndexOf(oneConcept, "--k") + 1] = "1";
        await Refused(sandbox, 2, "option --k: must be at least 2", oneConcept);
        string[] noLayers = ["analyze", "--model", Model("tiny-bert"), "--corpus", Path.Combine(i.Folder, "corpus"), "--languages", "en,de",
            "--out", sandbox.File("run")];
        string message = await Refused(sandbox, 2, "option --layers: not given", noLayers);
        Assert.DoesNotContain("run description", message);
    }

    // --------------------------------------------------------------------- model.json against the graph

    private static string BrokenModel(TempFolder sandbox, Func<string, string> editJson, string? extraVocabulary = null)
    {
        string model = sandbox.File("model");
        CopyFolder(Model("tiny-bert"), model);
        string json = Path.Combine(model, "model.json");
        File.WriteAllText(json, editJson(File.ReadAllText(json)));
        if (extraVocabulary is not null) File.AppendAllText(Path.Combine(model, "vocab.txt"), extraVocabulary);
        return model;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public async Task MaxPositionsBeyondTheGraphIsNamedBeforeAnyWork()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json.Replace("\"max_positions\": 24", "\"max_positions\": 64"));
        string message = await Refused(sandbox, 2, "field 'max_positions' is 64", "extract", "--model", model, "--input", i.English,
            "--language", "en", "--out", sandbox.File("out"));
        Assert.Contains(Path.Combine(model, "model.json"), message);
    }

    [Fact]
    public async Task AVocabularyLargerThanTheEmbeddingIsNamed()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json, string.Concat(Enumerable.Range(0, 20).Select(n => $"extra{n}\n")));
        await Refused(sandbox, 2, "field 'tokenizer.file'", "extract", "--model", model, "--input", i.English, "--language", "en",
            "--out", sandbox.File("out"));
    }

    [Theory]
    [InlineData("\"hidden_states.3\"\n", "\"hidden_states.2\"\n", "names 'hidden_states.2' 2 times")]
    [InlineData("\"num_layers\": 3", "\"num_layers\": 4", "has 4 names but num_layers is 4")]
    public async Task HiddenStatesMustBeDistinctAndOnePerLayer(string from, string to, string expected)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json.Replace(from, to));
        await Refused(sandbox, 2, expected, "extract", "--model", model, "--input", i.English, "--language", "en", "--out", sandbox.File("out"));
    }

    // ------------------------------------------------------------------------------------- damaged files

    [Fact]
    public async Task ADamagedParquetPartIsNamed()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string activations = sandbox.File("activations");
        foreach (string file in Directory.GetFiles(i.Activations, "*.parquet", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(activations, Path.GetRelativePath(i.Activations, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        string part = Directory.GetFiles(Path.Combine(activations, "component=encoder", "layer=1"), "*.parquet").Order().First();
        byte[] bytes = File.ReadAllBytes(part);
        for (int b = 64; b < bytes.Length / 2; b += 97) bytes[b] ^= 0x5A;  // damage the data pages, keep the footer
        File.WriteAllBytes(part, bytes);
        await Refused(sandbox, 2, part, "cluster", "--activations", activations, "--layers", "1", "--k", "5", "--out", sandbox.File("c.parquet"));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public async Task ADamagedGzipCorpusIsNamed(string damage)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string en = sandbox.File("corpus.en.gz"), de = sandbox.File("corpus.de.gz");
        foreach ((string from, string to) in new[] { (i.English, en), (i.German, de) })
        {
            using FileStream output = File.Create(to);
            using var gzip = new GZipStream(output, CompressionLevel.Optimal);
            using FileStream input = File.OpenRead(from);
            input.CopyTo(gzip);
        }
        byte[] bytes = File.ReadAllBytes(de);
        if (damage == "truncated") bytes = bytes[..(bytes.Length * 2 / 3)];
        else bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(de, bytes);
        await Refused(sandbox, 2, de, "dictionary", "--source", en, "--target", de, "--source-language", "en", "--target-language", "de",
            "--out", sandbox.File("d.parquet"));
    }

    [Fact]
    public async Task AFolderIsNotReportedAsMissing()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        Directory.CreateDirectory(sandbox.File("texts"));
        await Refused(sandbox, 2, "is a folder", "dictionary", "--source", sandbox.File("texts"), "--target", i.German,
            "--source-language", "en", "--target-language", "de", "--out", sandbox.File("d.parquet"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\n \n")]
    public async Task AnEmptyCorpusGivesNoDictionary(string text)
    {
        using var sandbox = TempFolder.WithSentinel();
        string en = sandbox.Write("e.en", text), de = sandbox.Write("e.de", text);
        await Refused(sandbox, 2, en, "dictionary", "--source", en, "--target", de, "--source-language", "en", "--target-language", "de",
            "--out", sandbox.File("d.parquet"));
    }

    // --------------------------------------------------------------------------------- the runner itself

    [Fact]
    public async Task AnUnexpectedExceptionIsOneLineExitCode1AndAsksForABugReport()
    {
        var root = new RootCommand();
        var command = new Command("boom");
        command.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("a state we never expected")));
        root.Subcommands.Add(command);
        var error = new StringWriter();
        int code = await CommandRunner.RunAsync(root, ["boom"], error);
        Assert.Equal(CommandRunner.InternalError, code);
        string text = error.ToString().TrimEnd('\n');
        Assert.DoesNotContain('\n', text);
        Assert.Contains("a state we never expected", text);
        Assert.Contains("please report it", text);
    }

    [Fact]
    public async Task SigtermDuringAnalyzeStopsCleanlyWithExitCode130()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string run = sandbox.File("run");
        string[] args = Analyze(i, run);
        args = args.Where(a => a != "--quiet").ToArray();
        args[Array.IndexOf(args, "1")] = "0,1,2,3";  // --layers: enough work to be stopped in the middle
        var before = Hashes(i.Folder);
        using Process cli = TinyRun.StartCli(args[..]);
        var lines = new List<string>();
        string? line;
        while ((line = cli.StandardError.ReadLine()) is not null)
        {
            lines.Add(line);
            if (line.StartsWith("extract ", StringComparison.Ordinal) && line.EndsWith("started", StringComparison.Ordinal))
            {
                Process.Start("kill", ["-TERM", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                break;
            }
        }
        string rest = cli.StandardError.ReadToEnd();
        Assert.True(cli.WaitForExit(60_000));
        Assert.True(cli.ExitCode == 130, $"exit {cli.ExitCode}: {string.Join("\n", lines)}\n{rest}");
        string[] after = rest.TrimEnd('\n').Split('\n');
        Assert.StartsWith("mlnetconcepts: interrupted", after[^1]);
        Assert.DoesNotContain("   at ", rest);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(run, "*", SearchOption.AllDirectories),
            p => TemporaryJournal.IsTemporaryName(Path.GetFileName(p)));
        Assert.Equal(before, Hashes(i.Folder));

        // The interrupted run resumes to a complete one.
        await Succeed([.. args, "--quiet"]);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void OnnxRuntimeWritesNothingOfItsOwnOnStandardError()
    {
        // A failing graph is where ONNX Runtime's logger speaks (its own coloured "[E:onnxruntime:...]" lines); the
        // tool's one line must be all the user sees. Only a separate process shows what reaches the real stderr.
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json.Replace("\"max_positions\": 24", "\"max_positions\": 64"));
        string input = sandbox.Write("input.txt", "The cat sits on the mat .\n");
        using Process cli = TinyRun.StartCli("extract", "--model", model, "--input", input, "--language", "en", "--out", sandbox.File("out"));
        string error = cli.StandardError.ReadToEnd();
        cli.WaitForExit();
        Assert.Equal(2, cli.ExitCode);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("mlnetconcepts: ", lines[0]);
    }
}
