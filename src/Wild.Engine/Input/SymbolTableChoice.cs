// Which symbol table an ObjectFile reads. A link reads .symtab of a relocatable object and .dynsym of a
// shared object; inspection (Get-ElfSymbol) asks for one table explicitly, in any ELF file type. What is
// shown from the chosen table is left to the caller.
namespace Wild.Engine.Input;

public enum SymbolTableChoice
{
    /// <summary>The link's view: .symtab of ET_REL, .dynsym of ET_DYN; executables are rejected.</summary>
    ForLink,
    /// <summary>.symtab, in any ELF type (a stripped file simply has none).</summary>
    Symtab,
    /// <summary>.dynsym, in any ELF type (a relocatable object has none).</summary>
    Dynsym,
}
