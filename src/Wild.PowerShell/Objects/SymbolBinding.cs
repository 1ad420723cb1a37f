// ELF symbol bindings (STB_*) as an enum, so output is typed and -Binding completes.
namespace Wild.PowerShell;

public enum SymbolBinding : byte
{
    Local = 0,
    Global = 1,
    Weak = 2,
    /// <summary>STB_GNU_UNIQUE: one definition per process, even across dlopen'd objects.</summary>
    Unique = 10,
}
