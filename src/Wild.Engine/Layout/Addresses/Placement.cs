// The result of "Addresses and symbol table": the output's sections in file order with their addresses and
// file offsets (the linker-made symbol and string tables and the section header table last), the program
// headers, the TLS segment, the values of the linker-defined symbols that are addresses in the output, and the
// size of the file. Everything the writer needs to know where to put a byte.
namespace Wild.Engine.Layout;

internal sealed class Placement
{
    public required OutputSection[] Sections { get; init; }
    public required Elf.Elf64ProgramHeader[] ProgramHeaders { get; init; }
    public required ulong ImageBase { get; init; }
    public required ulong FileSize { get; init; }
    public required ulong SectionHeaderOffset { get; init; }
    public required bool HasTls { get; init; }
    public required ulong TlsStart { get; init; }
    public required ulong TlsEnd { get; init; }
    public required ulong TlsAlign { get; init; }
    /// <summary>Values of linker-defined symbols, by index in SymbolResolution.Synthetic; aliases (--defsym a=b)
    /// are 0 here and found through their target (SymbolAddresses).</summary>
    public required ulong[] SyntheticValues { get; init; }
    /// <summary>For script-assigned symbols (SyntheticKind.Script*), by index in SymbolResolution.Synthetic (empty
    /// without a linker script): the section whose body assigns it (null outside one), and whether it is a number.</summary>
    public OutputSection?[] ScriptSection { get; init; } = [];
    public bool[] ScriptAbsolute { get; init; } = [];
    /// <summary>A script's data values and fill patterns (empty without one), written by the writer.</summary>
    public ScriptBytes[] ScriptBytes { get; init; } = [];
    public OutputSection? SymTab { get; init; }
    public OutputSection? StrTab { get; init; }
    public SymbolTablePlan? SymbolTable { get; init; }
    /// <summary>With --compress-debug-sections, the .debug_* sections the writer compresses and places after the
    /// section header table (their FileOffset is unset here and FileSize excludes them); empty otherwise.</summary>
    public OutputSection[] Compressed { get; init; } = [];
    /// <summary>--emit-relocs: the input relocations kept in the output and their .rela&lt;name&gt; sections; null otherwise.</summary>
    public KeptRelocations? Kept { get; init; }
    /// <summary>Empty output sections left out as GNU ld leaves them out (EmptyOutputSections): not in
    /// <see cref="Sections"/>; each has the address it would have had and, as HeaderIndex, the index of the kept
    /// section its symbols are given.</summary>
    public OutputSection[] Dropped { get; init; } = [];
}
