using System.Reflection;

namespace MLNetConcepts;

/// <summary>The tool's name and version, recorded in every output that describes a run.</summary>
public static class ToolInfo
{
    /// <summary>The assembly's informational version without any "+commit" suffix; "0.0.0" when the attribute is missing.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>"mlnetconcepts" followed by <see cref="Version"/>, e.g. "mlnetconcepts 0.1.0".</summary>
    public static string NameAndVersion => $"mlnetconcepts {Version}";
}
