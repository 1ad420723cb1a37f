// Checks the Elf64_Chdr (Elf32_Chdr in an inspected ELF32 file) at the start of an SHF_COMPRESSED section when the object is read, so a lying
// header is reported as what it is before any phase trusts it. Nothing is decompressed here: whether a
// compressed section can be linked at all (and how) is layout's decision.
using System.Buffers.Binary;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

internal static class CompressionHeader
{
    private const int Size = 24, Size32 = 12; // ch_type, ch_reserved, ch_size, ch_addralign; ELF32: no ch_reserved, 4-byte fields
    private const uint ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;

    // The most each format can expand: DEFLATE emits at most 258 bytes per 2 bits (about 1032:1); a zstd
    // RLE block turns 4 bytes into 128 KiB. A ch_size beyond that is a lie (a decompression bomb), and an
    // output buffer sized from it must never be allocated.
    private const ulong ZlibMaxRatio = 1032, ZstdMaxRatio = 32768;

    public static void Check(ObjectFile obj, int index)
    {
        ref readonly var h = ref obj.SectionHeaders[index];
        int headerSize = obj.Is32Bit ? Size32 : Size;
        if (h.Size < (ulong)headerSize)
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} is SHF_COMPRESSED but its {h.Size} bytes cannot hold a compression header");
        var chdr = obj.SectionData(index);
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(chdr);
        ulong size = obj.Is32Bit ? BinaryPrimitives.ReadUInt32LittleEndian(chdr[4..]) : BinaryPrimitives.ReadUInt64LittleEndian(chdr[8..]);
        ulong align = obj.Is32Bit ? BinaryPrimitives.ReadUInt32LittleEndian(chdr[8..]) : BinaryPrimitives.ReadUInt64LittleEndian(chdr[16..]);
        ulong ratio = type switch
        {
            ELFCOMPRESS_ZLIB => ZlibMaxRatio,
            ELFCOMPRESS_ZSTD => ZstdMaxRatio,
            _ => throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} has unknown compression type {type}"),
        };
        ulong payload = h.Size - (ulong)headerSize;
        // Checked: payload is below 2^31 (the object is), so the product cannot wrap.
        if (size > int.MaxValue || size > checked(payload * ratio))
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} claims ch_size {size} from {payload} compressed bytes, more than {(type == ELFCOMPRESS_ZLIB ? "zlib" : "zstd")} can expand to");
        if (align > 1UL << 32 || (align & (align - 1)) != 0)
            throw obj.Malformed($"section [{index}] {obj.SectionNameString(index)} has invalid ch_addralign {align}");
    }
}
