// The ELF file header (Elf64_Ehdr), read in place from a mapped file and written for the output.
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64Header
{
    /// <summary>e_ident[0..16]: magic, class, data, version, OS ABI.</summary>
    public Ident16 Ident;
    /// <summary>e_type</summary>
    public ushort Type;
    /// <summary>e_machine</summary>
    public ushort Machine;
    /// <summary>e_version</summary>
    public uint Version;
    /// <summary>e_entry</summary>
    public ulong Entry;
    /// <summary>e_phoff</summary>
    public ulong ProgramHeaderOffset;
    /// <summary>e_shoff</summary>
    public ulong SectionHeaderOffset;
    /// <summary>e_flags</summary>
    public uint Flags;
    /// <summary>e_ehsize</summary>
    public ushort HeaderSize;
    /// <summary>e_phentsize</summary>
    public ushort ProgramHeaderEntrySize;
    /// <summary>e_phnum</summary>
    public ushort ProgramHeaderCount;
    /// <summary>e_shentsize</summary>
    public ushort SectionHeaderEntrySize;
    /// <summary>e_shnum</summary>
    public ushort SectionHeaderCount;
    /// <summary>e_shstrndx</summary>
    public ushort SectionNameTableIndex;
}

[System.Runtime.CompilerServices.InlineArray(16)]
internal struct Ident16
{
    private byte _element0;
}
