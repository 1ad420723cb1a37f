// The ELF file header as Get-ElfHeader emits it: readelf -h's fields, typed. Machine and Type are enums;
// Class is 32 or 64 and Endianness Little or Big, so non-x86-64 files read as what they are.
using Wild.Engine.Inspection;

namespace Wild.PowerShell;

public sealed class ElfHeader
{
    internal ElfHeader(string file, string? member, ElfFileHeader h)
    {
        File = file;
        Member = member;
        Class = h.Is64Bit ? 64 : 32;
        Endianness = h.IsLittleEndian ? "Little" : "Big";
        OsAbi = h.OsAbi;
        AbiVersion = h.AbiVersion;
        Type = (ElfFileType)h.Type;
        Machine = (ElfMachine)h.Machine;
        Version = h.Version;
        Entry = h.Entry;
        ProgramHeaderOffset = h.ProgramHeaderOffset;
        SectionHeaderOffset = h.SectionHeaderOffset;
        Flags = h.Flags;
        HeaderSize = h.HeaderSize;
        ProgramHeaderEntrySize = h.ProgramHeaderEntrySize;
        ProgramHeaderCount = h.ProgramHeaderCount;
        SectionHeaderEntrySize = h.SectionHeaderEntrySize;
        SectionHeaderCount = h.SectionHeaderCount;
        SectionNameTableIndex = h.SectionNameTableIndex;
    }

    public string File { get; }
    public string? Member { get; }
    /// <summary>32 or 64 (EI_CLASS).</summary>
    public int Class { get; }
    /// <summary>Little or Big (EI_DATA).</summary>
    public string Endianness { get; }
    public byte OsAbi { get; }
    public byte AbiVersion { get; }
    public ElfFileType Type { get; }
    public ElfMachine Machine { get; }
    public uint Version { get; }
    public ulong Entry { get; }
    public ulong ProgramHeaderOffset { get; }
    public ulong SectionHeaderOffset { get; }
    public uint Flags { get; }
    public ushort HeaderSize { get; }
    public ushort ProgramHeaderEntrySize { get; }
    public ushort ProgramHeaderCount { get; }
    public ushort SectionHeaderEntrySize { get; }
    public ushort SectionHeaderCount { get; }
    public ushort SectionNameTableIndex { get; }

    public override string ToString() => $"ELF{Class} {Type} {Machine}";
}
