// Phase 4 result: where every live input section, symbol, GOT/PLT slot and linker-made section goes in
// the output, the program headers, and the output's exact size. Immutable for the writer, which only
// copies and relocates into the space this describes.
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

public sealed class Layout
{
    internal Layout(SymbolResolution resolution, Arch.Architecture arch)
    {
        Resolution = resolution;
        Arch = arch;
    }

    /// <summary>The machine the output is for, and everything that differs between machines.</summary>
    internal Arch.Architecture Arch { get; }

    public SymbolResolution Resolution { get; }
    public LinkOptions Options => Resolution.Options;
    public ObjectFile[] Objects => Resolution.Objects;
    public SymbolDb Db => Resolution.Db;

    public bool IsPie => Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
    public ulong ImageBase { get; internal set; }
    public ulong Entry { get; internal set; }
    public ulong FileSize { get; internal set; }
    public ulong SectionHeaderOffset { get; internal set; }

    /// <summary>Output sections in file order (the null section is implicit at header index 0).</summary>
    public OutputSection[] Sections { get; internal set; } = [];
    public Elf64ProgramHeader[] ProgramHeaders { get; internal set; } = [];

    internal int[] FileSectionBase = [];
    internal OutputSection?[] SectionOutput = [];
    internal ulong[] SectionOffset = [];
    internal bool[] Live = [];
    internal int[] RelaOf = [];

    internal MergeInput?[] MergeOf = [];
    internal List<MergeGroup> MergeGroups = [];
    internal Dictionary<int, ulong> CommonOffset = [];
    /// <summary>Shared-object data copied into the executable's .bss (copy relocations), by SymbolId.</summary>
    internal Dictionary<int, ulong> CopyOffset = [];
    internal List<SymbolId> CopySymbols = [];
    internal OutputSection? CopySection;
    internal ulong CopyBase;
    internal OutputSection? CommonSection;
    internal ulong CommonBase;

    /// <summary>First GOT slot of each symbol's block (see GotEntries), -1 if it has none.</summary>
    internal int[] GotIndex = [];
    internal int GotSlotCount;
    /// <summary>Slot of the local-dynamic module pair in a shared object, -1 if nothing needs it.</summary>
    internal int TlsModuleSlot = -1;
    /// <summary>Whether ld.so must place this shared object's TLS in the static block (IE accesses).</summary>
    internal bool UsesStaticTls;
    internal int[] PltIndex = [];
    internal int[] SymbolFlags = [];
    internal List<SymbolId> GotSymbols = [];
    internal List<SymbolId> PltSymbols = [];
    internal int RelativeCount;
    /// <summary>Where each loaded file (by position in LoadedFiles) writes its RELATIVE relocations in .rela.dyn.</summary>
    internal int[] FileRelativeStart = [];
    internal int[] FileRelativeCount = [];
    /// <summary>Where each loaded file writes its symbolic (64-bit absolute against an import) relocations.</summary>
    internal int[] FileSymbolicStart = [];
    internal int[] FileSymbolicCount = [];
    internal int GotRelativeStart, GotDynamicStart, GotDynamicCount, CopyRelocStart, DynamicRelocCount;
    internal ulong[] SyntheticValues = [];

    internal List<EhFrameSection> EhFrames = [];
    internal int EhFdeCount;
    internal Dictionary<long, EhFrameSection> EhFrameBySection = [];

    internal OutputSection? Got, GotPlt, Plt, RelaPlt, RelaDyn, Dynamic, EhFrameHdr, BuildIdNote, SymTab, StrTab;
    /// <summary>How the writer fills .symtab and .strtab (null under --strip-all).</summary>
    internal SymbolTablePlan? SymbolTable;
    internal OutputSection? Interp, DynSym, GnuHash, SysvHash, VerSym, VerNeed;
    internal DynamicTables? DynamicTables;
    internal ExportPolicy Exports = ExportPolicy.None;
    internal OutputSection? VerDef;
    internal ulong PltHeaderSize;
    internal ulong TlsStart, TlsEnd, TlsAlign;
    internal bool HasTls;

    public bool IsLive(int file, int section) => Live[FileSectionBase[file] + section];

    public OutputSection? OutputOf(int file, int section) => SectionOutput[FileSectionBase[file] + section];

    /// <summary>Output address of a byte of an input section, following merged pieces.</summary>
    public ulong InputAddress(int file, int section, ulong offset)
    {
        int flat = FileSectionBase[file] + section;
        var os = SectionOutput[flat];
        if (os is null) return 0;
        ulong at = MergeOf[flat] is { } m ? m.Map(offset) : offset;
        return os.Address + SectionOffset[flat] + at;
    }

    /// <summary>Output address of an input section (0 if it is not in the output).</summary>
    public ulong SectionAddress(int file, int section)
    {
        int flat = FileSectionBase[file] + section;
        var os = SectionOutput[flat];
        return os is null ? 0 : os.Address + SectionOffset[flat];
    }

    public ulong GotEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.Got);

    /// <summary>The slot ld.so fills with a TLS variable's offset from the thread pointer (initial exec).</summary>
    public ulong GotTpEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.GotTp);

    /// <summary>The (module id, offset) pair __tls_get_addr takes for a general-dynamic access.</summary>
    public ulong TlsGdEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.TlsGd);

    public ulong TlsDescEntryAddress(SymbolId id) => GotBlockEntry(id, SymbolNeeds.TlsDesc);

    /// <summary>This module's own (module id, 0) pair, shared by every local-dynamic access.</summary>
    public ulong TlsModuleEntryAddress => Got!.Address + (ulong)TlsModuleSlot * 8;

    private ulong GotBlockEntry(SymbolId id, int kind) =>
        Got!.Address + (ulong)(GotIndex[id.Value] + GotEntries.SlotOffset(SymbolFlags[id.Value], kind)) * 8;

    public ulong PltEntryAddress(SymbolId id) => Plt!.Address + PltHeaderSize + (ulong)PltIndex[id.Value] * Arch.PltEntrySize;

    /// <summary>The header index of the allocated output section holding an address (null if none).</summary>
    /// <remarks>.tbss overlaps the sections after it, so it only matches when <paramref name="tls"/> asks for TLS.</remarks>
    internal int? SectionIndexOfAddress(ulong address, bool tls = false)
    {
        foreach (var s in Sections)
            if (s.IsAlloc && (tls ? s.IsTls : !(s.IsTls && s.IsNoBits)) && address >= s.Address && address < s.Address + Math.Max(1, s.Size))
                return s.HeaderIndex;
        return null;
    }

    /// <summary>A symbol table's st_value: the address, or for a TLS symbol its offset in the TLS segment.</summary>
    internal ulong SymbolTableValue(ulong address, byte type) => type == ElfConstants.STT_TLS && HasTls ? address - TlsStart : address;

    public ulong GotPltEntryAddress(SymbolId id) => GotPlt!.Address + (ulong)(3 + PltIndex[id.Value]) * 8;

    public bool HasPlt(SymbolId id) => id.Value >= 0 && PltIndex[id.Value] >= 0;

    /// <summary>The address a symbol stands for: its definition's address, its PLT for IFUNCs, 0 if undefined.</summary>
    public ulong SymbolValue(SymbolId id)
    {
        if (id.Value < 0) return 0;
        if (PltIndex[id.Value] >= 0) return PltEntryAddress(id);
        return RawSymbolValue(id);
    }

    /// <summary>The definition's own address (an IFUNC's resolver, not its PLT entry).</summary>
    public ulong RawSymbolValue(SymbolId id)
    {
        if (id.Value < 0) return 0;
        var cache = _valueCache;
        if (cache is not null && (uint)id.Value < (uint)cache.Length && cache[id.Value] != 0) return cache[id.Value] - 1;
        return ComputeRawSymbolValue(id);
    }

    // Value + 1 of every global a loaded object defines, 0 where not computed (a value of ~0 is simply
    // computed again). A call's target lies in another object: reading its symbol there was a cache and TLB
    // miss per relocation (most of the relocation time of a large link); computed per object in one
    // sequential walk, the relocation reads one dense array instead.
    private ulong[]? _valueCache;

    /// <summary>Fills the value cache; only once every address is final.</summary>
    internal void CacheSymbolValues(ParallelWork work)
    {
        var cache = new ulong[Db.FileSymbolCount];
        ForEachLoadedDefinition(work, id => cache[id] = ComputeRawSymbolValue(new SymbolId(id)) + 1);
        _valueCache = cache;
    }

    /// <summary>Runs <paramref name="visit"/> on the id of every global a loaded object defines: each object's
    /// in one sequential walk, the objects in parallel. Asked first from a relocation elsewhere, a definition
    /// costs a jump to its file's symbols; the caches filled this way save that jump.</summary>
    private void ForEachLoadedDefinition(ParallelWork work, Action<int> visit)
    {
        var loaded = Resolution.LoadedFiles;
        work.For(loaded.Length, p =>
        {
            int f = loaded[p];
            var symbols = Objects[f].Symbols;
            int first = Db.FirstSymbol(f);
            for (int i = Objects[f].FirstGlobal; i < symbols.Length; i++)
                if (!symbols[i].IsUndefined) visit(first + i);
        });
    }

    private ulong ComputeRawSymbolValue(SymbolId id)
    {
        if (Resolution.IsSynthetic(id)) return SyntheticValues[id.Value - Db.FileSymbolCount];
        int f = Db.FileOf(id);
        int i = id.Value - Db.FirstSymbol(f);
        var obj = Objects[f];
        if (obj.IsShared)
            return CopyOffset.TryGetValue(id.Value, out var copy) ? CopySection!.Address + CopyBase + copy : 0;
        ref readonly var sym = ref obj.Symbols[i];
        if (sym.IsAbsolute) return sym.Value;
        if (sym.IsCommon) return CommonOffset.TryGetValue(id.Value, out var off) ? CommonSection!.Address + CommonBase + off : 0;
        int sec = obj.SymbolSection(i);
        if (sec == 0) return 0;
        return InputAddress(f, sec, sym.Value);
    }

    // Traits per input symbol, packed, with bit 8 meaning "computed". Scan and write ask for the same symbols
    // once per relocation; computing them each time was 5% of an LLVM link. Racing threads store equal values.
    private ushort[]? _traitsCache;

    /// <summary>Computes the traits of every global a loaded object defines up front; locals are computed
    /// when first asked, from their own file.</summary>
    internal void CacheSymbolTraits(ParallelWork work)
    {
        var cache = new ushort[Db.FileSymbolCount];
        ForEachLoadedDefinition(work, id => cache[id] = (ushort)(0x100 | ComputeSymbolTraits(new SymbolId(id)).Pack()));
        _traitsCache = cache;
    }

    /// <summary>Symbol info needed to pick relocation forms: ifunc? absolute? undefined? bound at run time?</summary>
    internal SymbolTraits TraitsOf(SymbolId id)
    {
        var cache = _traitsCache;
        if (cache is null || (uint)id.Value >= (uint)cache.Length)
            return ComputeSymbolTraits(id);
        ushort packed = cache[id.Value];
        if (packed != 0) return SymbolTraits.Unpack((byte)packed);
        var traits = ComputeSymbolTraits(id);
        cache[id.Value] = (ushort)(0x100 | traits.Pack());
        return traits;
    }

    /// <summary>st_size of a symbol's definition (0 for undefined and linker-defined symbols).</summary>
    internal ulong SymbolSize(SymbolId id)
    {
        if (id.Value < 0 || Resolution.IsSynthetic(id)) return 0;
        return Db.Symbol(id).Size;
    }

    private SymbolTraits ComputeSymbolTraits(SymbolId id)
    {
        if (id.Value < 0) return new(true, false, false, false, false, false, false, false);
        if (Resolution.IsSynthetic(id))
        {
            var k = Resolution.SyntheticOf(id).Kind;
            return new(false, k == SyntheticKind.Absolute, false, false, false, false, false, false);
        }
        int f = Db.FileOf(id);
        var obj = Objects[f];
        ref readonly var sym = ref obj.Symbols[id.Value - Db.FirstSymbol(f)];
        bool undefined = sym.IsUndefined;
        bool shared = obj.IsShared && !undefined;
        // In a shared object every default-visibility global may be preempted by another module (unless
        // -Bsymbolic), and undefined symbols are imports: all of them bind at run time.
        bool function = sym.Type is ElfConstants.STT_FUNC or ElfConstants.STT_GNU_IFUNC;
        bool boundLocally = Options.Symbolic switch
        {
            SymbolicMode.All => true,
            SymbolicMode.Functions => function,
            SymbolicMode.NonWeak => !sym.IsWeak,
            SymbolicMode.NonWeakFunctions => function && !sym.IsWeak,
            _ => false,
        };
        bool preemptible = IsSharedOutput && !obj.IsShared && sym.Binding != ElfConstants.STB_LOCAL
                           && sym.Visibility == ElfConstants.STV_DEFAULT
                           && (undefined || (!boundLocally && !(Exports.IsActive && Exports.BindsLocally(Db.NameOf(id)))));
        bool dynamic = shared || preemptible;
        // A shared object's IFUNC is resolved by ld.so like any function; only our own need IRELATIVE.
        bool ifunc = sym.Type == ElfConstants.STT_GNU_IFUNC;
        return new(undefined, sym.IsAbsolute, ifunc && !shared, sym.Type == ElfConstants.STT_TLS,
            sym.Size != 0, dynamic, shared, sym.Type == ElfConstants.STT_FUNC || ifunc);
    }

    /// <summary>
    /// Whether a GOT entry for this symbol is filled by ld.so (GLOB_DAT/TPOFF64): imports, and in a dynamic
    /// output undefined weak symbols, which a library loaded at run time may still define. Direct references
    /// to an undefined weak symbol stay 0, as GNU ld makes them.
    /// </summary>
    internal bool GotBindsAtRunTime(in SymbolTraits t) => t.Dynamic || (t.Undefined && IsDynamicOutput);

    /// <summary>An output that is loaded by ld.so with shared libraries (dynamic PIE or non-PIE executable).</summary>
    public bool IsDynamicOutput => Options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared;

    public bool IsSharedOutput => Options.Kind == OutputKind.Shared;

    /// <summary>The thread pointer's address in an executable's TLS layout (see Architecture.ThreadPointer).</summary>
    internal ulong ThreadPointer => Arch.ThreadPointer(TlsStart, TlsEnd, TlsAlign);
}
