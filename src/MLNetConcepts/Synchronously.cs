namespace MLNetConcepts;

/// <summary>
/// Runs the library's asynchronous file work to completion for the synchronous twins of its <c>...Async</c> methods
/// (ML.NET's own API is synchronous). The work starts on the thread pool, so a caller's synchronisation context (a UI
/// thread, a notebook) cannot dead-lock the wait; exceptions surface unwrapped.
/// </summary>
internal static class Synchronously
{
    public static T Run<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    public static void Run(Func<Task> work) => Task.Run(work).GetAwaiter().GetResult();
}
