using Microsoft.ML.Trainers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLNetConcepts.Concepts;

// Clusters the vectors of a .npy file (float32, 2-D, C order) with MLNetConcepts' K-means and prints one JSON line:
// seconds to load and to fit, within-cluster sum of squares, non-empty clusters.
// Usage: dotnet MLNetConcepts.Benchmarks.dll VECTORS.npy [k=600] [seed=212] [threads|default] [restarts=1]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MLNetConcepts.Benchmarks VECTORS.npy [k=600] [seed=212] [threads|default] [restarts=1]");
    return 2;
}
if (args[0] == "dictionary-tsv")
{
    // dictionary-tsv DICTIONARY.parquet OUT.tsv: source, target, rank, probability per line, for
    // tests/benchmarks/dictionary_vs_fast_align.sh (which scores it with Python, without a Parquet reader).
    var dictionary = await MLNetConcepts.Dictionary.DictionaryFiles.ReadParquetAsync(args[1]);
    await File.WriteAllLinesAsync(args[2], dictionary.Entries.Select(e =>
        string.Join('\t', e.Source, e.Target, e.Rank.ToString(CultureInfo.InvariantCulture), e.Probability.ToString("R", CultureInfo.InvariantCulture))));
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

int k = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 600;
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 212;
int? threads = args.Length > 3 && args[3] != "default" ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
int restarts = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;

var clock = Stopwatch.StartNew();
LayerVectors vectors = Npy.Load(args[0]);
double loadSeconds = clock.Elapsed.TotalSeconds;

clock.Restart();
ClusteringResult result = ConceptClustering.Fit(vectors, Enumerable.Range(0, vectors.Count).ToArray(),
    new ConceptClusteringOptions
    {
        NumberOfClusters = k, Seed = seed, NumberOfThreads = threads, Restarts = restarts,
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
    tool = "MLNetConcepts (ML.NET KMeansTrainer)",
    rows = vectors.Count,
    dim = vectors.Dimension,
    k,
    restarts,
    threads = threads?.ToString(CultureInfo.InvariantCulture) ?? "ML.NET default",
    load_seconds = Math.Round(loadSeconds, 2),
    seconds = Math.Round(fitSeconds, 2),
    wcss = result.WithinClusterSumOfSquares,
    nonempty_clusters = result.Sizes.Count(s => s > 0),
}));
return 0;

/// <summary>Just enough of the NumPy .npy format (version 1-3, little-endian float32, C order) for the benchmark.</summary>
internal static class Npy
{
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
