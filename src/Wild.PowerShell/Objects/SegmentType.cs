// ELF segment types (PT_*) as an enum; values the enum does not name show as numbers.
namespace Wild.PowerShell;

public enum SegmentType : uint
{
    Null = 0,
    Load = 1,
    Dynamic = 2,
    Interp = 3,
    Note = 4,
    ShLib = 5,
    Phdr = 6,
    Tls = 7,
    GnuEhFrame = 0x6474e550,
    GnuStack = 0x6474e551,
    GnuRelro = 0x6474e552,
    GnuProperty = 0x6474e553,
    GnuSFrame = 0x6474e554,
}
