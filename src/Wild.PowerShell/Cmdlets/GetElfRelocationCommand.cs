// Get-ElfRelocation: lists the entries of every SHT_RELA and SHT_REL section (.rela.text of an object, .rela.dyn
// and .rela.plt of a linked image, .rel.text of an i386 one) with the symbol each names, like readelf -r, for files
// of any machine and either class (Inspection/RelocationEntries reads them, RelocationNames names their types).
// Symbols come from the table the section links to: .symtab in objects, .dynsym for dynamic relocations. An ELF64
// SHT_RELR table (.relr.dyn, -z pack-relative-relocs) is listed as the RELATIVE relocations it encodes, without
// addends, as readelf -r shows it; a 32-bit one is not decoded (a warning says so). -Type takes x86-64 types: another machine's numbers mean
// other relocations, so a file of another machine lists nothing under -Type, and says so.
using System.Management.Automation;
using System.Text;
using Wild.Engine.Inspection;
using Wild.Engine.Input;
using Wild.PowerShell.Completion;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfRelocation", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfRelocation))]
public sealed class GetElfRelocationCommand : ElfInspectionCommand
{
    private WildcardPattern[] _symbols = [];

    [Parameter]
    public RelocationType[] Type { get; set; } = [];

    /// <summary>Only relocations naming a matching symbol (or, for section symbols, section).</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SymbolNameCompleter))]
    public string[] Symbol { get; set; } = [];

    /// <summary>Matches -Symbol against demangled C++ and Rust names as well, and shows them in the default view.</summary>
    [Parameter]
    public SwitchParameter Demangle { get; set; }

    protected override void BeginProcessing() =>
        _symbols = Patterns(Symbol);

    private protected override void Inspect(in ElfUnit unit)
    {
        var obj = unit.Open(SymbolTableChoice.Symtab);
        var machine = (ElfMachine)obj.Machine;
        if (Type.Length != 0 && machine != ElfMachine.X86_64)
        {
            WriteWarning($"{unit.DisplayName} is {machine}, not x86-64: -Type names x86-64 relocation types, so nothing of it is listed. "
                + "Filter on TypeName instead: Get-ElfRelocation ... | Where-Object TypeName -Like 'R_AARCH64_CALL*'");
            return;
        }
        ObjectFile? dynamicSymbols = null;
        for (int s = 1; s < obj.SectionCount; s++)
        {
            var header = obj.SectionHeaders[s];
            bool relr = RelocationEntries.IsRelrSection(header);
            if (!relr && !RelocationEntries.IsRelocationSection(header)) continue;
            if (relr && obj.Is32Bit)
            {
                WriteWarning($"{unit.DisplayName}: the 32-bit SHT_RELR section {obj.SectionNameString(s)} is not decoded");
                continue;
            }
            ReadOnlySpan<Wild.Engine.Elf.Elf64Rela> relocations = relr ? RelocationEntries.ReadRelr(obj, s) : RelocationEntries.Read(obj, s);
            bool hasAddends = RelocationEntries.HasAddends(header);

            ObjectFile? table = null;
            if (header.Link != 0 && header.Link == (uint)obj.SymtabIndex)
                table = obj;
            else if (header.Link != 0 && header.Link < (uint)obj.SectionCount && obj.SectionHeaders[(int)header.Link].Type == SHT_DYNSYM)
                table = dynamicSymbols ??= unit.Open(SymbolTableChoice.Dynsym);

            string relocationSection = obj.SectionNameString(s);
            // sh_info names the patched section in objects; dynamic relocation sections patch the whole image.
            string section = header.Info != 0 && header.Info < (uint)obj.SectionCount
                ? obj.SectionNameString((int)header.Info)
                : relocationSection;
            for (int r = 0; r < relocations.Length; r++)
            {
                // A linked image's .rela.dyn can hold 100k entries: progress and Ctrl-C inside it (archives tick per member).
                if ((r & 0xfff) == 0xfff && unit.Member is null) Progress.Tick($"{unit.DisplayName} {relocationSection}", r, relocations.Length);
                var rela = relocations[r];
                if (Type.Length != 0 && Array.IndexOf(Type, (RelocationType)rela.Type) < 0) continue;
                uint index = rela.SymbolIndex;
                string? symbol = null;
                ulong value = 0;
                if (index != 0 && table is not null)
                {
                    if (index >= (uint)table.SymbolCount)
                        throw unit.Malformed($"relocation {r} in {relocationSection} names symbol {index}, beyond the symbol table");
                    ref readonly var sym = ref table.Symbols[(int)index];
                    value = sym.Value;
                    symbol = sym.Type == STT_SECTION && table.SymbolSection((int)index) is int sec and > 0
                        ? table.SectionNameString(sec)
                        : Encoding.UTF8.GetString(table.SymbolName((int)index));
                }
                if (_symbols.Length != 0 && (symbol is null || (!MatchesAny(_symbols, symbol)
                        && !(Demangle && SymbolDemangler.Demangle(symbol) is { } demangled && MatchesAny(_symbols, demangled)))))
                    continue;
                WriteObject(new ElfRelocation(unit.Path, unit.Member, section, relocationSection, rela.Offset, machine, rela.Type,
                    RelocationNames.Name(obj.Machine, rela.Type), index, symbol, value, hasAddends ? rela.Addend : null, Demangle));
            }
        }
    }
}
