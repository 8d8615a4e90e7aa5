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
    /// <summary>
    /// Runs <paramref name="work"/> with a progress sink that draws on standard error, and returns its result. On a
    /// terminal, <paramref name="plan"/> (when given) supplies the stages' cost estimates for the time left.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<IAnalysisProgress, Task<T>> work, Func<Task<RunPlan>>? plan = null)
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
                using var bars = new BarProgress(context, console, planned);
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
        private readonly Stopwatch _stageClock = new();
        private readonly Stopwatch _sinceDescribed = Stopwatch.StartNew();
        private readonly TimeLeft? _timeLeft;
        private readonly Timer _refresh;
        private readonly Lock _gate = new();
        private ProgressTask? _task, _run;
        private string _stage = "", _unit = "", _detail = "";
        private long _total, _doneUnits;
        private int _done, _upToDate;

        public BarProgress(ProgressContext context, IAnsiConsole console, RunPlan? plan)
        {
            (_context, _console) = (context, console);
            _timeLeft = plan is null ? null : new TimeLeft(plan.Stages);
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
                (_stage, _total, _unit, _doneUnits, _detail) = (stage, total, unit, 0, "");
                _stageClock.Restart();
                _timeLeft?.Started(stage);
                _task = _context.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
                if (total == 0) _task.IsIndeterminate = true;
            }
            Describe();
        }

        public void Advanced(long done)
        {
            lock (_gate)
            {
                _doneUnits = done;
                // A running stage never looks finished (a finished task is hidden) until it says so.
                if (_task is not null) _task.Value = Math.Min(done, _task.MaxValue - 0.001);
                if (_sinceDescribed.Elapsed.TotalSeconds < 0.25) return;   // a stage may report every sentence
            }
            Describe();
        }

        public void Noted(string detail)
        {
            lock (_gate) _detail = detail;
            Describe();
        }

        public void Finished(string summary)
        {
            lock (_gate)
            {
                if (_task is null) return;
                _task.Value = _task.MaxValue;
                _task.StopTask();
                _task = null;
                _done++;
                _timeLeft?.Finished(_stageClock.Elapsed.TotalSeconds);
                _run?.Increment(1);
            }
            Log($"{_stageClock.Elapsed.TotalSeconds,6:0.0} s  ", _stage, $": {summary}");
            Describe();
        }

        public void Skipped(string stage)
        {
            lock (_gate)
            {
                _upToDate++;
                _timeLeft?.Skipped(stage);
                _run?.Increment(1);
            }
            Log("  up to date  ", stage, "");
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
                double stageSeconds = _stageClock.Elapsed.TotalSeconds;
                if (_run is not null)
                {
                    string left = "";
                    if (_timeLeft is not null)
                    {
                        double fraction = _total > 0 ? (double)_doneUnits / _total : 0;
                        left = $", about {FormatElapsed(TimeSpan.FromSeconds(_timeLeft.Shown(_clock.Elapsed.TotalSeconds, stageSeconds, fraction)))} left";
                    }
                    _run.Description = Markup.Escape(Fit($"run: {_done + _upToDate} of {(int)_run.MaxValue} stages{left}", DescriptionWidth));
                }
                if (_task is not null)
                {
                    // The stage's own rate first (its detail when it gives one: K-means iterations/s; else its units per
                    // second), its count in brackets, which a narrow terminal drops first (the bar shows the share done).
                    string count = _total > 0 ? $"{_doneUnits}/{_total} {_unit}" : "";
                    string rate = _detail.Length > 0 ? _detail
                        : _total > 0 && stageSeconds >= 1 && _doneUnits > 0 ? RateText(_doneUnits / stageSeconds, _unit) : "";
                    string what = rate.Length == 0 ? count : count.Length == 0 ? rate : $"{rate} ({count})";
                    _task.Description = Markup.Escape(StageLine.Compose($"[{_done + _upToDate + 1}] ", _stage, what, DescriptionWidth));
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
        private readonly Stopwatch _clock = new();
        private string _stage = "";
        private string _unit = "";
        private long _total;
        private double _lastLine;

        public void Started(string stage, long total, string unit)
        {
            (_stage, _total, _unit, _lastLine) = (stage, total, unit, 0);
            _clock.Restart();
            Console.Error.WriteLine($"{stage}: started");
        }

        public void Advanced(long done)
        {
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _lastLine < 5) return;
            _lastLine = now;
            Console.Error.WriteLine(_total > 0 ? $"{_stage}: {done} of {_total} {_unit} ({now:0} s)" : $"{_stage}: {done} {_unit} ({now:0} s)");
        }

        public void Finished(string summary) => Console.Error.WriteLine($"{_stage}: {summary} ({_clock.Elapsed.TotalSeconds:0.0} s)");

        public void Skipped(string stage) => Console.Error.WriteLine($"{stage}: up to date");
    }
}
