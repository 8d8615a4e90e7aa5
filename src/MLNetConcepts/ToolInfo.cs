using System.Reflection;

namespace MLNetConcepts;

/// <summary>The tool's name and version, recorded in every output that describes a run.</summary>
public static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string NameAndVersion => $"mlnetconcepts {Version}";
}
