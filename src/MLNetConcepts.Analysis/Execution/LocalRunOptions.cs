namespace MLNetConcepts.Execution;

/// <summary>
/// How <see cref="Analysis"/> uses this machine: how many independent stages run at once and within what memory.
/// These settings change how long a run takes, never what it computes: the tables are the same for any value.
/// </summary>
public sealed class LocalRunOptions
{
    /// <summary>The share of the machine's memory (or the container's limit) the running stages' estimates may fill by default.</summary>
    public const double DefaultMemoryShare = 0.75;

    /// <summary>
    /// Stages at most at once (<c>analyze --jobs</c>). 1 (the default) runs them one after another; 0 runs as many as
    /// there are cores. With several jobs the cores are shared: each stage's ONNX Runtime, K-means and word aligner get
    /// cores ÷ jobs threads unless the run description's <c>threads</c> says otherwise.
    /// </summary>
    public int Jobs { get; set; } = 1;

    /// <summary>
    /// Bytes the running stages' estimated peaks (<see cref="CostModel"/>, above the process's own memory) may add up to;
    /// a stage waits until its estimate fits, and one larger than the whole budget runs alone. 0 (the default):
    /// <see cref="DefaultMemoryShare"/> of the memory .NET sees (the machine's, or the container's or job's limit).
    /// </summary>
    public long MemoryBudgetBytes { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (Jobs < 0 || Jobs > Limits.MaxThreads)
            throw OptionErrors.OutOfRange(nameof(LocalRunOptions), nameof(Jobs),
                $"must be 0 (one per core) to {Limits.MaxThreads}, got {Jobs}");
        if (MemoryBudgetBytes < 0)
            throw OptionErrors.OutOfRange(nameof(LocalRunOptions), nameof(MemoryBudgetBytes), $"must be 0 (automatic) or more, got {MemoryBudgetBytes}");
    }

    /// <summary>The jobs this machine runs: <see cref="Jobs"/>, or its core count for 0.</summary>
    public int JobsHere => Jobs == 0 ? Environment.ProcessorCount : Jobs;

    /// <summary>The memory budget on this machine: <see cref="MemoryBudgetBytes"/>, or its automatic value.</summary>
    internal long MemoryBudgetHere => MemoryBudgetBytes > 0
        ? MemoryBudgetBytes
        : Math.Max(1L << 30, (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultMemoryShare) - CostModel.BaseBytes);
}
