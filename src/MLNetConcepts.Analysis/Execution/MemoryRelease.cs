using System.Runtime.InteropServices;

namespace MLNetConcepts.Execution;

/// <summary>
/// Gives memory back to the operating system between stages of a long run: without it, a run of many extraction
/// passes in one process grows by what each pass's ONNX Runtime session and buffers left in the allocators.
/// </summary>
internal static class MemoryRelease
{
    /// <summary>Growth of the working set since the last release that makes the next stage's end release again.</summary>
    private const long Growth = 256L << 20;

    private static long _afterLastRelease;

    /// <summary>
    /// When the process has grown by <see cref="Growth"/> since the last time: a compacting collection that returns the
    /// managed heap's free space, then the C allocator's free pages. Small stages (most clusterings, the metrics) cost nothing.
    /// </summary>
    public static void AfterStage()
    {
        if (Environment.WorkingSet < Interlocked.Read(ref _afterLastRelease) + Growth) return;
        Release();
        Interlocked.Exchange(ref _afterLastRelease, Environment.WorkingSet);
    }

    private static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, say): its allocator returns memory its own way.
        }
    }

    // ONNX Runtime frees its arenas with free(); glibc keeps freed pages of its heaps until asked to trim them.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
