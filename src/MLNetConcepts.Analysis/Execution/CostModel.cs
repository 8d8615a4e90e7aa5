using System.Text.Json.Serialization;

namespace MLNetConcepts.Execution;

/// <summary>
/// Estimates of a stage's time, peak memory and disk from its sizes, with rates measured on this project's 2-core
/// machine (docs/slurm.md). They are estimates: a first-order model to plan with, not a promise.
/// </summary>
/// <remarks>
/// Extraction: about 24 · L · H² floating-point operations per sub-word piece for the forward pass (1.35 pieces a
/// word), at <see cref="FlopsPerSecond"/>, plus 2 s to open the model; every written layer stores H floats and about
/// 48 bytes of keys per word. K-means: 2 · n · K · H operations per Lloyd iteration, <see cref="KMeansIterations"/>
/// iterations plus the seeding (2 + ln K passes), per fit. The dictionary: <see cref="DictionaryWordsPerSecond"/>.
/// </remarks>
public static class CostModel
{
    /// <summary>Effective floating-point operations per second of ONNX Runtime and the K-means products on this machine, all cores.</summary>
    public const double FlopsPerSecond = 40e9;
    /// <summary>Lloyd iterations assumed per K-means fit.</summary>
    public const int KMeansIterations = 30;
    /// <summary>Word pairs per second the dictionary stage aligns (both directions, 5 iterations each).</summary>
    public const double DictionaryWordsPerSecond = 150_000;
    /// <summary>Memory of the process before any stage's data (the runtime, ONNX Runtime, the run's record).</summary>
    public const long BaseBytes = 400L << 20;

    /// <summary>Seconds, peak bytes and disk bytes of one stage.</summary>
    public static (double Seconds, long PeakBytes, long DiskBytes) Estimate(string kind, StageWork w)
    {
        switch (kind)
        {
            case "extract":
            {
                double pieces = 1.35 * w.Words;
                double seconds = 2 + pieces * 24.0 * Math.Max(1, w.Layers) * w.Hidden * w.Hidden / FlopsPerSecond;
                long disk = (w.Stored ?? w.Words) * w.LayersWritten * (4L * w.Hidden + 48);
                return (seconds, BaseBytes + 3 * w.ModelBytes + (256L << 20), disk);
            }
            case "cluster":
            {
                double perFit = 2.0 * w.Vectors * w.K * w.Hidden * (KMeansIterations + 2 + Math.Log(Math.Max(2, w.K))) / FlopsPerSecond;
                long layer = w.Vectors * (4L * w.Hidden + 64);
                return (1 + w.Fits * perFit, BaseBytes + 2 * layer, (long)w.Fits * w.Vectors * 40 + (long)w.Fits * w.K * 4 * w.Hidden);
            }
            case "dictionary":
                return (1 + w.Words / DictionaryWordsPerSecond, BaseBytes + w.Words * 120, w.Words * 8);
            case "report":
                // The report and the concept explorer: 23-33 s for the demo's 156 k concept rows on the 2-core machine.
                return (10 + w.Vectors / 10_000.0, BaseBytes + w.Vectors * 200, (5L << 20) + w.Vectors * 70);
            default:
                return (1 + w.Vectors / 500_000.0, BaseBytes + w.Vectors * 120, w.Vectors * 16 + (64L << 10));
        }
    }

    /// <summary>The plan's JSON, as <c>plan.json</c> holds it.</summary>
    public static string ToJson(RunPlan plan) =>
        System.Text.Json.JsonSerializer.Serialize(plan, new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower) },
        }) + "\n";
}
