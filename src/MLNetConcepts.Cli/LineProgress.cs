using System.Diagnostics;

namespace MLNetConcepts.Cli;

/// <summary>
/// Progress of a long stage as occasional lines on standard error (at most one every few seconds), so logs
/// stay readable when output is redirected and per-item printing never slows the work.
/// </summary>
public sealed class LineProgress(string stage, string unit, double intervalSeconds = 5) : IProgress<long>
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private double _lastReport;

    /// <summary>Writes "<c>stage: value unit (t s)</c>" unless a line was written less than the interval (default 5 s) ago.</summary>
    public void Report(long value)
    {
        double now = _watch.Elapsed.TotalSeconds;
        if (now - _lastReport < intervalSeconds) return;
        _lastReport = now;
        Console.Error.WriteLine($"{stage}: {value} {unit} ({now:0} s)");
    }
}
