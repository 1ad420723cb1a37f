// One entry point for the inspection cmdlets' DemangledName: Rust names (v0 `_R`, and legacy `_ZN...h<hash>E`,
// which are also valid Itanium names, so Rust is asked first) through RustDemangler, C++ through the Itanium
// demangler the version scripts use. Null when the name is not mangled or cannot be demangled exactly.
using System.Text;
using Wild.Engine.Symbols;

namespace Wild.Engine.Inspection;

public static class SymbolDemangler
{
    public static string? Demangle(string name)
    {
        if (name.Length < 3 || name[0] != '_') return null;
        if ((name[1] == 'R' || name.StartsWith("_ZN", StringComparison.Ordinal)) && RustDemangler.TryDemangle(name, out var rust))
            return rust;
        if (name[1] == 'Z' && Demangler.TryDemangle(Encoding.UTF8.GetBytes(name), out var cxx))
            return cxx;
        return null;
    }
}
