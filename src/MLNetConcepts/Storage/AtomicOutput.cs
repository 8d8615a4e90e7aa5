namespace MLNetConcepts.Storage;

/// <summary>
/// Writes an output file or folder under a temporary name beside its final path and moves it into place
/// only when <see cref="Commit"/> is called, so a crash or an error never leaves a half-written output that
/// looks complete. Disposing without committing deletes the temporary.
/// </summary>
public sealed class AtomicOutput : IDisposable
{
    private bool _committed;

    private AtomicOutput(string finalPath, string temporaryPath, bool isDirectory)
    {
        FinalPath = finalPath;
        TemporaryPath = temporaryPath;
        IsDirectory = isDirectory;
    }

    /// <summary>The path the output will have once committed.</summary>
    public string FinalPath { get; }

    /// <summary>Where to write meanwhile: a sibling of <see cref="FinalPath"/>, so the move stays on one file system.</summary>
    public string TemporaryPath { get; }

    /// <summary>Whether the output is a folder rather than a file.</summary>
    public bool IsDirectory { get; }

    /// <summary>Starts an output file. Its folder is created if missing.</summary>
    public static AtomicOutput ForFile(string path) => Begin(path, isDirectory: false);

    /// <summary>Starts an output folder; the temporary folder is created empty.</summary>
    public static AtomicOutput ForDirectory(string path) => Begin(path, isDirectory: true);

    private static AtomicOutput Begin(string path, bool isDirectory)
    {
        string full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        string parent = Path.GetDirectoryName(full) ?? ".";
        try
        {
            Directory.CreateDirectory(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLNetConceptsException($"{path}: cannot create the folder '{parent}': {e.Message}", e);
        }

        string temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        TemporaryJournal.Record(temporary);
        try
        {
            if (isDirectory)
                Directory.CreateDirectory(temporary);
            else
                File.WriteAllBytes(temporary, []);  // probe that the folder is writable before any long work
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLNetConceptsException($"{path}: cannot write there: {e.Message}", e);
        }
        return new AtomicOutput(full, temporary, isDirectory);
    }

    /// <summary>Replaces whatever was at the final path with the temporary output.</summary>
    public void Commit()
    {
        if (_committed) return;
        if (IsDirectory)
        {
            if (Directory.Exists(FinalPath)) Directory.Delete(FinalPath, recursive: true);
            else if (File.Exists(FinalPath)) File.Delete(FinalPath);
            Directory.Move(TemporaryPath, FinalPath);
        }
        else
        {
            if (Directory.Exists(FinalPath))
                throw new MLNetConceptsException($"{FinalPath}: is a folder, expected a file path");
            File.Move(TemporaryPath, FinalPath, overwrite: true);
        }
        _committed = true;
    }

    /// <summary>Without a commit, deletes the temporary (best effort), so nothing appears at <see cref="FinalPath"/>.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (IsDirectory && Directory.Exists(TemporaryPath)) Directory.Delete(TemporaryPath, recursive: true);
            else if (!IsDirectory && File.Exists(TemporaryPath)) File.Delete(TemporaryPath);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden ".tmp-" sibling never looks like a finished output.
        }
    }
}
