// A program header (Elf64_Phdr), as the writer emits it and the readers inspect it.
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Elf64ProgramHeader
{
    /// <summary>p_type</summary>
    public uint Type;
    /// <summary>p_flags</summary>
    public uint Flags;
    /// <summary>p_offset</summary>
    public ulong Offset;
    /// <summary>p_vaddr</summary>
    public ulong VirtualAddress;
    /// <summary>p_paddr</summary>
    public ulong PhysicalAddress;
    /// <summary>p_filesz</summary>
    public ulong FileSize;
    /// <summary>p_memsz</summary>
    public ulong MemorySize;
    /// <summary>p_align</summary>
    public ulong Align;
}
