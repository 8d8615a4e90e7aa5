using MLNetConcepts.Reporting;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>
/// The explorer at paper scale: one layer of 500 k word occurrences (three languages, every type kept 5-10 times as
/// the frequency filter keeps them), K = 600 in each language and in the mixed scope. Its layer file and word-index
/// shards stay small enough for a browser to read one at a time (README and docs/explorer.md quote these sizes).
/// </summary>
public class ExplorerSizeTests(ITestOutputHelper output)
{
    private const int K = 600;
    private const int TypesPerLanguage = 22_000;
    private static readonly string[] Languages = ["en", "de", "fr"];

    private static List<ConceptAssignment> PaperScaleLayer()
    {
        var rows = new List<ConceptAssignment>();
        var random = new Random(7);
        long occurrence = 0;
        foreach (string language in Languages)
            for (int type = 0; type < TypesPerLanguage; type++)
            {
                string word = $"{language}{type:x}w";
                // A type's occurrences mostly fall in one concept, the rest in a few neighbours (as K-means spreads them).
                int home = (type * 7919) % K, mixedHome = (type * 104729 + language.Length) % K;
                for (int i = 0; i < 5 + type % 6; i++, occurrence++)
                {
                    int concept = random.NextDouble() < 0.7 ? home : (home + 1 + random.Next(3)) % K;
                    int mixed = random.NextDouble() < 0.7 ? mixedHome : (mixedHome + 1 + random.Next(3)) % K;
                    rows.Add(new ConceptAssignment("encoder", 6, language, concept, occurrence / 20, (int)(occurrence % 20), language, word, K, 1));
                    rows.Add(new ConceptAssignment("encoder", 6, ConceptFiles.MixedScope, mixed, occurrence / 20, (int)(occurrence % 20), language, word, K, 1));
                }
            }
        return rows;
    }

    [Fact]
    public void APaperScaleLayerFitsTheSizeRule()
    {
        List<ConceptAssignment> rows = PaperScaleLayer();
        long occurrences = rows.Count / 2;
        Assert.InRange(occurrences, 490_000, 510_000);

        using var folder = new TempFolder();
        var files = new DataFiles(folder.Path);
        var words = new WordIndex();
        var examples = Languages.ToDictionary(l => l, _ => new SortedSet<long>(), StringComparer.Ordinal);
        var layer = new LayerView(rows, Languages, FrequentWords.FromCounts(new Dictionary<string, Dictionary<string, long>>()),
            new TranslationDictionary([]), new RunSettings { K = [K], Seeds = 1 }, "encoder", 6);
        files.Write("u0", "u0", layer.ToJson(0, words, examples));
        long layerBytes = files.Bytes;
        int shards = words.WriteShards(files);
        long indexBytes = files.Bytes - layerBytes, largestShard = Directory.GetFiles(folder.Path, "w*.js").Max(f => new FileInfo(f).Length);
        long sentences = examples.Values.Sum(s => s.Count);
        output.WriteLine($"{occurrences} occurrences, K = {K}: layer file {layerBytes / 1024} KB; word index {indexBytes / 1024} KB in {shards} shards " +
                         $"(largest {largestShard / 1024} KB); {sentences} example sentences");

        // What the page reads when a layer is shown, and when a word is searched: at most a few MB each.
        Assert.True(layerBytes < 4L << 20, $"layer file {layerBytes} bytes");
        Assert.True(largestShard < ExplorerBuilder.WordShardBytes * 3 / 2, $"largest shard {largestShard} bytes");
    }
}
