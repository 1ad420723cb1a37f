// One relocation as Get-ElfRelocation emits it: where it applies (section and offset), its psABI type,
// the symbol it names and the addend, like readelf -r. What the linker does with it is Arch/X86_64's.
// Type is the x86-64 enum, so it is set only for x86-64 files; TypeName names the type for any machine
// Wild has names for (i386, AArch64, RISC-V), and TypeNumber is r_type itself.
using Wild.Engine.Inspection;

namespace Wild.PowerShell;

public sealed class ElfRelocation
{
    internal ElfRelocation(string file, string? member, string section, string relocationSection, ulong offset,
        ElfMachine machine, uint type, string typeName, uint symbolIndex, string? symbol, ulong symbolValue, long? addend, bool demangle)
    {
        ShowDemangled = demangle;
        File = file;
        Member = member;
        Section = section;
        RelocationSection = relocationSection;
        Offset = offset;
        Machine = machine;
        Type = machine == ElfMachine.X86_64 ? (RelocationType)type : null;
        TypeNumber = type;
        TypeName = typeName;
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
    /// <summary>The SHT_RELA or SHT_REL section holding the entry, e.g. .rela.text, or .rel.text in an i386 object.</summary>
    public string RelocationSection { get; }
    /// <summary>r_offset: a section offset in an object, a virtual address in a linked image.</summary>
    public ulong Offset { get; }
    /// <summary>The file's e_machine: relocation types mean something only for their machine.</summary>
    public ElfMachine Machine { get; }
    /// <summary>The x86-64 relocation type; null in a file of another machine, whose numbers mean other types.</summary>
    public RelocationType? Type { get; }
    /// <summary>r_type, the type's number for the file's machine.</summary>
    public uint TypeNumber { get; }
    /// <summary>The psABI name of the type for the file's machine, as readelf prints it (R_X86_64_PLT32, R_386_PC32,
    /// R_AARCH64_CALL26, R_RISCV_CALL_PLT); the number alone for a machine Wild has no names for.</summary>
    public string TypeName { get; }
    public uint SymbolIndex { get; }
    /// <summary>The named symbol (for a section symbol, the section's name); null when the index is 0.</summary>
    public string? Symbol { get; }
    public ulong SymbolValue { get; }
    /// <summary>r_addend; null for an SHT_REL entry (i386, 32-bit Arm), whose addend is the value in the patched bytes.</summary>
    public long? Addend { get; }

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

    public override string ToString() => Addend is { } a ? $"{TypeName} {Symbol}{(a < 0 ? " - " : " + ")}{Math.Abs((decimal)a)}" : $"{TypeName} {Symbol}";
}
