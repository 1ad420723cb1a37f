// The decompressed bytes of one object's compressed sections (SHF_COMPRESSED zlib or zstd, and GNU's legacy
// .zdebug_* "ZLIB" sections): a lazily-filled cache, one buffer per section, inflated at most once. The link's
// "Decompress sections" phase fills it in parallel for every section that reaches the output, so no later phase
// (merging .debug_str, copying, relocating .debug_info) decompresses anything; they read ObjectFile.SectionContents.
// Buffers are pinned: merged-section pieces keep raw pointers into their input's bytes (MergedSections).
using System.IO.Compression;
using Wild.Engine.Diagnostics;
using static Wild.Engine.Input.CompressionHeader;

namespace Wild.Engine.Input;

internal sealed class InflatedSections
{
    private readonly CompressedSection?[] _headers;
    private readonly byte[]?[] _bytes;

    public InflatedSections(CompressedSection?[] headers)
    {
        _headers = headers;
        _bytes = new byte[]?[headers.Length];
    }

    public CompressedSection? Header(int index) => _headers[index];

    /// <summary>Section <paramref name="index"/>'s decompressed bytes, inflating them on the first request.
    /// Racing threads may both inflate; one result is kept, and both are the same bytes.</summary>
    public byte[] Get(ObjectFile obj, int index)
    {
        var ready = Volatile.Read(ref _bytes[index]);
        if (ready is not null) return ready;
        var inflated = Inflate(obj, index, _headers[index]!.Value);
        return Interlocked.CompareExchange(ref _bytes[index], inflated, null) ?? inflated;
    }

    private static unsafe byte[] Inflate(ObjectFile obj, int index, CompressedSection c)
    {
        var payload = obj.SectionData(index)[c.PayloadOffset..];
        // ch_size was bounded by what the payload can expand to when the object was read (CompressionHeader), so
        // this allocation is at most the format's ratio times the input's own bytes.
        var dest = GC.AllocateUninitializedArray<byte>((int)c.Size, pinned: true);
        string? failure;
        if (c.Type == ELFCOMPRESS_ZSTD)
            failure = Compression.Zstd.DecompressExactly(payload, dest);
        else
        {
            fixed (byte* p = payload)
            {
                try
                {
                    using var source = new UnmanagedMemoryStream(p, payload.Length);
                    using var zlib = new ZLibStream(source, CompressionMode.Decompress);
                    int got = zlib.ReadAtLeast(dest, dest.Length, throwOnEndOfStream: false);
                    // Reading on to the stream's end also makes zlib check the Adler-32 of what it produced.
                    failure = got < dest.Length ? $"decompressed to {got} bytes"
                        : zlib.ReadByte() >= 0 ? "decompressed to more bytes" : null;
                }
                catch (InvalidDataException e)
                {
                    failure = e.Message;
                }
            }
        }
        if (failure is not null)
            throw new LinkException(ErrorId.MalformedElf,
                $"{obj.DisplayName}: malformed ELF file: compressed section [{index}] {obj.SectionNameString(index)} is corrupt: "
                + $"{(c.Type == ELFCOMPRESS_ZSTD ? "zstd" : "zlib")} payload of {payload.Length} bytes does not decompress to its size {c.Size} ({failure})",
                obj.DisplayName);
        return dest;
    }
}
