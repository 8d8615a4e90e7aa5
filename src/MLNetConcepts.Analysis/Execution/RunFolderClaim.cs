using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Execution;

/// <summary>
/// <c>analyze</c>'s hold on its run folder: the folder is checked to be a run folder (new, empty, or holding
/// <c>run.json</c>), neither inside nor around another run, and locked for the life of the claim. The OS drops the lock
/// when the process dies, even by <c>kill -9</c>.
/// </summary>
internal sealed class RunFolderClaim : IDisposable
{
    /// <summary>The lock file; a folder holding it and <c>run.json</c> is a run folder.</summary>
    public const string LockFileName = ".lock";

    private readonly FileStream _lock;

    private RunFolderClaim(FileStream runLock) => _lock = runLock;

    /// <summary>Checks, creates and locks <paramref name="folder"/> (a full path).</summary>
    public static RunFolderClaim Acquire(string folder)
    {
        if (File.Exists(folder))
            throw new MLNetConceptsException($"{folder}: is a file; the run folder must be a new or empty folder, or an earlier run folder");
        bool existed = Directory.Exists(folder);
        if (existed)
        {
            bool hasOnlyOurFiles = Directory.EnumerateFileSystemEntries(folder)
                .All(e => Path.GetFileName(e) is LockFileName or TemporaryJournal.FileName or RunPlan.FileName);
            if (!hasOnlyOurFiles && !File.Exists(Path.Combine(folder, RunRecord.FileName)))
                throw new MLNetConceptsException(
                    $"{folder}: is not empty and holds no {RunRecord.FileName}; analyze writes only into a new or empty folder or an earlier run folder, choose another --out");
        }
        FileStream runLock = Lock(folder);
        // Nested runs are looked for only once this run's lock file exists: of two runs started at once, one inside
        // the other, each then sees the other's lock file, so at most one goes on.
        string? problem = NestedRunProblem(folder);
        if (problem is null) return new RunFolderClaim(runLock);
        runLock.Dispose();
        if (!existed) TryRemoveNewFolder(folder);
        throw new MLNetConceptsException(problem);
    }

    /// <summary>Whether a process holds <paramref name="folder"/>'s lock now (its lock file cannot be opened exclusively).</summary>
    public static bool IsLocked(string folder)
    {
        string path = Path.Combine(folder, LockFileName);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static FileStream Lock(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLNetConceptsException($"{folder}: cannot create the run folder: {e.Message}", e);
        }
        string path = Path.Combine(folder, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MLNetConceptsException($"{folder}: cannot write in the run folder: {e.Message}", e);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new MLNetConceptsException($"{folder}: another analyze is writing this run folder", e);
        }
        catch (IOException e)
        {
            throw new MLNetConceptsException($"{folder}: cannot write in the run folder: {e.Message}", e);
        }
    }

    private static string? NestedRunProblem(string folder)
    {
        string real = FileRoles.Resolve(folder);
        for (string? above = Path.GetDirectoryName(real); above is not null; above = Path.GetDirectoryName(above))
            if (IsRunFolder(above))
                return $"{folder}: is inside the run folder {above}; a run folder cannot hold another run, choose another --out";
        return FindNestedRun(folder) is { } nested ? $"{folder}: holds another run folder, {nested}; choose another --out" : null;
    }

    /// <summary>A refused new run folder goes again (it holds only the lock file this run made).</summary>
    private static void TryRemoveNewFolder(string folder)
    {
        try
        {
            File.Delete(Path.Combine(folder, LockFileName));
            if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A run folder holds its lock file and, once started, <c>run.json</c>; a lock file without it counts while another
    /// process holds it (a run that has just started).
    /// </summary>
    private static bool IsRunFolder(string folder)
    {
        string lockFile = Path.Combine(folder, LockFileName);
        if (!File.Exists(lockFile)) return false;
        if (File.Exists(Path.Combine(folder, RunRecord.FileName))) return true;
        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The first folder below <paramref name="folder"/> that holds a run's files (links are not followed).</summary>
    private static string? FindNestedRun(string folder)
    {
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(folder));
        while (pending.Count > 0)
        {
            foreach (DirectoryInfo child in pending.Pop().EnumerateDirectories())
            {
                if (child.LinkTarget is not null) continue;
                if (File.Exists(Path.Combine(child.FullName, RunRecord.FileName)) || File.Exists(Path.Combine(child.FullName, LockFileName)))
                    return child.FullName;
                pending.Push(child);
            }
        }
        return null;
    }

    public void Dispose() => _lock.Dispose();
}
