namespace MLNetConcepts.Storage;

/// <summary>
/// The list of temporary files and folders a run created in its folder (<c>.temporaries</c>), so that the next run
/// removes exactly those a killed run left behind, and nothing else: no search by name pattern, no link followed,
/// nothing outside the folder.
/// </summary>
/// <remarks>
/// <see cref="AtomicOutput"/> and <see cref="ActivationWriter"/> record each temporary name here before creating it.
/// The journal is ambient (<see cref="Use"/>) rather than passed down, because the writers sit several calls below
/// the run (extraction, clustering, reports) and none of those calls should need to know about runs.
/// </remarks>
public sealed class TemporaryJournal : IDisposable
{
    /// <summary>The journal's name inside the run folder.</summary>
    public const string FileName = ".temporaries";

    private static readonly AsyncLocal<TemporaryJournal?> Current = new();

    private readonly string _folder;
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private TemporaryJournal(string folder, StreamWriter writer)
    {
        _folder = folder;
        _writer = writer;
    }

    /// <summary>
    /// Removes what the journal in <paramref name="folder"/> lists (a killed run's leftovers), then starts an empty
    /// journal. The caller must hold the folder's lock.
    /// </summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="journalName">The journal's path relative to the folder (a stage task keeps its own); default <see cref="FileName"/>.</param>
    public static TemporaryJournal Open(string folder, string journalName = FileName)
    {
        string full = Path.GetFullPath(folder);
        string path = Path.Combine(full, journalName);
        var existing = new FileInfo(path);
        if (existing.LinkTarget is not null)
            existing.Delete();  // a planted link: neither read through it nor truncate its target
        else if (existing.Exists)
            foreach (string line in File.ReadAllLines(path))
                RemoveLeftover(full, line);
        var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        return new TemporaryJournal(full, writer);
    }

    /// <summary>Makes <paramref name="journal"/> record the temporaries created by this flow of work until disposed.</summary>
    public static IDisposable Use(TemporaryJournal journal)
    {
        TemporaryJournal? previous = Current.Value;
        Current.Value = journal;
        return new Restore(previous);
    }

    /// <summary>Records a temporary path about to be created (no-op outside a run, or for a path outside its folder).</summary>
    internal static void Record(string path) => Current.Value?.Add(path);

    private void Add(string path)
    {
        string relative = Path.GetRelativePath(_folder, Path.GetFullPath(path));
        if (Path.IsPathRooted(relative) || relative.Split(Path.DirectorySeparatorChar).Contains("..")) return;
        lock (_gate)
        {
            // Flushed at once: a kill -9 right after the temporary is created must still find it listed.
            _writer.WriteLine(relative);
            _writer.Flush();
        }
    }

    /// <summary>
    /// Deletes one listed leftover, only if it is a temporary name inside <paramref name="folder"/> reached without
    /// passing through a link; a leftover that is itself a link loses the link, never its target.
    /// </summary>
    private static void RemoveLeftover(string folder, string relative)
    {
        if (relative.Length == 0 || Path.IsPathRooted(relative)) return;
        string[] parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Any(p => p is "" or "." or "..")) return;
        string name = parts[^1];
        if (!IsTemporaryName(name)) return;
        string current = folder;
        foreach (string part in parts[..^1])
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (!info.Exists || info.LinkTarget is not null) return;
        }
        string leftover = Path.Combine(current, name);
        try
        {
            var entry = new FileInfo(leftover);
            if (entry.LinkTarget is not null) entry.Delete();
            else if (Directory.Exists(leftover)) Directory.Delete(leftover, recursive: true);  // .NET removes links inside, never their targets
            else if (entry.Exists) entry.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover that cannot go stays hidden and is never read.
        }
    }

    /// <summary>The names <see cref="AtomicOutput"/> and <see cref="ActivationWriter"/> give their temporaries.</summary>
    public static bool IsTemporaryName(string name) =>
        name.StartsWith('.') && (name.Contains(".tmp-", StringComparison.Ordinal) || name.StartsWith(".staging-", StringComparison.Ordinal));

    /// <summary>Closes the journal file; what it lists stays for the next run's clean-up.</summary>
    public void Dispose() => _writer.Dispose();

    private sealed class Restore(TemporaryJournal? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
