namespace MLNetConcepts.Extraction;

/// <summary>
/// Makes sure ONNX Runtime's native library loads before any session is made, and says what to add when it does not.
/// The library depends on ONNX Runtime's managed API only, as ONNX Runtime advises for libraries, so an application
/// that forgets the native package would otherwise meet a DllNotFoundException from a type initializer.
/// </summary>
internal static class OnnxRuntimeNative
{
    internal const string MissingMessage =
        "ONNX Runtime's native library (onnxruntime) is not in this application: add the package Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA; Microsoft.ML.OnnxRuntime.Gpu.Linux on Linux only) to the application's project";

    /// <summary>Loads the native runtime (and turns its telemetry off); throws <see cref="MLNetConceptsException"/> naming the packages when it is missing.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            OnnxRuntimeTelemetry.Disable();
        }
        catch (Exception e) when (IsMissingNative(e))
        {
            throw new MLNetConceptsException(MissingMessage, e);
        }
    }

    /// <summary>Whether <paramref name="error"/> is the runtime failing to find its native library (directly or from a type initializer).</summary>
    internal static bool IsMissingNative(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException) return true;
        return false;
    }
}
