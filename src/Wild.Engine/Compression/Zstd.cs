// The few zstd entry points the link needs (one-shot decompression of an input section, one frame per chunk when
// compressing an output section), called in the system's libzstd.so.1 through P/Invoke. Chosen over a managed port
// because libzstd is what every Debian system already has (dpkg and apt depend on it) and it is the reference
// implementation at native speed; a machine without it gets a clear error only when zstd is actually needed.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Compression;

internal static partial class Zstd
{
    private const string Library = "libzstd.so.1";

    [LibraryImport(Library, EntryPoint = "ZSTD_decompress")]
    private static unsafe partial nuint Decompress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_compress")]
    private static unsafe partial nuint Compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressBound")]
    private static partial nuint CompressBound(nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint ErrorName(nuint code);

    /// <summary>Decompresses <paramref name="source"/> (one or more concatenated frames) into exactly
    /// <paramref name="destination"/>; returns null on success, else why it failed.</summary>
    public static unsafe string? DecompressExactly(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint got;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            EnsureLoaded();
            got = Decompress(d, (nuint)destination.Length, s, (nuint)source.Length);
        }
        if (IsError(got) != 0) return Marshal.PtrToStringUTF8(ErrorName(got)) ?? "zstd error";
        return got == (nuint)destination.Length ? null : $"decompressed to {got} bytes";
    }

    /// <summary>The most bytes one frame of <paramref name="length"/> input bytes can take.</summary>
    public static int Bound(int length)
    {
        EnsureLoaded();
        return checked((int)CompressBound((nuint)length));
    }

    /// <summary>One zstd frame holding <paramref name="source"/>, written to <paramref name="destination"/>
    /// (at least <see cref="Bound"/> bytes); returns its length.</summary>
    public static unsafe int CompressFrame(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        nuint n;
        fixed (byte* s = source)
        fixed (byte* d = destination)
            n = Compress(d, (nuint)destination.Length, s, (nuint)source.Length, level);
        if (IsError(n) != 0)
            throw new LinkException(ErrorId.OutputFailed, $"zstd compression failed: {Marshal.PtrToStringUTF8(ErrorName(n))}");
        return (int)n;
    }

    // The library is looked for once; its absence is reported as what to install, not as a DllNotFoundException.
    private static int _loaded; // 0 unknown, 1 present, -1 absent
    private static void EnsureLoaded()
    {
        if (_loaded == 0)
            _loaded = NativeLibrary.TryLoad(Library, typeof(Zstd).Assembly, null, out _) ? 1 : -1;
        if (_loaded < 0)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"zstd-compressed sections need {Library} (Debian: apt-get install libzstd1), which could not be loaded");
    }
}
