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
    public static async Task<T> RunAsync<T>(Func<IAnalysisProgress, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
            return await work(new PlainLines());
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context => result = await work(new BarProgress(context)));
        return result;
    }

    private sealed class BarProgress(ProgressContext context) : IAnalysisProgress
    {
        private ProgressTask? _task;
        private string _stage = "";

        public void Started(string stage, long total, string unit)
        {
            _stage = stage;
            _task = context.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
            if (total == 0) _task.IsIndeterminate = true;
        }

        public void Advanced(long done)
        {
            if (_task is not null) _task.Value = done;
        }

        public void Finished(string summary)
        {
            if (_task is null) return;
            _task.IsIndeterminate = false;
            _task.Value = _task.MaxValue;
            _task.Description = Markup.Escape($"{_stage}: {summary}");
            _task.StopTask();
        }

        public void Skipped(string stage)
        {
            ProgressTask task = context.AddTask(Markup.Escape($"{stage}: up to date"), maxValue: 1);
            task.Value = 1;
            task.StopTask();
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
