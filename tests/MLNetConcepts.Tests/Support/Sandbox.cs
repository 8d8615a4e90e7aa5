using System.Security.Cryptography;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// A temporary folder holding a test's inputs, with a sentinel folder beside them that no command may touch, and a
/// fingerprint of everything in both (every file's hash, every folder, every link) to compare before and after.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private readonly TempFolder _temp = new();

    public Sandbox()
    {
        Directory.CreateDirectory(Sentinel);
        System.IO.File.WriteAllText(System.IO.Path.Combine(Sentinel, ".draft.tmp-notes"), "a user's file whose name looks temporary\n");
        System.IO.File.WriteAllText(System.IO.Path.Combine(Sentinel, "notes.txt"), "a user's file\n");
        Directory.CreateDirectory(System.IO.Path.Combine(Sentinel, ".staging-mine"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(Sentinel, ".staging-mine", "part.txt"), "more\n");
    }

    public string Path => _temp.Path;

    /// <summary>A folder outside every output; tests reach it through links placed inside outputs.</summary>
    public string Sentinel => System.IO.Path.Combine(_temp.Path, "sentinel");

    public string File(string name) => _temp.File(name);

    /// <summary>Writes a text file (UTF-8, no BOM) and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Path -> content hash (files), "folder" or "link -> target", for everything under the sandbox.</summary>
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

    public void Dispose() => _temp.Dispose();
}
