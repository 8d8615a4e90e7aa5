namespace MLNetConcepts;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls <paramref name="report"/> on the reporting thread, in order: the stages'
/// one progress protocol. (.NET's <see cref="Progress{T}"/> posts to a synchronisation context or the thread pool, so
/// its reports may arrive late and out of order.)
/// </summary>
/// <typeparam name="T">What is reported.</typeparam>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
