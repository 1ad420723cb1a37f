// One relocation as Get-ElfRelocation emits it: where it applies (section and offset), its psABI type,
// the symbol it names and the addend, like readelf -r. What the linker does with it is Arch/X86_64's.
using Wild.Engine.Inspection;

namespace Wild.PowerShell;

public sealed class ElfRelocation
{
    internal ElfRelocation(string file, string? member, string section, string relocationSection, ulong offset,
        RelocationType type, uint symbolIndex, string? symbol, ulong symbolValue, long addend, bool demangle)
    {
        ShowDemangled = demangle;
        File = file;
        Member = member;
        Section = section;
        RelocationSection = relocationSection;
        Offset = offset;
        Type = type;
        SymbolIndex = symbolIndex;
        Symbol = symbol;
        SymbolValue = symbolValue;
        Addend = addend;
    }

    public string File { get; }
    public string? Member { get; }
    /// <summary>The section the relocation patches (sh_info); for dynamic relocations, which patch the
    /// whole image, the relocation section itself (.rela.dyn, .rela.plt).</summary>
    public string Section { get; }
    /// <summary>The SHT_RELA section holding the entry, e.g. .rela.text.</summary>
    public string RelocationSection { get; }
    /// <summary>r_offset: a section offset in an object, a virtual address in a linked image.</summary>
    public ulong Offset { get; }
    public RelocationType Type { get; }
    public uint SymbolIndex { get; }
    /// <summary>The named symbol (for a section symbol, the section's name); null when the index is 0.</summary>
    public string? Symbol { get; }
    public ulong SymbolValue { get; }
    public long Addend { get; }

    private string? _demangled;
    private bool _demangledKnown;

    /// <summary>The C++ or Rust name the mangled Symbol stands for; null when it is not mangled.</summary>
    public string? DemangledSymbol
    {
        get
        {
            if (!_demangledKnown)
            {
                _demangled = Symbol is null ? null : SymbolDemangler.Demangle(Symbol);
                _demangledKnown = true;
            }
            return _demangled;
        }
    }

    /// <summary>True when Get-ElfRelocation ran with -Demangle: the default view then shows DemangledSymbol.</summary>
    public bool ShowDemangled { get; }

    /// <summary>What the default view shows: the demangled symbol under -Demangle, else Symbol.</summary>
    public string? DisplaySymbol => ShowDemangled ? DemangledSymbol ?? Symbol : Symbol;

    public override string ToString() => $"{Type} {Symbol}{(Addend < 0 ? " - " : " + ")}{Math.Abs((decimal)Addend)}";
}
