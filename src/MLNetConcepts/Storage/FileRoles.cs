namespace MLNetConcepts.Storage;

/// <summary>
/// What a command reads and what it writes, checked before any work: an output must not be an input, replace one
/// (a folder output holding an input), lie inside an input folder, or be the same file as another output. Paths are
/// compared after resolving symbolic links, and also as written (writing over a link replaces the link itself).
/// Every command and <c>analyze</c> declare their files here, so the rule lives in one place.
/// </summary>
/// <example>
/// <code>
/// new FileRoles().Input("option --source", source).Input("option --target", target)
///     .Output("option --out", output).Check();
/// </code>
/// </example>
public sealed class FileRoles
{
    private readonly List<Entry> _inputs = [];
    private readonly List<Entry> _outputs = [];

    private sealed record Entry(string Role, string Path, bool Folder);

    /// <summary>A file or folder the command reads; <paramref name="role"/> names it in messages (e.g. "option --source").</summary>
    public FileRoles Input(string role, string path)
    {
        if (!string.IsNullOrWhiteSpace(path)) _inputs.Add(new Entry(role, path, Directory.Exists(path)));
        return this;
    }

    /// <summary>A file (or, with <paramref name="folder"/>, a folder replaced as a whole) the command writes.</summary>
    public FileRoles Output(string role, string path, bool folder = false)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new MLNetConceptsException($"{role}: empty path; give the file or folder to write");
        _outputs.Add(new Entry(role, path, folder));
        return this;
    }

    /// <summary>Throws a one-line <see cref="MLNetConceptsException"/> for the first conflict; does nothing otherwise.</summary>
    public void Check()
    {
        var inputs = _inputs.Select(e => (Entry: e, Real: Resolve(e.Path), Full: Full(e.Path))).ToList();
        var outputs = _outputs.Select(e => (Entry: e, Real: Resolve(e.Path), Full: Full(e.Path))).ToList();
        foreach (var output in outputs)
        {
            // Writing straight into '/' (or a drive's root) spreads the tool's files among the system's: never wanted.
            if (Path.GetPathRoot(output.Full) is { Length: > 0 } root
                && (Path.TrimEndingDirectorySeparator(output.Full) == Path.TrimEndingDirectorySeparator(root)
                    || Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(output.Full)) == root))
                throw new MLNetConceptsException($"{output.Entry.Role}: '{output.Entry.Path}' writes into the file system's root {root}; give a folder of its own");
            foreach (var input in inputs)
            {
                if (Same(output.Real, input.Real) || Same(output.Full, input.Full))
                    throw new MLNetConceptsException(
                        $"{output.Entry.Role}: '{output.Entry.Path}' is {input.Entry.Role} ('{input.Entry.Path}'); refusing to overwrite an input, choose another output");
                if (output.Entry.Folder && (Under(input.Real, output.Real) || Under(input.Full, output.Full)))
                    throw new MLNetConceptsException(
                        $"{output.Entry.Role}: writing '{output.Entry.Path}' would replace {input.Entry.Role} ('{input.Entry.Path}') inside it; choose another output");
                if (input.Entry.Folder && (Under(output.Real, input.Real) || Under(output.Full, input.Full)))
                    throw new MLNetConceptsException(
                        $"{output.Entry.Role}: '{output.Entry.Path}' is inside {input.Entry.Role} ('{input.Entry.Path}'); outputs never go into an input folder, choose another output");
            }
        }
        for (int a = 0; a < outputs.Count; a++)
        for (int b = a + 1; b < outputs.Count; b++)
        {
            var (first, second) = (outputs[a], outputs[b]);
            if (Same(first.Real, second.Real)
                || (first.Entry.Folder && Under(second.Real, first.Real)) || (second.Entry.Folder && Under(first.Real, second.Real)))
                throw new MLNetConceptsException(
                    $"{second.Entry.Role}: '{second.Entry.Path}' is the same file as {first.Entry.Role} ('{first.Entry.Path}'); two outputs need two paths");
        }
    }

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private static bool Same(string a, string b) => string.Equals(a, b, PathComparison);

    /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="folder"/>.</summary>
    private static bool Under(string path, string folder) =>
        path.Length > folder.Length + 1
        && path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, PathComparison);

    private static string Full(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) is { Length: > 0 } full ? full : Path.GetFullPath(path);

    /// <summary>
    /// The path with every symbolic link along it resolved (like <c>realpath</c>); the part that does not exist yet is
    /// appended as written. Loops give up after 40 links and keep what was resolved so far.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = Full(path);
        string root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>(full[root.Length..]
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string next = Path.Combine(current, pending.Pop());
            string? target = links < 40 ? new FileInfo(next).LinkTarget : null;
            if (target is null)
            {
                current = next;
                continue;
            }
            links++;
            // The link's target, relative to the link's folder, replaces it; its own parts are resolved in turn.
            string absolute = Path.GetFullPath(target, current);
            string targetRoot = Path.GetPathRoot(absolute) ?? "/";
            foreach (string part in absolute[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(part);
            current = targetRoot;
        }
        return Path.TrimEndingDirectorySeparator(current) is { Length: > 0 } trimmed ? trimmed : current;
    }
}
