namespace MLNetConcepts.Execution;

/// <summary>
/// Receives the progress of an <see cref="Analysis"/>: one call when a stage starts (with its amount of work), advances,
/// and one when it ends or is skipped as up to date. The command line shows bars on a terminal and lines otherwise.
/// The analysis calls the forms that name the stage; by default they forward to the one-stage-at-a-time forms.
/// </summary>
public interface IAnalysisProgress
{
    /// <summary>
    /// Before the first stage: how many stages the run has, up to date or not (<c>report</c> included), so a display can
    /// show the run's own progress and an estimate of the time left.
    /// </summary>
    void Planned(int stages) { }

    /// <summary>A stage starts; <paramref name="total"/> units of <paramref name="unit"/> are to be done.</summary>
    void Started(string stage, long total, string unit);

    /// <summary><paramref name="done"/> units of the running stage are done.</summary>
    void Advanced(long done);

    /// <summary>A detail of the running stage, e.g. its K-means iterations per second (a display may show it).</summary>
    void Noted(string detail) { }

    /// <summary>The running stage finished; <paramref name="summary"/> is one line of what it did.</summary>
    void Finished(string summary);

    /// <summary>A stage's outputs match its inputs and options: not run again.</summary>
    void Skipped(string stage);

    /// <summary>
    /// <paramref name="done"/> units of <paramref name="stage"/> are done. Several stages may be running at once
    /// (<c>analyze --jobs</c>); a display that shows one stage at a time need not override this.
    /// </summary>
    void Advanced(string stage, long done) => Advanced(done);

    /// <summary>A detail of <paramref name="stage"/> (see <see cref="Advanced(string, long)"/>).</summary>
    void Noted(string stage, string detail) => Noted(detail);

    /// <summary><paramref name="stage"/> finished (see <see cref="Advanced(string, long)"/>).</summary>
    void Finished(string stage, string summary) => Finished(summary);
}

/// <summary>Progress that goes nowhere (<c>--quiet</c>, or library callers that do not care).</summary>
public sealed class SilentProgress : IAnalysisProgress
{
    /// <summary>The one instance (it holds no state).</summary>
    public static readonly SilentProgress Instance = new();

    /// <summary>Ignores the start of <paramref name="stage"/>.</summary>
    public void Started(string stage, long total, string unit) { }

    /// <summary>Ignores progress.</summary>
    public void Advanced(long done) { }

    /// <summary>Ignores the stage's summary.</summary>
    public void Finished(string summary) { }

    /// <summary>Ignores a skipped stage.</summary>
    public void Skipped(string stage) { }
}

/// <summary>
/// One running stage's progress, reported under its name to the run's <see cref="IAnalysisProgress"/> (several stages
/// may be running at once): its units done, and details such as its K-means iterations per second.
/// </summary>
public sealed class StageProgress(IAnalysisProgress progress, string stage) : IProgress<long>
{
    /// <summary><paramref name="value"/> units of the stage are done.</summary>
    public void Report(long value) => progress.Advanced(stage, value);

    /// <summary>A detail of the stage a display may show.</summary>
    public void Note(string detail) => progress.Noted(stage, detail);
}
