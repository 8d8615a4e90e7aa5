using System.Diagnostics;
using System.Text.RegularExpressions;
using MLNetConcepts.Execution;
using MLNetConcepts.Reporting;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Tests.Support;
using SkiaSharp;

namespace MLNetConcepts.Tests.Reporting;

/// <summary>The report opens offline and every figure loads in a real browser; figures render without system fonts.</summary>
public class ReportTests
{
    private static string? FindChromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    [Fact]
    public async Task EveryFigureLoadsInHeadlessChromium()
    {
        string? chromium = FindChromium();
        if (chromium is null) Assert.Skip("chromium is not installed (.ci/run installs Debian's chromium)");
        RunFolder run = await TinyRun.ReferenceAsync();
        string report = Path.Combine(run.Folder, "report.html");
        string html = await File.ReadAllTextAsync(report);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), html);  // self-contained: nothing fetched from elsewhere
        int images = Regex.Matches(html, "<img ").Count;
        Assert.True(images >= 10, $"only {images} figures");

        using var profile = new TempFolder();
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     $"--user-data-dir={profile.Path}", "--dump-dom", new Uri(report).AbsoluteUri })
            start.ArgumentList.Add(arg);
        using Process browser = Process.Start(start)!;
        Task<string> errors = browser.StandardError.ReadToEndAsync();
        string dom = await browser.StandardOutput.ReadToEndAsync();
        await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Match status = Regex.Match(dom, "data-figures=\"(\\d+)\" data-figures-loaded=\"(\\d+)\"");
        Assert.True(status.Success, $"the page's load handler did not run; chromium said: {await errors}");
        Assert.Equal(images.ToString(), status.Groups[1].Value);
        Assert.Equal(images.ToString(), status.Groups[2].Value);
    }

    [Fact]
    public void WordCloudsDrawEveryWordThatFitsAndAreDeterministic()
    {
        CloudWord[] words = [new("Haus", 5, 0), new("house", 3, 1), new("بيت", 4, 2), new("книга", 1, 3)];
        byte[] png = WordCloud.Render(words);
        Assert.Equal(png, WordCloud.Render(words));
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((360, 220), (bitmap.Width, bitmap.Height));
        // Every word's colour appears: all four were placed and drawn with the shipped font.
        foreach (int color in new[] { 0, 1, 2, 3 })
        {
            SKColor expected = SKColor.Parse(WordCloud.CssColor(color));
            bool found = false;
            for (int y = 0; y < bitmap.Height && !found; y++)
                for (int x = 0; x < bitmap.Width && !found; x++)
                    found = bitmap.GetPixel(x, y) == expected;
            Assert.True(found, $"no pixel of colour {color}");
        }
    }

    [Fact]
    public void ChartsRenderToPng()
    {
        byte[] png = Charts.LineChart("CALIGN en → de", "layer", "CALIGN (%)",
            [new ChartSeries("base", [0, 1, 2], [1, 5, 9], LineStyle.Dotted, 0), new ChartSeries("fine-tuned", [0, 1, 2], [2, 6, 12], LineStyle.Solid, 1)]);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((560, 340), (bitmap.Width, bitmap.Height));
    }
}
