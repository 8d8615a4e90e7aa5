using SkiaSharp;

namespace MLNetConcepts.Reporting;

/// <summary>
/// The font every figure is drawn with: DejaVu Sans, shipped beside the assembly (<c>Fonts/</c>, licence included) so
/// text renders the same on machines without fonts, Arabic included.
/// </summary>
internal static class ReportFont
{
    public const string Name = "DejaVu Sans";

    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");

    private static readonly Lazy<SKTypeface> LazyTypeface = new(() =>
        SKTypeface.FromFile(FilePath) ?? throw new MLNetConceptsException($"{FilePath}: the report font is missing; reinstall the tool"));

    private static readonly Lazy<bool> LazyRegistered = new(() =>
    {
        if (!File.Exists(FilePath)) throw new MLNetConceptsException($"{FilePath}: the report font is missing; reinstall the tool");
        ScottPlot.Fonts.AddFontFile(Name, FilePath);
        return true;
    });

    public static SKTypeface Typeface => LazyTypeface.Value;

    /// <summary>Makes the font known to ScottPlot (once per process).</summary>
    public static void RegisterWithScottPlot() => _ = LazyRegistered.Value;
}
