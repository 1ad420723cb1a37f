// ELF symbol types (STT_*) as an enum, so output is typed and -Type completes; unknown values show as numbers.
namespace Wild.PowerShell;

public enum SymbolType : byte
{
    NoType = 0,
    Object = 1,
    Function = 2,
    Section = 3,
    File = 4,
    Common = 5,
    Tls = 6,
    /// <summary>STT_GNU_IFUNC: the value is a resolver that returns the real address.</summary>
    IndirectFunction = 10,
}
