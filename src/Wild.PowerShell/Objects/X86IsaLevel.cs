// The x86-64 micro-architecture level a link may record as needed in its output's ISA property, as ld's
// -z x86-64-baseline|v2|v3|v4 do (Write-ElfExecutable -X86IsaLevel); the values are the GNU_PROPERTY_X86_ISA_1_*
// bits. The levels the inputs need are merged by the link itself.
namespace Wild.PowerShell;

public enum X86IsaLevel : uint
{
    /// <summary>-z x86-64-baseline.</summary>
    Baseline = 0x1,
    /// <summary>-z x86-64-v2.</summary>
    V2 = 0x2,
    /// <summary>-z x86-64-v3.</summary>
    V3 = 0x4,
    /// <summary>-z x86-64-v4.</summary>
    V4 = 0x8,
}
