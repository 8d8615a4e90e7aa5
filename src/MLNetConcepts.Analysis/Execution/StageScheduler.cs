namespace MLNetConcepts.Execution;

/// <summary>
/// Runs a run's stages several at a time in this process (<c>analyze --jobs</c>): a stage starts once the stages it
/// reads from have finished and there is a free job and room in the memory budget for its estimated peak; the first
/// failure cancels the rest.
/// </summary>
/// <remarks>
/// Stages are admitted in the order they were scheduled (the order a one-at-a-time run goes through them), so a run
/// with jobs to spare looks ahead only to stages that are ready. A stage whose estimate exceeds the whole budget runs
/// when nothing else does.
/// </remarks>
internal sealed class StageScheduler
{
    private readonly Dictionary<string, Task> _stages = new(StringComparer.Ordinal);
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _failed;
    private int _freeJobs;
    private long _freeBytes;

    /// <param name="jobs">Stages at most at once (at least 1).</param>
    /// <param name="memoryBudgetBytes">Sum of the running stages' estimated peaks (above the process's own memory) at most.</param>
    /// <param name="failed">Cancelled when a stage fails, so the running ones stop and no other starts.</param>
    public StageScheduler(int jobs, long memoryBudgetBytes, CancellationTokenSource failed)
    {
        Jobs = Math.Max(1, jobs);
        MemoryBudgetBytes = Math.Max(1, memoryBudgetBytes);
        _freeJobs = Jobs;
        _freeBytes = MemoryBudgetBytes;
        _failed = failed;
    }

    /// <summary>Stages at most at once.</summary>
    public int Jobs { get; }

    /// <summary>The memory the running stages' estimates may add up to.</summary>
    public long MemoryBudgetBytes { get; }

    /// <summary>Most stages that ran at once so far (for tests and the run's summary).</summary>
    public int MostAtOnce { get; private set; }

    /// <summary>
    /// Queues stage <paramref name="name"/>: <paramref name="run"/> starts after <paramref name="dependsOn"/> (stages
    /// scheduled before, or not scheduled at all because they were up to date) and once a job and
    /// <paramref name="memoryBytes"/> of the budget are free. Returns at once.
    /// </summary>
    public void Schedule(string name, IReadOnlyList<string> dependsOn, long memoryBytes, Func<Task> run)
    {
        Task[] before;
        lock (_gate) before = dependsOn.Where(_stages.ContainsKey).Select(d => _stages[d]).ToArray();
        Task stage = RunAsync(before, Math.Clamp(memoryBytes, 0, MemoryBudgetBytes), run);
        lock (_gate) _stages[name] = stage;
    }

    /// <summary>Completes when stage <paramref name="name"/> has finished (at once when it was never scheduled).</summary>
    public Task WhenDone(string name)
    {
        lock (_gate) return _stages.TryGetValue(name, out Task? stage) ? stage : Task.CompletedTask;
    }

    /// <summary>
    /// Waits for every scheduled stage; throws the first stage's own failure (not the cancellations it caused in the
    /// others), or the run's cancellation.
    /// </summary>
    public async Task DrainAsync()
    {
        if (await SettleAsync().ConfigureAwait(false) is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>
    /// Waits until no stage runs or waits any more, whatever became of them; returns the first stage's own failure
    /// (a cancellation only when nothing else failed), or null when all finished.
    /// </summary>
    public async Task<Exception?> SettleAsync()
    {
        Task[] all;
        lock (_gate) all = _stages.Values.ToArray();
        await Task.WhenAll(all.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        Exception[] failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToArray();
        if (failures.FirstOrDefault(e => e is not OperationCanceledException) is { } failure) return failure;
        if (failures.Length > 0) return failures[0];
        return all.Any(t => t.IsCanceled) ? new OperationCanceledException(_failed.Token) : null;
    }

    private async Task RunAsync(Task[] before, long bytes, Func<Task> run)
    {
        // A failed dependency has cancelled the run already; this stage only waits for its dependencies to settle.
        await Task.WhenAll(before.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        _failed.Token.ThrowIfCancellationRequested();
        await AdmitAsync(bytes).ConfigureAwait(false);
        try
        {
            _failed.Token.ThrowIfCancellationRequested();
            await run().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await _failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            Release(bytes);
        }
    }

    private sealed record Waiter(long Bytes, TaskCompletionSource Admitted);

    private Task AdmitAsync(long bytes)
    {
        var waiter = new Waiter(bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _waiting.AddLast(waiter);
            AdmitWaiting();
        }
        return waiter.Admitted.Task.WaitAsync(_failed.Token);
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _freeJobs++;
            _freeBytes += bytes;
            AdmitWaiting();
        }
    }

    /// <summary>Admits waiting stages in order while the first one fits (under the lock).</summary>
    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && _freeJobs > 0 && first.Value.Bytes <= _freeBytes)
        {
            _waiting.RemoveFirst();
            if (first.Value.Admitted.Task.IsCompleted) continue;
            _freeJobs--;
            _freeBytes -= first.Value.Bytes;
            MostAtOnce = Math.Max(MostAtOnce, Jobs - _freeJobs);
            first.Value.Admitted.SetResult();
        }
    }
}
