// The ELF file header of any ELF file, 32- or 64-bit, little- or big-endian, of any machine, as readelf -h shows
// it. Inspection is not linking: this reader checks only what it needs to read the fields (the identification
// bytes and the header's size), so AArch64, RISC-V and i386 files are shown as they are.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Inspection;

public sealed record ElfFileHeader(
    byte Class, byte DataEncoding, byte IdentVersion, byte OsAbi, byte AbiVersion,
    ushort Type, ushort Machine, uint Version, ulong Entry, ulong ProgramHeaderOffset, ulong SectionHeaderOffset,
    uint Flags, ushort HeaderSize, ushort ProgramHeaderEntrySize, ushort ProgramHeaderCount,
    ushort SectionHeaderEntrySize, ushort SectionHeaderCount, ushort SectionNameTableIndex)
{
    public bool Is64Bit => Class == 2;
    public bool IsLittleEndian => DataEncoding == 1;

    public static ElfFileHeader Read(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 16 || !data.StartsWith("\u007fELF"u8))
            throw new LinkException(ErrorId.NotElf, $"{name}: file format not recognized (not an ELF file)", name);
        byte cls = data[4], enc = data[5];
        if (cls is not (1 or 2))
            throw new LinkException(ErrorId.UnsupportedElfClass, $"{name}: unknown ELF class {cls}", name);
        if (enc is not (1 or 2))
            throw new LinkException(ErrorId.UnsupportedElfClass, $"{name}: unknown ELF data encoding {enc}", name);
        int size = cls == 2 ? 64 : 52;
        if (data.Length < size)
            throw new LinkException(ErrorId.MalformedElf, $"{name}: malformed ELF file: file too short ({data.Length} bytes)", name);
        bool le = enc == 1;
        byte[] h = data[..size].ToArray();   // a copy the local readers can hold (spans cannot be captured)
        ushort U16(int at) => le ? BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(at));
        uint U32(int at) => le ? BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(h.AsSpan(at));
        ulong U64(int at) => le ? BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(at)) : BinaryPrimitives.ReadUInt64BigEndian(h.AsSpan(at));
        // After e_version the two classes differ: three addresses are 4 or 8 bytes wide, shifting what follows.
        int w = cls == 2 ? 8 : 4;
        ulong Addr(int at) => w == 8 ? U64(at) : U32(at);
        int flagsAt = 24 + 3 * w;
        return new ElfFileHeader(cls, enc, h[6], h[7], h[8],
            U16(16), U16(18), U32(20), Addr(24), Addr(24 + w), Addr(24 + 2 * w),
            U32(flagsAt), U16(flagsAt + 4), U16(flagsAt + 6), U16(flagsAt + 8), U16(flagsAt + 10), U16(flagsAt + 12), U16(flagsAt + 14));
    }
}
