using System.Diagnostics;
using MLNetConcepts.Runs;
using Spectre.Console;

namespace MLNetConcepts.Cli;

/// <summary>
/// Shows an analysis's progress on standard error: live bars (Spectre.Console) on a terminal, and plain lines (a stage's
/// start, a progress line at most every few seconds, its end) when standard error is redirected to a file or pipe.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink that draws on standard error, and returns its result.</summary>
    public static async Task<T> RunAsync<T>(Func<IAnalysisProgress, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
            return await work(new PlainLines());
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        // Two live lines (the whole run with its estimated time left, the running stage); finished stages become short
        // lines above them.
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 14 }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context => result = await work(new BarProgress(context, console)));
        return result;
    }

    private sealed class BarProgress : IAnalysisProgress
    {
        private readonly ProgressContext _context;
        private readonly IAnsiConsole _console;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        // The running stages (several with analyze --jobs), each with its bar and clock.
        private readonly Dictionary<string, (ProgressTask Bar, Stopwatch Clock)> _running = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private ProgressTask? _run;
        private string _last = "";
        private int _done, _upToDate;

        public BarProgress(ProgressContext context, IAnsiConsole console) => (_context, _console) = (context, console);

        /// <summary>Room for a description so that the whole line (bar, percentage, two times) fits the terminal.</summary>
        private int DescriptionWidth => Math.Max(16, _console.Profile.Width - 44);

        public void Planned(int stages) =>
            _run = _context.AddTask(Markup.Escape(Fit($"run: {stages} stages", DescriptionWidth)), maxValue: Math.Max(1, stages));

        private void StageEnded()
        {
            if (_run is null) return;
            _run.Increment(1);
            _run.Description = Markup.Escape(Fit($"run: {_done + _upToDate} of {(int)_run.MaxValue} stages", DescriptionWidth));
        }

        public void Started(string stage, long total, string unit)
        {
            lock (_gate)
            {
                ProgressTask bar = _context.AddTask(Markup.Escape(Fit($"[{_done + _upToDate + _running.Count + 1}] {stage}", DescriptionWidth)),
                    maxValue: Math.Max(1, total));
                if (total == 0) bar.IsIndeterminate = true;
                _running[stage] = (bar, Stopwatch.StartNew());
                _last = stage;
            }
        }

        public void Advanced(long done) => Advanced(_last, done);

        public void Advanced(string stage, long done)
        {
            lock (_gate)
                if (_running.TryGetValue(stage, out var running)) running.Bar.Value = done;
        }

        public void Finished(string summary) => Finished(_last, summary);

        public void Finished(string stage, string summary)
        {
            lock (_gate)
            {
                if (!_running.Remove(stage, out var running)) return;
                running.Bar.Value = running.Bar.MaxValue;
                running.Bar.StopTask();
                _done++;
                StageEnded();
                Log($"{running.Clock.Elapsed.TotalSeconds,6:0.0} s  ", stage, $": {summary}");
            }
        }

        public void Skipped(string stage)
        {
            lock (_gate)
            {
                _upToDate++;
                StageEnded();
                Log("  up to date  ", stage, "");
            }
        }

        /// <summary>One line above the bars within the terminal's width (<see cref="StageLine"/>: words shortened, never the middle cut).</summary>
        private void Log(string prefix, string stage, string summary) =>
            _console.MarkupLine(Markup.Escape(StageLine.Compose($"{FormatElapsed(_clock.Elapsed)} {prefix}", stage, summary.TrimStart(':', ' '),
                _console.Profile.Width - 1)));

        private static string FormatElapsed(TimeSpan t) => $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";

        /// <summary>
        /// The text, shortened with an ellipsis when longer than <paramref name="width"/>: a third of the room for its
        /// start, the rest for its end (stage names end with what tells them apart: layer, scope, language).
        /// </summary>
        internal static string Fit(string text, int width)
        {
            if (text.Length <= width) return text;
            int head = (width - 1) / 3;
            return text[..head] + "…" + text[^(width - 1 - head)..];
        }
    }

    private sealed class PlainLines : IAnalysisProgress
    {
        private sealed class Running(long total, string unit)
        {
            public long Total { get; } = total;
            public string Unit { get; } = unit;
            public Stopwatch Clock { get; } = Stopwatch.StartNew();
            public double LastLine { get; set; }
        }

        // The running stages (several with analyze --jobs); lines name their stage, so interleaved ones stay readable.
        private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private string _last = "";

        public void Started(string stage, long total, string unit)
        {
            lock (_gate)
            {
                _running[stage] = new Running(total, unit);
                _last = stage;
                Console.Error.WriteLine($"{stage}: started");
            }
        }

        public void Advanced(long done) => Advanced(_last, done);

        public void Advanced(string stage, long done)
        {
            lock (_gate)
            {
                if (!_running.TryGetValue(stage, out Running? r)) return;
                double now = r.Clock.Elapsed.TotalSeconds;
                if (now - r.LastLine < 5) return;
                r.LastLine = now;
                Console.Error.WriteLine(r.Total > 0 ? $"{stage}: {done} of {r.Total} {r.Unit} ({now:0} s)" : $"{stage}: {done} {r.Unit} ({now:0} s)");
            }
        }

        public void Finished(string summary) => Finished(_last, summary);

        public void Finished(string stage, string summary)
        {
            lock (_gate)
                if (_running.Remove(stage, out Running? r))
                    Console.Error.WriteLine($"{stage}: {summary} ({r.Clock.Elapsed.TotalSeconds:0.0} s)");
        }

        public void Skipped(string stage)
        {
            lock (_gate) Console.Error.WriteLine($"{stage}: up to date");
        }
    }
}
