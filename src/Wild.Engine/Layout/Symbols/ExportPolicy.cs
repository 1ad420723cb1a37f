// Which symbols a dynamic output exports, which of them other modules may preempt, and under which version:
// the verdict of --version-script, --dynamic-list, --export-dynamic-symbol(-list) and --exclude-libs for
// every defined name, computed once before relocations are scanned. Symbol visibility and -Bsymbolic are
// applied by the callers (Layout.SymbolTraits, DynamicTables) on top of this.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class ExportPolicy
{
    private const byte Local = 1, Listed = 2;

    private readonly byte[] _flags;
    private readonly ushort[] _version;
    private readonly bool _listedOnlyPreemptible;

    /// <summary>The named version nodes (--default-symver's first, then the scripts' in order); a node's index in
    /// .gnu.version is its position + 2.</summary>
    public IReadOnlyList<VersionNode> Versions { get; }

    /// <summary>Whether anything here changes the defaults (so callers can skip the lookups otherwise).</summary>
    public bool IsActive { get; }

    private ExportPolicy(byte[] flags, ushort[] version, IReadOnlyList<VersionNode> versions, bool listedOnlyPreemptible, bool active)
    {
        _flags = flags;
        _version = version;
        Versions = versions;
        _listedOnlyPreemptible = listedOnlyPreemptible;
        IsActive = active;
    }

    /// <summary>Hidden from other modules: local in a version script, or from an --exclude-libs archive.</summary>
    public bool IsLocal(NameId name) => IsActive && (_flags[name.Value] & Local) != 0;

    /// <summary>Named by --dynamic-list / --export-dynamic-symbol: exported even from an executable.</summary>
    public bool IsListed(NameId name) => IsActive && (_flags[name.Value] & Listed) != 0;

    /// <summary>
    /// With a dynamic list, a shared object binds every symbol it does not list to its own definition
    /// (GNU ld's documented -Bsymbolic-like effect); listed ones stay preemptible.
    /// </summary>
    public bool BindsLocally(NameId name) => IsLocal(name) || (_listedOnlyPreemptible && !IsListed(name));

    /// <summary>The .gnu.version index of an exported definition: 1 (global) or 2+ for a named node.</summary>
    public ushort VersionIndex(NameId name) => IsActive ? _version[name.Value] : (ushort)1;

    /// <summary>No scripts or lists: every default-visibility global is exported, unversioned.</summary>
    public static readonly ExportPolicy None = new([], [], [], false, false);

    public static ExportPolicy Build(SymbolResolution res, ParallelWork work)
    {
        var o = res.Options;
        var db = res.Db;
        var nodes = VersionScript.LoadAll(o);
        var listed = new List<SymbolPattern>();
        foreach (string path in o.DynamicLists) listed.AddRange(VersionScript.LoadDynamicList(path));
        foreach (string path in o.ExportDynamicSymbolLists) listed.AddRange(VersionScript.LoadDynamicList(path));
        foreach (string glob in o.ExportDynamicSymbols) listed.Add(SymbolPattern.Parse(glob, quoted: false));
        bool excludeAll = o.ExcludeLibs.Contains("ALL");
        var excluded = new HashSet<string>(o.ExcludeLibs, StringComparer.Ordinal);
        bool shared = o.Kind == OutputKind.Shared;
        var named = nodes.Where(n => n.Name is not null).ToList();
        // --default-symver (GNU ld): a version named after the shared object (its soname, else its file name) for every
        // export that no script or .symver gives a version; the version is defined even when nothing ends up in it.
        // GNU ld defines it first, right after the base entry, so the scripts' nodes follow it.
        ushort defaultVersion = 0;
        if (o.DefaultSymver && shared)
        {
            named.Insert(0, new VersionNode(DefaultSymverName(o), [], [], []));
            defaultVersion = 2;
        }
        int firstNodeIndex = defaultVersion != 0 ? 3 : 2;
        // A shared object may also carry versions from .symver names alone, so it is always checked.
        bool active = nodes.Count > 0 || listed.Count > 0 || o.DynamicListData || excluded.Count > 0 || shared;
        if (!active) return None;
        bool anyVersioned = false;

        var flags = new byte[db.NameCount];
        var version = new ushort[db.NameCount];
        // Exact names are looked up once; only globs need a pass over every name.
        // Order: where GNU ld meets the pattern walking the nodes (a node's global patterns, then its local ones).
        var exact = new Dictionary<int, (bool Local, ushort Version, int Order)>();
        for (int v = 0; v < nodes.Count; v++)
        {
            ushort index = (ushort)(nodes[v].Name is null ? 1 : v + firstNodeIndex);
            foreach (var (patterns, local) in new[] { (nodes[v].Global, false), (nodes[v].Local, true) })
                foreach (var p in patterns.Where(p => !p.IsGlob && !p.IsCpp))
                {
                    var name = db.Lookup(p.Text);
                    if (name.IsNone || res.Definition(name).IsNone)
                    {
                        if (o.NoUndefinedVersion && !local)
                            throw new LinkException(ErrorId.UndefinedSymbol,
                                $"version script assignment of '{nodes[v].Name ?? "global"}' to symbol '{p.Text}' failed: symbol not defined");
                        continue;
                    }
                    exact.TryAdd(name.Value, (local, index, 2 * v + (local ? 1 : 0)));
                }
        }
        foreach (var p in listed.Where(p => !p.IsGlob && !p.IsCpp))
            if (db.Lookup(p.Text) is { IsNone: false } n) flags[n.Value] |= Listed;

        var globs = new List<(SymbolPattern Pattern, bool Local, ushort Version, int Rank, int Node)>();
        for (int v = 0; v < nodes.Count; v++)
        {
            ushort index = (ushort)(nodes[v].Name is null ? 1 : v + firstNodeIndex);
            // Exact C++ names beat globs, as exact C names do (C names were looked up above).
            foreach (var p in nodes[v].Global.Where(p => p.IsGlob || p.IsCpp)) globs.Add((p, false, index, Rank(p), v));
            foreach (var p in nodes[v].Local.Where(p => p.IsGlob || p.IsCpp)) globs.Add((p, true, index, Rank(p), v));
        }
        static int Rank(SymbolPattern p) => !p.IsGlob ? 0 : p.IsCatchAll ? 2 : 1;
        // GNU ld's order (bfd_find_version_for_sym): an exact C++ name in the first node naming it; then specific globs,
        // a global one before a local one and, among those, the last node in the script (`VER1 { foo*; }; VER2 { foo*bar*; };`
        // gives foo_bar VER2, and so does the reverse order); then a lone '*' in the same way. Within a node, its first
        // matching pattern (a stable sort).
        globs = [.. globs.OrderBy(g => g.Rank).ThenBy(g => g.Rank == 0 ? 0 : g.Local ? 1 : 0).ThenBy(g => g.Rank == 0 ? g.Node : -g.Node)];
        bool cppExact = globs.Count > 0 && globs[0].Rank == 0;
        var listedGlobs = listed.Where(p => p.IsGlob || p.IsCpp).ToArray();
        bool demangle = globs.Any(g => g.Pattern.IsCpp) || listedGlobs.Any(p => p.IsCpp);

        var namedBytes = named.Select(n => System.Text.Encoding.UTF8.GetBytes(n.Name!)).ToArray();
        // Plain names that some defined `name@VER` (a non-default .symver alias) could be hiding: found once here, so
        // the loop below looks for the alias only for them.
        var symverBases = new HashSet<int>();
        if (namedBytes.Length > 0)
            for (int n = 0; n < db.NameCount; n++)
            {
                var raw = db.NameBytes(new NameId(n));
                int at = raw.IndexOf((byte)'@');
                if (at > 0 && at + 1 < raw.Length && raw[at + 1] != (byte)'@' && db.Lookup(raw[..at]) is { IsNone: false } plain)
                    symverBases.Add(plain.Value);
            }

        const int chunk = 4096;
        work.For((db.NameCount + chunk - 1) / chunk, c =>
        {
            int end = Math.Min(db.NameCount, (c + 1) * chunk);
            for (int n = c * chunk; n < end; n++)
            {
                var def = res.Definition(new NameId(n));
                if (def.IsNone || res.IsSharedDefinition(def)) continue;
                // The linker's own exported symbols (--defsym, etext, _end...) follow the scripts like any other.
                bool linkerDefined = res.IsSynthetic(def);
                if (linkerDefined && !SymbolTableBuilder.IsExportedLinkerSymbol(res, new NameId(n), res.SyntheticOf(def))) continue;
                if (linkerDefined && res.SyntheticOf(def).Kind == SyntheticKind.VersionName)
                {
                    // A version's own name symbol carries that version, whatever the patterns say.
                    version[n] = (ushort)VersionIndexOf(named, db.NameBytes(new NameId(n)), null, db.NameString(new NameId(n)));
                    continue;
                }
                var bytes = db.NameBytes(new NameId(n));
                bool local = false;
                ushort index = 1;
                string? demangled = null;
                var df = linkerDefined ? FileId.None : db.FileOf(def);
                bool symverChosen = false;
                if (!linkerDefined && VersionedName.TrySplit(res.Objects[df].SymbolName(def.Value - db.FirstSymbol(df)), out var plainName, out var ver, out bool isDefault))
                {
                    // .symver chose the version. GNU ld and lld then match the plain name against that version's own
                    // node only: a global pattern there keeps it, else a local one (`local: *`) hides it, unless
                    // --export-dynamic asks for every symbol.
                    anyVersioned = symverChosen = true;
                    int chosen = VersionIndexOf(named, ver, res.Objects[df], db.NameString(new NameId(n)));
                    index = (ushort)(chosen | (isDefault ? 0 : 0x8000));
                    local = !o.ExportDynamic && HiddenByOwnNode(named[chosen - 2], plainName);
                }
                else if (exact.TryGetValue(n, out var e))
                {
                    (local, index) = (e.Local, e.Version);
                    // An exact C++ name met before it (an earlier node, or the global side of the same node) wins.
                    if (cppExact)
                    {
                        demangled = Symbols.Demangler.TryDemangle(bytes, out var d) ? d : null;
                        foreach (var g in globs)
                        {
                            if (g.Rank != 0 || 2 * g.Node + (g.Local ? 1 : 0) >= e.Order) break;
                            if (g.Pattern.Matches(bytes, demangled)) { (local, index) = (g.Local, g.Version); break; }
                        }
                    }
                }
                else
                {
                    demangled = demangle && Symbols.Demangler.TryDemangle(bytes, out var d) ? d : null;
                    foreach (var g in globs)
                        if (g.Pattern.Matches(bytes, demangled)) { (local, index) = (g.Local, g.Version); break; }
                }
                // `.symver foo, foo@V` leaves both foo and its alias foo@V in the object. GNU ld and lld export only
                // foo@V and hide the plain foo (whatever version a script gives it: else foo@@V would stand beside foo@V).
                if (!local && !linkerDefined && !symverChosen && symverBases.Contains(n))
                    foreach (var v in namedBytes)
                        if (IsSymverAliasOf(res, def, bytes, v)) { local = true; break; }
                if (index == 1 && defaultVersion != 0) index = defaultVersion;
                if (!local && excluded.Count > 0 && !linkerDefined)
                {
                    var archive = res.Objects[db.FileOf(def)].Archive;
                    local = archive is not null && (excludeAll || excluded.Contains(Path.GetFileName(archive.Path)));
                }
                byte f = local ? Local : (byte)0;
                if (listedGlobs.Length > 0 && demangled is null && demangle && Symbols.Demangler.TryDemangle(bytes, out var d2)) demangled = d2;
                foreach (var p in listedGlobs)
                    if (p.Matches(bytes, demangled)) { f |= Listed; break; }
                if (o.DynamicListData && !local && !linkerDefined && IsData(res, def)) f |= Listed;
                flags[n] |= f;
                version[n] = index;
            }
        });
        bool listedOnly = shared && (o.DynamicLists.Count > 0 || o.DynamicListData);
        if (shared && nodes.Count == 0 && listed.Count == 0 && excluded.Count == 0 && !o.DynamicListData && !anyVersioned && defaultVersion == 0) return None;
        return new ExportPolicy(flags, version, named, listedOnly, true);
    }

    /// <summary>--default-symver's version: the shared object's soname, else its file name.</summary>
    internal static string DefaultSymverName(LinkOptions o) => o.SoName ?? Path.GetFileName(o.OutputPath);

    /// <summary>Whether the file defining <paramref name="def"/> (named <paramref name="name"/>) also defines
    /// name@<paramref name="version"/> at the same place: the alias `.symver name, name@version` makes.</summary>
    private static bool IsSymverAliasOf(SymbolResolution res, SymbolId def, ReadOnlySpan<byte> name, byte[] version)
    {
        int length = name.Length + 1 + version.Length;
        Span<byte> spelled = length <= 256 ? stackalloc byte[length] : new byte[length];
        name.CopyTo(spelled);
        spelled[name.Length] = (byte)'@';
        version.CopyTo(spelled[(name.Length + 1)..]);
        var db = res.Db;
        var alias = db.Lookup(spelled);
        if (alias.IsNone) return false;
        var aliasDef = res.Definition(alias);
        if (aliasDef.IsNone || res.IsSharedDefinition(aliasDef) || res.IsSynthetic(aliasDef) || db.FileOf(aliasDef) != db.FileOf(def))
            return false;
        ref readonly var a = ref db.Symbol(aliasDef);
        ref readonly var d = ref db.Symbol(def);
        return a.SectionIndex == d.SectionIndex && a.Value == d.Value;
    }

    /// <summary>Whether the version node a .symver name chose hides it: none of its global patterns matches the
    /// name without its version and one of its local ones does.</summary>
    private static bool HiddenByOwnNode(VersionNode node, ReadOnlySpan<byte> plainName)
    {
        if (node.Local.Count == 0) return false;
        string? demangled = (node.Global.Any(p => p.IsCpp) || node.Local.Any(p => p.IsCpp))
                            && Symbols.Demangler.TryDemangle(plainName, out var d) ? d : null;
        foreach (var p in node.Global)
            if (p.Matches(plainName, demangled)) return false;
        foreach (var p in node.Local)
            if (p.Matches(plainName, demangled)) return true;
        return false;
    }

    private static int VersionIndexOf(List<VersionNode> named, ReadOnlySpan<byte> version, ObjectFile? obj, string symbol)
    {
        for (int v = 0; v < named.Count; v++)
            if (version.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(named[v].Name!))) return v + 2;
        throw new LinkException(ErrorId.UndefinedSymbol,
            $"{obj?.DisplayName ?? "wild"}: symbol '{symbol}' has version '{System.Text.Encoding.UTF8.GetString(version)}', which no version script defines", obj?.DisplayName);
    }

    private static bool IsData(SymbolResolution res, SymbolId def)
    {
        byte type = res.Db.Symbol(def).Type;
        return type is Elf.ElfConstants.STT_OBJECT or Elf.ElfConstants.STT_COMMON or Elf.ElfConstants.STT_TLS;
    }
}
