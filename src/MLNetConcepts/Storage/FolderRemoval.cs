namespace MLNetConcepts.Storage;

/// <summary>Deletes a folder the run wrote, never reaching through a link to what lies outside it.</summary>
public static class FolderRemoval
{
    private static readonly EnumerationOptions OwnEntries = new()
    {
        RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
    };

    /// <summary>
    /// Deletes <paramref name="folder"/> and returns the bytes of the files it held (links not followed, not counted);
    /// when <paramref name="folder"/> is itself a link, only the link goes. Nothing there: 0.
    /// </summary>
    public static long Delete(string folder)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null)
        {
            info.Delete();
            return 0;
        }
        if (!info.Exists) return 0;
        long bytes = info.EnumerateFiles("*", OwnEntries).Sum(f => f.Length);
        info.Delete(recursive: true);   // .NET removes links inside a folder, never their targets
        return bytes;
    }
}
