// Checks the Elf64_Chdr (Elf32_Chdr in an inspected ELF32 file) at the start of an SHF_COMPRESSED section, and GNU's
// legacy header of a .zdebug_* section ("ZLIB" and a big-endian 8-byte size), when the object is read, so a lying
// header is reported as what it is before any phase trusts it. Nothing is decompressed here: InflatedSections does
// that, once, for the sections the link needs.
using System.Buffers.Binary;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

/// <summary>What a compressed section's header says: the format, where the payload starts, and the size and
/// alignment of the bytes it decompresses to (what the link treats as the section's sh_size and sh_addralign).</summary>
internal readonly record struct CompressedSection(uint Type, int PayloadOffset, ulong Size, ulong Align);

internal static class CompressionHeader
{
    private const int Size = 24, Size32 = 12; // ch_type, ch_reserved, ch_size, ch_addralign; ELF32: no ch_reserved, 4-byte fields
    public const uint ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;
    /// <summary>GNU's .zdebug_* format: "ZLIB", the size as a big-endian 8-byte number, then a zlib stream.</summary>
    public const int GnuHeaderSize = 12;

    // The most each format can expand: DEFLATE emits at most 258 bytes per 2 bits (about 1032:1); a zstd
    // RLE block turns 4 bytes into 128 KiB. A ch_size beyond that is a lie (a decompression bomb), and an
    // output buffer sized from it must never be allocated.
    private const ulong ZlibMaxRatio = 1032, ZstdMaxRatio = 32768;

    public static CompressedSection Check(ObjectFile obj, int index)
    {
        ref readonly var h = ref obj.SectionHeaders[index];
        int headerSize = obj.Is32Bit ? Size32 : Size;
        if (h.Size < (ulong)headerSize)
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} is SHF_COMPRESSED but its {h.Size} bytes cannot hold a compression header");
        var chdr = obj.StoredHead(index, headerSize); // the payload may take 2 GiB or more: only the header is a span
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(chdr);
        ulong size = obj.Is32Bit ? BinaryPrimitives.ReadUInt32LittleEndian(chdr[4..]) : BinaryPrimitives.ReadUInt64LittleEndian(chdr[8..]);
        ulong align = obj.Is32Bit ? BinaryPrimitives.ReadUInt32LittleEndian(chdr[8..]) : BinaryPrimitives.ReadUInt64LittleEndian(chdr[16..]);
        ulong ratio = type switch
        {
            ELFCOMPRESS_ZLIB => ZlibMaxRatio,
            ELFCOMPRESS_ZSTD => ZstdMaxRatio,
            _ => throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} has unknown compression type {type}"),
        };
        CheckSize(obj, index, size, h.Size - (ulong)headerSize, ratio, type == ELFCOMPRESS_ZLIB ? "zlib" : "zstd");
        if (align > 1UL << 32 || (align & (align - 1)) != 0)
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} has invalid ch_addralign {align}");
        return new CompressedSection(type, headerSize, size, Math.Max(align, 1));
    }

    /// <summary>A .zdebug_* section's header, or null when the section does not start with "ZLIB" (GNU ld then
    /// takes its bytes as they are).</summary>
    public static CompressedSection? CheckGnu(ObjectFile obj, int index)
    {
        var data = obj.StoredHead(index, GnuHeaderSize);
        if (data.Length < GnuHeaderSize || !data.StartsWith("ZLIB"u8)) return null;
        ulong size = BinaryPrimitives.ReadUInt64BigEndian(data[4..]);
        CheckSize(obj, index, size, obj.SectionHeaders[index].Size - GnuHeaderSize, ZlibMaxRatio, "zlib");
        return new CompressedSection(ELFCOMPRESS_ZLIB, GnuHeaderSize, size, obj.SectionHeaders[index].AddressAlign);
    }

    private static void CheckSize(ObjectFile obj, int index, ulong size, ulong payload, ulong ratio, string format)
    {
        // The product cannot wrap for any payload below 2^49 (ratios are at most 2^15); checked all the same.
        if (size > checked(payload * ratio))
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} claims ch_size {size} from {payload} compressed bytes, more than {format} can expand to");
    }
}
