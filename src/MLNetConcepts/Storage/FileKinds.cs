using System.Runtime.InteropServices;

namespace MLNetConcepts.Storage;

/// <summary>
/// What kind of file a path names once its links are followed: a regular file, or a device, pipe or socket that
/// would block or never end when read (<c>/dev/zero</c>, a FIFO). .NET does not expose the file type, so this asks
/// the runtime's own native shim (<c>libSystem.Native</c>, present in every .NET installation on Linux and macOS).
/// </summary>
internal static class FileKinds
{
    /// <summary>
    /// Null when <paramref name="path"/> (links followed) is a regular file, a folder, does not exist or cannot be
    /// examined; otherwise what it is instead, for messages ("a character device", "a pipe (FIFO)", ...).
    /// </summary>
    public static string? NotRegular(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        int mode;
        try
        {
            var status = new byte[256];   // the shim's FileStatus is about 120 bytes; Mode is its second int32
            if (Stat(path, status) != 0) return null;
            mode = BitConverter.ToInt32(status, 4);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return (mode & 0xF000) switch
        {
            0x8000 or 0x4000 => null,           // regular file, folder
            0x1000 => "a pipe (FIFO)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
