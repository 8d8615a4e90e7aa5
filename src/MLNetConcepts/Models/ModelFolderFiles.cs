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

    /// <summary>
    /// The external-data locations an ONNX file names (its tensors' <c>external_data</c> entries whose key is
    /// <c>location</c>), found by their protobuf encoding (field 1 "location", then field 2, the path) without
    /// loading the graph; distinct, in order of appearance.
    /// </summary>
    public static IReadOnlyList<string> ExternalDataLocations(string onnxPath)
    {
        ReadOnlySpan<byte> key = [0x0A, 0x08, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'t', (byte)'i', (byte)'o', (byte)'n', 0x12];
        var found = new List<string>();
        if (FileKinds.NotRegular(onnxPath) is not null || !File.Exists(onnxPath)) return found;
        using var map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(onnxPath, FileMode.Open, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        long length = new FileInfo(onnxPath).Length;
        if (length == 0) return found;
        using var view = map.CreateViewStream(0, length, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        // Read in 64 MiB windows that overlap by more than one entry, so an entry across a boundary is still seen.
        const int Window = 64 << 20, Overlap = 8192;
        byte[] buffer = new byte[(int)Math.Min(Window, length)];
        for (long start = 0; start < length; start += Window - Overlap)
        {
            view.Position = start;
            int read = view.ReadAtLeast(buffer, (int)Math.Min(buffer.Length, length - start), throwOnEndOfStream: false);
            ReadOnlySpan<byte> data = buffer.AsSpan(0, read);
            for (int at = data.IndexOf(key); at >= 0; at = NextIndex(data, key, at))
            {
                int position = at + key.Length, size = 0, shift = 0;
                while (position < data.Length && shift < 28)
                {
                    byte b = data[position++];
                    size |= (b & 0x7F) << shift;
                    shift += 7;
                    if (b < 0x80) break;
                }
                if (size <= 0 || size > 4096 || position + size > data.Length) continue;
                string location = System.Text.Encoding.UTF8.GetString(data.Slice(position, size));
                if (!found.Contains(location)) found.Add(location);
            }
            if (start + read >= length) break;
        }
        return found;
    }

    private static int NextIndex(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, int at)
    {
        int next = data[(at + 1)..].IndexOf(key);
        return next < 0 ? -1 : at + 1 + next;
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
