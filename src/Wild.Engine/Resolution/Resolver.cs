// Phase 3 (resolve): walks the inputs in command-line order with ld's archive semantics (a member is
// loaded when it defines a name that is undefined at that point, or gives a common a data definition;
// groups rescan until nothing changes; --whole-archive loads everything), selects COMDAT groups (first
// loaded wins), and binds each global name to one definition: strong over common over weak; two strong
// definitions are a duplicate-symbol error.
// It runs sequentially because ld's semantics depend on order; the parsing it needs was done in parallel.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Resolution;

internal sealed partial class Resolver
{
    // Any definition in a regular object beats one in a shared object, as in ld.
    private const byte RankNone = 0, RankShared = 1, RankWeak = 2, RankCommon = 3, RankStrong = 4;

    private readonly SymbolDb _db;
    private readonly LinkOptions _options;
    private readonly ObjectFile[] _objects;
    private readonly bool[] _loaded;
    private readonly int[] _loadedBy;
    private readonly List<FileId> _loadOrder = [];
    private readonly bool[]?[] _discarded;
    private readonly int[] _def;
    private readonly byte[] _rank;
    private readonly byte[] _refs;
    // Per name: whether objects refer to it as thread-local, as something else, or both (TlsMismatch).
    private readonly byte[] _referenceKinds;
    // Per name referenced with a non-default visibility: the most constraining one (the linker's own symbols take it).
    private readonly Dictionary<int, byte> _referenceVisibility = [];
    private readonly Dictionary<int, ulong> _commonAlign = [];
    private readonly List<(FileId File, bool AsNeeded)> _shared = [];
    // By name: 1 + the --as-needed shared object dropped before anything referenced the name it defines (0: none),
    // for the undefined-symbol message.
    private readonly Dictionary<int, int> _droppedAsNeeded = [];
    // COMDAT signatures seen: by NameId when some object has a global of that name (the usual case, C++
    // inline functions), so no string is built; by string otherwise (section-symbol and local signatures).
    private readonly HashSet<int> _comdatByName = [];
    private readonly HashSet<string> _comdat = new(StringComparer.Ordinal);
    private readonly LinkOnceMatches _linkOnce = new();
    private readonly List<LinkException> _duplicates = [];
    private readonly DiagnosticBag _diagnostics;
    private readonly WrapRedirect? _wrap;
    // Names some loaded object references as undefined with hidden, internal or protected visibility: only a
    // definition in this link may satisfy them, never a shared object's (GNU ld: "hidden symbol isn't defined").
    private readonly HashSet<int> _localOnlyReferences = [];

    private Resolver(SymbolDb db, LinkOptions options, DiagnosticBag diagnostics)
    {
        _db = db;
        _options = options;
        _diagnostics = diagnostics;
        _objects = db.Inputs.Objects;
        _loaded = new bool[_objects.Length];
        _loadedBy = new int[_objects.Length];
        Array.Fill(_loadedBy, -1);
        _discarded = new bool[]?[_objects.Length];
        _def = new int[db.NameCount];
        Array.Fill(_def, -1);
        _rank = new byte[db.NameCount];
        _refs = new byte[db.NameCount];
        _referenceKinds = new byte[db.NameCount];
        _wrap = WrapRedirect.Build(db, options.Wrap);
    }

    public static SymbolResolution Resolve(SymbolDb db, LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var r = new Resolver(db, options, diagnostics);
        return r.Run(cancel);
    }

    private SymbolResolution Run(CancellationToken cancel)
    {
        // The entry point and -u names are roots: they pull archive members like any reference.
        // A relocatable output (-r) has no entry point: only -u and the objects' own references pull members.
        bool relocatable = _options.Kind == OutputKind.Relocatable;
        if (!relocatable && (_options.Kind != OutputKind.Shared || _options.Entry is not null))
            MarkReferenced(_options.Entry ?? "_start");
        foreach (var u in _options.Undefined.Concat(_options.RequireDefined)) MarkReferenced(u);
        if (_options.UndefinedGlobs.Count > 0) MarkGlobReferences();
        // --defsym a=b+4 references b, as GNU ld's expression does: it may pull an archive member, and must be defined.
        foreach (var (name, value) in _options.DefSym)
            foreach (string symbol in DefSymExpression.Parse(name, value).Symbols) MarkReferenced(symbol);

        var entries = _db.Inputs.Entries;
        var groupLast = new Dictionary<int, int>();
        for (int i = 0; i < entries.Count; i++)
            if (entries[i].Group >= 0) groupLast[entries[i].Group] = i;

        for (int i = 0; i < entries.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var e = entries[i];
            var file = (FileId)e.ObjectId;
            if (!file.IsNone && _objects[file].IsShared)
                LoadShared(file, e.AsNeeded);
            else if (!file.IsNone)
                Load(file, -1);
            else if (e.IsLazy)
            {
                ScanArchive(e);
                if (e.Group >= 0 && groupLast[e.Group] == i)
                {
                    // ld rescans every archive of a group until a full pass loads nothing new.
                    bool changed;
                    do
                    {
                        changed = false;
                        foreach (var g in entries)
                            if (g.Group == e.Group && g.IsLazy)
                                changed |= ScanArchive(g);
                    } while (changed);
                }
            }
        }

        SyntheticSymbol[] synthetic;
        try
        {
            // --noinhibit-exec: the first definition stays (as with -z muldefs) and the output is written; GNU ld still
            // prints every error, so they stay visible as warnings.
            if (_options.NoInhibitExec) foreach (var e in _duplicates) _diagnostics.Warn(e.FullMessage);
            else ThrowAll(_duplicates);
            // LTO stubs carry no symbol types, so only the resolution over real objects can tell.
            if (!_db.Inputs.AwaitsLto) ThrowAll(TlsMismatch.Find(_db, _objects, _loadOrder, _def, _referenceKinds));

            // -r defines none of the linker's symbols (the final link does) and leaves undefined symbols undefined.
            synthetic = relocatable ? [] : DefineLinkerSymbols();
            // Over LTO's stubs, an undefined symbol may be one the optimised code no longer needs (GNU ld reports
            // them only after the plugin's objects are in).
            if (!_db.Inputs.AwaitsLto && !relocatable)
            {
                ReportUndefined(synthetic);
                ReportSharedUndefined();
                foreach (var name in _options.RequireDefined)
                    if (_db.Lookup(name) is var id && (id.IsNone || _def[id.Value] < 0))
                        throw new LinkException(ErrorId.UndefinedSymbol, $"required symbol '{name}' not defined (--require-defined)");
            }
        }
        catch (LinkException) when (_options.Trace || _options.TraceSymbols.Count > 0)
        {
            // -t and -y matter most when the link fails: GNU ld has printed them by the time it reports the errors.
            Reports.LinkTrace.Report(_options, _db, _loadOrder, _objects, _diagnostics);
            throw;
        }

        MarkSharedDefinitions();
        var loadedFiles = new List<FileId>();
        foreach (var f in FileId.All(_objects.Length))
            if (_loaded[f]) loadedFiles.Add(f);
        // Commons that stayed common (no strong definition replaced them), in NameId order.
        var commons = _commonAlign.Where(kv => _rank[kv.Key] == RankCommon && _def[kv.Key] >= 0)
            .OrderBy(kv => kv.Key).Select(kv => (new NameId(kv.Key), kv.Value)).ToArray();
        return new SymbolResolution(_db, _options, _loaded, loadedFiles.ToArray(), _discarded, _def, _refs, synthetic, _loadedBy, commons,
            NeededSharedObjects(), _loadOrder.ToArray(), _wrap);
    }

    /// <summary>--undefined-glob (lld): every name an archive member (or a --start-lib object) defines that matches a
    /// pattern is a root like -u, so the member joins the link.</summary>
    private void MarkGlobReferences()
    {
        var patterns = _options.UndefinedGlobs.Select(g => Input.SymbolPattern.Parse(g, quoted: false)).ToArray();
        foreach (var entry in _db.Inputs.Entries)
        {
            if (!entry.IsLazy) continue;
            foreach (FileId m in entry.MemberIds)
            {
                if (m < 0) continue;
                var obj = _objects[m];
                var syms = obj.Symbols;
                int first = _db.FirstSymbol(m);
                for (int s = obj.FirstGlobal; s < syms.Length; s++)
                {
                    if (syms[s].IsUndefined) continue;
                    var name = _db.NameOf(new SymbolId(first + s));
                    var bytes = _db.NameBytes(name);
                    foreach (var p in patterns)
                        if (p.Matches(bytes)) { _refs[name.Value] |= SymbolResolution.StrongReference; break; }
                }
            }
        }
    }

    private void MarkReferenced(string name)
    {
        var id = _db.Lookup(name);
        if (!id.IsNone) _refs[id.Value] |= SymbolResolution.StrongReference;
    }

    /// <summary>Loads members that define a currently undefined, strongly referenced name; returns whether any were.</summary>
    private bool ScanArchive(InputEntry entry)
    {
        bool any = false;
        if (entry.WholeArchive)
        {
            foreach (FileId m in entry.MemberIds)
                if (m >= 0 && !_loaded[m]) { Load(m, -1); any = true; }
            return any;
        }
        bool changed;
        do
        {
            changed = false;
            foreach (FileId m in entry.MemberIds)
            {
                if (m < 0 || _loaded[m]) continue;
                int wanted = FirstWantedDefinition(m);
                if (wanted >= 0)
                {
                    Load(m, wanted);
                    changed = any = true;
                }
            }
        } while (changed);
        return any;
    }

    private int FirstWantedDefinition(FileId fileId)
    {
        var obj = _objects[fileId];
        var syms = obj.Symbols;
        int first = _db.FirstSymbol(fileId);
        for (int s = obj.FirstGlobal; s < syms.Length; s++)
        {
            if (syms[s].IsUndefined) continue;
            int name = _db.NameOf(new SymbolId(first + s)).Value;
            // Weak references do not pull archive members. A shared object's undefined symbol pulls one like an
            // object's reference does (GNU ld; the member is exported).
            if (_def[name] < 0 && (_refs[name] & (SymbolResolution.StrongReference | SymbolResolution.StrongReferenceByShared)) != 0)
                return name;
            // A hidden, internal or protected reference cannot bind to a shared object's definition, so for it the
            // name is still undefined and the member that defines it joins the link (GNU ld ignores the shared
            // definition; without the member the link fails with "undefined hidden symbol").
            if (_rank[name] == RankShared && _localOnlyReferences.Contains(name))
                return name;
            // A common pulls the member that gives its name a real data definition (GNU ld: `int x;` compiled with
            // -fcommon, then an archive with `int x = 5;`, links the 5); another common, a weak or a function
            // definition does not (lld pulls nothing here unless --fortran-common; GNU ld is the reference).
            if (_rank[name] == RankCommon && IsGlobalDataDefinition(syms[s]))
                return name;
        }
        return -1;
    }

    /// <summary>GNU ld's test for an archive member's symbol that replaces a common: global (not weak) binding, not a
    /// function, defined in a section or absolute, and not itself common.</summary>
    private static bool IsGlobalDataDefinition(in Elf.Elf64Symbol sym) =>
        (sym.Binding == STB_GLOBAL || sym.Binding == STB_GNU_UNIQUE)
        && sym.Type != STT_FUNC && sym.Type != STT_GNU_IFUNC
        && !sym.IsUndefined && !sym.IsCommon
        && (sym.SectionIndex < SHN_LORESERVE || sym.SectionIndex >= SHN_ABS);

    private void Load(FileId fileId, int because)
    {
        _loaded[fileId] = true;
        _loadedBy[fileId] = because;
        _loadOrder.Add(fileId);
        var obj = _objects[fileId];
        // A fat object (-ffat-lto-objects) no plugin claimed links its regular code; a slim one has none.
        if (obj.HasGccLtoSections && Lto.GccLtoObject.IsSlim(obj))
            throw new LinkException(ErrorId.LtoInput, Lto.GccLtoObject.SlimMessage(obj, _options), obj.DisplayName);
        SelectComdatGroups(fileId, obj);

        var syms = obj.Symbols;
        int first = _db.FirstSymbol(fileId);
        for (int s = obj.FirstGlobal; s < syms.Length; s++)
        {
            ref readonly var sym = ref syms[s];
            int name = _db.NameOf(new SymbolId(first + s)).Value;
            if (sym.IsUndefined || (obj.SymbolSection(s) is int sec && sec != 0 && IsDiscarded(fileId, sec)))
            {
                if (_wrap is not null && sym.IsUndefined && (name = _wrap.Map(name)) == WrapRedirect.Missing)
                    throw new LinkException(ErrorId.UndefinedSymbol,
                        $"undefined symbol: {_wrap.TargetName(_db.NameOf(new SymbolId(first + s)).Value)}", obj.DisplayName)
                        .WithContext($">>> referenced by {obj.DisplayName} (through --wrap)");
                _refs[name] |= sym.IsWeak ? SymbolResolution.WeakReference : SymbolResolution.StrongReference;
                if (sym.IsUndefined && !obj.IsShared) _referenceKinds[name] |= TlsMismatch.KindOf(sym);
                if (sym.IsUndefined && sym.Visibility != STV_DEFAULT)
                {
                    if (!sym.IsWeak) _localOnlyReferences.Add(name);
                    _referenceVisibility[name] = MostConstraining(_referenceVisibility.GetValueOrDefault(name), sym.Visibility);
                }
                continue;
            }
            // GNU ld takes the first of a --just-symbols definition and an object's, silently; here the object's
            // always wins (it does in GNU ld too when the file is named after the objects, as is usual).
            byte rank = sym.IsCommon ? RankCommon : sym.IsWeak || obj.IsJustSymbols ? RankWeak : RankStrong;
            if (sym.IsCommon)
                // A common's alignment is the largest any object asks for (st_value holds it).
                _commonAlign[name] = Math.Max(_commonAlign.GetValueOrDefault(name), sym.Value);
            int current = _def[name];
            if (_options.WarnCommon && current >= 0 && (sym.IsCommon || _rank[name] == RankCommon) && rank != RankWeak)
                WarnCommon(name, current, fileId, s);
            if (current < 0 || rank > _rank[name])
            {
                _def[name] = first + s;
                _rank[name] = rank;
            }
            else if (rank == RankStrong && _rank[name] == RankStrong)
            {
                // -z muldefs: the first definition stays, the later ones are ignored.
                if (!_options.Z.MulDefs) ReportDuplicate(name, current, fileId, s);
            }
            else if (rank == RankCommon && _rank[name] == RankCommon)
            {
                // Tentative definitions merge: the largest size wins (its alignment is raised in layout).
                if (sym.Size > _db.Symbol(new SymbolId(current)).Size)
                    _def[name] = first + s;
            }
        }
    }

    /// <summary>Flags the names whose final definition is a shared object's symbol: a walk over the shared
    /// objects' own symbols, so a static link pays nothing.</summary>
    private void MarkSharedDefinitions()
    {
        foreach (var (fileId, _) in _shared)
        {
            var syms = _objects[fileId].Symbols;
            int first = _db.FirstSymbol(fileId);
            for (int s = _objects[fileId].FirstGlobal; s < syms.Length; s++)
            {
                int name = _db.NameOf(new SymbolId(first + s)).Value;
                if (_def[name] == first + s) _refs[name] |= SymbolResolution.DefinedByShared;
            }
        }
    }

    /// <summary>A shared object offers its default-version definitions; what it references may need exporting.</summary>
    private void LoadShared(FileId fileId, bool asNeeded)
    {
        if (_shared.Any(s => s.File == fileId)) return;
        _shared.Add((fileId, asNeeded));
        _loadOrder.Add(fileId);
        var obj = _objects[fileId];
        var info = obj.Shared!;
        var syms = obj.Symbols;
        int first = _db.FirstSymbol(fileId);
        // An --as-needed library that nothing loaded before it references strongly (a regular object, or a shared
        // object's undefined symbol) is dropped when GNU ld reaches it: its definitions leave the symbol table, so
        // an object named after it that needs them stays undefined and the link fails, as with GNU ld. lld and mold
        // resolve against it whatever the order; wild follows GNU ld, the reference, because Debian's gcc passes
        // --as-needed by default, so builds already tested with GNU ld name their libraries after their users (a
        // wild link that succeeds where GNU ld's fails would hide the mistake until a GNU ld build).
        bool dropped = asNeeded && !ReferencedSoFar(obj, first);
        for (int s = obj.FirstGlobal; s < syms.Length; s++)
        {
            ref readonly var sym = ref syms[s];
            int name = _db.NameOf(new SymbolId(first + s)).Value;
            if (dropped)
            {
                if (!sym.IsUndefined && !info.IsHidden(s)) _droppedAsNeeded[name] = fileId + 1;
                continue;
            }
            // Any name a shared object mentions, referenced or defined, is exported by the executable when it
            // defines it, so the library binds to the executable's definition (interposition, as in ld).
            _refs[name] |= SymbolResolution.ReferencedByShared;
            if (sym.IsUndefined)
            {
                if (!sym.IsWeak) _refs[name] |= SymbolResolution.StrongReferenceByShared;
                continue;
            }
            if (info.IsHidden(s)) continue;
            if (_rank[name] == RankCommon && sym.Type == STT_OBJECT && sym.Binding == STB_GLOBAL)
                TakeSharedOverCommon(name, fileId, s);
            else if (_def[name] < 0 || _rank[name] < RankShared)
            {
                _def[name] = first + s;
                _rank[name] = RankShared;
            }
        }
    }

    /// <summary>Whether a strong reference made before <paramref name="obj"/> was loaded (by a regular object, the
    /// entry point, -u, or another shared object) names a symbol it defines: GNU ld's test for keeping an
    /// --as-needed library when it reaches it.</summary>
    private bool ReferencedSoFar(ObjectFile obj, int first)
    {
        var syms = obj.Symbols;
        for (int s = obj.FirstGlobal; s < syms.Length; s++)
        {
            if (syms[s].IsUndefined || obj.Shared!.IsHidden(s)) continue;
            int name = _db.NameOf(new SymbolId(first + s)).Value;
            if ((_refs[name] & (SymbolResolution.StrongReference | SymbolResolution.StrongReferenceByShared)) != 0) return true;
        }
        return false;
    }

    /// <summary>
    /// Shared objects that get a DT_NEEDED: all, except --as-needed ones that define nothing a regular object
    /// references strongly (a weak reference alone does not pull a library in, as with GNU ld), or, as GNU ld's
    /// manual puts it, that a needed shared object references strongly, unless one of the needed objects already
    /// lists the library in its own DT_NEEDED (libc.so.6 names ld.so, so ld.so is not added for libc's references).
    /// Without the second rule an underlinked library (liba.so using libb.so without naming it) fails at load time.
    /// </summary>
    private FileId[] NeededSharedObjects() => _neededSharedObjects ??= FindNeededSharedObjects();

    private FileId[]? _neededSharedObjects;

    private FileId[] FindNeededSharedObjects()
    {
        var used = new bool[_objects.Length];
        if (!_shared.Any(s => s.AsNeeded)) return [.. _shared.Select(s => s.File)];
        for (int n = 0; n < _db.NameCount; n++)
            if (_def[n] >= 0 && _def[n] < _db.FileSymbolCount && (_refs[n] & SymbolResolution.StrongReference) != 0)
                used[_db.FileOf(new SymbolId(_def[n]))] = true;
        var work = new Queue<FileId>();
        // The sonames the needed libraries list in their own DT_NEEDED, grown as libraries become needed.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        void Need(FileId file)
        {
            used[file] = true;
            work.Enqueue(file);
            listed.UnionWith(_objects[file].Shared!.Needed);
        }
        foreach (var (file, asNeeded) in _shared)
            if (!asNeeded || used[file]) Need(file);
        while (work.Count > 0)
        {
            var needer = work.Dequeue();
            var obj = _objects[needer];
            var syms = obj.Symbols;
            int first = _db.FirstSymbol(needer);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
            {
                if (!syms[s].IsUndefined || syms[s].IsWeak) continue;
                int def = _def[_db.NameOf(new SymbolId(first + s)).Value];
                if (def < 0 || def >= _db.FileSymbolCount) continue;
                var lib = _db.FileOf(new SymbolId(def));
                if (used[lib] || !_objects[lib].IsShared || listed.Contains(_objects[lib].Shared!.SoName)) continue;
                Need(lib);
            }
        }
        return [.. _shared.Where(s => used[s.File]).Select(s => s.File)];
    }

    private void SelectComdatGroups(FileId fileId, ObjectFile obj)
    {
        var sections = obj.SectionHeaders;
        bool final = _options.Kind != OutputKind.Relocatable;
        for (int i = 1; i < sections.Length; i++)
        {
            // An SHF_EXCLUDE section is left out of a final link (ld -r keeps it), and GNU ld takes the symbols
            // defined in it as undefined there: they neither satisfy a reference nor clash with another definition.
            if (final && (sections[i].Flags & SHF_EXCLUDE) != 0 && sections[i].Type != SHT_GROUP)
            {
                (_discarded[fileId] ??= new bool[obj.SectionCount])[i] = true;
                continue;
            }
            // .gnu.linkonce.*: COMDAT before section groups existed. Sections of the same name are one definition:
            // the first kept, the later ones discarded whole, as GNU ld does (no duplicate symbol errors).
            if (sections[i].Type != SHT_GROUP && sections[i].Type != SHT_NULL && obj.SectionName(i).StartsWith(".gnu.linkonce."u8))
            {
                if (!_comdat.Add(LinkOnceKeyPrefix + Encoding.UTF8.GetString(obj.SectionName(i))) || !_linkOnce.KeepLinkOnce(obj, i))
                    (_discarded[fileId] ??= new bool[obj.SectionCount])[i] = true;
                continue;
            }
            if (sections[i].Type != SHT_GROUP) continue;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(obj.SectionData(i));
            if (words.Length == 0 || sections[i].Size % 4 != 0)
                throw obj.Malformed($"SHT_GROUP section [{i}] is empty or not a multiple of 4 bytes");
            if (sections[i].EntrySize != 4)
                throw obj.Malformed($"SHT_GROUP section [{i}] {obj.SectionNameString(i)} has invalid sh_entsize {sections[i].EntrySize} (expected 4)");
            if (sections[i].Link != obj.SymtabIndex)
                throw obj.Malformed($"SHT_GROUP section [{i}] {obj.SectionNameString(i)} has sh_link {sections[i].Link}, which is not the symbol table");
            if (sections[i].Info == 0 || sections[i].Info >= obj.SymbolCount)
                throw obj.Malformed($"SHT_GROUP section [{i}] has an invalid signature symbol index {sections[i].Info}");
            if ((words[0] & ~GRP_COMDAT) != 0)
                throw obj.Malformed($"SHT_GROUP section [{i}] has unknown flags 0x{words[0]:x}");
            foreach (uint member in words[1..])
                if (member == 0 || member >= (uint)obj.SectionCount)
                    throw obj.Malformed($"SHT_GROUP section [{i}] lists invalid section index {member}");
            if ((words[0] & GRP_COMDAT) == 0) continue;

            if (ClaimComdat(fileId, obj, (int)sections[i].Info)
                && _linkOnce.KeepGroup(obj, (int)sections[i].Info, words[1..]))
                continue;

            var discarded = _discarded[fileId] ??= new bool[obj.SectionCount];
            foreach (uint member in words[1..])
                discarded[member] = true;
        }
    }

    /// <summary>The gABI's merge of two visibilities: internal, then hidden, then protected constrain most; default
    /// (0) least.</summary>
    internal static byte MostConstraining(byte a, byte b) => a == STV_DEFAULT ? b : b == STV_DEFAULT ? a : Math.Min(a, b);

    /// <summary>Keeps .gnu.linkonce section names apart from group signatures in the same set.</summary>
    private const string LinkOnceKeyPrefix = "\0linkonce:";

    /// <summary>True when this is the first group with the signature of <paramref name="sigSym"/> (it is kept).</summary>
    private bool ClaimComdat(FileId fileId, ObjectFile obj, int sigSym)
    {
        // A global signature symbol's name is interned already; the same name seen through a local or section
        // symbol finds that NameId by lookup, so one signature always gets one key.
        if (sigSym >= obj.FirstGlobal && obj.Symbols[sigSym].Type != STT_SECTION)
            return _comdatByName.Add(_db.NameOf(_db.Id(fileId, sigSym)).Value);
        var sigName = obj.Symbols[sigSym].Type == STT_SECTION
            ? obj.SectionName(obj.SymbolSection(sigSym))
            : obj.SymbolName(sigSym);
        var name = _db.Lookup(sigName);
        return name.IsNone ? _comdat.Add(Encoding.UTF8.GetString(sigName)) : _comdatByName.Add(name.Value);
    }

    private bool DefinedByJustSymbols(int name) =>
        _def[name] >= 0 && _def[name] < _db.FileSymbolCount && _objects[Locate(_def[name]).File].IsJustSymbols;

    private bool IsDiscarded(FileId fileId, int section) => _discarded[fileId] is { } d && d[section];

    private (FileId File, int Index) Locate(int symbolId)
    {
        var f = _db.FileOf(new SymbolId(symbolId));
        return (f, symbolId - _db.FirstSymbol(f));
    }

    /// <summary>A name as diagnostics print it: demangled (C++ and Rust) unless --no-demangle, as lld prints it.</summary>
    private string Display(int name)
    {
        var bytes = _db.NameBytes(new NameId(name));
        return _options.Demangle && Demangler.TryDemangle(bytes, out string demangled) ? demangled : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// GNU ld: a common symbol of a regular object, followed by a shared object's strong data definition of the same
    /// name, becomes a reference to that definition (the program then copies it, initial value included: an old
    /// `int opterr;` compiled with -fcommon reads libc's 1). A weak, function or TLS definition, or a shared object
    /// read before the common, leaves the common alone. The size and alignment warnings are GNU ld's, always given.
    /// </summary>
    private void TakeSharedOverCommon(int name, FileId fileId, int s)
    {
        var (cf, ci) = Locate(_def[name]);
        var shared = _objects[fileId];
        ref readonly var sym = ref shared.Symbols[s];
        string n = Display(name), common = _objects[cf].DisplayName;
        if (_options.WarnCommon) _diagnostics.Warn($"{shared.DisplayName}: definition of `{n}' overriding common from {common}");
        ulong commonAlign = _commonAlign.GetValueOrDefault(name);
        ulong sharedAlign = sym.Value == 0 ? 0 : sym.Value & (~sym.Value + 1);
        if (sharedAlign != 0 && sharedAlign < commonAlign)
            _diagnostics.Warn($"alignment {sharedAlign} of symbol `{n}' in {shared.DisplayName} is smaller than {commonAlign} in {common}");
        ulong commonSize = _objects[cf].Symbols[ci].Size;
        if (commonSize != sym.Size)
            _diagnostics.Warn($"size of symbol `{n}' changed from {commonSize} in {common} to {sym.Size} in {shared.DisplayName}");
        _def[name] = _db.FirstSymbol(fileId) + s;
        _rank[name] = RankShared;
        // The regular object uses the name: the library is needed even under --as-needed.
        _refs[name] |= SymbolResolution.StrongReference;
    }

    /// <summary>--warn-common: a common meets another common or a definition; GNU ld's five messages, word for word
    /// (the newly read file first), so that build logs read the same.</summary>
    private void WarnCommon(int name, int existing, FileId fileId, int symbolIndex)
    {
        if (existing >= _db.FileSymbolCount || _rank[name] is RankWeak or RankShared) return;
        var (ef, ei) = Locate(existing);
        string n = Display(name), now = _objects[fileId].DisplayName, before = _objects[ef].DisplayName;
        ref readonly var sym = ref _objects[fileId].Symbols[symbolIndex];
        ref readonly var old = ref _objects[ef].Symbols[ei];
        if (!sym.IsCommon)
            _diagnostics.Warn($"{now}: definition of `{n}' overriding common from {before}");
        else if (!old.IsCommon)
            _diagnostics.Warn($"{now}: common of `{n}' overridden by definition from {before}");
        else if (old.Size > sym.Size)
            _diagnostics.Warn($"{now}: common of `{n}' overridden by larger common from {before}");
        else if (sym.Size > old.Size)
            _diagnostics.Warn($"{now}: common of `{n}' overriding smaller common from {before}");
        else
            _diagnostics.Warn($"{now} and {before}: multiple common of `{n}'");
    }

    private void ReportDuplicate(int name, int existing, FileId fileId, int symbolIndex)
    {
        var (ef, ei) = Locate(existing);
        string n = Display(name);
        _duplicates.Add(new LinkException(ErrorId.DuplicateSymbol, $"duplicate symbol: {n}", _objects[fileId].DisplayName)
            .WithContext($">>> defined at {DefinedAt(ef, ei)}")
            .WithContext($">>> defined at {DefinedAt(fileId, symbolIndex)}"));
    }

    /// <summary>Where a definition is, as lld prints it: the file, then the section and the offset in it.</summary>
    private string DefinedAt(FileId fileId, int symbolIndex)
    {
        var obj = _objects[fileId];
        ref readonly var sym = ref obj.Symbols[symbolIndex];
        int section = obj.SymbolSection(symbolIndex);
        // An LTO stub's symbols have no code yet: the file is all there is to say.
        if (!sym.IsAbsolute && (section <= 0 || section >= obj.SectionCount
                                || (_db.Inputs.AwaitsLto && obj.SectionName(section).SequenceEqual(Lto.StubObject.IrSectionName))))
            return obj.DisplayName;
        string where = sym.IsAbsolute ? "*ABS*" : obj.SectionNameString(section);
        return $"{obj.DisplayName}:({where}+0x{sym.Value:x})";
    }

    /// <summary>"hidden", "internal" or "protected": the visibility of the first loaded reference that has one.</summary>
    private string VisibilityReferenced(NameId name)
    {
        foreach (var f in _loadOrder)
        {
            var obj = _objects[f];
            if (obj.IsShared) continue;
            var syms = obj.Symbols;
            int first = _db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
                if (syms[s].IsUndefined && syms[s].Visibility != STV_DEFAULT && _db.NameOf(new SymbolId(first + s)) == name)
                    return syms[s].Visibility switch { STV_INTERNAL => "internal", STV_PROTECTED => "protected", _ => "hidden" };
        }
        return "hidden";
    }

    private void ReportUndefined(SyntheticSymbol[] synthetic)
    {
        var errors = new List<LinkException>();
        var hidden = new List<LinkException>();
        bool allowed = _options.AllowUndefinedInObjects ?? (_options.Kind == OutputKind.Shared && !_options.NoUndefined);
        for (int n = 0; n < _db.NameCount; n++)
        {
            if ((_refs[n] & SymbolResolution.StrongReference) == 0) continue;
            bool localOnly = _localOnlyReferences.Count > 0 && _localOnlyReferences.Contains(n);
            if (_def[n] >= 0 && !(localOnly && _rank[n] == RankShared)) continue;
            // A shared object may leave symbols for ld.so to find, unless --no-undefined / -z defs, and so may any
            // output under --unresolved-symbols=ignore-all|ignore-in-object-files. A hidden one cannot: ld.so never binds it.
            if (allowed && !localOnly) continue;
            var name = new NameId(n);
            var refs = UndefinedReferences.Find(_db, _wrap, _loaded, _discarded, name, _options.Kind != OutputKind.Shared, limit: 3, out int more);
            if (refs.Count == 0) continue; // Only named by -u or -e: ld does not fail for those.
            // A hidden reference with only a shared object's definition is still undefined here, as lld words it.
            string kind = localOnly ? $"{VisibilityReferenced(name)} " : "";
            var e = new LinkException(ErrorId.UndefinedSymbol, $"undefined {kind}symbol: {Display(n)}", refs[0].File);
            foreach (var r in refs) e.WithContext($">>> referenced by {r.File}:({r.Section}+0x{r.Offset:x})");
            if (more > 0) e.WithContext($">>> referenced {more} more times");
            if (_droppedAsNeeded.TryGetValue(n, out int lib))
                e.WithContext($">>> defined in {_objects[lib - 1].DisplayName}, which --as-needed dropped because nothing before it on the command line used it (name it after the objects that do)");
            // ld.so could never bind a hidden one, so no option turns it into a warning.
            (localOnly ? hidden : errors).Add(e);
        }
        Fail([.. hidden, .. errors], canWarn: hidden.Count == 0);
    }

    /// <summary>Ends the link with every error collected, or under --warn-unresolved-symbols prints them as warnings.</summary>
    private void Fail(List<LinkException> errors, bool canWarn = true)
    {
        if (errors.Count == 0) return;
        if ((_options.WarnUnresolvedSymbols || _options.NoInhibitExec) && canWarn)
        {
            foreach (var e in errors) _diagnostics.Warn(e.FullMessage);
            return;
        }
        ThrowAll(errors);
    }

    /// <summary>One exception for every error collected (the first, with the others as its siblings), if any.</summary>
    private static void ThrowAll(List<LinkException> errors)
    {
        if (errors.Count == 0) return;
        throw new LinkException(errors[0].Id, errors[0].Message, errors[0].File) { Siblings = errors.Skip(1).ToArray() }
            .WithContextFrom(errors[0]);
    }
    /// <summary>
    /// --no-allow-shlib-undefined (the default for executables, as in GNU ld and lld): a shared object in the link
    /// that leaves a symbol undefined which nothing in the link defines would fail at load time ("symbol lookup
    /// error"), so the link fails now. As lld does, a library is checked only when every library it needs (its
    /// DT_NEEDED) is in the link too; otherwise the symbol may come from one we never saw. A definition under a
    /// non-default version (sym@VER) satisfies it: ld.so binds versioned references to those.
    /// </summary>
    private void ReportSharedUndefined()
    {
        bool check = _options.AllowShlibUndefined is bool allow ? !allow : _options.Kind != OutputKind.Shared;
        if (!check || _shared.Count == 0) return;
        var known = new HashSet<string>(_shared.Select(s => _objects[s.File].Shared!.SoName), StringComparer.Ordinal);
        HashSet<int>? definedAnyVersion = null;
        var errors = new List<LinkException>();
        var reported = new HashSet<int>();
        foreach (var file in NeededSharedObjects())
        {
            var obj = _objects[file];
            if (!obj.Shared!.Needed.All(known.Contains)) continue;
            var syms = obj.Symbols;
            int first = _db.FirstSymbol(file);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
            {
                ref readonly var sym = ref syms[s];
                if (!sym.IsUndefined || sym.IsWeak) continue;
                int name = _db.NameOf(new SymbolId(first + s)).Value;
                if (_def[name] >= 0 || !reported.Add(name)) continue;
                definedAnyVersion ??= SharedDefinitionsOfAnyVersion();
                if (definedAnyVersion.Contains(name)) continue;
                errors.Add(new LinkException(ErrorId.UndefinedSymbol,
                    $"undefined reference due to --no-allow-shlib-undefined: {Display(name)}", obj.DisplayName)
                    .WithContext($">>> referenced by {obj.DisplayName}"));
            }
        }
        Fail(errors);
    }

    private HashSet<int> SharedDefinitionsOfAnyVersion()
    {
        var names = new HashSet<int>();
        foreach (var (file, _) in _shared)
        {
            var syms = _objects[file].Symbols;
            int first = _db.FirstSymbol(file);
            for (int s = _objects[file].FirstGlobal; s < syms.Length; s++)
                if (!syms[s].IsUndefined) names.Add(_db.NameOf(new SymbolId(first + s)).Value);
        }
        return names;
    }
}
