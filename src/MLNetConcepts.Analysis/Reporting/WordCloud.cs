using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace MLNetConcepts.Reporting;

/// <summary>A word of a cloud: its text, weight (e.g. occurrences) and colour index (e.g. its language).</summary>
public sealed record CloudWord(string Text, double Weight, int ColorIndex);

/// <summary>
/// Word clouds drawn with SkiaSharp. Text is shaped with HarfBuzz, so Arabic letters join and right-to-left words read
/// in the right order (plain SkiaSharp drawing would show isolated letters, reversed).
/// </summary>
public static class WordCloud
{
    private static readonly SKColor[] Palette =
    [
        new(0x1f, 0x4e, 0x96), new(0xc0, 0x39, 0x2b), new(0x1e, 0x84, 0x49), new(0x7d, 0x3c, 0x98),
        new(0xd3, 0x54, 0x00), new(0x5d, 0x6d, 0x7e),
    ];

    /// <summary>The colour of a colour index, as CSS (for legends beside the images).</summary>
    public static string CssColor(int index)
    {
        SKColor c = Palette[index % Palette.Length];
        return $"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}";
    }

    /// <summary>
    /// Places words from heaviest to lightest along a spiral from the centre, font size growing with the square root
    /// of the weight; a word that fits nowhere is left out. Deterministic for the same input.
    /// </summary>
    public static byte[] Render(IReadOnlyList<CloudWord> words, int width = 360, int height = 220, float minSize = 11, float maxSize = 34)
    {
        var info = new SKImageInfo(width, height);
        using SKSurface surface = SKSurface.Create(info);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var shaper = new SKShaper(ReportFont.Typeface);
        using var paint = new SKPaint { IsAntialias = true };
        var placed = new List<SKRect>();
        double heaviest = words.Count == 0 ? 1 : words.Max(w => w.Weight);
        foreach (CloudWord word in words.OrderByDescending(w => w.Weight).ThenBy(w => w.Text, StringComparer.Ordinal))
        {
            float size = minSize + (maxSize - minSize) * (float)Math.Sqrt(word.Weight / heaviest);
            using var font = new SKFont(ReportFont.Typeface, size);
            float textWidth = shaper.Shape(word.Text, font).Width;
            SKFontMetrics metrics = font.Metrics;
            float textHeight = metrics.Descent - metrics.Ascent;
            SKRect? spot = FindSpot(placed, textWidth + 4, textHeight, width, height);
            if (spot is not SKRect rect) continue;
            placed.Add(rect);
            paint.Color = Palette[word.ColorIndex % Palette.Length];
            canvas.DrawShapedText(shaper, word.Text, rect.Left + 2, rect.Top - metrics.Ascent, SKTextAlign.Left, font, paint);
        }
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKRect? FindSpot(List<SKRect> placed, float w, float h, int width, int height)
    {
        if (w > width || h > height) return null;
        float cx = width / 2f, cy = height / 2f;
        for (int step = 0; step < 4000; step++)
        {
            // An Archimedean spiral, squashed to the image's aspect ratio.
            double angle = step * 0.35;
            double radius = 1.2 * angle;
            float x = cx + (float)(radius * Math.Cos(angle)) * width / height - w / 2;
            float y = cy + (float)(radius * Math.Sin(angle)) - h / 2;
            var rect = new SKRect(x, y, x + w, y + h);
            if (rect.Left < 0 || rect.Top < 0 || rect.Right > width || rect.Bottom > height) continue;
            if (!placed.Any(p => p.IntersectsWith(rect))) return rect;
        }
        return null;
    }
}
