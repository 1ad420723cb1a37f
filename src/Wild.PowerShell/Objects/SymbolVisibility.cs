// ELF symbol visibilities (STV_*, the low bits of st_other) as an enum.
namespace Wild.PowerShell;

public enum SymbolVisibility : byte
{
    Default = 0,
    Internal = 1,
    Hidden = 2,
    Protected = 3,
}
