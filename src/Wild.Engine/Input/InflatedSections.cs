// The decompressed bytes of one object's compressed sections (SHF_COMPRESSED zlib or zstd, and GNU's legacy
// .zdebug_* "ZLIB" sections): a lazily-filled cache, one buffer per section, inflated at most once. The link's
// "Decompress sections" phase fills it in parallel for every section that reaches the output, so no later phase
// (merging .debug_str, copying, relocating .debug_info) decompresses anything; they read ObjectFile.SectionContents.
// Buffers are pinned: merged-section pieces keep raw pointers into their input's bytes (MergedSections). A section
// that inflates to 2 GiB or more goes to native memory and is read through windows, as a stored one of that size is.
using System.IO.Compression;
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using static Wild.Engine.Input.CompressionHeader;

namespace Wild.Engine.Input;

internal sealed class InflatedSections
{
    private readonly CompressedSection?[] _headers;
    // Per section: null until inflated, then a pinned byte[] or, for 2 GiB or more, a WideBuffer.
    private readonly object?[] _bytes;

    public InflatedSections(CompressedSection?[] headers)
    {
        _headers = headers;
        _bytes = new object?[headers.Length];
    }

    public CompressedSection? Header(int index) => _headers[index];

    /// <summary>Section <paramref name="index"/>'s decompressed bytes (under 2 GiB: ObjectFile.SectionContents refuses
    /// a wider one first), inflating them on the first request.</summary>
    public byte[] Get(ObjectFile obj, int index) => (byte[])Inflated(obj, index);

    /// <summary>Bytes [offset, offset + length) of section <paramref name="index"/>'s decompressed bytes, of any size
    /// (bounds checked by the caller), inflating them on the first request.</summary>
    public unsafe ReadOnlySpan<byte> Window(ObjectFile obj, int index, ulong offset, int length) => Inflated(obj, index) switch
    {
        byte[] bytes => bytes.AsSpan(checked((int)offset), length),
        WideBuffer wide => new ReadOnlySpan<byte>(wide.Pointer + offset, length),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Inflates section <paramref name="index"/> now if it is not yet (the "Decompress sections" phase).</summary>
    public void Prepare(ObjectFile obj, int index) => _ = Inflated(obj, index);

    // Racing threads may both inflate; one result is kept, and both are the same bytes.
    private object Inflated(ObjectFile obj, int index)
    {
        var ready = Volatile.Read(ref _bytes[index]);
        if (ready is not null) return ready;
        var c = _headers[index]!.Value;
        object inflated = c.Size > int.MaxValue ? InflateWide(obj, index, c) : Inflate(obj, index, c);
        return Interlocked.CompareExchange(ref _bytes[index], inflated, null) ?? inflated;
    }

    private static unsafe byte[] Inflate(ObjectFile obj, int index, CompressedSection c)
    {
        // ch_size was bounded by what the payload can expand to when the object was read (CompressionHeader), so
        // this allocation is at most the format's ratio times the input's own bytes.
        var dest = GC.AllocateUninitializedArray<byte>((int)c.Size, pinned: true);
        fixed (byte* d = dest)
            Decompress(obj, index, c, d, zeroed: false);
        return dest;
    }

    /// <summary>A section that inflates to 2 GiB or more (a byte[] cannot hold it): into native memory that starts
    /// zeroed and is committed only where written, so the zero runs of a mostly reserved section cost no memory.</summary>
    private static unsafe WideBuffer InflateWide(ObjectFile obj, int index, CompressedSection c)
    {
        var wide = new WideBuffer(c.Size);
        Decompress(obj, index, c, wide.Pointer, zeroed: true);
        return wide;
    }

    // The unit a stream is inflated in for a zeroed destination: a unit of zeros is not copied.
    private const int InflateChunk = 1 << 20;

    /// <summary>Decompresses section <paramref name="index"/> into exactly c.Size bytes at <paramref name="dest"/>.
    /// The payload is streamed from the mapped file, so it may take 2 GiB or more stored, as the output may inflated.
    /// With <paramref name="zeroed"/>, output is staged in chunks and only the chunks that hold a non-zero byte are
    /// copied.</summary>
    private static unsafe void Decompress(ObjectFile obj, int index, CompressedSection c, byte* dest, bool zeroed)
    {
        byte* payload = obj.StoredBytes(index) + c.PayloadOffset;
        ulong payloadLength = obj.SectionHeaders[index].Size - (ulong)c.PayloadOffset;
        var stage = zeroed ? GC.AllocateUninitializedArray<byte>(InflateChunk) : null;
        string? failure;
        if (c.Type == ELFCOMPRESS_ZSTD)
            failure = stage is null ? Compression.Zstd.DecompressExactly(payload, (nuint)payloadLength, dest, (nuint)c.Size)
                : Compression.Zstd.DecompressSparse(payload, (nuint)payloadLength, dest, (nuint)c.Size, stage);
        else
        {
            try
            {
                using var source = new UnmanagedMemoryStream(payload, (long)payloadLength);
                using var zlib = new ZLibStream(source, CompressionMode.Decompress);
                ulong got = 0;
                while (got < c.Size)
                {
                    int want = (int)Math.Min(c.Size - got, stage is null ? 1UL << 30 : InflateChunk);
                    var into = stage is null ? new Span<byte>(dest + got, want) : stage.AsSpan(0, want);
                    int n = zlib.ReadAtLeast(into, want, throwOnEndOfStream: false);
                    if (stage is not null && into[..n].ContainsAnyExcept((byte)0))
                        into[..n].CopyTo(new Span<byte>(dest + got, n));
                    got += (ulong)n;
                    if (n < want) break;
                }
                // Reading on to the stream's end also makes zlib check the Adler-32 of what it produced.
                failure = got < c.Size ? $"decompressed to {got} bytes"
                    : zlib.ReadByte() >= 0 ? "decompressed to more bytes" : null;
            }
            catch (InvalidDataException e)
            {
                failure = e.Message;
            }
        }
        if (failure is not null)
            throw new LinkException(ErrorId.MalformedElf,
                $"{obj.DisplayName}: malformed ELF file: compressed section [{index}] {obj.SectionNameString(index)} is corrupt: "
                + $"{(c.Type == ELFCOMPRESS_ZSTD ? "zstd" : "zlib")} payload of {payloadLength} bytes does not decompress to its size {c.Size} ({failure})",
                obj.DisplayName);
    }

    /// <summary>Native memory for one wide section's inflated bytes, freed with the object that holds it.</summary>
    private sealed unsafe class WideBuffer(ulong length)
    {
        public readonly byte* Pointer = (byte*)NativeMemory.AllocZeroed((nuint)length);

        ~WideBuffer() => NativeMemory.Free(Pointer);
    }
}
