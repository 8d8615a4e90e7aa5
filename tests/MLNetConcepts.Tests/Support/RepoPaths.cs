namespace MLNetConcepts.Tests.Support;

/// <summary>Locations in the repository and beside it, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Models => Path.Combine(Root, "models");

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The shared data folder beside the repository (<c>../shared/data</c>); may be absent.</summary>
    public static string SharedData => Path.Combine(Path.GetDirectoryName(Root)!, "shared", "data");

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MLNetConcepts.sln")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find MLNetConcepts.sln above the test assembly");
    }
}
