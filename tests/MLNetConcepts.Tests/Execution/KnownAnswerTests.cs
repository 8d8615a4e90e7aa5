using MLNetConcepts.Execution;
using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Execution;

/// <summary>
/// The whole method (analyze: extraction, filter, K-means, induced dictionary, CALIGN, COLAP) on encoders whose
/// cross-lingual structure is known by construction (models/build_known_answer_models.py, run description
/// examples/known-answer-run.json). CALIGN has to tell an aligned model from its twin whose German and Arabic
/// embeddings are permuted, and rank a half-aligned model between them; COLAP has to tell languages that share
/// a space from languages moved apart, and (a property of its definition) cannot see a permutation inside one
/// language.
/// </summary>
public class KnownAnswerTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<RunFolder>> Run = new(async () =>
    {
        RunDescription description = RunDescription.Load(Path.Combine(RepoPaths.Examples, "known-answer-run.json"));
        string folder = TempFolder.ForProcess("known-answer");
        description.Out = folder;
        return await Analysis.RunAsync(description, folder);
    });

    public static TheoryData<string, string, string> Directions => new()
    {
        { "en-de", "en", "de" }, { "en-de", "de", "en" }, { "en-ar", "en", "ar" }, { "en-ar", "ar", "en" },
    };

    /// <summary>Directions with the least CALIGN the aligned model must reach at every layer. English-Arabic is lower by
    /// construction: Arabic's attached articles, prepositions and pronouns spread a word over many forms, so few
    /// Arabic words pass the frequency filter and most English concepts have nothing to align with (docs/results.md).</summary>
    public static TheoryData<string, string, string, double> DirectionsWithFloor => new()
    {
        { "en-de", "en", "de", 20 }, { "en-de", "de", "en", 20 }, { "en-ar", "en", "ar", 8 }, { "en-ar", "ar", "en", 15 },
    };

    [Theory]
    [MemberData(nameof(DirectionsWithFloor))]
    public async Task TheAlignedModelAlignsFarMoreThanItsPermutedTwinAtEveryLayer(string corpus, string source, string target, double floor)
    {
        RunFolder run = await Run.Value;
        IReadOnlyList<RunCalign> rows = await run.CalignAsync(TestContext.Current.CancellationToken);
        double[] aligned = Calign(rows, "aligned", corpus, source, target);
        double[] graded90 = Calign(rows, "graded-90", corpus, source, target);
        double[] graded50 = Calign(rows, "graded-50", corpus, source, target);
        double[] twin = Calign(rows, "unaligned", corpus, source, target);
        output.WriteLine($"{source}->{target} CALIGN by layer: aligned {Show(aligned)}; graded-90 {Show(graded90)}; " +
            $"graded-50 {Show(graded50)}; unaligned {Show(twin)}");

        Assert.Equal(4, aligned.Length);   // embeddings + 3 layers
        for (int layer = 0; layer < aligned.Length; layer++)
        {
            // The twin keeps every word's vector and only swaps which German/Arabic word owns it: whatever it
            // aligns is chance (and shared strings such as names and punctuation).
            Assert.True(twin[layer] <= 10, $"layer {layer}: the permuted twin aligns {twin[layer]:0.0}%");
            Assert.True(aligned[layer] >= floor && aligned[layer] >= 3 * Math.Max(twin[layer], 1),
                $"layer {layer}: aligned {aligned[layer]:0.0}% is not far above the twin's {twin[layer]:0.0}% (floor {floor}%)");
        }
        // Averaged over layers (per layer the counts are small). 90% of translations kept stays near the aligned
        // model; half kept falls almost to the twin's level, since a concept needs 80% of its types translated.
        Assert.True(graded90.Average() >= 3 * Math.Max(twin.Average(), 1), $"graded-90 {graded90.Average():0.0}% not far above the twin's {twin.Average():0.0}%");
        Assert.True(graded50.Average() < 0.5 * graded90.Average(), $"graded-50 {graded50.Average():0.0}% not well below graded-90 {graded90.Average():0.0}%");
        Assert.True(graded50.Average() < 0.5 * aligned.Average(), $"graded-50 {graded50.Average():0.0}% not well below aligned {aligned.Average():0.0}%");
    }

    [Theory]
    [InlineData("en-de")]
    [InlineData("en-ar")]
    public async Task ColapSeesSharedSpaceNotWhichWordSitsWhere(string corpus)
    {
        RunFolder run = await Run.Value;
        IReadOnlyList<RunColap> rows = await run.ColapAsync(TestContext.Current.CancellationToken);
        double[] Colap(string model) => rows
            .Where(r => r.Model == model && r.Corpus == corpus && r.Row.LanguageA != "*" && r.Row.Seed == FirstSeed)
            .OrderBy(r => r.Row.Layer).Select(r => r.Row.Colap).ToArray();
        double[] aligned = Colap("aligned"), twin = Colap("unaligned"), separated = Colap("separated");
        output.WriteLine($"{corpus} COLAP by layer: aligned {Show(aligned)}; unaligned {Show(twin)}; separated {Show(separated)}");

        for (int layer = 0; layer < aligned.Length; layer++)
        {
            Assert.True(aligned[layer] >= 25, $"layer {layer}: languages sharing one space overlap in only {aligned[layer]:0.0}% of concepts");
            Assert.True(separated[layer] <= 10, $"layer {layer}: languages moved apart still overlap in {separated[layer]:0.0}% of concepts");
            // Permuting words inside a language leaves its cloud of vectors where it was.
            Assert.True(Math.Abs(aligned[layer] - twin[layer]) <= 15,
                $"layer {layer}: COLAP {aligned[layer]:0.0}% (aligned) against {twin[layer]:0.0}% (permuted twin)");
        }
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task MovingLanguagesApartLeavesCalignAlone(string corpus, string source, string target)
    {
        // CALIGN clusters each language on its own, so a constant shift of one language changes nothing it measures.
        RunFolder run = await Run.Value;
        IReadOnlyList<RunCalign> rows = await run.CalignAsync(TestContext.Current.CancellationToken);
        double[] aligned = Calign(rows, "aligned", corpus, source, target);
        double[] separated = Calign(rows, "separated", corpus, source, target);
        output.WriteLine($"{source}->{target} CALIGN by layer: aligned {Show(aligned)}; separated {Show(separated)}");
        Assert.True(separated.Average() >= aligned.Average() - 10,
            $"separated {separated.Average():0.0}% against aligned {aligned.Average():0.0}%");
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task TheInducedDictionaryFindsTheKnownTranslations(string corpus, string source, string target)
    {
        // The dictionary stage against the mapping the models were built from (models/known-answer-mapping.tsv,
        // sentence co-occurrence over the full Tatoeba files): for known pairs whose words both survive the
        // frequency filter, how often is the known translation among the induced 10 best?
        RunFolder run = await Run.Value;
        TranslationDictionary induced = (await run.DictionaryAsync(corpus, TestContext.Current.CancellationToken))
            .ForLanguages(source, target).TopN(10);
        var inducedPairs = induced.Entries.Select(e => (e.Source, e.Target)).ToHashSet();
        IReadOnlyList<ConceptAssignment> concepts = await run.ConceptsAsync("aligned", corpus, TestContext.Current.CancellationToken);
        var kept = concepts.Where(c => c.Layer == 0 && c.Scope != "mixed").Select(c => (c.Scope, c.Word)).ToHashSet();
        var known = KnownPairs(source, target).Where(p => kept.Contains((source, p.Source)) && kept.Contains((target, p.Target))).ToArray();
        double found = known.Count(p => inducedPairs.Contains(p)) / (double)known.Length;
        output.WriteLine($"{source}->{target}: {known.Length} known pairs with both words kept; induced 10-best holds {found:P0}");
        Assert.True(known.Length >= 50, $"only {known.Length} known pairs survive the filter");
        Assert.True(found >= 0.8, $"the induced dictionary holds {found:P0} of the known translations");
    }

    /// <summary>The builder's mapping (foreign word -> English word) as (source, target) pairs in the requested direction.</summary>
    private static IEnumerable<(string Source, string Target)> KnownPairs(string source, string target)
    {
        string foreign = source == "en" ? target : source;
        return File.ReadLines(Path.Combine(RepoPaths.Models, "known-answer-mapping.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => f[0] == foreign && f[2].Length > 0)
            .Select(f => source == "en" ? (f[2], f[1]) : (f[1], f[2]));
    }

    /// <summary>The per-layer CALIGN of the first seed (the single clustering these checks were written for).</summary>
    private static double[] Calign(IReadOnlyList<RunCalign> rows, string model, string corpus, string source, string target) => rows
        .Where(r => r.Model == model && r.Corpus == corpus && r.Row.SourceLanguage == source && r.Row.TargetLanguage == target && r.Row.Seed == FirstSeed)
        .OrderBy(r => r.Row.Layer).Select(r => r.Row.Calign).ToArray();

    private const int FirstSeed = 212;

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task TheAlignedModelsIntervalClearsItsTwinsAndTheChanceBandAtEveryLayerWhileTheTwinsMeetsChance(string corpus, string source, string target)
    {
        RunFolder run = await Run.Value;
        var rows = (await run.CalignSummaryAsync(TestContext.Current.CancellationToken))
            .Where(r => r.Corpus == corpus && r.Row.SourceLanguage == source && r.Row.TargetLanguage == target).ToArray();
        CalignAcrossSeeds[] aligned = rows.Where(r => r.Model == "aligned").Select(r => r.Row).OrderBy(r => r.Layer).ToArray();
        CalignAcrossSeeds[] twin = rows.Where(r => r.Model == "unaligned").Select(r => r.Row).OrderBy(r => r.Layer).ToArray();
        string Show(IEnumerable<CalignAcrossSeeds> r) => string.Join(" / ", r.Select(x => $"{x.CalignMean:0.0} [{x.CalignLow:0.0}, {x.CalignHigh:0.0}] chance<={x.ChanceHigh:0.0}"));
        output.WriteLine($"{source}->{target}: aligned {Show(aligned)}");
        output.WriteLine($"{source}->{target}: unaligned {Show(twin)}");

        Assert.Equal(4, aligned.Length);
        Assert.Equal(4, twin.Length);
        Assert.All(aligned, r => Assert.Equal(3, r.Seeds));
        for (int layer = 0; layer < aligned.Length; layer++)
        {
            Assert.True(aligned[layer].CalignLow > twin[layer].CalignHigh,
                $"layer {layer}: the aligned model's interval [{aligned[layer].CalignLow:0.0}, {aligned[layer].CalignHigh:0.0}] meets its twin's [{twin[layer].CalignLow:0.0}, {twin[layer].CalignHigh:0.0}]");
            Assert.True(aligned[layer].CalignLow > aligned[layer].ChanceHigh,
                $"layer {layer}: the aligned model's interval starts at {aligned[layer].CalignLow:0.0}, inside the chance band (up to {aligned[layer].ChanceHigh:0.0})");
            // What the twin aligns is chance plus shared strings (names, punctuation): its interval reaches down into the band.
            Assert.True(twin[layer].CalignLow <= twin[layer].ChanceHigh,
                $"layer {layer}: the twin's interval [{twin[layer].CalignLow:0.0}, {twin[layer].CalignHigh:0.0}] lies above the chance band (up to {twin[layer].ChanceHigh:0.0})");
        }
    }

    [Fact]
    public async Task EverySummaryRowIsTheMeanOfItsPerSeedRowsRecomputedByDuckDb()
    {
        RunFolder run = await Run.Value;
        DuckDb.SkipIfUnavailable();
        string part = run.PartFolder("graded-90", "en-de");
        var perSeed = DuckDb.Query(
            $"select source_language, target_language, layer, k, count(*) as seeds, avg(calign) as calign_mean, avg(concepts_considered) as considered_mean, " +
            $"avg(aligned) as aligned_mean, avg(chance) as chance_mean from read_parquet({DuckDb.Literal(Path.Combine(part, "calign.parquet"))}) " +
            "group by all order by all");
        var summary = DuckDb.Query(
            $"select source_language, target_language, layer, k, seeds, calign_mean, considered_mean, aligned_mean, chance_mean, calign_low, calign_high " +
            $"from read_parquet({DuckDb.Literal(Path.Combine(part, "calign_summary.parquet"))}) order by source_language, target_language, layer, k");
        Assert.Equal(8, perSeed.Count);   // 2 directions x 4 layers
        Assert.Equal(perSeed.Count, summary.Count);
        for (int i = 0; i < perSeed.Count; i++)
        {
            foreach (string column in new[] { "source_language", "target_language", "layer", "k", "seeds" })
                Assert.Equal(perSeed[i].GetProperty(column).ToString(), summary[i].GetProperty(column).ToString());
            foreach (string column in new[] { "calign_mean", "considered_mean", "aligned_mean", "chance_mean" })
                Assert.Equal(perSeed[i].GetProperty(column).GetDouble(), summary[i].GetProperty(column).GetDouble(), 9);
            double mean = summary[i].GetProperty("calign_mean").GetDouble();
            Assert.InRange(mean, summary[i].GetProperty("calign_low").GetDouble() - 1e-9, summary[i].GetProperty("calign_high").GetDouble() + 1e-9);
        }
    }

    [Fact]
    public async Task TheSameModelUnderTwoLabelsIsNotCalledDifferentAndTheTwinIs()
    {
        RunFolder run = await Run.Value;
        CancellationToken ct = TestContext.Current.CancellationToken;
        // The same model twice: a run is deterministic, so a second label would get exactly these per-seed rows.
        var differences = new List<ModelDifference>();
        foreach (string corpus in run.Corpora)
        {
            IReadOnlyList<CalignSummary> calign = (await run.CalignAsync(ct)).Where(r => r.Model == "aligned" && r.Corpus == corpus).Select(r => r.Row).ToArray();
            IReadOnlyList<ColapSummary> colap = (await run.ColapAsync(ct)).Where(r => r.Model == "aligned" && r.Corpus == corpus).Select(r => r.Row).ToArray();
            differences.AddRange(ModelComparisons.Calign(corpus, "aligned", calign, "aligned-again", calign, MultiBootstrap.DefaultReplicates));
            differences.AddRange(ModelComparisons.Colap(corpus, "aligned", colap, "aligned-again", colap, MultiBootstrap.DefaultReplicates));
        }
        int containing = differences.Count(d => !d.IsDifference);
        output.WriteLine($"same model twice: {containing} of {differences.Count} intervals contain 0");
        Assert.True(differences.Count >= 16);
        Assert.True(containing >= 0.9 * differences.Count, $"only {containing} of {differences.Count} cells' intervals contain 0 for one model under two labels");

        // The run's own comparison (examples/known-answer-run.json): aligned minus its permuted twin, CALIGN, every layer of every direction.
        IReadOnlyList<ModelDifference> compared = await run.ComparisonsAsync(ct);
        var calignCells = compared.Where(c => c.Metric == "calign" && c.ModelA == "unaligned" && c.ModelB == "aligned").ToArray();
        Assert.Equal(4 * 4, calignCells.Length);   // 4 directions x 4 layers
        Assert.All(calignCells, c => Assert.True(c.DifferenceLow > 0,
            $"{c.Corpus} {c.LanguageA}->{c.LanguageB} layer {c.Layer}: aligned - unaligned {c.DifferenceMean:0.0} [{c.DifferenceLow:0.0}, {c.DifferenceHigh:0.0}] does not leave out 0"));
    }

    private static string Show(double[] values) => string.Join(" / ", values.Select(v => v.ToString("0.0")));
}
