using System.Security.Cryptography;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Models;

/// <summary>
/// The files of a model folder the tool reads and fingerprints. A model folder holds only regular files and folders:
/// a device, pipe or socket anywhere in it (a link to <c>/dev/zero</c>, a FIFO) is refused before any work, since
/// reading or hashing it would block or never end. Every file under the folder, at any depth, is part of the
/// fingerprint, so whatever <c>model.json</c> makes ONNX Runtime read (a graph in a subfolder, external weights
/// under any name) is covered without parsing the graph.
/// </summary>
internal static class ModelFolderFiles
{
    /// <summary>
    /// Every file under <paramref name="folder"/> (links to folders followed once each), as its path relative to the
    /// folder with <c>/</c> separators and its full path, in ordinal order of the relative path.
    /// </summary>
    public static IReadOnlyList<(string Relative, string Full)> Enumerate(string folder, CancellationToken cancellationToken = default)
    {
        string root = Path.GetFullPath(folder);
        var files = new List<(string, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { FileRoles.Resolve(root) };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            foreach (string entry in Directory.EnumerateFileSystemEntries(current))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Directory.Exists(entry))
                {
                    if (visited.Add(FileRoles.Resolve(entry))) pending.Push(entry);
                    continue;
                }
                if (!File.Exists(entry) || new FileInfo(entry).LinkTarget is not null && !File.Exists(FileRoles.Resolve(entry)))
                    throw new MLNetConceptsException(
                        $"{entry}: a link to nothing in the model folder {folder}; every file of a model folder is read for its fingerprint, so remove the link or restore its target");
                if (FileKinds.NotRegular(entry) is { } kind)
                    throw new MLNetConceptsException(
                        $"{entry}: is {kind}, not a regular file; a model folder may hold only regular files and folders (they are all read for its fingerprint)");
                files.Add((Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/'), entry));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    /// <summary>
    /// Why the value of a <c>model.json</c> path field does not name a regular file inside <paramref name="folder"/>
    /// (an absolute path, a <c>..</c> step, a link that resolves outside the folder, a device or pipe); null when it does.
    /// Existence is checked by the caller.
    /// </summary>
    public static string? Escapes(string folder, string value)
    {
        if (Path.IsPathRooted(value))
            return $"is an absolute path ('{ErrorText.Shorten(value)}'); model.json paths are relative to the model folder and stay inside it";
        if (value.Split('/', '\\').Contains(".."))
            return $"leads out of the model folder ('{ErrorText.Shorten(value)}' has a '..' step); model.json paths stay inside the folder";
        string realFolder = FileRoles.Resolve(folder);
        string real = FileRoles.Resolve(Path.Combine(folder, value));
        if (!real.StartsWith(Path.TrimEndingDirectorySeparator(realFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return $"names '{ErrorText.Shorten(value)}', which is a link to {ErrorText.Shorten(real)}, outside the model folder; model.json paths stay inside the folder";
        if (FileKinds.NotRegular(real) is { } kind)
            return $"names '{ErrorText.Shorten(value)}', which is {kind}, not a regular file";
        return null;
    }

    /// <summary>A hash of every file (<see cref="Enumerate"/>): relative path, length and contents of each.</summary>
    public static string Hash(string folder, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string relative, string full) in Enumerate(folder, cancellationToken))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(relative + "\n"));
            AppendContents(hash, full, cancellationToken);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of one file's contents, read in 1 MiB blocks with a cancellation check between blocks.</summary>
    public static string HashFile(string path, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendContents(hash, path, cancellationToken);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendContents(IncrementalHash hash, string path, CancellationToken cancellationToken)
    {
        if (FileKinds.NotRegular(path) is { } kind)
            throw new MLNetConceptsException($"{path}: is {kind}, not a regular file; it cannot be read to its end");
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, 1 << 20)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
