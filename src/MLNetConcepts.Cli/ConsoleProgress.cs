using System.Diagnostics;
using MLNetConcepts.Execution;
using Spectre.Console;

namespace MLNetConcepts.Cli;

/// <summary>
/// Shows an analysis's progress on standard error: live bars (Spectre.Console) on a terminal, and plain lines (a stage's
/// start, a progress line at most every few seconds, its end) when standard error is redirected to a file or pipe.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>
    /// Runs <paramref name="work"/> with a progress sink that draws on standard error, and returns its result. On a
    /// terminal, <paramref name="plan"/> (when given) supplies the stages' cost estimates for the time left, shared
    /// among <paramref name="jobs"/> stages at once.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<IAnalysisProgress, Task<T>> work, Func<Task<RunPlan>>? plan = null, int jobs = 1)
    {
        if (Console.IsErrorRedirected)
            return await work(new PlainLines());
        RunPlan? planned = plan is null ? null : await plan();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        // Two live lines (the whole run with its estimated time left, the running stage with what it does and its
        // rate); finished stages become short lines above them.
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = BarWidth(console) }, new PercentageColumn(),
                new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                using var bars = new BarProgress(context, console, planned, jobs);
                result = await work(bars);
            });
        return result;
    }

    /// <summary>A shorter bar on a narrow terminal, so the stage's words keep the room.</summary>
    private static int BarWidth(IAnsiConsole console) => console.Profile.Width < 100 ? 8 : 14;

    private sealed class BarProgress : IAnalysisProgress, IDisposable
    {
        private readonly ProgressContext _context;
        private readonly IAnsiConsole _console;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Stopwatch _sinceDescribed = Stopwatch.StartNew();
        private readonly TimeLeft? _timeLeft;
        private readonly Timer _refresh;
        private readonly Lock _gate = new();
        // The running stages (several with analyze --jobs), each with its bar; the latest started gives the time left its rate.
        private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
        private ProgressTask? _run;
        private string _latest = "";
        private int _done, _upToDate;

        private sealed class Running(ProgressTask bar, long total, string unit)
        {
            public ProgressTask Bar { get; } = bar;
            public Stopwatch Clock { get; } = Stopwatch.StartNew();
            public long Total { get; } = total;
            public string Unit { get; } = unit;
            public long Done { get; set; }
            public string Detail { get; set; } = "";
        }

        public BarProgress(ProgressContext context, IAnsiConsole console, RunPlan? plan, int jobs)
        {
            (_context, _console) = (context, console);
            _timeLeft = plan is null ? null : new TimeLeft(plan.Stages) { Jobs = jobs };
            // The time left counts down and the rate moves between the stage's own reports.
            _refresh = new Timer(_ => Describe(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        /// <summary>Room for a description so that the whole line (bar, percentage, elapsed time) fits the terminal.</summary>
        private int DescriptionWidth => Math.Max(16, _console.Profile.Width - BarWidth(_console) - 18);

        public void Planned(int stages)
        {
            lock (_gate) _run = _context.AddTask("run", maxValue: Math.Max(1, stages));
            Describe();
        }

        public void Started(string stage, long total, string unit)
        {
            lock (_gate)
            {
                ProgressTask bar = _context.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
                if (total == 0) bar.IsIndeterminate = true;
                _running[stage] = new Running(bar, total, unit);
                _latest = stage;
                _timeLeft?.Started(stage);
            }
            Describe();
        }

        public void Advanced(long done) => Advanced(_latest, done);

        public void Advanced(string stage, long done)
        {
            lock (_gate)
            {
                if (!_running.TryGetValue(stage, out Running? r)) return;
                r.Done = done;
                // A running stage never looks finished (a finished task is hidden) until it says so.
                r.Bar.Value = Math.Min(done, r.Bar.MaxValue - 0.001);
                if (_sinceDescribed.Elapsed.TotalSeconds < 0.25) return;   // a stage may report every sentence
            }
            Describe();
        }

        public void Noted(string detail) => Noted(_latest, detail);

        public void Noted(string stage, string detail)
        {
            lock (_gate)
                if (_running.TryGetValue(stage, out Running? r)) r.Detail = detail;
            Describe();
        }

        public void Finished(string summary) => Finished(_latest, summary);

        public void Finished(string stage, string summary)
        {
            double seconds;
            lock (_gate)
            {
                if (!_running.Remove(stage, out Running? r)) return;
                r.Bar.Value = r.Bar.MaxValue;
                r.Bar.StopTask();
                _done++;
                seconds = r.Clock.Elapsed.TotalSeconds;
                _timeLeft?.Finished(stage, seconds);
                _run?.Increment(1);
                Log($"{seconds,6:0.0} s  ", stage, $": {summary}");
            }
            Describe();
        }

        public void Skipped(string stage)
        {
            lock (_gate)
            {
                _upToDate++;
                _timeLeft?.Skipped(stage);
                _run?.Increment(1);
                Log("  up to date  ", stage, "");
            }
            Describe();
        }

        /// <summary>
        /// The two live lines' words: the run's stages done and time left; the running stage (shortened as a finished
        /// line is, by <see cref="StageLine"/>) with its progress, its own rate and its latest detail (a K-means fit's iterations).
        /// </summary>
        private void Describe()
        {
            lock (_gate)
            {
                _sinceDescribed.Restart();
                Running? latest = _running.GetValueOrDefault(_latest);
                if (_run is not null)
                {
                    string left = "";
                    if (_timeLeft is not null)
                    {
                        double fraction = latest is { Total: > 0 } ? (double)latest.Done / latest.Total : 0;
                        double stageSeconds = latest?.Clock.Elapsed.TotalSeconds ?? 0;
                        left = $", about {FormatElapsed(TimeSpan.FromSeconds(_timeLeft.Shown(_clock.Elapsed.TotalSeconds, stageSeconds, fraction)))} left";
                    }
                    _run.Description = Markup.Escape(Fit($"run: {_done + _upToDate} of {(int)_run.MaxValue} stages{left}", DescriptionWidth));
                }
                int n = _done + _upToDate;
                foreach ((string stage, Running r) in _running)
                {
                    // The stage's own rate first (its detail when it gives one: K-means iterations/s; else its units per
                    // second), its count in brackets, which a narrow terminal drops first (the bar shows the share done).
                    double stageSeconds = r.Clock.Elapsed.TotalSeconds;
                    string count = r.Total > 0 ? $"{r.Done}/{r.Total} {r.Unit}" : "";
                    string rate = r.Detail.Length > 0 ? r.Detail
                        : r.Total > 0 && stageSeconds >= 1 && r.Done > 0 ? RateText(r.Done / stageSeconds, r.Unit) : "";
                    string what = rate.Length == 0 ? count : count.Length == 0 ? rate : $"{rate} ({count})";
                    r.Bar.Description = Markup.Escape(StageLine.Compose($"[{++n}] ", stage, what, DescriptionWidth));
                }
            }
        }

        /// <summary>A rate people read: 12 sentences/s, or 2.5 s each when slower than one a second.</summary>
        private static string RateText(double perSecond, string unit) =>
            perSecond >= 1 ? $"{perSecond:0.#} {unit}/s" : $"{1 / perSecond:0.#} s each";

        /// <summary>One line above the bars within the terminal's width (<see cref="StageLine"/>: words shortened, never the middle cut).</summary>
        private void Log(string prefix, string stage, string summary) =>
            _console.MarkupLine(Markup.Escape(StageLine.Compose($"{FormatElapsed(_clock.Elapsed)} {prefix}", stage, summary.TrimStart(':', ' '),
                _console.Profile.Width - 1)));

        private static string FormatElapsed(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";

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

        public void Dispose() => _refresh.Dispose();
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

        // The running stages (several with analyze --jobs); every line names its stage, so interleaved ones stay readable.
        private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private string _latest = "";

        public void Started(string stage, long total, string unit)
        {
            lock (_gate)
            {
                _running[stage] = new Running(total, unit);
                _latest = stage;
                Console.Error.WriteLine($"{stage}: started");
            }
        }

        public void Advanced(long done) => Advanced(_latest, done);

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

        public void Finished(string summary) => Finished(_latest, summary);

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
