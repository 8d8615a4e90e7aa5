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

/// <summary>
/// One line of a chart, with its 95 % interval as a band when <paramref name="Low"/> and <paramref name="High"/> are
/// given; <paramref name="MarkerIndex"/> picks the point marker (e.g. one per corpus), so series that share colour and
/// line style still differ.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, LineStyle Style, int ColorIndex,
    IReadOnlyList<double>? Low = null, IReadOnlyList<double>? High = null, int MarkerIndex = 0);

/// <summary>A grey band from 0 up to <paramref name="High"/> at each x: where values as high arise by chance.</summary>
public sealed record ChanceBand(string Name, IReadOnlyList<double> X, IReadOnlyList<double> High);

/// <summary>Line charts rendered headless to PNG with ScottPlot.</summary>
public static class Charts
{
    private static readonly Color[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd),
        new(0xff, 0x7f, 0x0e), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x17, 0xbe, 0xcf),
    ];

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond,
    ];

    /// <summary>Renders a line chart with integer x ticks (layers, or threshold values when <paramref name="integerX"/> is false).</summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The x axis' label.</param>
    /// <param name="yLabel">The y axis' label.</param>
    /// <param name="series">The lines, each with its band when it has an interval.</param>
    /// <param name="width">Pixels.</param>
    /// <param name="height">Pixels.</param>
    /// <param name="integerX">Ticks at each x value, written as integers.</param>
    /// <param name="yMax">The top of the y axis; null: from the data. Charts of one family share it, so panels compare.</param>
    /// <param name="chance">A chance band drawn under the lines, or null.</param>
    public static byte[] LineChart(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        int width = 560, int height = 340, bool integerX = true, double? yMax = null, ChanceBand? chance = null)
    {
        ReportFont.RegisterWithScottPlot();
        var plot = new Plot();
        plot.Font.Set(ReportFont.Name);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        if (chance is { X.Count: > 0 })
        {
            var band = plot.Add.FillY(chance.X.ToArray(), new double[chance.X.Count], chance.High.ToArray());
            band.FillColor = new Color(0x99, 0x99, 0x99).WithAlpha(0.35);
            band.LineWidth = 0;
            band.LegendText = chance.Name;
        }
        foreach (ChartSeries s in series)
        {
            if (s.Low is not null && s.High is not null && s.X.Count > 0)
            {
                var band = plot.Add.FillY(s.X.ToArray(), s.Low.ToArray(), s.High.ToArray());
                band.FillColor = Palette[s.ColorIndex % Palette.Length].WithAlpha(0.18);
                band.LineWidth = 0;
            }
        }
        foreach (ChartSeries s in series)
        {
            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray());
            scatter.LegendText = s.Name;
            scatter.Color = Palette[s.ColorIndex % Palette.Length];
            scatter.LineWidth = 2;
            scatter.MarkerSize = s.MarkerIndex == 0 ? 6 : 8;
            scatter.MarkerShape = Markers[s.MarkerIndex % Markers.Length];
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
        double top = yMax ?? Top(series);
        if (xs.Length > 0)
        {
            double pad = xs.Length > 1 ? (xs[^1] - xs[0]) * 0.05 : 0.5;
            plot.Axes.SetLimits(xs[0] - pad, xs[^1] + pad, 0, top);
        }
        // Beside the plot, never over the data.
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>A y-axis top that holds every value and interval of <paramref name="series"/>, rounded up to a multiple of 10 (at least 10).</summary>
    public static double Top(IEnumerable<ChartSeries> series)
    {
        double highest = series.SelectMany(s => s.High ?? s.Y).Concat(series.SelectMany(s => s.Y)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return Math.Max(10, Math.Ceiling(highest * 1.05 / 10) * 10);
    }
}
