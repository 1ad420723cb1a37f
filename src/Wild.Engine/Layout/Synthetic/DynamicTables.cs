// The dynamic symbol table of a dynamic executable and the tables that index it: .dynsym, .dynstr,
// .gnu.hash, .hash, .gnu.version and .gnu.version_r. Imports come first (undefined, with the version the
// shared object defines them with), then the symbols the executable defines for ld.so: copies of shared
// data (with every alias at the same address, so the library binds to the copy too), canonical PLT
// entries, and symbols shared objects reference. Built (and sized) by "Linker-made sections"; the writer
// writes each table once addresses are known.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class DynamicTables
{
    private readonly record struct Entry(NameId Name, SymbolId Symbol, bool Defined, FileId SharedFile, int VersionIndex);

    private readonly List<Entry> _entries = [new(NameId.None, SymbolId.None, false, FileId.None, 0)];
    private readonly Dictionary<int, int> _indexOfName = [];
    private readonly List<byte> _strings = [0];
    private readonly Dictionary<string, uint> _stringOffsets = new(StringComparer.Ordinal);
    private readonly uint[] _nameOffsets;
    // Per needed shared object: its soname and the versions imports use, with their output indices.
    private readonly List<(FileId File, uint SoName, List<(string Name, int Index)> Versions)> _needs = [];
    private int _defineStart;
    private int _gnuBuckets, _bloomWords;

    public DynamicTables(SymbolResolution res, ExportPolicy exports, SymbolTraitsTable traits, RelocationNeeds needs,
        CommonSymbols copies, SectionMap map, OutputSections outputs)
    {
        var db = res.Db;
        var options = res.Options;
        bool sharedOutput = options.Kind == OutputKind.Shared;
        var flags = needs.Needs;
        var imports = new SortedDictionary<int, SymbolId>();
        var defines = new SortedDictionary<int, SymbolId>();

        for (int id = 0; id < flags.Length; id++)
        {
            if ((flags[id] & SymbolNeeds.DynamicSymbol) == 0) continue;
            var sid = new SymbolId(id);
            // A preemptible linker-defined symbol (_end in a shared object) has no input symbol to name it.
            var name = res.NameOf(sid);
            if (name.IsNone) continue;
            // Copies, canonical PLT entries and the shared object's own (preemptible) definitions are defined
            // here: ld.so must find them through the hash tables. The rest are imports.
            bool definedHere = (flags[id] & (SymbolNeeds.Copy | SymbolNeeds.CanonicalPlt)) != 0
                               || (!res.IsSharedDefinition(sid) && !res.IsSynthetic(sid) && !traits.Of(sid).Undefined);
            if (definedHere) defines.TryAdd(name.Value, sid);
            else imports.TryAdd(name.Value, sid);
        }
        // Aliases of copied data (environ and __environ...) must resolve to the copy as well.
        foreach (var alias in copies.CopyAliases)
        {
            var name = db.NameOf(alias);
            imports.Remove(name.Value);
            defines.TryAdd(name.Value, alias);
        }
        // What shared objects reference, or everything with --export-dynamic, from the executable itself.
        for (int n = 0; n < db.NameCount; n++)
        {
            var name = new NameId(n);
            var def = res.Definition(name);
            // GNU ld exports a version's name symbol from a PIE with a version script as from a shared object.
            bool wanted = sharedOutput || options.ExportDynamic
                          || (res.References(name) & SymbolResolution.ReferencedByShared) != 0 || exports.IsListed(name)
                          || (!def.IsNone && res.IsSynthetic(def) && res.SyntheticOf(def).Kind == SyntheticKind.VersionName);
            if (!wanted || defines.ContainsKey(n) || exports.IsLocal(name)) continue;
            // Linker-defined globals (--defsym names, etext, _end, __start_SEC...) are exported as GNU ld exports them.
            if (!def.IsNone && res.IsSynthetic(def) && SymbolTableBuilder.IsExportedLinkerSymbol(res, name, res.SyntheticOf(def)))
            {
                imports.Remove(n);
                defines.TryAdd(n, def);
                continue;
            }
            if (def.IsNone || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
            var f = db.FileOf(def);
            ref readonly var sym = ref res.Objects[f].Symbols[def.Value - db.FirstSymbol(f)];
            if (sym.Visibility is STV_HIDDEN or STV_INTERNAL) continue;
            if (!sym.IsCommon && !sym.IsAbsolute && outputs.OutputOf(map.Flat(f, res.Objects[f].SymbolSection(def.Value - db.FirstSymbol(f)))) is null) continue;
            imports.Remove(n);
            defines.TryAdd(n, def);
        }

        foreach (var so in res.SharedObjects)
            _needs.Add((so, AddString(res.Objects[so].Shared!.SoName), []));
        foreach (var (n, id) in imports) Add(res, exports, new NameId(n), id, defined: false);
        _defineStart = _entries.Count;
        _gnuBuckets = Math.Max(1, defines.Count / 4);
        // .gnu.hash wants the defined symbols grouped by bucket.
        var ordered = defines.Select(kv => (kv.Key, kv.Value, Hash: GnuHash(Exported(db.NameBytes(new NameId(kv.Key))))))
            .OrderBy(x => x.Hash % (uint)_gnuBuckets).ThenBy(x => x.Key).ToList();
        foreach (var (n, id, _) in ordered) Add(res, exports, new NameId(n), id, defined: true);
        if (options.Z.PackRelativeRelocs && options.Kind is OutputKind.Pie or OutputKind.Shared) AddDtRelrVersion(res, exports);
        _bloomWords = (int)Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, defines.Count / 8)));

        _nameOffsets = new uint[_entries.Count];
        for (int i = 1; i < _entries.Count; i++) _nameOffsets[i] = AddString(Exported(db.NameBytes(_entries[i].Name)));
        if (options.RPath.Count > 0) RunPathOffset = AddString(JoinRunPath(options.RPath));
        if (sharedOutput && options.SoName is { } soname) SoNameOffset = AddString(soname);
        // Filters and audit libraries, in GNU ld's order of their tags. ld.so splits DT_AUDIT and DT_DEPAUDIT at ':'
        // and takes one name per DT_FILTER/DT_AUXILIARY entry.
        var named = new List<DynamicEntry>();
        if (options.Filter is { } filter) named.Add(new(DT_FILTER, Value: AddString(filter)));
        foreach (string aux in options.AuxiliaryFilters) named.Add(new(DT_AUXILIARY, Value: AddString(aux)));
        if (options.Audit.Count > 0) named.Add(new(DT_AUDIT, Value: AddString(string.Join(':', options.Audit))));
        if (options.DepAudit.Count > 0) named.Add(new(DT_DEPAUDIT, Value: AddString(string.Join(':', options.DepAudit))));
        NamedLibraries = named;
        foreach (var need in _needs)
            foreach (var v in need.Versions) AddString(v.Name);
        _definedVersions = exports.Versions;
        // Only the base entry of a version definition section names the file itself (its soname, else the
        // output's file name, as GNU ld does); anywhere else the output's bytes must not depend on its name.
        if (_definedVersions.Count > 0)
            _versionBase = AddString(options.SoName ?? Path.GetFileName(options.OutputPath));
        foreach (var node in _definedVersions) AddString(node.Name!);
    }

    private readonly uint _versionBase;
    private readonly IReadOnlyList<Input.VersionNode> _definedVersions;

    /// <summary>DT_RUNPATH's (or DT_RPATH's) string, null without -rpath.</summary>
    public uint? RunPathOffset { get; }
    public uint? SoNameOffset { get; private set; }
    /// <summary>DT_FILTER, DT_AUXILIARY, DT_AUDIT and DT_DEPAUDIT entries, each with its name's .dynstr offset.</summary>
    public IReadOnlyList<DynamicEntry> NamedLibraries { get; }
    public int Count => _entries.Count;
    public IReadOnlyList<uint> NeededOffsets => field ??= [.. _needs.Select(n => n.SoName)];
    public int VersionNeedCount => _needs.Count(n => n.Versions.Count > 0);
    /// <summary>Version definitions: the base (the file's own name) and one per named version node.</summary>
    public int VersionDefinitionCount => _definedVersions.Count == 0 ? 0 : 1 + _definedVersions.Count;
    public bool HasVersions => VersionNeedCount > 0 || VersionDefinitionCount > 0;

    public ulong VersionDefinitionSize =>
        VersionDefinitionCount == 0 ? 0 : 28 + (ulong)_definedVersions.Sum(v => 20 + 8 * (1 + v.Parents.Count));

    public int IndexOf(NameId name) => _indexOfName.TryGetValue(name.Value, out int i) ? i : 0;

    public byte[] StringTable => _strings.ToArray();

    public ulong GnuHashSize => 16 + (ulong)_bloomWords * 8 + (ulong)_gnuBuckets * 4 + (ulong)(_entries.Count - _defineStart) * 4;

    public ulong SysvHashSize => 8 + (ulong)SysvBuckets * 4 + (ulong)_entries.Count * 4;

    private int SysvBuckets => Math.Max(1, _entries.Count / 2);

    public ulong VersionNeedSize => (ulong)_needs.Where(n => n.Versions.Count > 0).Sum(n => 16 + 16 * n.Versions.Count);

    private void Add(SymbolResolution res, ExportPolicy exports, NameId name, SymbolId id, bool defined)
    {
        var sharedFile = FileId.None;
        int version = 1;
        if (res.IsSharedDefinition(id))
        {
            var db = res.Db;
            sharedFile = db.FileOf(id);
            var info = res.Objects[sharedFile].Shared!;
            int vi = info.VersionIndex(id.Value - db.FirstSymbol(sharedFile));
            if (vi >= 2 && info.VersionName(vi) is { } vname)
            {
                var need = _needs.FirstOrDefault(n => n.File == sharedFile);
                if (need.Versions is not null)
                {
                    int at = need.Versions.FindIndex(v => v.Name == vname);
                    if (at < 0)
                    {
                        // Needed versions are numbered after this file's own definitions.
                        int index = 2 + exports.Versions.Count + _needs.Sum(n => n.Versions.Count);
                        need.Versions.Add((vname, index));
                        version = index;
                    }
                    else
                        version = need.Versions[at].Index;
                }
            }
        }
        _indexOfName[name.Value] = _entries.Count;
        _entries.Add(new Entry(name, id, defined, sharedFile, version));
    }

    /// <summary>
    /// -z pack-relative-relocs: a version need GLIBC_ABI_DT_RELR on libc, so that a glibc older than 2.36, whose
    /// ld.so would ignore DT_RELR and run the program unrelocated, refuses it instead. As GNU ld does: only when
    /// the output already needs a GLIBC_2.* version of a libc.so.* (whether or not this libc defines the new
    /// version, and even when nothing ends up packed). Without glibc the output is packed all the same.
    /// </summary>
    private void AddDtRelrVersion(SymbolResolution res, ExportPolicy exports)
    {
        const string version = "GLIBC_ABI_DT_RELR";
        foreach (var need in _needs)
        {
            if (!res.Objects[need.File].Shared!.SoName.StartsWith("libc.so.", StringComparison.Ordinal)) continue;
            if (!need.Versions.Exists(v => v.Name.StartsWith("GLIBC_2.", StringComparison.Ordinal))) continue;
            if (need.Versions.Exists(v => v.Name == version)) return;
            need.Versions.Add((version, 2 + exports.Versions.Count + _needs.Sum(n => n.Versions.Count)));
            return;
        }
    }

    private uint AddString(string s) => AddString(Encoding.UTF8.GetBytes(s));

    private uint AddString(ReadOnlySpan<byte> bytes)
    {
        string key = Encoding.UTF8.GetString(bytes);
        if (_stringOffsets.TryGetValue(key, out uint off)) return off;
        off = (uint)_strings.Count;
        foreach (byte b in bytes) _strings.Add(b);
        _strings.Add(0);
        _stringOffsets[key] = off;
        return off;
    }

    /// <summary>Writes one of the tables (.dynsym, .gnu.hash, .hash, .gnu.version, .gnu.version_r, .gnu.version_d)
    /// into <paramref name="dest"/>, now that addresses are final.</summary>
    public void Write(SyntheticContent table, Layout layout, Span<byte> dest)
    {
        var contents = table switch
        {
            SyntheticContent.DynSym => BuildSymbols(layout),
            SyntheticContent.GnuHash => BuildGnuHash(layout.Db),
            SyntheticContent.SysvHash => BuildSysvHash(layout.Db),
            SyntheticContent.VerSym => BuildVersionSymbols(layout.Exports),
            SyntheticContent.VerNeed => BuildVersionNeeds(),
            SyntheticContent.VerDef => BuildVersionDefinitions(layout.Exports),
            _ => throw new InvalidOperationException($"{table} is not a dynamic table"),
        };
        if (contents.Length != dest.Length)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: dynamic table {table} has {contents.Length} bytes, layout sized {dest.Length}");
        contents.CopyTo(dest);
    }

    private byte[] BuildSymbols(Layout layout)
    {
        var res = layout.Resolution;
        var db = layout.Db;
        var syms = new Elf64Symbol[_entries.Count];
        for (int i = 1; i < _entries.Count; i++)
        {
            var e = _entries[i];
            if (!e.Symbol.IsNone && res.IsSynthetic(e.Symbol))
            {
                // Only defined ones are entered: the same type, section and value as in .symtab.
                syms[i] = SymbolTableBuilder.LinkerSymbolEntry(layout, e.Symbol);
                syms[i].Name = _nameOffsets[i];
                continue;
            }
            var definition = !e.Symbol.IsNone ? db.Symbol(e.Symbol) : default;
            byte type = definition.Type;
            int symbolFlags = layout.Needs.Needs[e.Symbol.Value];
            bool canonicalPlt = e.SharedFile >= 0 && layout.Needs.PltIndex[e.Symbol.Value] >= 0 && (symbolFlags & SymbolNeeds.CanonicalPlt) != 0;
            bool ownDefinition = e.Defined && !canonicalPlt;
            // A symbol another module defines is weak here only when every reference to it is; a definition
            // (or a copy) keeps its own binding. An imported IFUNC is an ordinary function to this module.
            bool weak = ownDefinition ? definition.IsWeak : (res.References(e.Name) & SymbolResolution.StrongReference) == 0;
            if (!ownDefinition && type == STT_GNU_IFUNC) type = STT_FUNC;
            var entry = new Elf64Symbol
            {
                Name = _nameOffsets[i],
                // STB_GNU_UNIQUE stays: ld.so binds every module's copy (even RTLD_LOCAL ones) to one definition.
                Info = Elf64Symbol.MakeInfo(ownDefinition && definition.Binding == STB_GNU_UNIQUE ? STB_GNU_UNIQUE : weak ? STB_WEAK : STB_GLOBAL,
                    type == STT_COMMON ? STT_OBJECT : type),
                Size = ownDefinition ? layout.SymbolSize(e.Symbol) : 0,
                Other = ownDefinition && e.SharedFile < 0 && definition.Visibility == STV_PROTECTED ? STV_PROTECTED : STV_DEFAULT,
            };
            // An executable's own IFUNC that other modules use: exported as a plain function at its PLT entry, the
            // address the program itself uses for it (as GNU ld does in non-PIE output). Exported as an IFUNC, ld.so
            // would have to call the program's resolver before the program is relocated, which it refuses
            // ("unsatisfiable circular dependency"), and pointers to it would differ between modules.
            bool executableIfunc = ownDefinition && type == STT_GNU_IFUNC && e.SharedFile < 0
                && res.Options.Kind != OutputKind.Shared && layout.Needs.PltIndex[e.Symbol.Value] >= 0;
            if (executableIfunc)
            {
                entry.Info = Elf64Symbol.MakeInfo(weak ? STB_WEAK : STB_GLOBAL, STT_FUNC);
                entry.Size = 0;
                entry.Value = layout.PltEntryAddress(e.Symbol);
                entry.SectionIndex = (ushort)(layout.SectionIndexOfAddress(entry.Value, tls: false) ?? SHN_ABS);
            }
            else if (canonicalPlt)
            {
                // Undefined, but valued: the PLT entry is the function's address everywhere in the process
                // (pointer equality), and ld.so finds it through the hash tables.
                entry.Value = layout.PltEntryAddress(e.Symbol);
            }
            else if (e.Defined)
            {
                ulong value = layout.RawSymbolValue(e.Symbol);
                entry.Value = layout.SymbolTableValue(value, type);
                // An object's own definition is in its input section's output section, which the address alone
                // does not tell when an empty section starts there; a copy is wherever the copy was placed.
                ushort? own = e.SharedFile < 0 && !res.IsSharedDefinition(e.Symbol) ? SymbolTableBuilder.DefinedSectionOf(layout, e.Symbol) : null;
                entry.SectionIndex = own ?? (ushort)(layout.SectionIndexOfAddress(value, tls: type == STT_TLS) ?? SHN_ABS);
            }
            syms[i] = entry;
        }
        return MemoryMarshal.AsBytes(syms.AsSpan()).ToArray();
    }

    private byte[] BuildVersionSymbols(ExportPolicy exports)
    {
        var bytes = new byte[_entries.Count * 2];
        for (int i = 1; i < _entries.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2),
                _entries[i].Defined && _entries[i].SharedFile < 0 ? exports.VersionIndex(_entries[i].Name) : (ushort)_entries[i].VersionIndex);
        return bytes;
    }

    /// <summary>.gnu.version_d: the base entry, then each node with its parents as extra aux entries. A node that names
    /// no symbol and that no symbol takes (a dependency-only version such as <c>FOO_DEP { };</c>) is marked
    /// VER_FLG_WEAK, as GNU ld marks it (binutils pr24718).</summary>
    private byte[] BuildVersionDefinitions(ExportPolicy exports)
    {
        var used = new bool[_definedVersions.Count];
        var nodeNames = new uint[_definedVersions.Count];
        for (int v = 0; v < nodeNames.Length; v++) nodeNames[v] = _stringOffsets[_definedVersions[v].Name!];
        for (int i = 1; i < _entries.Count; i++)
        {
            if (!_entries[i].Defined || _entries[i].SharedFile >= 0) continue;
            // Node v has index v + 2 (after local and base); the top bit marks a hidden, non-default version. The
            // absolute symbol named after the node itself, which every node gets, does not count as taking it.
            int v = (exports.VersionIndex(_entries[i].Name) & 0x7fff) - 2;
            if ((uint)v < (uint)used.Length && _nameOffsets[i] != nodeNames[v]) used[v] = true;
        }
        var bytes = new byte[VersionDefinitionSize];
        int pos = 0;
        string baseName = Encoding.UTF8.GetString(_strings.Skip((int)_versionBase).TakeWhile(b => b != 0).ToArray());
        WriteVersionDefinition(bytes, ref pos, 1 /* VER_FLG_BASE */, 1, baseName, [], _definedVersions.Count == 0);
        for (int v = 0; v < _definedVersions.Count; v++)
        {
            var node = _definedVersions[v];
            ushort flags = node.Global.Count == 0 && node.Local.Count == 0 && !used[v] ? (ushort)2 /* VER_FLG_WEAK */ : (ushort)0;
            WriteVersionDefinition(bytes, ref pos, flags, (ushort)(v + 2), node.Name!, node.Parents, v == _definedVersions.Count - 1);
        }
        return bytes;
    }

    private void WriteVersionDefinition(Span<byte> span, ref int pos, ushort flags, ushort index, string name, IReadOnlyList<string> parents, bool last)
    {
        int size = 20 + 8 * (1 + parents.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], 1);                                  // vd_version
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], flags);                        // vd_flags
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 4)..], index);                        // vd_ndx
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 6)..], (ushort)(1 + parents.Count));  // vd_cnt
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 8)..], SysvHash(Encoding.UTF8.GetBytes(name))); // vd_hash
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 12)..], 20);                          // vd_aux
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 16)..], last ? 0u : (uint)size);      // vd_next
        string[] names = [name, .. parents];
        for (int k = 0; k < names.Length; k++)
        {
            int a = pos + 20 + 8 * k;
            BinaryPrimitives.WriteUInt32LittleEndian(span[a..], _stringOffsets[names[k]]);                 // vda_name
            BinaryPrimitives.WriteUInt32LittleEndian(span[(a + 4)..], k == names.Length - 1 ? 0u : 8u);    // vda_next
        }
        pos += size;
    }

    private byte[] BuildGnuHash(SymbolDb db)
    {
        int defined = _entries.Count - _defineStart;
        var bytes = new byte[GnuHashSize];
        var span = bytes.AsSpan();
        const int shift = 26;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)_gnuBuckets);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)_defineStart);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)_bloomWords);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], shift);
        var bloom = MemoryMarshal.Cast<byte, ulong>(span.Slice(16, _bloomWords * 8));
        var buckets = MemoryMarshal.Cast<byte, uint>(span.Slice(16 + _bloomWords * 8, _gnuBuckets * 4));
        var chain = MemoryMarshal.Cast<byte, uint>(span[(16 + _bloomWords * 8 + _gnuBuckets * 4)..]);
        for (int i = 0; i < defined; i++)
        {
            int index = _defineStart + i;
            uint h = GnuHash(Exported(db.NameBytes(_entries[index].Name)));
            bloom[(int)((h / 64) % (uint)_bloomWords)] |= (1UL << (int)(h % 64)) | (1UL << (int)((h >> shift) % 64));
            uint bucket = h % (uint)_gnuBuckets;
            if (buckets[(int)bucket] == 0) buckets[(int)bucket] = (uint)index;
            bool last = i == defined - 1 || GnuHash(Exported(db.NameBytes(_entries[index + 1].Name))) % (uint)_gnuBuckets != bucket;
            chain[i] = (h & ~1u) | (last ? 1u : 0u);
        }
        return bytes;
    }

    private byte[] BuildSysvHash(SymbolDb db)
    {
        int nbucket = SysvBuckets, nchain = _entries.Count;
        var bytes = new byte[SysvHashSize];
        var words = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan());
        words[0] = (uint)nbucket;
        words[1] = (uint)nchain;
        var buckets = words.Slice(2, nbucket);
        var chains = words.Slice(2 + nbucket, nchain);
        for (int i = 1; i < _entries.Count; i++)
        {
            uint b = SysvHash(Exported(db.NameBytes(_entries[i].Name))) % (uint)nbucket;
            chains[i] = buckets[(int)b];
            buckets[(int)b] = (uint)i;
        }
        return bytes;
    }

    private byte[] BuildVersionNeeds()
    {
        var bytes = new byte[VersionNeedSize];
        var span = bytes.AsSpan();
        var needs = _needs.Where(n => n.Versions.Count > 0).ToList();
        int pos = 0;
        for (int k = 0; k < needs.Count; k++)
        {
            var (_, soname, versions) = needs[k];
            int size = 16 + 16 * versions.Count;
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], 1);                        // vn_version
            BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], (ushort)versions.Count); // vn_cnt
            BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 4)..], soname);             // vn_file
            BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 8)..], 16);                 // vn_aux
            BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 12)..], k == needs.Count - 1 ? 0u : (uint)size); // vn_next
            for (int v = 0; v < versions.Count; v++)
            {
                int a = pos + 16 + v * 16;
                var name = Encoding.UTF8.GetBytes(versions[v].Name);
                BinaryPrimitives.WriteUInt32LittleEndian(span[a..], SysvHash(name));         // vna_hash
                BinaryPrimitives.WriteUInt16LittleEndian(span[(a + 4)..], 0);                // vna_flags
                BinaryPrimitives.WriteUInt16LittleEndian(span[(a + 6)..], (ushort)versions[v].Index); // vna_other
                BinaryPrimitives.WriteUInt32LittleEndian(span[(a + 8)..], _stringOffsets[versions[v].Name]); // vna_name
                BinaryPrimitives.WriteUInt32LittleEndian(span[(a + 12)..], v == versions.Count - 1 ? 0u : 16u); // vna_next
            }
            pos += size;
        }
        return bytes;
    }

    /// <summary>A `name@VER` definition (a .symver non-default version) is exported as `name`; .gnu.version says which.</summary>
    private static ReadOnlySpan<byte> Exported(ReadOnlySpan<byte> name)
    {
        int at = name.IndexOf((byte)'@');
        return at > 0 ? name[..at] : name;
    }

    public static uint GnuHash(ReadOnlySpan<byte> name)
    {
        uint h = 5381;
        foreach (byte b in name) h = h * 33 + b;
        return h;
    }

    public static uint SysvHash(ReadOnlySpan<byte> name)
    {
        uint h = 0;
        foreach (byte b in name)
        {
            h = (h << 4) + b;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    /// <summary>
    /// The -rpath arguments in command-line order, joined with ':' as GNU ld joins them. An argument already in the
    /// list is left out: GNU ld looks for it at the start of each ':'-separated part, ending at a ':' or the end, so
    /// "/a" is found in "/a:/b", and so is "/a:/b" itself.
    /// </summary>
    internal static string JoinRunPath(IReadOnlyList<string> rpath)
    {
        var joined = new System.Text.StringBuilder();
        foreach (string dir in rpath)
        {
            if (joined.Length > 0 && ContainsRunPathEntry(joined.ToString(), dir)) continue;
            if (joined.Length > 0) joined.Append(':');
            joined.Append(dir);
        }
        return joined.ToString();
    }

    private static bool ContainsRunPathEntry(string joined, string dir)
    {
        for (int at = 0; at >= 0; at = joined.IndexOf(':', at) is int colon and >= 0 ? colon + 1 : -1)
        {
            if (string.CompareOrdinal(joined, at, dir, 0, dir.Length) == 0 && joined.Length - at >= dir.Length
                && (at + dir.Length == joined.Length || joined[at + dir.Length] == ':'))
                return true;
        }
        return false;
    }
}
