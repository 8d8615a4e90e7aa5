using System.Diagnostics;
using System.Text.Json.Nodes;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Cli;

/// <summary>The second hostile-input round (issue 22), with the checks of the first (<see cref="Refused"/>).</summary>
public partial class HostileInputTests
{
    // ------------------------------------------------------------------ model folders: what is read and hashed

    /// <summary>tiny-bert copied into the sandbox with its graph moved to <c>onnx/model.onnx</c>.</summary>
    private static string ModelWithGraphInSubfolder(TempFolder sandbox)
    {
        string model = BrokenModel(sandbox, json => json.Replace("\"onnx\": \"model.onnx\"", "\"onnx\": \"onnx/model.onnx\""));
        Directory.CreateDirectory(Path.Combine(model, "onnx"));
        File.Move(Path.Combine(model, "model.onnx"), Path.Combine(model, "onnx", "model.onnx"));
        return model;
    }

    private static Dictionary<string, string> ExtractFingerprints(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["stages"]!.AsObject()
            .Where(s => s.Key.StartsWith("extract ", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => (string)s.Value!["fingerprint"]!);

    [Fact]
    public async Task AnalyzeSeesAChangedGraphInASubfolderOfTheModel()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = ModelWithGraphInSubfolder(sandbox);
        string run = sandbox.File("run");
        string[] args = Analyze(i, run);
        args[Array.IndexOf(args, Model("tiny-bert"))] = model;
        await Succeed(args);
        var before = ExtractFingerprints(run);
        Assert.Equal(2, before.Count);

        // Still a valid graph, other bytes: a doc_string field (ModelProto field 6) appended to the message.
        File.AppendAllText(Path.Combine(model, "onnx", "model.onnx"), "\u0032\u0003new");
        await Succeed(args);
        var after = ExtractFingerprints(run);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, s => Assert.NotEqual(s.Value, after[s.Key]));

        // External weights under any name, at any depth, are part of it too.
        File.WriteAllText(Path.Combine(model, "onnx", "weights.bin"), "weights");
        await Succeed(args);
        var withWeights = ExtractFingerprints(run);
        Assert.All(after, s => Assert.NotEqual(s.Value, withWeights[s.Key]));
    }

    [Fact]
    public void TheSavedPipelineHashCoversWeightsUnderAnyNameAndDepth()
    {
        using var sandbox = TempFolder.WithSentinel();
        string folder = ModelWithGraphInSubfolder(sandbox);
        string weights = sandbox.Write("model/onnx/weights.bin", "1.0");
        var model = MLNetConcepts.Models.ModelFolder.Load(folder);
        string first = MLNetConcepts.Models.ModelFolderHash.Of(model);
        File.WriteAllText(weights, "1.5");
        string second = MLNetConcepts.Models.ModelFolderHash.Of(model);
        Assert.NotEqual(first, second);
        sandbox.Write("model/deeper/more/extra.data", "x");
        Assert.NotEqual(second, MLNetConcepts.Models.ModelFolderHash.Of(model));
    }

    [Fact]
    public void AFlatModelFolderKeepsTheHashEarlierVersionsSaved()
    {
        // Pipelines saved before every file was hashed still load when the folder holds only what they hashed.
        using var sandbox = TempFolder.WithSentinel();
        string folder = sandbox.File("model");
        Directory.CreateDirectory(folder);
        foreach (string name in new[] { "model.json", "model.onnx", "vocab.txt" })
            File.Copy(Path.Combine(Model("tiny-bert"), name), Path.Combine(folder, name));
        var model = MLNetConcepts.Models.ModelFolder.Load(folder);
        Assert.Equal(MLNetConcepts.Models.ModelFolderHash.Legacy(model), MLNetConcepts.Models.ModelFolderHash.Of(model));
    }

    public static TheoryData<string, string, string> PathsLeavingTheFolder => new()
    {
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"../../../../etc/passwd\"", "field 'onnx' leads out of the model folder" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"ABSOLUTE\"", "field 'onnx' is an absolute path" },
        { "\"file\": \"vocab.txt\"", "\"file\": \"/etc/shadow\"", "field 'tokenizer.file' is an absolute path" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"outside.onnx\"", "field 'onnx' names 'outside.onnx', which is a link to" },
        { "\"onnx\": \"model.onnx\"", "\"onnx\": \"zero.onnx\"", "field 'onnx' names 'zero.onnx', which is a link to /dev/zero" },
        { "\"file\": \"vocab.txt\"", "\"file\": \"zero.txt\"", "field 'tokenizer.file' names 'zero.txt', which is a link to /dev/zero" },
    };

    [Theory]
    [MemberData(nameof(PathsLeavingTheFolder))]
    public async Task ModelJsonPathsStayInsideTheFolder(string from, string to, string expected)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string other = sandbox.File("other");
        CopyFolder(Model("tiny-bert"), other);
        string model = BrokenModel(sandbox, json => json.Replace(from, to.Replace("ABSOLUTE", Path.Combine(other, "model.onnx"))));
        File.CreateSymbolicLink(Path.Combine(model, "outside.onnx"), Path.Combine(other, "model.onnx"));
        File.CreateSymbolicLink(Path.Combine(model, "zero.onnx"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(model, "zero.txt"), "/dev/zero");
        if (!to.Contains("zero")) { File.Delete(Path.Combine(model, "zero.onnx")); File.Delete(Path.Combine(model, "zero.txt")); }
        foreach (string command in new[] { "extract", "analyze" })
        {
            string[] args = command == "extract"
                ? ["extract", "--model", model, "--input", i.English, "--language", "en", "--out", sandbox.File("out")]
                : Analyze(i, sandbox.File("run"));
            if (command == "analyze") args[Array.IndexOf(args, Model("tiny-bert"))] = model;
            var clock = Stopwatch.StartNew();
            string message = await Refused(sandbox, 2, expected, args);
            Assert.Contains(Path.Combine(model, "model.json"), message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{command} took {clock.Elapsed}");
        }
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("zero")]
    public async Task AFileThatNeverEndsInTheModelFolderIsRefusedUpFront(string kind)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json);
        string odd = Path.Combine(model, "extra", kind == "fifo" ? "pipe" : "weights.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(odd)!);
        if (kind == "fifo") Process.Start("mkfifo", odd)!.WaitForExit();
        else File.CreateSymbolicLink(odd, "/dev/zero");
        string[] analyze = Analyze(i, sandbox.File("run"));
        analyze[Array.IndexOf(analyze, Model("tiny-bert"))] = model;
        foreach (string[] args in new[]
                 {
                     ["extract", "--model", model, "--input", i.English, "--language", "en", "--out", sandbox.File("out")], analyze,
                 })
        {
            Task<string> refused = Refused(sandbox, 2, kind == "fifo" ? "is a pipe (FIFO), not a regular file" : "is a character device", args);
            Assert.Same(refused, await Task.WhenAny(refused, Task.Delay(TimeSpan.FromSeconds(60))));
            Assert.Contains(odd, await refused);
        }
    }
}

/// <summary>
/// Signals (issue 22, item 2): the long loops that ignored the command's cancellation (the first SIGINT/SIGTERM cancels
/// it; <see cref="SigtermDuringAnalyzeStopsCleanlyWithExitCode130"/> checks that wiring) now stop within seconds.
/// </summary>
public partial class HostileInputTests
{
    /// <summary>The example corpus repeated <paramref name="times"/> times (2,000 lines each) into the sandbox.</summary>
    private static (string En, string De) Repeated(TempFolder sandbox, int times)
    {
        string data = Path.Combine(RepoPaths.Examples, "data");
        string en = sandbox.File("big.en"), de = sandbox.File("big.de");
        File.WriteAllLines(en, Enumerable.Repeat(File.ReadAllLines(Path.Combine(data, "en-de.en")), times).SelectMany(x => x));
        File.WriteAllLines(de, Enumerable.Repeat(File.ReadAllLines(Path.Combine(data, "en-de.de")), times).SelectMany(x => x));
        return (en, de);
    }

    [Fact]
    public async Task TheDictionaryStageStopsWhenCancelled()
    {
        using var sandbox = TempFolder.WithSentinel();
        (string en, string de) = Repeated(sandbox, 240);   // 480,000 pairs: 5 s or more of work
        string output = sandbox.File("d.parquet");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MLNetConcepts.Translation.DictionaryJob.RunAsync(en, de, "en", "de", output, cancellationToken: cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"stopped after {clock.Elapsed}");
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(sandbox.Path), p => TemporaryJournal.IsTemporaryName(Path.GetFileName(p)));

        using var again = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        clock.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MLNetConcepts.Translation.DictionaryJob.RunAllDirectionsAsync(
            new Dictionary<string, string> { ["en"] = en, ["de"] = de }, ["en", "de"], output, cancellationToken: again.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"stopped after {clock.Elapsed}");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void SigtermDuringDictionaryEndsItWithExitCode130AndNoOutput()
    {
        using var sandbox = TempFolder.WithSentinel();
        (string en, string de) = Repeated(sandbox, 240);   // 480,000 pairs: 5 s or more of work
        string output = sandbox.File("d.parquet");
        AssertSigtermStops(sandbox, output, "dictionary", "--source", en, "--target", de, "--source-language", "en", "--target-language", "de", "--out", output);
    }

    [Fact]
    public void SigtermDuringExtractEndsItWithExitCode130AndNoOutput()
    {
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json);
        (string en, _) = Repeated(sandbox, 40);   // 80,000 sentences
        string output = sandbox.File("out");
        AssertSigtermStops(sandbox, output, "extract", "--model", model, "--input", en, "--language", "en", "--out", output);
    }

    [Fact]
    public async Task SigtermDuringClusterEndsItWithExitCode130AndNoOutput()
    {
        using var sandbox = TempFolder.WithSentinel();
        // 60,000 random 64-float vectors of 6,000 types (10 occurrences each): K = 600 takes far more than 2 s.
        string activations = sandbox.File("activations");
        var random = new Random(1);
        await using (var writer = new ActivationWriter(activations, "encoder", "xx", [0], 64))
        {
            var vector = new float[64];
            for (int i = 0; i < 60_000; i++)
            {
                for (int f = 0; f < vector.Length; f++) vector[f] = (float)random.NextDouble();
                await writer.AddAsync(0, i / 10, i % 10, $"w{i % 6000}", vector);
            }
            await writer.CommitAsync();
        }
        string output = sandbox.File("concepts.parquet");
        AssertSigtermStops(sandbox, output, "cluster", "--activations", activations, "--out", output, "--k", "600");
        Assert.False(File.Exists(ConceptSummaryFiles.PathBeside(output)), "the summary was written");
    }

    /// <summary>A concepts table of 400 concepts per scope (en, de, mixed), 10 types each, and a dictionary translating en w to de w.</summary>
    private static async Task<(string Concepts, string Dictionary)> BigConceptsAsync(TempFolder sandbox)
    {
        var rows = new List<ConceptAssignment>();
        long sentence = 0;
        foreach (string scope in new[] { "en", "de", "mixed" })
            for (int c = 0; c < 400; c++)
                for (int w = 0; w < 20; w++)
                {
                    string language = scope == "mixed" ? (w % 2 == 0 ? "en" : "de") : scope;
                    rows.Add(new ConceptAssignment("encoder", 0, scope, c, sentence++, 0, language, $"w{c}_{w % 10}", 400, 212));
                }
        string concepts = sandbox.File("concepts.parquet");
        await ConceptFiles.WriteAsync(concepts, rows);
        string dictionary = sandbox.Write("dictionary.tsv", string.Join("\n", Enumerable.Range(0, 400).SelectMany(c => Enumerable.Range(0, 10).Select(w => $"w{c}_{w}\tw{c}_{w}"))) + "\n");
        return (concepts, dictionary);
    }

    [Fact]
    public async Task SigtermDuringAlignAndOverlapEndsThemWithExitCode130AndNoOutput()
    {
        using var sandbox = TempFolder.WithSentinel();
        (string concepts, string dictionary) = await BigConceptsAsync(sandbox);
        // The most chance draws the options allow: minutes of work.
        string calign = sandbox.File("calign.parquet");
        AssertSigtermStops(sandbox, calign, "align", "--source-concepts", concepts, "--target-concepts", concepts, "--dictionary", dictionary,
            "--source-language", "en", "--target-language", "de", "--out", calign, "--chance-draws", "10000");
        Assert.False(File.Exists(MLNetConcepts.Metrics.SummaryFiles.PathBeside(calign)), "the summary was written");
        string colap = sandbox.File("colap.parquet");
        AssertSigtermStops(sandbox, colap, "overlap", "--concepts", concepts, "--out", colap, "--chance-draws", "10000");
        Assert.False(File.Exists(MLNetConcepts.Metrics.SummaryFiles.PathBeside(colap)), "the summary was written");
    }

    /// <summary>
    /// Starts the command line as its own process, sends SIGTERM after 2 s of work and expects exit 130 within
    /// seconds, the one "interrupted" line, and neither the output nor a temporary file left.
    /// </summary>
    private static void AssertSigtermStops(TempFolder sandbox, string output, params string[] args)
    {
        using Process cli = TinyRun.StartCli(args);
        // Drain both pipes, so a full pipe never stalls the child.
        Task<string> error = cli.StandardError.ReadToEndAsync(), standard = cli.StandardOutput.ReadToEndAsync();
        Assert.False(cli.WaitForExit(2_000), $"the command finished before it could be interrupted: exit {(cli.HasExited ? cli.ExitCode : -1)}");
        var clock = Stopwatch.StartNew();
        Process.Start("kill", ["-TERM", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(cli.WaitForExit(10_000), "still running 10 s after SIGTERM");
        string text = error.Result + standard.Result;
        Assert.True(cli.ExitCode == 130, $"exit {cli.ExitCode} after {clock.Elapsed}: {text}");
        Assert.StartsWith("mlnetconcepts: interrupted", error.Result.TrimEnd('\n').Split('\n')[^1]);
        Assert.False(File.Exists(output) || Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "the output was written");
        // Beside the output (the sandbox's sentinel folder holds look-alike names on purpose).
        string[] left = Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!)
            .Where(p => TemporaryJournal.IsTemporaryName(Path.GetFileName(p))).ToArray();
        Assert.True(left.Length == 0, $"left behind: {string.Join(", ", left)}");
    }

    [Fact]
    public void HashingAModelFolderStopsWhenCancelled()
    {
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json);
        // 64 GB of zeros that take no disk (a sparse file): minutes of hashing.
        using (FileStream big = File.Create(Path.Combine(model, "extra.bin"))) big.SetLength(64L << 30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => MLNetConcepts.Models.ModelFolderFiles.Hash(model, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed}");
    }
}

/// <summary>Memory and numeric bounds (issue 22, items 3 and 4), and the smaller items of item 8.</summary>
public partial class HostileInputTests
{
    /// <summary>Runs the command line as its own process; returns exit code, standard error and peak resident memory.</summary>
    private static (int Code, string Error, long PeakBytes) Measured(params string[] args)
    {
        using Process cli = TinyRun.StartCli(args);
        Task<string> error = cli.StandardError.ReadToEndAsync();
        Task<string> output = cli.StandardOutput.ReadToEndAsync();
        long peak = 0;
        while (!cli.WaitForExit(20))
        {
            try { cli.Refresh(); peak = Math.Max(peak, cli.PeakWorkingSet64); } catch (InvalidOperationException) { }
        }
        output.Wait();
        Assert.True(peak > 0, "no memory reading while the command ran");
        return (cli.ExitCode, error.Result, peak);
    }

    private static string Gzip(TempFolder sandbox, string name, Action<Stream> write)
    {
        string path = sandbox.File(name);
        using FileStream file = File.Create(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
        write(gzip);
        return path;
    }

    [Fact]
    public void AGzipOfOneHugeLineIsAnInputErrorInBoundedMemory()
    {
        using var sandbox = TempFolder.WithSentinel();
        var block = new byte[1 << 20];
        Array.Fill(block, (byte)'a');
        string bomb = Gzip(sandbox, "bomb.gz", s => { for (int i = 0; i < 256; i++) s.Write(block); });   // one line of 256 MiB
        var (code, error, peak) = Measured("dictionary", "--source", bomb, "--target", bomb, "--source-language", "en",
            "--target-language", "de", "--out", sandbox.File("d.parquet"));
        Assert.True(code == 2, error);
        Assert.Contains($"{bomb}: line 1: longer than 1048576 bytes", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.True(peak < 200L << 20, $"peak {peak >> 20} MiB");
        Assert.False(File.Exists(sandbox.File("d.parquet")));
    }

    [Fact]
    public void ManyEmptyLinesAreCountedNotListed()
    {
        using var sandbox = TempFolder.WithSentinel();
        var newlines = new byte[1 << 20];
        Array.Fill(newlines, (byte)'\n');
        // 30 million empty lines, then one pair with words.
        string en = Gzip(sandbox, "e.en.gz", s => { for (int i = 0; i < 30; i++) s.Write(newlines.AsSpan(0, 1_000_000)); s.Write("the house\n"u8); });
        string de = Gzip(sandbox, "e.de.gz", s => { for (int i = 0; i < 30; i++) s.Write(newlines.AsSpan(0, 1_000_000)); s.Write("das Haus\n"u8); });
        var (code, error, peak) = Measured("dictionary", "--source", en, "--target", de, "--source-language", "en",
            "--target-language", "de", "--out", sandbox.File("d.parquet"));
        Assert.True(code == 0, error);
        string warning = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("warning: skipped 30000000 line(s) with an empty side: 1, 2, 3,", warning);
        Assert.EndsWith("and 29999980 more", warning);
        Assert.True(peak < 150L << 20, $"peak {peak >> 20} MiB");   // the listed lines alone were 120 MB and more
    }

    [Fact]
    public void ASentenceOfTwentyThousandWordsIsDroppedAsExtractionDropsIt()
    {
        using var sandbox = TempFolder.WithSentinel();
        string longLine = string.Join(" ", Enumerable.Range(0, 20_000).Select(i => $"w{i % 500}"));
        string en = sandbox.Write("l.en", "the house\n" + longLine + "\na book\n");
        string de = sandbox.Write("l.de", "das Haus\n" + longLine + "\nein Buch\n");
        var clock = Stopwatch.StartNew();
        var (code, error, peak) = Measured("dictionary", "--source", en, "--target", de, "--source-language", "en",
            "--target-language", "de", "--out", sandbox.File("d.parquet"));
        Assert.True(code == 0, error);
        Assert.Contains("note: dropped 1 sentence pair(s) with 300 words or more on a side (max_sentence_words", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30) && peak < 300L << 20, $"{clock.Elapsed}, peak {peak >> 20} MiB");
    }

    [Theory]
    [InlineData("dictionary", "--threads", "100000", "option --threads: must be at most")]
    [InlineData("extract", "--threads", "100000", "option --threads: must be at most")]
    [InlineData("extract", "--batch-size", "100000000", "option --batch-size: must be at most 4096")]
    [InlineData("cluster", "--threads", "100000", "option --threads: must be at most")]
    public async Task NumericOptionsHaveUpperBounds(string command, string option, string value, string expected)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string[] args = command switch
        {
            "dictionary" => ["dictionary", "--source", i.English, "--target", i.German, "--source-language", "en", "--target-language", "de"],
            "extract" => ["extract", "--model", Model("tiny-bert"), "--input", i.English, "--language", "en"],
            _ => ["cluster", "--activations", i.Activations, "--k", "5"],
        };
        await Refused(sandbox, 2, expected, [.. args, option, value, "--out", sandbox.File("out")]);
    }

    [Fact]
    public async Task ExtractIntoTheFileSystemsRootIsRefused()
    {
        // The issue's case: `extract --out /` wrote /activations and /extract-en.json (FileRolesTests checks the rule without writing anything).
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        bool existed = Directory.Exists("/activations") || File.Exists("/extract-en.json");
        await Refused(sandbox, 2, "option --out: '/activations' writes into the file system's root /",
            "extract", "--model", Model("tiny-bert"), "--input", i.English, "--language", "en", "--out", "/");
        if (!existed) Assert.False(Directory.Exists("/activations") || File.Exists("/extract-en.json"));
    }

    [Fact]
    public async Task ABatchTooLargeForTheModelAndMachineIsRefusedByItsMemoryEstimate()
    {
        // 65,536 positions x 32 floats x 4 layers = 32 MiB a sentence: 4,096 of them (within the fixed cap) would need 128 GiB.
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json.Replace("\"max_positions\": 24", "\"max_positions\": 65536"));
        var clock = Stopwatch.StartNew();
        var (code, error, peak) = Measured("extract", "--model", model, "--input", i.English, "--language", "en", "--batch-size", "4096",
            "--out", sandbox.File("out"));
        Assert.Equal(2, code);
        long budgetMiB = MLNetConcepts.Extraction.ActivationExtractor.BatchMemoryBudget >> 20;
        Assert.Contains($"option --batch-size: must be at most {(budgetMiB << 20) / (65536L * 32 * 4 * 4)} for {model} (65536 positions x 32 floats x 4 layers per sentence", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20) && peak < 500L << 20, $"{clock.Elapsed}, peak {peak >> 20} MiB");
        Assert.False(Directory.Exists(sandbox.File("out")) && Directory.EnumerateFileSystemEntries(sandbox.File("out")).Any());
    }

    [Theory]
    [InlineData("\"threads\": 100000", "field 'options.threads' must be at most")]
    [InlineData("\"batch_size\": 100000000", "field 'options.batch_size' must be at most 4096")]
    [InlineData("\"max_sentence_words\": 100000", "field 'options.max_sentence_words' must be in [1, 4096]")]
    public async Task RunDescriptionNumbersHaveUpperBounds(string option, string expected)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string config = sandbox.Write("run.json", $$"""
            { "models": [{ "path": "{{Model("tiny-bert")}}" }],
              "corpus": [{ "languages": ["en", "de"], "files": ["{{i.English}}", "{{i.German}}"] }],
              "layers": [1], "out": "{{sandbox.File("run")}}", "options": { "k": 5, {{option}} } }
            """);
        await Refused(sandbox, 2, expected, "analyze", "--config", config);
    }

    [Theory]
    [InlineData("50000000")]
    [InlineData("2147483647")]
    public async Task MaxPositionsHasAnUpperBoundCheckedBeforeWork(string value)
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string model = BrokenModel(sandbox, json => json.Replace("\"max_positions\": 24", $"\"max_positions\": {value}"));
        string message = await Refused(sandbox, 2, $"field 'max_positions' is {value}, more than the 65536", "extract", "--model", model,
            "--input", i.English, "--language", "en", "--out", sandbox.File("out"));
        Assert.Contains(Path.Combine(model, "model.json"), message);
    }

    [Fact]
    public async Task DictionaryRefusesTheLanguageCodesExtractRefuses()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        await Refused(sandbox, 2, "option --source-language: '../../x' is not a language code", "dictionary", "--source", i.English,
            "--target", i.German, "--source-language", "../../x", "--target-language", "de", "--out", sandbox.File("d.parquet"));
        await Refused(sandbox, 2, "option --language: '../../x' is not a language code", "extract", "--model", Model("tiny-bert"),
            "--input", i.English, "--language", "../../x", "--out", sandbox.File("out"));
    }

    [Fact]
    public void TheLongSentenceFilterCatchesTheLargestWordIndex()
    {
        var words = new[]
        {
            new MLNetConcepts.Concepts.WordOccurrence("en", 0, 0, "a"),
            new MLNetConcepts.Concepts.WordOccurrence("en", 0, int.MaxValue, "b"),
            new MLNetConcepts.Concepts.WordOccurrence("en", 1, 0, "a"),
        };
        var selection = MLNetConcepts.Concepts.FrequencyFilter.Select(words, new MLNetConcepts.Concepts.FrequencyFilterOptions { MinFrequency = 1 });
        Assert.Equal(1, selection.Statistics.LongSentences);
        Assert.Equal(2, selection.Statistics.LongSentenceOccurrences);
    }

    [Fact]
    public void OnnxRuntimeWritesNothingInTheHomeFolder()
    {
        using var sandbox = TempFolder.WithSentinel();
        string home = sandbox.File("home");
        Directory.CreateDirectory(home);
        string input = sandbox.Write("input.txt", "The cat sits on the mat .\n");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLNetConcepts.Cli.dll"));
        foreach (string arg in new[] { "extract", "--model", Model("tiny-bert"), "--input", input, "--language", "en", "--out", sandbox.File("out") })
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = home;
        start.Environment.Remove("XDG_CACHE_HOME");
        start.Environment.Remove("ORT_DISABLE_TELEMETRY");
        using Process cli = Process.Start(start)!;
        string error = cli.StandardError.ReadToEnd();
        cli.WaitForExit();
        Assert.True(cli.ExitCode == 0, error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(sandbox.File("out"), "extract-en.json")));
    }
}

/// <summary>The smaller items of issue 22, item 8.</summary>
public partial class HostileInputTests
{
    [Fact]
    public async Task ARepeatedKeyInARunDescriptionIsNamed()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string config = sandbox.Write("run.json", $$"""
            { "models": [{ "path": "{{Model("tiny-bert")}}" }],
              "corpus": [{ "languages": ["en", "de"], "files": ["{{i.English}}", "{{i.German}}"] }],
              "layers": [1], "out": "{{sandbox.File("run")}}", "out": "{{sandbox.Sentinel}}", "options": { "k": 5 } }
            """);
        string message = await Refused(sandbox, 2, config, "analyze", "--config", config);
        Assert.EndsWith(": field 'out': appears twice; give each field once", message);
    }

    [Fact]
    public async Task ALineBreakInAnOptionIsRefused()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        await Refused(sandbox, 2, "option --out: the value holds a line break", "extract", "--model", Model("tiny-bert"), "--input", i.English,
            "--language", "en", "--out", sandbox.File("out") + "\nreport: /etc/passwd");
    }

    [Fact]
    public async Task AHugeValueGivesAShortErrorLine()
    {
        Inputs i = await Shared.Value;
        using var sandbox = TempFolder.WithSentinel();
        string message = await Refused(sandbox, 2, "is not a language code", "dictionary", "--source", i.English, "--target", i.German,
            "--source-language", new string('x', 1_000_000) + "/", "--target-language", "de", "--out", sandbox.File("d.parquet"));
        Assert.True(message.Length < 2100, $"{message.Length} characters");
    }
}
