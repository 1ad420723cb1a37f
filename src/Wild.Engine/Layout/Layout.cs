// The result of layout: every phase's result, assembled once the last one is done, and the questions the
// writer and the reports ask of them (where an input byte, a symbol, a GOT or PLT entry ends up). Immutable:
// the writer only copies and relocates into the space this describes. LinkPipeline lists the phases.
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class Layout
{
    private readonly SymbolTraitsTable _traits;
    private readonly SymbolAddresses _addresses;

    internal Layout(SymbolResolution resolution, Arch.Architecture arch, ExportPolicy exports, SymbolTraitsTable traits,
        SectionMap map, LiveSections live, FoldedSections folded, RelocationNeeds needs, OutputSections outputs, CommonSymbols commons,
        SyntheticSections synthetic, Placement placement, SymbolAddresses addresses, ulong entry, RangeExtensionThunks? thunks = null)
    {
        Thunks = thunks;
        Resolution = resolution;
        Arch = arch;
        Exports = exports;
        _traits = traits;
        Map = map;
        Live = live;
        Folded = folded;
        Needs = needs;
        Outputs = outputs;
        Commons = commons;
        Synthetic = synthetic;
        Placement = placement;
        _addresses = addresses;
        Entry = entry;
    }

    public SymbolResolution Resolution { get; }
    public LinkOptions Options => Resolution.Options;
    public ObjectFile[] Objects => Resolution.Objects;
    public SymbolDb Db => Resolution.Db;

    /// <summary>The machine the output is for, and everything that differs between machines.</summary>
    internal Arch.Architecture Arch { get; }
    internal ExportPolicy Exports { get; }
    internal SectionMap Map { get; }
    internal LiveSections Live { get; }
    internal FoldedSections Folded { get; }
    internal RelocationNeeds Needs { get; }
    internal OutputSections Outputs { get; }
    internal CommonSymbols Commons { get; }
    internal SyntheticSections Synthetic { get; }
    internal Placement Placement { get; }
    /// <summary>Range-extension thunks (AArch64 veneers) placed after some executable input sections; null when no
    /// branch needs one.</summary>
    internal RangeExtensionThunks? Thunks { get; }
    /// <summary>--emit-relocs: the relocations the output keeps; null otherwise.</summary>
    internal KeptRelocations? Kept => Placement.Kept;

    public bool IsPie => Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
    /// <summary>An output that is loaded by ld.so with shared libraries (dynamic PIE or non-PIE executable).</summary>
    public bool IsDynamicOutput => Options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared;
    public bool IsSharedOutput => Options.Kind == OutputKind.Shared;

    public ulong ImageBase => Placement.ImageBase;
    public ulong Entry { get; }
    public ulong FileSize => Placement.FileSize;
    public ulong SectionHeaderOffset => Placement.SectionHeaderOffset;
    /// <summary>The output's sections in section-header order.</summary>
    public OutputSection[] Sections => Placement.Sections;
    public Elf64ProgramHeader[] ProgramHeaders => Placement.ProgramHeaders;

    internal bool HasTls => Placement.HasTls;
    internal ulong TlsStart => Placement.TlsStart;
    internal ulong TlsEnd => Placement.TlsEnd;
    /// <summary>The thread pointer's address in an executable's TLS layout (see Architecture.ThreadPointer).</summary>
    internal ulong ThreadPointer => Arch.ThreadPointer(Placement.TlsStart, Placement.TlsEnd, Placement.TlsAlign);
    internal ulong[] SyntheticValues => _addresses.SyntheticValues;

    internal OutputSection? Got => Synthetic.Got;
    internal OutputSection? GotPlt => Synthetic.GotPlt;
    internal OutputSection? Plt => Synthetic.Plt;
    internal OutputSection? RelaDyn => Synthetic.RelaDyn;
    internal OutputSection? RelaPlt => Synthetic.RelaPlt;
    internal OutputSection? EhFrameHdr => Synthetic.EhFrameHdr;
    internal OutputSection? BuildIdNote => Synthetic.BuildIdNote;
    internal ulong PltHeaderSize => Synthetic.PltHeaderSize;
    internal DynamicTables? DynamicTables => Synthetic.DynamicTables;
    internal SymbolId[] PltSymbols => Needs.PltSymbols;

    public bool IsLive(FileId file, int section) => Live.IsLive(Map.Flat(file, section));

    public OutputSection? OutputOf(FileId file, int section) => Outputs.OutputOf(Map.Flat(file, section));

    /// <summary>Folded by --icf: its symbols and relocations land in the kept section, its own bytes are not written.</summary>
    internal bool IsFolded(FileId file, int section) => Folded.IsFolded(Map.Flat(file, section));

    /// <summary>The pieces of a mergeable input section, null for an ordinary one.</summary>
    internal MergeInput? MergeOf(FileId file, int section) => Outputs.MergeOf(Map.Flat(file, section));

    /// <summary>The RELA section relocating an input section; 0 if none.</summary>
    internal int RelaOf(FileId file, int section) => Map.RelaOf(Map.Flat(file, section));

    /// <summary>Output address of a byte of an input section, following merged pieces.</summary>
    public ulong InputAddress(FileId file, int section, ulong offset) => _addresses.InputAddress(file, section, offset);

    /// <summary>Output address of an input section (0 if it is not in the output).</summary>
    public ulong SectionAddress(FileId file, int section) => _addresses.SectionAddress(file, section);

    public ulong GotEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.Got);

    /// <summary>The slot ld.so fills with a TLS variable's offset from the thread pointer (initial exec).</summary>
    public ulong GotTpEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.GotTp);

    /// <summary>The (module id, offset) pair __tls_get_addr takes for a general-dynamic access.</summary>
    public ulong TlsGdEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.TlsGd);

    public ulong TlsDescEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.TlsDesc);

    /// <summary>This module's own (module id, 0) pair, shared by every local-dynamic access.</summary>
    public ulong TlsModuleEntryAddress => Got!.Address + (ulong)Needs.TlsModuleSlot * 8;

    private ulong GotBlockEntry(SymbolId id, int kind) =>
        Got!.Address + (ulong)(Needs.GotIndex[id.Value] + GotEntries.SlotOffset(Needs.Needs[id.Value], kind)) * 8;

    public ulong PltEntryAddress(SymbolId id) => _addresses.PltEntryAddress(id);

    /// <summary>The symbol's entry in .plt itself: the one its .got.plt slot first points at (the same as
    /// <see cref="PltEntryAddress"/> unless the PLT is split into .plt and .plt.sec).</summary>
    public ulong LazyPltEntryAddress(SymbolId id) => Plt!.Address + PltHeaderSize + (ulong)Needs.PltIndex[id.Value] * Synthetic.PltEntrySize;

    public ulong GotPltEntryAddress(SymbolId id) => GotPlt!.Address + (ulong)(3 + Needs.PltIndex[id.Value]) * 8;

    public bool HasPlt(SymbolId id) => !id.IsNone && (Needs.PltIndex[id.Value] >= 0 || Needs.PltGotIndex.Length > 0 && Needs.PltGotIndex[id.Value] >= 0);

    /// <summary>The address a symbol stands for: its definition's address, its PLT for IFUNCs, 0 if undefined.</summary>
    public ulong SymbolValue(SymbolId id) => _addresses.Value(id);

    /// <summary>The definition's own address (an IFUNC's resolver, not its PLT entry).</summary>
    public ulong RawSymbolValue(SymbolId id) => _addresses.RawValue(id);

    /// <summary>The header index of the allocated output section holding an address (null if none).</summary>
    /// <remarks>.tbss overlaps the sections after it, so it only matches when <paramref name="tls"/> asks for TLS.</remarks>
    internal int? SectionIndexOfAddress(ulong address, bool tls = false)
    {
        foreach (var s in Sections)
            if (s.IsAlloc && (tls ? s.IsTls : !(s.IsTls && s.IsNoBits)) && address >= s.Address && address < s.Address + Math.Max(1, s.Size))
                return s.HeaderIndex;
        return null;
    }

    /// <summary>
    /// The section a linker-defined symbol at <paramref name="address"/> belongs to, as GNU ld's default script
    /// places it: the section holding the address, or for an end symbol (<paramref name="end"/>: etext, _end...)
    /// first the last section ending there; an address before every section (__executable_start) belongs to the
    /// first one. Null when none fits (the symbol is then absolute).
    /// </summary>
    internal int? SectionIndexForSymbol(ulong address, bool end, bool tls)
    {
        if (end && LastEndingAt(address) is { } ending) return ending;
        if (SectionIndexOfAddress(address, tls) is { } holding) return holding;
        if (!end && LastEndingAt(address) is { } before) return before;
        var first = Sections.Where(s => s.IsAlloc && s.HeaderIndex > 0).MinBy(s => s.HeaderIndex);
        return first is not null && address < first.Address ? first.HeaderIndex : null;
    }

    private int? LastEndingAt(ulong address)
    {
        int? found = null;
        foreach (var s in Sections)
            if (s.IsAlloc && !s.IsTls && s.Size > 0 && s.Address + s.Size == address) found = s.HeaderIndex;
        return found;
    }

    /// <summary>A symbol table's st_value: the address, or for a TLS symbol its offset in the TLS segment.</summary>
    internal ulong SymbolTableValue(ulong address, byte type) => type == ElfConstants.STT_TLS && HasTls ? address - TlsStart : address;

    /// <summary>Symbol info needed to pick relocation forms: ifunc? absolute? undefined? bound at run time?</summary>
    internal SymbolTraits TraitsOf(SymbolId id) => _traits.Of(id);

    /// <summary>Whether a GOT entry for this symbol is filled by ld.so (see SymbolTraitsTable).</summary>
    internal bool GotBindsAtRunTime(in SymbolTraits t) => _traits.GotBindsAtRunTime(t);

    /// <summary>st_size of a symbol's definition (0 for undefined and linker-defined symbols).</summary>
    internal ulong SymbolSize(SymbolId id)
    {
        if (id.IsNone || Resolution.IsSynthetic(id)) return 0;
        return Db.Symbol(id).Size;
    }
}
