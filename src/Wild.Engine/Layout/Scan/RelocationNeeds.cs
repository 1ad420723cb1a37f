// The result of "Scan relocations": what every symbol needs (SymbolNeeds bits), the GOT and PLT slots handed out
// in SymbolId order (so the tables are the same whatever the thread count), the symbols copied into the
// executable, and how .rela.dyn is divided: every RELATIVE first (DT_RELACOUNT counts them), each object's slice
// in input order, then the GOT's own, then symbolic relocations, the GOT's imports and the copies. With
// -z pack-relative-relocs, which RELATIVE relocations go to .relr.dyn instead (RelrPlan sizes it).
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class RelocationNeeds
{
    internal RelocationNeeds(int[] needs, int[] gotIndex, int[] pltIndex, SymbolId[] gotSymbols, SymbolId[] pltSymbols,
        SymbolId[] copySymbols, int gotSlotCount, int tlsModuleSlot, bool usesStaticTls,
        int[] fileRelativeStart, int[] fileRelativeCount, int[] fileSymbolicStart, int[] fileSymbolicCount,
        int gotRelativeStart, int relativeCount, int gotDynamicStart, int gotDynamicCount, int copyRelocStart, int dynamicRelocCount,
        bool textRelocations, bool packRelative, List<ulong>?[] fileRelativeSites, int[] filePackedCount, int gotPackedCount)
    {
        PackRelative = packRelative;
        FileRelativeSites = fileRelativeSites;
        FilePackedCount = filePackedCount;
        GotPackedCount = gotPackedCount;
        TextRelocations = textRelocations;
        Needs = needs;
        GotIndex = gotIndex;
        PltIndex = pltIndex;
        GotSymbols = gotSymbols;
        PltSymbols = pltSymbols;
        CopySymbols = copySymbols;
        GotSlotCount = gotSlotCount;
        TlsModuleSlot = tlsModuleSlot;
        UsesStaticTls = usesStaticTls;
        FileRelativeStart = fileRelativeStart;
        FileRelativeCount = fileRelativeCount;
        FileSymbolicStart = fileSymbolicStart;
        FileSymbolicCount = fileSymbolicCount;
        GotRelativeStart = gotRelativeStart;
        RelativeCount = relativeCount;
        GotDynamicStart = gotDynamicStart;
        GotDynamicCount = gotDynamicCount;
        CopyRelocStart = copyRelocStart;
        DynamicRelocCount = dynamicRelocCount;
    }

    /// <summary>SymbolNeeds bits per symbol (files' symbols, then linker-defined ones).</summary>
    public int[] Needs { get; }
    /// <summary>First GOT slot of each symbol's block, -1 if it has none.</summary>
    public int[] GotIndex { get; }
    /// <summary>PLT entry of each symbol, -1 if it has none.</summary>
    public int[] PltIndex { get; }
    public SymbolId[] GotSymbols { get; }
    public SymbolId[] PltSymbols { get; }
    /// <summary>Entry in .plt.got of each symbol that has one (a run-time-bound function both called through the PLT
    /// and loaded from the GOT: its entry jumps through that GOT slot, with no .got.plt slot or JUMP_SLOT), -1 if none.
    /// Such a symbol has no PltIndex. Empty for a machine without .plt.got (Architecture.HasPltGot).</summary>
    public int[] PltGotIndex { get; init; } = [];
    public SymbolId[] PltGotSymbols { get; init; } = [];
    /// <summary>Shared-object data the executable refers to directly, copied into its .bss.</summary>
    public SymbolId[] CopySymbols { get; }
    public int GotSlotCount { get; }
    /// <summary>The module's own (module id, 0) pair for local-dynamic TLS in a shared object, -1 if unused.</summary>
    public int TlsModuleSlot { get; }
    /// <summary>A shared object that uses initial-exec TLS (DF_STATIC_TLS).</summary>
    public bool UsesStaticTls { get; }
    /// <summary>-z pack-relative-relocs took effect: RELATIVE relocations at even addresses go to .relr.dyn.</summary>
    public bool PackRelative { get; }
    /// <summary>Each loaded file's RELATIVE relocations that go to .relr.dyn, packed by RelativeSite (by loaded index;
    /// null: none, or no packing). The scan's own lists, handed on without a copy: nothing changes them after it.</summary>
    public IReadOnlyList<ulong>?[] FileRelativeSites { get; }
    /// <summary>How many of each loaded file's RELATIVE relocations go to .relr.dyn (by loaded index).</summary>
    public int[] FilePackedCount { get; }
    /// <summary>RELATIVE relocations of GOT slots that go to .relr.dyn (all of them when packing).</summary>
    public int GotPackedCount { get; }
    /// <summary>Each loaded file's slice of the RELATIVE part of .rela.dyn (by loaded index).</summary>
    public int[] FileRelativeStart { get; }
    public int[] FileRelativeCount { get; }
    /// <summary>Each loaded file's slice of the symbolic part of .rela.dyn (by loaded index).</summary>
    public int[] FileSymbolicStart { get; }
    public int[] FileSymbolicCount { get; }
    public int GotRelativeStart { get; }
    /// <summary>All RELATIVE relocations in .rela.dyn (DT_RELACOUNT); those in .relr.dyn are not counted.</summary>
    public int RelativeCount { get; }
    public int GotDynamicStart { get; }
    public int GotDynamicCount { get; }
    public int CopyRelocStart { get; }
    /// <summary>Entries of .rela.dyn.</summary>
    public int DynamicRelocCount { get; }
    /// <summary>Some dynamic relocation applies to a read-only section: the output needs DT_TEXTREL.</summary>
    public bool TextRelocations { get; }
}
