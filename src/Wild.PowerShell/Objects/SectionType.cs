// ELF section types (SHT_*) as an enum; values the enum does not name show as numbers.
namespace Wild.PowerShell;

public enum SectionType : uint
{
    Null = 0,
    ProgBits = 1,
    SymTab = 2,
    StrTab = 3,
    Rela = 4,
    Hash = 5,
    Dynamic = 6,
    Note = 7,
    NoBits = 8,
    Rel = 9,
    ShLib = 10,
    DynSym = 11,
    InitArray = 14,
    FiniArray = 15,
    PreinitArray = 16,
    Group = 17,
    SymTabShndx = 18,
    Relr = 19,
    GnuAttributes = 0x6ffffff5,
    GnuHash = 0x6ffffff6,
    GnuLibList = 0x6ffffff7,
    GnuVerDef = 0x6ffffffd,
    GnuVerNeed = 0x6ffffffe,
    GnuVerSym = 0x6fffffff,
    LlvmAddrSig = 0x6fff4c03,
    X86_64Unwind = 0x70000001,
}
