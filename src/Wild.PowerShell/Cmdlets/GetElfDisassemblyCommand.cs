// Get-ElfDisassembly: x86-64 and i386 instructions of functions (-Symbol, by name with wildcards) or of an address range
// (-Address, -Length), like objdump -d. Locating the bytes is Inspection/CodeRanges; decoding and formatting is
// Iced's (a maintained decoder from NuGet: no instruction tables are written here). Direct branches name their
// target function; instructions of a relocatable object name the relocation that patches them.
using System.Management.Automation;
using System.Text;
using Iced.Intel;
using Wild.Engine.Diagnostics;
using Wild.Engine.Inspection;
using Wild.Engine.Input;
using Wild.PowerShell.Completion;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfDisassembly", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfInstruction))]
public sealed class GetElfDisassemblyCommand : ElfInspectionCommand
{
    /// <summary>Functions to disassemble, by name (wildcards allowed; with -Demangle, demangled names match too).</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SymbolNameCompleter))]
    public string[] Symbol { get; set; } = [];

    /// <summary>The start of an address range to disassemble (a section offset in an object's code section).</summary>
    [Parameter]
    public ulong? Address { get; set; }

    /// <summary>How many bytes from -Address (default 64; the range stops at the end of its section).</summary>
    [Parameter]
    [ValidateRange(1, 1 << 24)]
    public int Length { get; set; } = 64;

    [Parameter]
    public AssemblySyntax Syntax { get; set; } = AssemblySyntax.Gas;

    [Parameter]
    public SwitchParameter Demangle { get; set; }

    private WildcardPattern[] _symbols = [];

    protected override void BeginProcessing()
    {
        if (Symbol.Length == 0 && Address is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Symbol (functions by name) or -Address (a range) to disassemble."),
                "NothingToDisassemble", ErrorCategory.InvalidArgument, null));
        _symbols = Patterns(Symbol);
    }

    private protected override void Inspect(in ElfUnit unit)
    {
        var header = ElfFileHeader.Read(unit.Data, unit.DisplayName);
        int bitness = header.Machine switch
        {
            EM_X86_64 => 64,
            EM_386 => 32,
            _ => throw new LinkException(ErrorId.WrongMachine,
                $"{unit.DisplayName}: disassembly reads x86-64 and i386 code only (this file is {(ElfMachine)header.Machine}); Get-ElfSectionData shows its bytes", unit.DisplayName),
        };
        var obj = unit.Open(SymbolTableChoice.Symtab);
        // A stripped file's functions are only named in .dynsym.
        if (obj.SymtabIndex == 0 && obj.ElfType != ET_REL) obj = unit.Open(SymbolTableChoice.Dynsym);
        var ranges = Address is { } start
            ? [CodeRanges.ForAddress(obj, start, Length)]
            : CodeRanges.ForSymbols(obj, Matches);
        var functions = obj.ElfType == ET_REL ? null : FunctionStarts(obj);
        foreach (var range in ranges)
            Decode(unit, bitness, range, CodeRanges.Relocations(obj, range.Section), functions);
    }

    private bool Matches(string name) =>
        MatchesAny(_symbols, name) || (Demangle && SymbolDemangler.Demangle(name) is { } d && MatchesAny(_symbols, d));

    private void Decode(in ElfUnit unit, int bitness, CodeRange range, SortedList<ulong, string> relocations, Dictionary<ulong, string>? functions)
    {
        var decoder = Iced.Intel.Decoder.Create(bitness, new ByteArrayCodeReader(range.Bytes), range.Address);
        Formatter formatter = Syntax switch
        {
            AssemblySyntax.Intel => new IntelFormatter(),
            AssemblySyntax.Masm => new MasmFormatter(),
            AssemblySyntax.Nasm => new NasmFormatter(),
            _ => new GasFormatter(),
        };
        // objdump's conventions: hex everywhere, lower case, 0x prefixes, branch targets without leading zeros.
        formatter.Options.SmallHexNumbersInDecimal = false;
        formatter.Options.UppercaseHex = false;
        formatter.Options.BranchLeadingZeros = false;
        if (Syntax is AssemblySyntax.Gas or AssemblySyntax.Intel)
        {
            formatter.Options.HexPrefix = "0x";
            formatter.Options.HexSuffix = null;
        }
        var text = new StringOutput();
        string? symbol = range.Symbol is { } s && Demangle ? SymbolDemangler.Demangle(s) ?? s : range.Symbol;
        ulong end = range.Address + (ulong)range.Bytes.Length;
        int count = 0;
        while (decoder.IP < end)
        {
            if ((++count & 0x3ff) == 0) Progress.Tick($"{unit.DisplayName} {symbol ?? range.SectionName}", (long)(decoder.IP - range.Address), range.Bytes.Length);
            decoder.Decode(out var instruction);
            formatter.Format(instruction, text);
            ulong? target = instruction.Op0Kind switch
            {
                OpKind.NearBranch64 => instruction.NearBranch64,
                OpKind.NearBranch32 => instruction.NearBranch32,
                _ => null,
            };
            string? targetSymbol = target is { } t && functions is not null && functions.TryGetValue(t, out var f) ? f : null;
            var bytes = range.Bytes.AsSpan((int)(instruction.IP - range.Address), instruction.Length).ToArray();
            WriteObject(new ElfInstruction(unit.Path, unit.Member, symbol, range.SectionName, instruction.IP, bytes,
                instruction.Mnemonic.ToString().ToLowerInvariant(), text.ToStringAndReset(), target, targetSymbol,
                RelocationIn(relocations, instruction.IP, instruction.NextIP)));
        }
    }

    /// <summary>The relocation whose offset falls inside [start, end), if any.</summary>
    private static string? RelocationIn(SortedList<ulong, string> relocations, ulong start, ulong end)
    {
        if (relocations.Count == 0) return null;
        var keys = relocations.Keys;
        int lo = 0, hi = keys.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (keys[mid] < start) lo = mid + 1; else hi = mid - 1;
        }
        return lo < keys.Count && keys[lo] < end ? relocations.Values[lo] : null;
    }

    /// <summary>Defined functions by address in a linked file, to name branch targets.</summary>
    private Dictionary<ulong, string> FunctionStarts(ObjectFile obj)
    {
        var map = new Dictionary<ulong, string>();
        for (int i = 1; i < obj.SymbolCount; i++)
        {
            ref readonly var sym = ref obj.Symbols[i];
            if (sym.Type is not (STT_FUNC or STT_GNU_IFUNC) || sym.IsUndefined) continue;
            string name = Encoding.UTF8.GetString(obj.SymbolName(i));
            map.TryAdd(sym.Value, Demangle ? SymbolDemangler.Demangle(name) ?? name : name);
        }
        return map;
    }
}
