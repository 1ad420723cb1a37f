// The few zstd entry points the link needs (decompressing an input section, one frame per chunk when compressing
// an output section), called in the system's libzstd.so.1 through P/Invoke rather than through the managed port
// ZstdSharp.Port 0.8.8: on 8 MB of a real link's .debug_* (1 MiB chunks, one thread) libzstd compressed at 906 MB/s
// against 309 (level 1) and decompressed at 2358 MB/s against 684, and Debian always has it (dpkg and apt depend
// on libzstd1). A machine without it gets a clear error only when zstd is actually needed.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Compression;

internal static partial class Zstd
{
    private const string Library = "libzstd.so.1";

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    private static unsafe partial nuint Decompress(nint dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    private static unsafe partial nuint DecompressStream(nint dctx, Buffer* output, Buffer* input);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_reset")]
    private static partial nuint ResetDCtx(nint dctx, int reset);

    // ZSTD_inBuffer and ZSTD_outBuffer: the same three fields (a pointer, its size, how far the call got).
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Buffer
    {
        public byte* Bytes;
        public nuint Size, Position;
    }

    private const int ZSTD_reset_session_only = 1;

    [LibraryImport(Library, EntryPoint = "ZSTD_compressCCtx")]
    private static unsafe partial nuint Compress(nint cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    private static partial nint CreateDCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    private static partial nuint FreeDCtx(nint dctx);

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    private static partial nint CreateCCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    private static partial nuint FreeCCtx(nint cctx);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressBound")]
    private static partial nuint CompressBound(nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint ErrorName(nuint code);

    /// <summary>Decompresses the <paramref name="sourceLength"/> bytes at <paramref name="source"/> (one or more
    /// concatenated frames) into exactly the <paramref name="length"/> bytes at <paramref name="destination"/>, in one
    /// call (both may be of any size: a stored or inflated section may pass 2 GiB); returns null on success, else why
    /// it failed.</summary>
    public static unsafe string? DecompressExactly(byte* source, nuint sourceLength, byte* destination, nuint length)
    {
        EnsureLoaded();
        nuint got = Decompress((_context ??= new Context()).Decompressor, destination, length, source, sourceLength);
        if (IsError(got) != 0) return Marshal.PtrToStringUTF8(ErrorName(got)) ?? "zstd error";
        return got == length ? null : $"decompressed to {got} bytes";
    }

    /// <summary>As <see cref="DecompressExactly"/>, into a destination that starts zeroed: the frames are streamed
    /// through <paramref name="stage"/>, and only the stage-sized chunks that hold a non-zero byte are copied, so a
    /// section's runs of zeros never commit its memory.</summary>
    public static unsafe string? DecompressSparse(byte* source, nuint sourceLength, byte* destination, nuint length, Span<byte> stage)
    {
        EnsureLoaded();
        nint dctx = (_context ??= new Context()).Decompressor;
        ResetDCtx(dctx, ZSTD_reset_session_only);
        var input = new Buffer { Bytes = source, Size = sourceLength };
        nuint got = 0, hint = 0;
        fixed (byte* st = stage)
        {
            while (true)
            {
                var output = new Buffer { Bytes = st, Size = (nuint)stage.Length };
                // Until the stage is full or the input is used up (zstd then has flushed all it can).
                do
                {
                    hint = DecompressStream(dctx, &output, &input);
                    if (IsError(hint) != 0) return Marshal.PtrToStringUTF8(ErrorName(hint)) ?? "zstd error";
                }
                while (output.Position < output.Size && input.Position < input.Size);
                var chunk = new ReadOnlySpan<byte>(st, (int)output.Position);
                if (got + output.Position > length) return "decompressed to more bytes";
                if (chunk.ContainsAnyExcept((byte)0)) chunk.CopyTo(new Span<byte>(destination + got, chunk.Length));
                got += output.Position;
                if (output.Position < output.Size) break;
            }
        }
        if (hint != 0) return "the last frame is cut short";
        return got == length ? null : $"decompressed to {got} bytes";
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
            n = Compress((_context ??= new Context()).Compressor, d, (nuint)destination.Length, s, (nuint)source.Length, level);
        if (IsError(n) != 0)
            throw new LinkException(ErrorId.OutputFailed, $"zstd compression failed: {Marshal.PtrToStringUTF8(ErrorName(n))}");
        return (int)n;
    }

    // One decompression and one compression context per thread, reused: the one-shot ZSTD_decompress and
    // ZSTD_compress allocate and initialise a context on every call, which dominated the time of a link whose
    // objects hold thousands of small compressed sections. Freed when the thread ends.
    [ThreadStatic] private static Context? _context;

    private sealed class Context
    {
        private nint _dctx, _cctx;
        public nint Decompressor => _dctx != 0 ? _dctx : _dctx = Created(CreateDCtx());
        public nint Compressor => _cctx != 0 ? _cctx : _cctx = Created(CreateCCtx());

        private static nint Created(nint context) => context != 0 ? context
            : throw new LinkException(ErrorId.OutOfMemory, "zstd could not allocate a compression context");

        ~Context()
        {
            if (_dctx != 0) FreeDCtx(_dctx);
            if (_cctx != 0) FreeCCtx(_cctx);
        }
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
