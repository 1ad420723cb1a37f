// One object's relocation scan as the architecture sees it, section by section: what it needs to classify a
// relocation (the resolved target, its traits, the output kind) and where it records the outcome (the
// per-symbol need flags shared by every object, and this object's own dynamic relocation counts). Lives on
// the one thread that scans the object; only the need flags are shared, and they are set atomically.
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal ref struct FileScan
{
    private readonly SymbolResolution _res;
    private readonly SymbolTraitsTable _traits;
    private readonly int[] _needs;

    public FileScan(SymbolResolution res, SymbolTraitsTable traits, FileId file, int[] needs)
    {
        _res = res;
        _traits = traits;
        _needs = needs;
        File = file;
        Obj = res.Objects[file];
        Pie = res.Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
        SharedOutput = res.Options.Kind == OutputKind.Shared;
        Relax = res.Options.Relax;
        NoRelocOverflow = res.Options.Z.NoRelocOverflow;
        TextRelocationsAllowed = !res.Options.Z.Text;
        RecordRelativeSites = Pie && res.Options.Z.PackRelativeRelocs;
        RelativeSites = null;
    }

    public readonly ObjectFile Obj;
    public readonly FileId File;
    /// <summary>The output is position-independent (a PIE, static-PIE or shared object): addresses need RELATIVE.</summary>
    public readonly bool Pie;
    /// <summary>The output is a shared object: TLS is not relaxed, preemptible symbols bind at run time.</summary>
    public readonly bool SharedOutput;
    /// <summary>GOT loads may be relaxed (not --no-relax).</summary>
    public readonly bool Relax;
    /// <summary>-z noreloc-overflow: 32-bit absolute relocations are let into a position-independent output.</summary>
    public readonly bool NoRelocOverflow;
    /// <summary>Dynamic relocations in read-only sections are allowed (DT_TEXTREL), as GNU ld allows them unless -z text.</summary>
    public readonly bool TextRelocationsAllowed;

    /// <summary>The first read-only section of this object that needs a dynamic relocation (0: none), for the warning.</summary>
    public int TextRelocationSection;

    /// <summary>RELATIVE dynamic relocations this object's sections will write.</summary>
    public int RelativeCount;
    /// <summary>-z pack-relative-relocs in a position-independent output: RELATIVE sites are recorded for .relr.dyn.</summary>
    public readonly bool RecordRelativeSites;
    /// <summary>The RELATIVE relocations that may go into .relr.dyn (see <see cref="AddRelative"/>), in scan order,
    /// as <see cref="RelativeSite"/> packs them.</summary>
    public List<ulong>? RelativeSites;
    /// <summary>Relocations of the section being scanned: the first packed one sizes RelativeSites for them all.</summary>
    public int SectionRelocationCount;
    /// <summary>The size of the section being scanned if its entries are reversed (ReversedEntries), else 0: its
    /// RELR sites are recorded where the writer will put them.</summary>
    public ulong ReversedSectionSize;
    /// <summary>Symbolic (R_*_64 against a run-time symbol) dynamic relocations this object's sections will write.</summary>
    public int SymbolicCount;
    /// <summary>Whether a local-dynamic TLS access needs the module's own (module id, 0) GOT pair.</summary>
    public bool UsesModuleSlot;

    /// <summary>The symbol a relocation refers to; an undefined (weak) one has no definition, so its GOT slot is
    /// keyed by the reference itself.</summary>
    public readonly SymbolId Target(in Elf64Rela rel)
    {
        var target = _res.Resolve(File, (int)rel.SymbolIndex);
        return target.IsNone ? _res.Db.Id(File, (int)rel.SymbolIndex) : target;
    }

    public readonly SymbolTraits Traits(SymbolId id) => _traits.Of(id);

    /// <summary>Whether a GOT entry of a symbol with these traits is filled by ld.so.</summary>
    public readonly bool GotBindsAtRunTime(in SymbolTraits t) => _traits.GotBindsAtRunTime(t);

    /// <summary>
    /// Counts a RELATIVE dynamic relocation at <paramref name="offset"/> in input section <paramref name="section"/>
    /// (aligned to <paramref name="sectionAlign"/>, which the caller has at hand: the section headers are a view of
    /// the mapped input, not worth building again per relocation).
    /// With -z pack-relative-relocs it may go into .relr.dyn: as GNU ld and lld do on x86-64, when it is at an even
    /// address, which is known now for a section aligned to 2 or more (its offset is even); a section aligned to 1
    /// (a packed struct alone) keeps its relocations in .rela.dyn, where GNU ld would look at the final address.
    /// </summary>
    public void AddRelative(int section, ulong sectionAlign, ulong offset)
    {
        RelativeCount++;
        if (!RecordRelativeSites) return;
        if (ReversedSectionSize != 0) offset = ReversedEntries.Mirror(ReversedSectionSize, offset);
        if (IsPackable(sectionAlign, offset))
            (RelativeSites ??= new List<ulong>(Math.Max(16, SectionRelocationCount))).Add(RelativeSite.Pack(Obj, section, offset));
    }

    /// <summary>Counts a RELATIVE dynamic relocation of a field narrower than a word (-z noreloc-overflow's R_X86_64_32):
    /// never packed into .relr.dyn, whose entries are words, as GNU ld keeps it in .rela.dyn.</summary>
    public void AddUnpackedRelative() => RelativeCount++;

    /// <summary>Whether a RELATIVE relocation at <paramref name="offset"/> of a section aligned to
    /// <paramref name="align"/> goes into .relr.dyn; the writer asks the same question of the final address.</summary>
    public static bool IsPackable(ulong align, ulong offset) => align >= 2 && (offset & 1) == 0;

    /// <summary>Records that <paramref name="id"/> needs <paramref name="bits"/> (SymbolNeeds).</summary>
    public readonly void Need(SymbolId id, int bits)
    {
        // Hot symbols are referenced from every object: a plain read first keeps their cache line shared
        // between cores instead of taking it exclusive for an atomic that changes nothing.
        if (!id.IsNone && bits != 0 && (Volatile.Read(ref _needs[id.Value]) & bits) != bits)
            Interlocked.Or(ref _needs[id.Value], bits);
    }

    /// <summary>A relocation's symbol as diagnostics name it (a section symbol by its section's name).</summary>
    public readonly string SymbolName(int symbolIndex)
    {
        var sym = Obj.Symbols[symbolIndex];
        return sym.Type == ElfConstants.STT_SECTION ? Obj.SectionNameString(Obj.SymbolSection(symbolIndex)) : Obj.SymbolNameString(symbolIndex);
    }
}
