using System.Text;
using MLNetConcepts.Reporting.Explorer;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Reporting;

/// <summary>What the report holds.</summary>
public sealed record ReportSummary(int Figures, int Tables, long Bytes);

/// <summary>
/// Writes <c>report.html</c> for a run folder: one self-contained page (figures are PNG data URIs, no script or style
/// from elsewhere) with CALIGN and COLAP by layer, word clouds of aligned and overlapping concepts, lexical against
/// semantic concepts, threshold sensitivity recomputed from the stored concepts, and tables of every number plotted.
/// </summary>
/// <remarks>
/// Word clouds are chosen by the rule of <see cref="CloudSelection"/>, stated in the report, at the first, middle and
/// last layer of the run; an aligned pair is kept side by side. Every other pair is in the concept explorer
/// (<see cref="ExplorerBuilder"/>), which the report links to. The numbers are read and computed first
/// (<see cref="ReportData"/>), then laid out (<see cref="ReportHtml"/>).
/// </remarks>
public static class ReportBuilder
{
    /// <summary>Changes whenever the report's content changes, so <c>analyze</c> re-renders old reports.</summary>
    public const string Version = "4";

    /// <summary>θ_A values of the threshold-sensitivity table (CALIGN recomputed from the stored concepts at each).</summary>
    public static readonly IReadOnlyList<double> ThetaAValues = ThresholdSweeps.ThetaAValues;
    /// <summary>Dictionary N-best values of the threshold-sensitivity table.</summary>
    public static readonly IReadOnlyList<int> NBestValues = ThresholdSweeps.NBestValues;
    /// <summary>Min-types values of the threshold-sensitivity table.</summary>
    public static readonly IReadOnlyList<int> MinTypesValues = ThresholdSweeps.MinTypesValues;
    /// <summary>θ_O values of the threshold-sensitivity table (COLAP recomputed at each).</summary>
    public static readonly IReadOnlyList<double> ThetaOValues = ThresholdSweeps.ThetaOValues;

    /// <summary>Writes the report of <paramref name="run"/> to <paramref name="path"/> atomically (nothing there until complete) and says how many figures, tables and bytes it holds.</summary>
    public static async Task<ReportSummary> WriteAsync(RunFolder run, string path, CancellationToken cancellationToken = default)
    {
        ReportData data = await ReportData.LoadAsync(run, cancellationToken).ConfigureAwait(false);
        RenderedReport report = ReportHtml.Render(data, cancellationToken);
        using AtomicOutput output = AtomicOutput.ForFile(path);
        await File.WriteAllTextAsync(output.TemporaryPath, report.Html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        output.Commit();
        return new ReportSummary(report.Figures, report.Tables, Encoding.UTF8.GetByteCount(report.Html));
    }
}
