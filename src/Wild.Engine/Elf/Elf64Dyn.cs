// A dynamic section entry (Elf64_Dyn).
using System.Runtime.InteropServices;

namespace Wild.Engine.Elf;

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Elf64Dyn
{
    /// <summary>d_tag</summary>
    public long Tag;
    /// <summary>d_val / d_ptr</summary>
    public ulong Value;
}
