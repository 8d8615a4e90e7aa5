using MLNetConcepts.Execution;

namespace MLNetConcepts.Cli;

/// <summary>
/// The time a run has left, from the plan's cost estimates (<see cref="CostModel"/>) corrected by what each stage kind
/// has measured so far: once a kind's stages have run, its remaining stages take their estimate times the measured
/// over estimated seconds of that kind (kinds not yet run keep their estimate: one slow kind says little about
/// another). The running stage's own rate takes over once it has run a while. The shown value moves smoothly: it counts
/// down, and after the first minute it follows the estimate by at most a factor of <see cref="MaxChangePerSecond"/> per
/// second, so it never jumps (doubling takes over 7 seconds of steady evidence).
/// </summary>
public sealed class TimeLeft
{
    /// <summary>The largest factor the shown time may change by per second (besides counting down), after <see cref="SettleSeconds"/>.</summary>
    public const double MaxChangePerSecond = 1.1;

    /// <summary>Seconds of run before which the shown time may still jump (little has been measured yet).</summary>
    public const double SettleSeconds = 60;

    private readonly Dictionary<string, (string Kind, double Estimate)> _pending;
    private readonly Dictionary<string, (double Measured, double Estimated)> _byKind = new(StringComparer.Ordinal);
    // Every running stage (several with analyze --jobs); the latest started is the one whose own rate is known.
    private readonly Dictionary<string, (string Kind, double Estimate)> _running = new(StringComparer.Ordinal);
    private string? _latest;
    private double? _shown;
    private double _shownAt;

    /// <summary>Starts from the stages still to run (done ones are left out).</summary>
    public TimeLeft(IEnumerable<PlannedStage> stages) =>
        _pending = stages.Where(s => s.State != StageState.Done)
            .ToDictionary(s => s.Id, s => (s.Kind, Math.Max(0.1, s.EstimatedSeconds)), StringComparer.Ordinal);

    /// <summary>A stage started (unknown ids, e.g. from a folder changed since planning, count as an estimate of 0).</summary>
    public void Started(string id)
    {
        (string kind, double estimate) = _pending.GetValueOrDefault(id, ("", 0));
        _pending.Remove(id);
        _running[id] = (kind, estimate);
        _latest = id;
    }

    /// <summary>The latest started stage finished after <paramref name="seconds"/>.</summary>
    public void Finished(double seconds)
    {
        if (_latest is not null) Finished(_latest, seconds);
    }

    /// <summary>Stage <paramref name="id"/> finished after <paramref name="seconds"/>.</summary>
    public void Finished(string id, double seconds)
    {
        if (!_running.Remove(id, out var stage)) return;
        if (stage.Estimate > 0)
        {
            (double measured, double estimated) = _byKind.GetValueOrDefault(stage.Kind);
            _byKind[stage.Kind] = (measured + seconds, estimated + stage.Estimate);
        }
        if (_latest == id) _latest = null;
    }

    /// <summary>A stage was up to date: it costs nothing.</summary>
    public void Skipped(string id) => _pending.Remove(id);

    /// <summary>
    /// The raw estimate of the seconds left, given the latest started stage's elapsed seconds and the fraction it has
    /// done (other running stages count their corrected estimates). With several jobs the work is shared among them.
    /// </summary>
    public double Estimate(double stageElapsed, double stageFraction)
    {
        double left = _pending.Values.Sum(p => p.Estimate * Ratio(p.Kind));
        foreach ((string id, (string kind, double estimate)) in _running)
        {
            // The stage's own rate once it has shown some (elapsed per fraction done), its corrected estimate before.
            bool ownRate = id == _latest && stageFraction is > 0.02 and < 1 && stageElapsed > 3;
            left += ownRate ? stageElapsed * (1 - stageFraction) / stageFraction : Math.Max(0, estimate * Ratio(kind) - (id == _latest ? stageElapsed : 0));
        }
        return left / Math.Max(1, Math.Min(Jobs, _pending.Count + _running.Count));
    }

    /// <summary>Stages the run runs at once (<c>analyze --jobs</c>); 1 by default.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>The time to show at <paramref name="runSeconds"/> into the run: the estimate, smoothed as the class says.</summary>
    public double Shown(double runSeconds, double stageElapsed, double stageFraction)
    {
        double raw = Estimate(stageElapsed, stageFraction);
        if (_shown is not double previous || runSeconds < SettleSeconds)
            _shown = raw;
        else
        {
            double elapsed = Math.Max(0, runSeconds - _shownAt);
            double counted = Math.Max(1, previous - elapsed);
            double step = Math.Pow(MaxChangePerSecond, elapsed);
            _shown = Math.Clamp(raw, counted / step, counted * step);
        }
        _shownAt = runSeconds;
        return _shown.Value;
    }

    private double Ratio(string kind)
    {
        return _byKind.TryGetValue(kind, out var own) && own.Estimated > 0 ? own.Measured / own.Estimated : 1;
    }
}
