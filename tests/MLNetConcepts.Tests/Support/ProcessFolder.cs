namespace MLNetConcepts.Tests.Support;

/// <summary>
/// A temporary folder shared by the tests of one process (a run made once and read by many tests): fresh when
/// created, deleted when the process exits.
/// </summary>
public static class ProcessFolder
{
    /// <summary>An empty folder named <c>mlnc-test-&lt;name&gt;-&lt;process id&gt;</c> under the temporary folder; nothing is created in it.</summary>
    public static string Create(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mlnc-test-{name}-{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        return folder;
    }
}
