// A symbol table entry (Elf64_Sym), read in place, with the binding/type/visibility predicates.
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Elf64Symbol
{
    /// <summary>st_name</summary>
    public uint Name;
    /// <summary>st_info</summary>
    public byte Info;
    /// <summary>st_other</summary>
    public byte Other;
    /// <summary>st_shndx</summary>
    public ushort SectionIndex;
    /// <summary>st_value</summary>
    public ulong Value;
    /// <summary>st_size</summary>
    public ulong Size;

    public readonly byte Binding => (byte)(Info >> 4);
    public readonly byte Type => (byte)(Info & 0xf);
    public readonly byte Visibility => (byte)(Other & 3);
    public readonly bool IsUndefined => SectionIndex == ElfConstants.SHN_UNDEF;
    /// <summary>A tentative definition: SHN_COMMON, or x86-64's SHN_X86_64_LCOMMON (a large common, placed in .lbss).
    /// Object files of other machines with that index are refused when read, so the second test is x86-64's only.</summary>
    public readonly bool IsCommon => SectionIndex is ElfConstants.SHN_COMMON or ElfConstants.SHN_X86_64_LCOMMON;
    /// <summary>x86-64's large common (gas .largecomm, gcc -mcmodel=medium/large -fcommon).</summary>
    public readonly bool IsLargeCommon => SectionIndex == ElfConstants.SHN_X86_64_LCOMMON;
    public readonly bool IsAbsolute => SectionIndex == ElfConstants.SHN_ABS;
    public readonly bool IsWeak => Binding == ElfConstants.STB_WEAK;
    public readonly bool IsLocal => Binding == ElfConstants.STB_LOCAL;

    public static byte MakeInfo(byte binding, byte type) => (byte)((binding << 4) | (type & 0xf));
}
