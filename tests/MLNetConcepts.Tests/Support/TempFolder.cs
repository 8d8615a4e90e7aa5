using System.Security.Cryptography;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// The tests' one kind of temporary folder, named <c>mlnc-test-…</c> under the system's temporary folder. Three uses:
/// a fresh folder per test, deleted on <see cref="Dispose"/>; the same with a sentinel folder inside that no command
/// may touch (<see cref="WithSentinel"/>, for hostile-input tests that compare <see cref="Fingerprint"/>s before and
/// after); and a folder per process (<see cref="ForProcess"/>) for a run made once and read by many tests.
/// </summary>
public sealed class TempFolder : IDisposable
{
    private const string Prefix = "mlnc-test-";

    /// <summary>A fresh, empty folder, deleted with everything in it on <see cref="Dispose"/>.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>
    /// A fresh folder holding <see cref="Sentinel"/>: a folder outside every output, with a user's files (one whose
    /// name looks temporary), which tests reach through links placed inside outputs.
    /// </summary>
    public static TempFolder WithSentinel()
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.Sentinel);
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder.Sentinel, ".draft.tmp-notes"), "a user's file whose name looks temporary\n");
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder.Sentinel, "notes.txt"), "a user's file\n");
        Directory.CreateDirectory(System.IO.Path.Combine(folder.Sentinel, ".staging-mine"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder.Sentinel, ".staging-mine", "part.txt"), "more\n");
        return folder;
    }

    /// <summary>
    /// A folder shared by the tests of one process (a run made once and read by many tests), named
    /// <c>mlnc-test-&lt;name&gt;-&lt;process id&gt;</c>: removed if an earlier process of the same id left it, not created,
    /// and deleted when the process exits.
    /// </summary>
    public static string ForProcess(string name)
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Prefix}{name}-{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(folder);
        return folder;
    }

    public string Path { get; }

    /// <summary>The sentinel folder of a <see cref="WithSentinel"/> folder (absent from a plain one).</summary>
    public string Sentinel => System.IO.Path.Combine(Path, "sentinel");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a text file (UTF-8, no BOM), creating its folder, and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Path -> content hash (files), "folder" or "link -> target", for everything under the folder but <paramref name="except"/>.</summary>
    public SortedDictionary<string, string> Fingerprint(params string[] except)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path]);
        while (pending.Count > 0)
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(pending.Pop()))
            {
                if (except.Any(e => entry == e || entry.StartsWith(e + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))) continue;
                string key = System.IO.Path.GetRelativePath(Path, entry);
                var info = new FileInfo(entry);
                if (info.LinkTarget is { } target) result[key] = "link -> " + target;
                else if (Directory.Exists(entry))
                {
                    result[key] = "folder";
                    pending.Push(entry);
                }
                else if (info.Length == 0)
                {
                    result[key] = "empty";  // never opened: a pipe would wait for a writer
                }
                else
                {
                    using FileStream stream = System.IO.File.OpenRead(entry);
                    result[key] = Convert.ToHexString(SHA256.HashData(stream));
                }
            }
        }
        return result;
    }

    public void Dispose() => DeleteQuietly(Path);

    private static void DeleteQuietly(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
