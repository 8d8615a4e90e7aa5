using ScottPlot;

namespace MLNetConcepts.Reporting;

/// <summary>How a line is drawn: the paper draws base models dotted, fine-tuned solid and zero-shot pairs dashed.</summary>
public enum LineStyle
{
    /// <summary>A solid line (fine-tuned models).</summary>
    Solid,
    /// <summary>A dotted line (base models).</summary>
    Dotted,
    /// <summary>A dashed line (zero-shot language pairs).</summary>
    Dashed,
}

/// <summary>One line of a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, LineStyle Style, int ColorIndex);

/// <summary>Line charts rendered headless to PNG with ScottPlot.</summary>
public static class Charts
{
    private static readonly Color[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd),
        new(0xff, 0x7f, 0x0e), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x17, 0xbe, 0xcf),
    ];

    /// <summary>Renders a line chart with integer x ticks (layers, or threshold values when <paramref name="integerX"/> is false).</summary>
    public static byte[] LineChart(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        int width = 560, int height = 340, bool integerX = true, double? yMax = null)
    {
        ReportFont.RegisterWithScottPlot();
        var plot = new Plot();
        plot.Font.Set(ReportFont.Name);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        foreach (ChartSeries s in series)
        {
            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray());
            scatter.LegendText = s.Name;
            scatter.Color = Palette[s.ColorIndex % Palette.Length];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
            scatter.LinePattern = s.Style switch
            {
                LineStyle.Dotted => LinePattern.Dotted,
                LineStyle.Dashed => LinePattern.Dashed,
                _ => LinePattern.Solid,
            };
        }
        double[] xs = series.SelectMany(s => s.X).Distinct().Order().ToArray();
        if (integerX && xs.Length > 0)
            plot.Axes.Bottom.SetTicks(xs, xs.Select(x => x.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        double top = yMax ?? Math.Max(10, series.SelectMany(s => s.Y).DefaultIfEmpty(0).Max() * 1.15);
        if (xs.Length > 0)
        {
            double pad = xs.Length > 1 ? (xs[^1] - xs[0]) * 0.05 : 0.5;
            plot.Axes.SetLimits(xs[0] - pad, xs[^1] + pad, 0, top);
        }
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
