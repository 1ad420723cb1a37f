// The result of "Linker-made sections": the output sections the linker itself makes (GOT, PLT and their
// relocations, the dynamic section and tables, .interp, notes, .eh_frame_hdr), with their sizes, added to the
// output section table for the address phase to place. Their contents are written by the writer.
namespace Wild.Engine.Layout;

internal sealed class SyntheticSections
{
    public OutputSection? Got { get; init; }
    public OutputSection? GotPlt { get; init; }
    public OutputSection? Plt { get; init; }
    /// <summary>.plt.sec, the entries calls use when the PLT is split (Architecture.SplitsPlt: x86-64's IBT PLT).</summary>
    public OutputSection? PltSec { get; init; }
    /// <summary>.plt.got, the entries of functions called through the PLT that jump through their GOT slot
    /// (RelocationNeeds.PltGotSymbols).</summary>
    public OutputSection? PltGot { get; init; }
    public OutputSection? RelaPlt { get; init; }
    public OutputSection? RelaDyn { get; init; }
    /// <summary>.relr.dyn (-z pack-relative-relocs with something to pack) and what it holds.</summary>
    public OutputSection? RelrDyn { get; init; }
    public RelrPlan? Relr { get; init; }
    public OutputSection? Dynamic { get; init; }
    public OutputSection? EhFrameHdr { get; init; }
    /// <summary>.gdb_index (--gdb-index) and what it holds.</summary>
    public OutputSection? GdbIndexSection { get; init; }
    public GdbIndex? GdbIndex { get; init; }
    public OutputSection? BuildIdNote { get; init; }
    public OutputSection? PropertyNote { get; init; }
    public OutputSection? Interp { get; init; }
    public OutputSection? DynSym { get; init; }
    public OutputSection? GnuHash { get; init; }
    public OutputSection? SysvHash { get; init; }
    public OutputSection? VerSym { get; init; }
    public OutputSection? VerNeed { get; init; }
    public OutputSection? VerDef { get; init; }
    /// <summary>Bytes of PLT0 (the lazy-binding trampoline) at the start of .plt; 0 without one.</summary>
    public ulong PltHeaderSize { get; init; }
    /// <summary>Bytes of each PLT entry after PLT0 (Architecture.PltEntrySizeOf the flavour).</summary>
    public ulong PltEntrySize { get; init; }
    /// <summary>The machine's variant of PLT entries for this output (Architecture.PltFlavour; 0: the plain one).</summary>
    public int PltFlavour { get; init; }
    /// <summary>What .dynamic holds, in order (empty without .dynamic).</summary>
    public DynamicEntry[] DynamicEntries { get; init; } = [];
    /// <summary>The dynamic symbol table and its indexes; null for an output without dynamic symbols.</summary>
    public DynamicTables? DynamicTables { get; init; }
}
