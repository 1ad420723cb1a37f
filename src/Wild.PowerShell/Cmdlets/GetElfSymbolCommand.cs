// Get-ElfSymbol: lists the entries of .symtab (or .dynsym with -Dynamic) of objects, archive members,
// executables and shared objects, filtered by name, definedness, type and binding. One ElfSymbol per
// entry, with the archive member that holds it; the null entry 0 is left out, like nm and readelf -W.
// Dynamic symbols carry their versions (defined or needed). A stripped file (no .symtab) lists .dynsym with a
// warning, as nm -D would be needed for. -Demangle matches -Name against demangled C++ and Rust names too.
using System.Management.Automation;
using System.Text;
using Wild.Engine.Inspection;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.PowerShell.Completion;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfSymbol", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfSymbol))]
public sealed class GetElfSymbolCommand : ElfInspectionCommand
{
    private WildcardPattern[] _names = [];
    private uint _typeMask, _bindingMask;

    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SymbolNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter]
    public SwitchParameter Defined { get; set; }

    [Parameter]
    public SwitchParameter Undefined { get; set; }

    [Parameter]
    public SymbolType[] Type { get; set; } = [];

    [Parameter]
    public SymbolBinding[] Binding { get; set; } = [];

    /// <summary>Reads .dynsym (what the dynamic loader sees) instead of .symtab.</summary>
    [Parameter]
    public SwitchParameter Dynamic { get; set; }

    /// <summary>Matches -Name against demangled C++ and Rust names as well, and shows them in the default view.</summary>
    [Parameter]
    public SwitchParameter Demangle { get; set; }

    protected override void BeginProcessing()
    {
        if (Defined && Undefined)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Defined and -Undefined exclude each other; give at most one."),
                "DefinedAndUndefined", ErrorCategory.InvalidArgument, null));
        _names = Patterns(Name);
        foreach (var t in Type) _typeMask |= 1u << ((int)t & 31);
        foreach (var b in Binding) _bindingMask |= 1u << ((int)b & 31);
    }

    private protected override void Inspect(in ElfUnit unit)
    {
        var obj = unit.Open(Dynamic ? SymbolTableChoice.Dynsym : SymbolTableChoice.Symtab);
        bool dynamic = Dynamic;
        if (!dynamic && obj.SymtabIndex == 0 && obj.ElfType != ET_REL)
        {
            var dynsym = unit.Open(SymbolTableChoice.Dynsym);
            if (dynsym.SymtabIndex != 0)
            {
                // A stripped executable or library: what remains is what the loader sees.
                WriteWarning($"{unit.DisplayName} has no .symtab (it is stripped); listing its dynamic symbols (.dynsym), as -Dynamic does.");
                obj = dynsym;
                dynamic = true;
            }
        }
        var symbols = obj.Symbols;
        var sectionNames = new string?[obj.SectionCount];
        var versions = dynamic ? SymbolVersionTable.Read(obj) : null;
        for (int i = 1; i < symbols.Length; i++)
        {
            if ((i & 0xfff) == 0 && unit.Member is null) Progress.Tick(unit.DisplayName, i, symbols.Length);
            ref readonly var sym = ref symbols[i];
            if (_typeMask != 0 && (_typeMask & (1u << sym.Type)) == 0) continue;
            if (_bindingMask != 0 && (_bindingMask & (1u << sym.Binding)) == 0) continue;
            if ((Defined && sym.IsUndefined) || (Undefined && !sym.IsUndefined)) continue;
            string name = Encoding.UTF8.GetString(obj.SymbolName(i));
            if (_names.Length != 0 && !MatchesAny(_names, name)
                && !(Demangle && SymbolDemangler.Demangle(name) is { } demangled && MatchesAny(_names, demangled)))
                continue;

            uint sectionIndex = sym.SectionIndex == SHN_XINDEX ? (uint)obj.SymbolSection(i) : sym.SectionIndex;
            string section = SectionLabel(obj, sectionIndex, sectionNames);
            WriteObject(new ElfSymbol(unit.Path, unit.Member, i, name, sym.Value, sym.Size, (SymbolType)sym.Type,
                (SymbolBinding)sym.Binding, (SymbolVisibility)sym.Visibility, sectionIndex, section,
                NmCode(obj, sym, sectionIndex, section), versions?.ForSymbol(i), Demangle));
        }
    }

    private static string SectionLabel(ObjectFile obj, uint index, string?[] cache) => index switch
    {
        SHN_UNDEF => "UND",
        SHN_ABS => "ABS",
        SHN_COMMON => "COM",
        _ when index < (uint)cache.Length => cache[index] ??= obj.SectionNameString((int)index),
        _ => $"[{index}]",
    };

    /// <summary>nm's one-letter classification; lower case for local symbols.</summary>
    private static char NmCode(ObjectFile obj, in Elf64Symbol sym, uint sectionIndex, string section)
    {
        if (sym.IsUndefined)
            return sym.IsWeak ? (sym.Type == STT_OBJECT ? 'v' : 'w') : 'U';
        if (sym.Binding == STB_GNU_UNIQUE) return 'u';
        if (sym.Type == STT_GNU_IFUNC) return 'i';
        if (sym.IsWeak) return sym.Type == STT_OBJECT ? 'V' : 'W';
        char code;
        if (sectionIndex == SHN_COMMON) code = 'C';
        else if (sectionIndex == SHN_ABS) code = 'A';
        else if (sectionIndex >= (uint)obj.SectionCount) code = '?';
        else
        {
            ref readonly var h = ref obj.SectionHeaders[(int)sectionIndex];
            // Outside the memory image nm only tells debugging sections (N) from the rest (n), whatever the binding.
            if (!h.IsAlloc)
                return section.StartsWith(".debug", StringComparison.Ordinal) ? 'N' : 'n';
            code = h.IsNoBits ? 'B' : h.IsExecutable ? 'T' : h.IsWritable ? 'D' : 'R';
        }
        return sym.IsLocal ? char.ToLowerInvariant(code) : code;
    }
}
