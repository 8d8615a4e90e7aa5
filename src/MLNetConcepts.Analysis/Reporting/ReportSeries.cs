using MLNetConcepts.Metrics;
using MLNetConcepts.RunFolders;

namespace MLNetConcepts.Reporting;

/// <summary>How the report turns typed rows into chart lines and bands: one line per model, styled as the paper draws them.</summary>
internal static class ReportSeries
{
    /// <summary>Figures' width: room for the legend beside the plot.</summary>
    public const int ChartWidth = 640;

    /// <summary>The paper's convention: base dotted, fine-tuned solid, zero-shot pairs of a fine-tuned model dashed.</summary>
    public static (LineStyle Style, string Note) StyleOf(IReadOnlyList<ModelEntry> models, string model, string a, string b)
    {
        ModelEntry entry = models.Single(m => m.Label == model);
        bool anyTuned = models.Any(m => m.TunedOn.Count > 0);
        if (entry.TunedOn.Count == 0) return (anyTuned ? LineStyle.Dotted : LineStyle.Solid, "");
        // The any-two-languages row (*) includes the tuned pair, so it is not a zero-shot measurement.
        if (a != Colap.AnyLanguage && entry.IsZeroShot(a, b)) return (LineStyle.Dashed, " (zero-shot)");
        return (LineStyle.Solid, "");
    }

    /// <summary>One line per model (in the run's order) over layers, with its interval band, drawn as <see cref="StyleOf"/> says for the pair (a, b).</summary>
    public static ChartSeries[] ByModel(IEnumerable<(string Model, int Layer, double Mean, double Low, double High)> points, IReadOnlyList<string> models,
        IReadOnlyList<ModelEntry> entries, string a, string b) =>
        models.Select(model => (Model: model, Points: points.Where(p => p.Model == model).OrderBy(p => p.Layer).ToArray()))
            .Where(m => m.Points.Length > 0)
            .Select(m =>
            {
                (LineStyle style, string note) = StyleOf(entries, m.Model, a, b);
                return new ChartSeries(m.Model + note, m.Points.Select(p => (double)p.Layer).ToArray(), m.Points.Select(p => p.Mean).ToArray(),
                    style, IndexOf(models, m.Model), m.Points.Select(p => p.Low).ToArray(), m.Points.Select(p => p.High).ToArray());
            }).ToArray();

    /// <summary>A chance band at each layer: the highest 95th percentile among the models drawn (NaN levels left out).</summary>
    public static ChanceBand Chance(IEnumerable<(int Layer, double High)> levels)
    {
        var perLayer = levels.Where(l => double.IsFinite(l.High)).GroupBy(l => l.Layer).OrderBy(g => g.Key).ToArray();
        return new ChanceBand("chance (95th pct)", perLayer.Select(g => (double)g.Key).ToArray(), perLayer.Select(g => g.Max(l => l.High)).ToArray());
    }

    /// <summary>A chance band as a series, so the shared y axis holds it too.</summary>
    public static ChartSeries AsSeries(ChanceBand band) => new(band.Name, band.X, band.High, LineStyle.Solid, 0);

    /// <summary>A model's colour or a corpus's marker index: its place in the run's list (-1 when absent, as <c>Array.IndexOf</c> says).</summary>
    public static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }
}
