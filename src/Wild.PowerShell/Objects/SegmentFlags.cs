// ELF segment permissions (PF_*); ElfSegment.FlagLetters renders them as readelf's "RWE".
namespace Wild.PowerShell;

[Flags]
public enum SegmentFlags : uint
{
    None = 0,
    Execute = 0x1,
    Write = 0x2,
    Read = 0x4,
}
