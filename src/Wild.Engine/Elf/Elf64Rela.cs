// A relocation with addend (Elf64_Rela); r_info packs the symbol index and the type.
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Elf64Rela
{
    /// <summary>r_offset</summary>
    public ulong Offset;
    /// <summary>r_info</summary>
    public ulong Info;
    /// <summary>r_addend</summary>
    public long Addend;

    public readonly uint SymbolIndex => (uint)(Info >> 32);
    public readonly uint Type => (uint)Info;

    public static ulong MakeInfo(uint symbol, uint type) => ((ulong)symbol << 32) | type;
}
