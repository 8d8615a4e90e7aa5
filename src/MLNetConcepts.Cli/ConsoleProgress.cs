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
        private readonly Stopwatch _stageClock = new();
        private ProgressTask? _task, _run;
        private string _stage = "";
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
            _stage = stage;
            _stageClock.Restart();
            _task = _context.AddTask(Markup.Escape(Fit($"[{_done + _upToDate + 1}] {stage}", DescriptionWidth)), maxValue: Math.Max(1, total));
            if (total == 0) _task.IsIndeterminate = true;
        }

        public void Advanced(long done)
        {
            if (_task is not null) _task.Value = done;
        }

        public void Finished(string summary)
        {
            if (_task is null) return;
            _task.Value = _task.MaxValue;
            _task.StopTask();
            _task = null;
            _done++;
            StageEnded();
            Log($"{_stageClock.Elapsed.TotalSeconds,6:0.0} s  ", _stage, $": {summary}");
        }

        public void Skipped(string stage)
        {
            _upToDate++;
            StageEnded();
            Log("  up to date  ", stage, "");
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
