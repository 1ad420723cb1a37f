// A section header (Elf64_Shdr), read in place; predicates keep flag tests readable at call sites.
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Elf64SectionHeader
{
    /// <summary>sh_name</summary>
    public uint Name;
    /// <summary>sh_type</summary>
    public uint Type;
    /// <summary>sh_flags</summary>
    public ulong Flags;
    /// <summary>sh_addr</summary>
    public ulong Address;
    /// <summary>sh_offset</summary>
    public ulong Offset;
    /// <summary>sh_size</summary>
    public ulong Size;
    /// <summary>sh_link</summary>
    public uint Link;
    /// <summary>sh_info</summary>
    public uint Info;
    /// <summary>sh_addralign</summary>
    public ulong AddressAlign;
    /// <summary>sh_entsize</summary>
    public ulong EntrySize;

    public readonly bool IsAlloc => (Flags & ElfConstants.SHF_ALLOC) != 0;
    public readonly bool IsWritable => (Flags & ElfConstants.SHF_WRITE) != 0;
    public readonly bool IsExecutable => (Flags & ElfConstants.SHF_EXECINSTR) != 0;
    public readonly bool IsTls => (Flags & ElfConstants.SHF_TLS) != 0;
    public readonly bool IsNoBits => Type == ElfConstants.SHT_NOBITS;
}
