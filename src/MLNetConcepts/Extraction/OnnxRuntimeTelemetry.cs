using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace MLNetConcepts.Extraction;

/// <summary>
/// Turns ONNX Runtime's telemetry off before the first session: on Linux and macOS its 1DS provider writes a device id
/// and an event cache under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c> (outside every output) unless
/// <c>ORT_DISABLE_TELEMETRY=1</c> is in the process environment when the runtime initialises; on Windows the
/// environment's <see cref="OrtEnv.DisableTelemetryEvents"/> stops its trace events. Every place that creates a
/// session calls <see cref="Disable"/> first.
/// </summary>
internal static class OnnxRuntimeTelemetry
{
    private const string Variable = "ORT_DISABLE_TELEMETRY";
    private static readonly Lazy<bool> Done = new(() =>
    {
        // The native runtime reads the C environment: .NET's Environment.SetEnvironmentVariable does not reach it on Unix.
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                SetEnv(Variable, "1", 1);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        Environment.SetEnvironmentVariable(Variable, "1");
        OrtEnv.Instance().DisableTelemetryEvents();
        return true;
    });

    /// <summary>Makes sure telemetry is off; cheap after the first call.</summary>
    public static void Disable() => _ = Done.Value;

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
