// Phase "Symbol traits": what each symbol is to relocation processing (SymbolTraits), once everything that
// decides it is settled: resolution, the output kind, -Bsymbolic and the export policy. The traits of every
// global a loaded object defines are computed up front, per object in symbol order; locals are computed when
// first asked, from their own file. The cache is the one part of this result filled lazily: racing threads
// store equal values. The scan and the writer ask for the same symbols once per relocation.
using Wild.Engine.Elf;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class SymbolTraitsTable
{
    private readonly SymbolResolution _res;
    private readonly ExportPolicy _exports;
    // -z start-stop-gc: sections whose __start_/__stop_ symbols lost every section to --gc-sections (absolute 0).
    private readonly IReadOnlySet<string> _collectedStartStop;
    // Traits per input symbol, packed, with the top bit meaning "computed".
    private const ushort Computed = 0x8000;
    private readonly ushort[] _cache;

    private SymbolTraitsTable(SymbolResolution res, ExportPolicy exports, IReadOnlySet<string> collectedStartStop)
    {
        _res = res;
        _exports = exports;
        _collectedStartStop = collectedStartStop;
        _cache = new ushort[res.Db.FileSymbolCount];
    }

    public static SymbolTraitsTable Build(SymbolResolution res, ExportPolicy exports, IReadOnlySet<string> collectedStartStop, ParallelWork work)
    {
        var table = new SymbolTraitsTable(res, exports, collectedStartStop);
        var cache = table._cache;
        LoadedDefinitions.ForEach(res, work, id => cache[id] = (ushort)(Computed | table.Compute(new SymbolId(id)).Pack()));
        return table;
    }

    public SymbolTraits Of(SymbolId id)
    {
        if ((uint)id.Value >= (uint)_cache.Length)
            return Compute(id);
        ushort packed = _cache[id.Value];
        if (packed != 0) return SymbolTraits.Unpack((ushort)(packed & ~Computed));
        var traits = Compute(id);
        _cache[id.Value] = (ushort)(Computed | traits.Pack());
        return traits;
    }

    private bool IsSharedOutput => _res.Options.Kind == OutputKind.Shared;

    /// <summary>
    /// Whether a GOT entry for this symbol is filled by ld.so (GLOB_DAT/TPOFF64): imports, and in a dynamic
    /// output undefined weak symbols, which a library loaded at run time may still define. Direct references
    /// to an undefined weak symbol stay 0, as GNU ld makes them. Under -z nodynamic-undefined-weak the GOT entry
    /// of an undefined weak symbol holds 0 too, with no dynamic relocation.
    /// </summary>
    public bool GotBindsAtRunTime(in SymbolTraits t) =>
        t.Dynamic || (t.Undefined && _res.Options.Z.DynamicUndefinedWeak && _res.Options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared);

    private SymbolTraits Compute(SymbolId id)
    {
        if (id.IsNone) return new(true, false, false, false, false, false, false, false);
        if (_res.IsSynthetic(id))
        {
            var synth = _res.SyntheticOf(id);
            // GNU ld exports the linker's own globals (_end, etext, --defsym names) from a shared object with
            // default visibility, so references to them go through the GOT and bind to the executable's at run
            // time, unless -Bsymbolic (any form), --dynamic-list-data or a version script binds them locally.
            bool preemptibleLinkerSymbol = IsSharedOutput && _res.Options.Symbolic == SymbolicMode.None
                && _res.Db.Lookup(synth.Name) is { IsNone: false } name
                && SymbolTableBuilder.IsPreemptibleLinkerSymbol(_res, name, synth)
                && !(_exports.IsActive && _exports.BindsLocally(name));
            bool absolute = synth.Kind == SyntheticKind.Absolute
                || (synth.Kind is SyntheticKind.SectionStart or SyntheticKind.SectionEnd && _collectedStartStop.Contains(synth.Section!));
            return new(false, absolute, false, false, false, preemptibleLinkerSymbol, false, false);
        }
        var db = _res.Db;
        var f = db.FileOf(id);
        var obj = _res.Objects[f];
        ref readonly var sym = ref obj.Symbols[id.Value - db.FirstSymbol(f)];
        bool undefined = sym.IsUndefined;
        bool shared = obj.IsShared && !undefined;
        // In a shared object every default-visibility global may be preempted by another module (unless
        // -Bsymbolic), and undefined symbols are imports: all of them bind at run time.
        bool function = sym.Type is ElfConstants.STT_FUNC or ElfConstants.STT_GNU_IFUNC;
        // STB_GNU_UNIQUE is never bound locally, even under -Bsymbolic: ld.so makes every module use one
        // definition, so this one's references must go through the dynamic symbol as well (GNU ld keeps them so).
        bool boundLocally = sym.Binding != ElfConstants.STB_GNU_UNIQUE && _res.Options.Symbolic switch
        {
            SymbolicMode.All => true,
            SymbolicMode.Functions => function,
            SymbolicMode.NonWeak => !sym.IsWeak,
            SymbolicMode.NonWeakFunctions => function && !sym.IsWeak,
            _ => false,
        };
        // -z nodynamic-undefined-weak: a symbol only referenced weakly and never defined is 0 in this object, not
        // an import a later library could fill.
        bool importable = undefined && (_res.Options.Z.DynamicUndefinedWeak
                                        || (_res.References(db.NameOf(id)) & SymbolResolution.StrongReference) != 0);
        bool preemptible = IsSharedOutput && !obj.IsShared && sym.Binding != ElfConstants.STB_LOCAL
                           && sym.Visibility == ElfConstants.STV_DEFAULT
                           && (importable || (!undefined && !boundLocally && !(_exports.IsActive && _exports.BindsLocally(db.NameOf(id)))));
        bool dynamic = shared || preemptible;
        // A shared object's IFUNC is resolved by ld.so like any function; only our own need IRELATIVE.
        bool ifunc = sym.Type == ElfConstants.STT_GNU_IFUNC;
        // GNU ld never relaxes a GOT load of a symbol in a large section: the data may be out of a PC32's reach.
        bool large = obj.HasLargeSection && !undefined && !shared && obj.Machine == ElfConstants.EM_X86_64
                     && obj.SymbolSection((int)(id.Value - db.FirstSymbol(f))) is > 0 and var section
                     && (obj.SectionHeaders[section].Flags & ElfConstants.SHF_X86_64_LARGE) != 0;
        return new(undefined, sym.IsAbsolute, ifunc && !shared, sym.Type == ElfConstants.STT_TLS,
            sym.Size != 0, dynamic, shared, sym.Type == ElfConstants.STT_FUNC || ifunc, large);
    }
}
