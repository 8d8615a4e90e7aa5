using Microsoft.ML.Trainers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLNetConcepts.Concepts;

// Clusters the vectors of a .npy file (float32, 2-D, C order) with MLNetConcepts' K-means and prints one JSON line:
// seconds to load and to fit, within-cluster sum of squares, iterations, non-empty clusters.
// Usage: dotnet MLNetConcepts.Benchmarks.dll VECTORS.npy [k=600] [seed=212] [threads|default] [restarts=1] [trainer=kmeans++|mlnet]
// MLNC_KMEANS_KERNEL=TensorPrimitives times the k-means++ trainer with plain dot products instead of ONNX Runtime's Gemm.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MLNetConcepts.Benchmarks VECTORS.npy [k=600] [seed=212] [threads|default] [restarts=1] [trainer=kmeans++|mlnet]");
    return 2;
}
if (args[0] == "dictionary-tsv")
{
    // dictionary-tsv DICTIONARY.parquet OUT.tsv: source, target, rank, probability per line, for
    // tests/benchmarks/dictionary_vs_fast_align.sh (which scores it with Python, without a Parquet reader).
    var dictionary = await MLNetConcepts.Translation.DictionaryFiles.ReadParquetAsync(args[1]);
    await File.WriteAllLinesAsync(args[2], dictionary.Entries.Select(e =>
        string.Join('\t', e.Source, e.Target, e.Rank.ToString(CultureInfo.InvariantCulture), e.Probability.ToString("R", CultureInfo.InvariantCulture))));
    return 0;
}
if (args[0] == "bootstrap-coverage")
{
    // bootstrap-coverage RUN_FOLDER [subset=3] [trials=200]: how often the multi-bootstrap interval of `subset` seeds
    // holds the mean over every seed of the run (the best estimate of the value a reader wants), per CALIGN and COLAP
    // cell; for tests/benchmarks/bootstrap_coverage.sh.
    var run = MLNetConcepts.RunFolders.RunFolder.Open(args[1]);
    int subset = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
    int trials = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;
    var cells = new List<(string Metric, string Model, MLNetConcepts.Metrics.SeedCounts[] Seeds)>();
    foreach (var g in (await run.CalignAsync()).Where(r => r.Row.SourceComponent == r.Row.TargetComponent)
                 .GroupBy(r => (r.Model, r.Corpus, r.Row.SourceLanguage, r.Row.TargetLanguage, r.Row.Layer, r.Row.K)))
        cells.Add(("calign", g.Key.Model, g.OrderBy(r => r.Row.Seed).Select(r => new MLNetConcepts.Metrics.SeedCounts(r.Row.ConceptsConsidered, r.Row.Aligned)).ToArray()));
    foreach (var g in (await run.ColapAsync()).GroupBy(r => (r.Model, r.Corpus, r.Row.LanguageA, r.Row.LanguageB, r.Row.Layer, r.Row.K)))
        cells.Add(("colap", g.Key.Model, g.OrderBy(r => r.Row.Seed).Select(r => new MLNetConcepts.Metrics.SeedCounts(r.Row.Concepts, r.Row.Overlapping)).ToArray()));
    var random = new Random(1);
    foreach (var group in cells.Where(c => c.Seeds.Length > subset).GroupBy(c => c.Metric))
    {
        int covered = 0, total = 0, degenerate = 0;
        double width = 0;
        foreach (var cell in group)
        {
            double truth = cell.Seeds.Average(s => s.Percent);
            for (int t = 0; t < trials; t++)
            {
                var drawn = cell.Seeds.OrderBy(_ => random.Next()).Take(subset).ToArray();
                var interval = MLNetConcepts.Metrics.MultiBootstrap.Interval(drawn, 1000, random.Next());
                if (interval.Low == interval.High) degenerate++;
                if (truth >= interval.Low - 1e-9 && truth <= interval.High + 1e-9) covered++;
                width += interval.High - interval.Low;
                total++;
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            metric = group.Key, cells = group.Count(), seeds_per_cell = group.First().Seeds.Length, subset, trials_per_cell = trials,
            coverage = (double)covered / total, mean_width = width / total, point_intervals = degenerate,
        }));
    }
    return 0;
}
if (args[0] == "write-activations")
{
    // write-activations VECTORS.npy DIR [layers=1]: the vectors as an activations folder (language xx, 10 occurrences
    // of each word type, so the default frequency filter keeps them all), for timing the whole cluster command.
    LayerVectors source = Npy.Load(args[1]);
    int layerCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
    int[] layerList = Enumerable.Range(0, layerCount).ToArray();
    await using (var writer = new MLNetConcepts.Storage.ActivationWriter(args[2], "encoder", "xx", layerList, source.Dimension))
    {
        for (int i = 0; i < source.Count; i++)
            foreach (int layer in layerList)
                await writer.AddAsync(layer, i / 10, i % 10, $"w{i % Math.Max(1, source.Count / 10)}", source.Vector(i).ToArray());
        await writer.CommitAsync();
    }
    Console.WriteLine($"wrote {source.Count} x {source.Dimension} vectors, layers 0..{layerCount - 1}, to {args[2]}");
    return 0;
}

if (args[0] == "export-npy")
{
    // export-npy ACTIVATIONS LAYER OUT.npy [min-frequency=5] [max-occurrences=10] [max-rows]: the vectors `cluster` would
    // cluster for that layer (frequency filter applied, storage order), as .npy, so scikit-learn fits the very same rows.
    if (args.Length < 4)
    {
        Console.Error.WriteLine("usage: MLNetConcepts.Benchmarks export-npy ACTIVATIONS LAYER OUT.npy [min-frequency=5] [max-occurrences=10] [max-rows]");
        return 2;
    }
    int layer = int.Parse(args[2], CultureInfo.InvariantCulture);
    var filter = new FrequencyFilterOptions
    {
        MinFrequency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5,
        MaxOccurrences = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 10,
    };
    int maxRows = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : int.MaxValue;
    var partition = MLNetConcepts.Storage.ActivationFiles.ListPartitions(args[1]).Single(p => p.Layer == layer);
    var words = new List<WordOccurrence>();
    await foreach (var batch in MLNetConcepts.Storage.ActivationReader.ReadAsync(partition))
        for (int i = 0; i < batch.Count; i++)
            words.Add(new WordOccurrence(batch.Languages[i], batch.SentenceIds[i], batch.WordIndices[i], batch.Words[i]));
    FrequencySelection selection = FrequencyFilter.Select(words, filter);
    var kept = new List<float[]>();
    await foreach (var batch in MLNetConcepts.Storage.ActivationReader.ReadAsync(partition))
        for (int i = 0; i < batch.Count && kept.Count < maxRows; i++)
            if (selection.IsKept(batch.Languages[i], batch.SentenceIds[i], batch.WordIndices[i])) kept.Add(batch.Vector(i).ToArray());
    Npy.Save(args[3], kept);
    Console.WriteLine($"wrote {kept.Count} x {kept[0].Length} vectors of layer {layer} to {args[3]}");
    return 0;
}

int k = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 600;
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 212;
int? threads = args.Length > 3 && args[3] != "default" ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
int restarts = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
ConceptTrainer trainer = args.Length > 5 && args[5] == "mlnet" ? ConceptTrainer.MLNet : ConceptTrainer.KMeansPlusPlus;
RowProductKernel kernel = Enum.Parse<RowProductKernel>(Environment.GetEnvironmentVariable("MLNC_KMEANS_KERNEL") ?? "OnnxRuntime");

var clock = Stopwatch.StartNew();
LayerVectors vectors = Npy.Load(args[0]);
double loadSeconds = clock.Elapsed.TotalSeconds;

clock.Restart();
ClusteringResult result = ConceptClustering.Fit(vectors, Enumerable.Range(0, vectors.Count).ToArray(),
    new ConceptClusteringOptions
    {
        NumberOfClusters = k, Seed = seed, NumberOfThreads = threads, Restarts = restarts, Trainer = trainer, Kernel = kernel,
        TrainerLog = Environment.GetEnvironmentVariable("MLNC_TRAINER_LOG") == "1" ? m => Console.Error.WriteLine(m) : null,
        // MLNC_KMEANS_INIT=KMeansPlusPlus (or Random) measures the trainer's other seedings.
        Initialization = Enum.Parse<KMeansTrainer.InitializationAlgorithm>(Environment.GetEnvironmentVariable("MLNC_KMEANS_INIT") ?? "KMeansYinyang"),
    }, args[0]);
double fitSeconds = clock.Elapsed.TotalSeconds;

if (Environment.GetEnvironmentVariable("MLNC_CHECK_FIXED_POINT") == "1")
{
    // Diagnosis: how many rows would move to a nearer centroid (0 when K-means has converged).
    int moved = 0;
    for (int i = 0; i < vectors.Count; i++)
    {
        ReadOnlySpan<float> v = vectors.Vector(i);
        int best = -1;
        double bestDistance = double.MaxValue;
        for (int c = 0; c < result.NumberOfClusters; c++)
        {
            double d = System.Numerics.Tensors.TensorPrimitives.Distance(v, result.Centroid(c));
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        if (best != result.ConceptIds[i]) moved++;
    }
    Console.Error.WriteLine($"rows nearer another centroid: {moved}");
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    tool = trainer == ConceptTrainer.MLNet ? "MLNetConcepts --trainer mlnet (ML.NET KMeansTrainer)"
        : $"MLNetConcepts --trainer kmeans++ ({kernel})",
    rows = vectors.Count,
    dim = vectors.Dimension,
    k,
    restarts,
    threads = threads?.ToString(CultureInfo.InvariantCulture) ?? "all cores",
    iterations = result.Iterations,
    load_seconds = Math.Round(loadSeconds, 2),
    seconds = Math.Round(fitSeconds, 2),
    wcss = result.WithinClusterSumOfSquares,
    nonempty_clusters = result.Sizes.Count(s => s > 0),
}));
return 0;

/// <summary>Just enough of the NumPy .npy format (version 1-3, little-endian float32, C order) for the benchmark.</summary>
internal static class Npy
{
    public static void Save(string path, IReadOnlyList<float[]> rows)
    {
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {rows[0].Length}), }}";
        // Version 1.0: magic, version, a little-endian ushort header length, the header padded with spaces to a multiple
        // of 64 bytes (counting the 10 bytes before it) and ended by a newline.
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
        writer.Write((ushort)header.Length);
        writer.Write(Encoding.ASCII.GetBytes(header));
        foreach (float[] row in rows) writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
    }

    public static LayerVectors Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        byte[] magic = reader.ReadBytes(6);
        if (magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY") throw new InvalidDataException($"{path}: not a .npy file");
        byte major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        string header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength));
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path}: expected little-endian float32 in C order, header {header}");
        string shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        int[] dims = shape[..shape.IndexOf(')')].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        (int rows, int dimension) = (dims[0], dims[1]);

        var vectors = new LayerVectors(dimension);
        const int chunkRows = 4096;
        for (int start = 0; start < rows; start += chunkRows)
        {
            int count = Math.Min(chunkRows, rows - start);
            var values = new float[count * dimension];
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            vectors.AddChunk(values, Enumerable.Range(start, count).Select(i => (long)i).ToArray(), new int[count],
                Enumerable.Repeat("xx", count).ToArray(), Enumerable.Repeat("w", count).ToArray());
        }
        return vectors;
    }
}
