// ELF section flags (SHF_*); ElfSection.FlagLetters renders them as readelf's key letters.
namespace Wild.PowerShell;

[Flags]
public enum SectionFlags : ulong
{
    None = 0,
    Write = 0x1,
    Alloc = 0x2,
    Execute = 0x4,
    Merge = 0x10,
    Strings = 0x20,
    InfoLink = 0x40,
    LinkOrder = 0x80,
    OsNonConforming = 0x100,
    Group = 0x200,
    Tls = 0x400,
    Compressed = 0x800,
    GnuRetain = 0x200000,
    Exclude = 0x80000000,
}
