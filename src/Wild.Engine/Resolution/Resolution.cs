// Phase 3 result: which archive members joined the link, which COMDAT groups were discarded, and for
// every global name the symbol that defines it (or none). Immutable once built; layout reads it.
using Wild.Engine.Input;
using Wild.Engine.Symbols;

namespace Wild.Engine.Resolution;

public sealed class SymbolResolution
{
    internal SymbolResolution(SymbolDb db, LinkOptions options, bool[] loaded, FileId[] loadedFiles, bool[]?[] discarded,
        int[] nameDefinition, byte[] nameReferences, SyntheticSymbol[] synthetic, int[] loadedBy,
        (NameId Name, ulong Align)[] commons, FileId[] sharedObjects, FileId[] loadOrder, WrapRedirect? wrap)
    {
        _wrap = wrap;
        Db = db;
        Options = options;
        _loaded = loaded;
        LoadedFiles = loadedFiles;
        _discarded = discarded;
        _nameDefinition = nameDefinition;
        _nameReferences = nameReferences;
        Synthetic = synthetic;
        _loadedBy = loadedBy;
        Commons = commons;
        SharedObjects = sharedObjects;
        LoadOrder = loadOrder;
    }

    /// <summary>FileIds of objects, members and shared objects in the order resolution took them in (for -t and --why-extract).</summary>
    public FileId[] LoadOrder { get; }

    /// <summary>Shared objects the output depends on (DT_NEEDED), in command-line order.</summary>
    public FileId[] SharedObjects { get; }

    /// <summary>True when a symbol's definition lives in a shared object (it is imported at run time).</summary>
    public bool IsSharedDefinition(SymbolId id) =>
        !id.IsNone && !IsSynthetic(id) && Objects[Db.FileOf(id)].IsShared;

    /// <summary>True when a name's definition lives in a shared object, read from the name's own flags.</summary>
    public bool IsDefinedByShared(NameId name) => (_nameReferences[name.Value] & DefinedByShared) != 0;

    /// <summary>Names whose definition is a common symbol, with the largest alignment any object gave.</summary>
    public (NameId Name, ulong Align)[] Commons { get; }

    private readonly bool[] _loaded;
    private readonly bool[]?[] _discarded;
    private readonly int[] _nameDefinition;
    private readonly byte[] _nameReferences;
    private readonly int[] _loadedBy;
    private readonly WrapRedirect? _wrap;

    public SymbolDb Db { get; }
    public LinkOptions Options { get; }
    /// <summary>FileIds of the objects in the link, in output order (input order, members in place).</summary>
    public FileId[] LoadedFiles { get; }
    public SyntheticSymbol[] Synthetic { get; }
    public ObjectFile[] Objects => Db.Inputs.Objects;

    /// <summary>Flags of <see cref="References"/>. DefinedByShared marks a name a shared object defines for the
    /// output (no object or linker symbol took it), so per-name loops need not look at the defining file.
    /// StrongReferenceByShared marks a name some shared object of the link leaves undefined (not weak): it pulls
    /// archive members as GNU ld does, and --no-allow-shlib-undefined wants it defined.</summary>
    public const byte StrongReference = 1, WeakReference = 2, ReferencedByShared = 4, DefinedByShared = 8, StrongReferenceByShared = 16;

    /// <summary>The same resolution with output settings that do not affect it (path, gc, build-id...).</summary>
    public SymbolResolution WithOptions(LinkOptions options) =>
        new(Db, options, _loaded, LoadedFiles, _discarded, _nameDefinition, _nameReferences, Synthetic, _loadedBy, Commons, SharedObjects, LoadOrder, _wrap);

    public bool IsLoaded(FileId fileId) => _loaded[fileId];

    /// <summary>For an archive member, the name whose reference pulled it in (NameId.None otherwise).</summary>
    public NameId LoadedBecauseOf(FileId fileId) => new(_loadedBy[fileId]);

    public bool IsDiscarded(FileId fileId, int section) => _discarded[fileId] is { } d && d[section];
    /// <summary>Whether the link discarded any section of the file (a losing COMDAT copy, SHF_EXCLUDE, .gnu.linkonce).</summary>
    public bool HasDiscarded(FileId fileId) => _discarded[fileId] is not null;

    public bool IsSynthetic(SymbolId id) => id.Value >= Db.FileSymbolCount;

    public SyntheticSymbol SyntheticOf(SymbolId id) => Synthetic[id.Value - Db.FileSymbolCount];

    /// <summary>The name of an input or linker-defined symbol (a preemptible _end in a shared object is the
    /// one linker-defined kind that reaches .dynsym through relocations).</summary>
    public NameId NameOf(SymbolId id) => IsSynthetic(id) ? Db.Lookup(SyntheticOf(id).Name) : Db.NameOf(id);

    /// <summary>The definition a symbol reference binds to; -1 when it is undefined (e.g. undefined weak).</summary>
    public SymbolId Resolve(FileId fileId, int symbolIndex)
    {
        var obj = Objects[fileId];
        if (symbolIndex < obj.FirstGlobal)
            return Db.Id(fileId, symbolIndex);
        var name = Db.NameOf(Db.Id(fileId, symbolIndex));
        int n = _wrap is not null && obj.Symbols[symbolIndex].IsUndefined ? _wrap.Map(name.Value) : name.Value;
        return n < 0 ? SymbolId.None : new SymbolId(_nameDefinition[n]);
    }

    /// <summary>The global name a reference names in the output, after --wrap (its own name when the wrapped name
    /// is missing, as Resolve then leaves the reference undefined).</summary>
    public NameId ReferenceName(FileId fileId, int symbolIndex)
    {
        var name = Db.NameOf(Db.Id(fileId, symbolIndex));
        if (_wrap is null || !Objects[fileId].Symbols[symbolIndex].IsUndefined) return name;
        int n = _wrap.Map(name.Value);
        return n < 0 ? name : new NameId(n);
    }

    public SymbolId Definition(NameId name) => new(_nameDefinition[name.Value]);

    public byte References(NameId name) => _nameReferences[name.Value];
}
