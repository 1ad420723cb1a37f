// Relocatable output, step 2: the output's .symtab: the null symbol, one section symbol per output section, each
// object's locals in input order (not section symbols, not those of dropped sections, nor those -x/-X/-s or
// --retain-symbols-file discard that no relocation or kept group names), then one global per name in first-appearance
// order (after --wrap renaming), then the names only -u, -e or --defsym give. The writer fills the table in parallel;
// this plan fixes every index and string-table offset.
using Wild.Engine.Input;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableSymbolPlan
{
    private RelocatableSymbolPlan(int[][] symbolIndex, int[] firstLocal, ulong[] localNames, int firstGlobal, int[] globals, int[] globalNames,
        ulong globalNamesAt, ulong stringTableSize, byte[] visibility, Dictionary<int, ulong> commonSize, bool[]?[] neededLocals,
        RelocatableDefSym defSyms, DiscardLocals discard, RetainedSymbols? retained, bool[] fileSymbol)
    {
        _retained = retained;
        _fileSymbol = fileSymbol;
        SymbolIndex = symbolIndex;
        FirstLocal = firstLocal;
        LocalNames = localNames;
        FirstGlobal = firstGlobal;
        Globals = globals;
        GlobalNameIds = globalNames;
        GlobalNames = globalNamesAt;
        StringTableSize = stringTableSize;
        _visibility = visibility;
        _commonSize = commonSize;
        _neededLocals = neededLocals;
        DefSyms = defSyms;
        _discard = discard;
    }

    private readonly byte[] _visibility;
    private readonly Dictionary<int, ulong> _commonSize;
    /// <summary>With -x/-X/-s: per loaded file, the local symbols a kept relocation names (null: no discarding).</summary>
    private readonly bool[]?[] _neededLocals;
    private readonly DiscardLocals _discard;
    private readonly RetainedSymbols? _retained;
    private readonly bool[] _fileSymbol;

    /// <summary>Whether the file's locals open with an STT_FILE symbol this plan adds (named <see cref="FileSymbolName"/>):
    /// GNU ld -r gives one to an object whose kept locals have none before them, so tools still find their source file.</summary>
    public bool AddsFileSymbol(FileId f) => _fileSymbol[f];

    /// <summary>The name of an added STT_FILE symbol: the input's file name without its directories (an archive member's
    /// own name), as GNU ld writes it.</summary>
    public static ReadOnlySpan<byte> FileSymbolName(ObjectFile obj)
    {
        string name = obj.DisplayName;
        if (obj.Archive is not null && name.EndsWith(')') && name.LastIndexOf('(') is int open and > 0) name = name[(open + 1)..^1];
        return System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(name));
    }

    /// <summary>Per loaded file, per input symbol: its index in the output .symtab (0: dropped). A section symbol maps to
    /// its output section's symbol; a relocation against it also moves its addend by the section's offset.</summary>
    public int[][] SymbolIndex { get; }
    /// <summary>Per file: the output index of its first kept local symbol.</summary>
    public int[] FirstLocal { get; }
    /// <summary>Per file: where its local symbols' names start in .strtab.</summary>
    public ulong[] LocalNames { get; }
    /// <summary>Index of the first global symbol (.symtab's sh_info).</summary>
    public int FirstGlobal { get; }
    /// <summary>Per global of the output, in order: the SymbolId of the input symbol that first named it, or -1 for a
    /// name only the command line gives (-u, --defsym, a --wrap target no input names).</summary>
    public int[] Globals { get; }
    /// <summary>Per global of the output, in order: its NameId (after --wrap).</summary>
    public int[] GlobalNameIds { get; }
    /// <summary>Where the globals' names start in .strtab.</summary>
    public ulong GlobalNames { get; }
    public ulong StringTableSize { get; }
    public int SymbolCount => FirstGlobal + Globals.Length;
    /// <summary>The --defsym values, placed in the output's sections.</summary>
    public RelocatableDefSym DefSyms { get; }

    /// <summary>The most constraining visibility any object gave the name.</summary>
    public byte Visibility(NameId name) => _visibility[name.Value];

    /// <summary>The largest size a common definition of the name had.</summary>
    public ulong CommonSize(NameId name) => _commonSize.TryGetValue(name.Value, out ulong size) ? size : 0;

    /// <summary>Whether local symbol <paramref name="s"/> of file <paramref name="f"/> is kept: not a section symbol
    /// (each output section has its own), not defined in a section the output dropped, and not one -x/-X/-s discards.</summary>
    public bool KeepsLocal(FileId f, ObjectFile obj, int s, int[] sectionOut) => KeepsLocal(obj, s, sectionOut, _neededLocals[f], _discard, _retained);

    private static bool KeepsLocal(ObjectFile obj, int s, int[] sectionOut, bool[]? needed, DiscardLocals discard, RetainedSymbols? retained)
    {
        if (!InKeptSection(obj, s, sectionOut)) return false;
        // GNU ld -r: -x (and -s) drop every local, -X the temporary labels (.L*), --retain-symbols-file those it does not
        // list, except those a kept relocation names, since the relocation must still name them; by default (and with
        // --discard-none) every local stays.
        return needed is null || needed[s] || PassesFilter(obj, s, discard, retained);
    }

    private static bool InKeptSection(ObjectFile obj, int s, int[] sectionOut)
    {
        ref readonly var sym = ref obj.Symbols[s];
        if (sym.Type == STT_SECTION) return false;
        if (sym.IsAbsolute) return true;
        int section = obj.SymbolSection(s);
        return section != 0 && sectionOut[section] != -1;
    }

    /// <summary>Whether the discarding options keep a local for itself, not for a relocation that names it.</summary>
    private static bool PassesFilter(ObjectFile obj, int s, DiscardLocals discard, RetainedSymbols? retained) =>
        discard switch
        {
            DiscardLocals.All => false,
            DiscardLocals.Temporary when obj.SymbolName(s).StartsWith(".L"u8) => false,
            _ => retained is null || retained.Contains(obj.SymbolName(s)),
        };

    /// <summary>GNU ld -r adds an STT_FILE symbol before an object's first local kept for itself (not only for a
    /// relocation) when no STT_FILE symbol of the object was kept before it.</summary>
    private static bool NeedsFileSymbol(ObjectFile obj, int[] sectionOut, DiscardLocals discard, RetainedSymbols? retained)
    {
        for (int s = 1; s < obj.FirstGlobal; s++)
            if (InKeptSection(obj, s, sectionOut) && PassesFilter(obj, s, discard, retained))
                return obj.Symbols[s].Type != STT_FILE;
        return false;
    }

    /// <summary>The discarding -r applies: -s acts on the symbols as -x does (GNU ld -r keeps the globals).</summary>
    private static DiscardLocals DiscardOf(LinkOptions o) =>
        o.StripAll ? DiscardLocals.All : o.DiscardLocals is DiscardLocals.All or DiscardLocals.Temporary ? o.DiscardLocals : DiscardLocals.None;

    public static RelocatableSymbolPlan Build(SymbolResolution res, RelocatableSectionPlan sections, ParallelWork work)
    {
        var objects = res.Objects;
        var db = res.Db;
        var loaded = res.LoadedFiles;
        int sectionSymbols = sections.Sections.Length;
        var discard = DiscardOf(res.Options);
        var retained = RetainedSymbols.Load(res.Options);
        var fileSymbol = new bool[objects.Length];

        // Locals: counted per object in parallel, numbered by a prefix sum in input order, then filled in parallel.
        var neededLocals = new bool[]?[objects.Length];
        var localCount = new int[loaded.Length];
        var localBytes = new ulong[loaded.Length];
        work.For(loaded.Length, i =>
        {
            var obj = objects[loaded[i]];
            var outOf = sections.SectionOut[loaded[i]];
            var needed = discard == DiscardLocals.None && retained is null ? null : NeededLocals(obj, outOf);
            neededLocals[loaded[i]] = needed;
            int count = 0;
            ulong bytes = 0;
            if (NeedsFileSymbol(obj, outOf, discard, retained))
            {
                fileSymbol[loaded[i]] = true;
                count++;
                bytes += (ulong)FileSymbolName(obj).Length + 1;
            }
            for (int s = 1; s < obj.FirstGlobal; s++)
                if (KeepsLocal(obj, s, outOf, needed, discard, retained))
                {
                    count++;
                    bytes += (ulong)obj.SymbolName(s).Length + 1;
                }
            localCount[i] = count;
            localBytes[i] = bytes;
        });
        var firstLocal = new int[objects.Length];
        var localNames = new ulong[objects.Length];
        int next = 1 + sectionSymbols;
        ulong strtab = 1;
        for (int i = 0; i < loaded.Length; i++)
        {
            firstLocal[loaded[i]] = next;
            localNames[loaded[i]] = strtab;
            next += localCount[i];
            strtab += localBytes[i];
        }
        int firstGlobal = next;

        // Globals: one per name, in the order names first appear (input order: deterministic), with the name's merged
        // visibility and largest common size found on the way. An undefined symbol names what --wrap makes of it.
        var nameIndex = new int[db.NameCount];
        var visibility = new byte[db.NameCount];
        var commonSize = new Dictionary<int, ulong>();
        var globals = new List<int>();
        var globalNames = new List<int>();
        ulong globalNamesAt = strtab;
        bool wraps = res.Options.Wrap.Count > 0;
        foreach (var f in loaded)
        {
            var obj = objects[f];
            var syms = obj.Symbols;
            int first = db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
            {
                int name = (wraps ? res.ReferenceName(f, s) : db.NameOf(new SymbolId(first + s))).Value;
                visibility[name] = Resolver.MostConstraining(visibility[name], syms[s].Visibility);
                if (syms[s].IsCommon)
                    commonSize[name] = Math.Max(commonSize.GetValueOrDefault(name), syms[s].Size);
                if (nameIndex[name] != 0) continue;
                nameIndex[name] = firstGlobal + globals.Count;
                globals.Add(first + s);
                globalNames.Add(name);
            }
        }
        // Names only the command line gives: -u and -e (undefined, as GNU ld -r lists them) and --defsym definitions.
        foreach (string extra in res.Options.Undefined.Concat(EntryName(res.Options)).Concat(res.Options.DefSym.Select(d => d.Key)))
        {
            var name = db.Lookup(extra);
            if (name.IsNone || nameIndex[name.Value] != 0) continue;
            nameIndex[name.Value] = firstGlobal + globals.Count;
            globals.Add(-1);
            globalNames.Add(name.Value);
        }
        if (retained is not null || sections.Gc is not null) FilterGlobals(res, sections, retained, nameIndex, globals, globalNames, firstGlobal);
        var defSyms = RelocatableDefSym.Build(res, sections);
        for (int g = 0; g < globals.Count; g++)
            strtab += (ulong)NameSource(res, new NameId(globalNames[g]), globals[g], out _, out _).Length + 1;

        var symbolIndex = new int[objects.Length][];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            var outOf = sections.SectionOut[f];
            var map = symbolIndex[f] = new int[obj.SymbolCount];
            var needed = neededLocals[f];
            int local = firstLocal[f] + (fileSymbol[f] ? 1 : 0);
            for (int s = 1; s < obj.FirstGlobal; s++)
            {
                if (obj.Symbols[s].Type == STT_SECTION)
                {
                    int section = obj.SymbolSection(s);
                    map[s] = section != 0 && outOf[section] >= 0 ? 1 + outOf[section] : 0;
                }
                else if (KeepsLocal(obj, s, outOf, needed, discard, retained))
                    map[s] = local++;
            }
            int first = db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
                map[s] = nameIndex[(wraps ? res.ReferenceName(f, s) : db.NameOf(new SymbolId(first + s))).Value];
        });
        return new RelocatableSymbolPlan(symbolIndex, firstLocal, localNames, firstGlobal, [.. globals], [.. globalNames], globalNamesAt,
            strtab, visibility, commonSize, neededLocals, defSyms, discard, retained, fileSymbol);
    }

    /// <summary>--retain-symbols-file: the globals it does not list go; --gc-sections: those defined in removed sections
    /// and the undefined ones only removed sections named (GNU ld 2.40 leaves these as local undefined symbols after an
    /// empty STT_FILE, names nothing uses: they are left out). Either way a global a kept relocation or a kept group's
    /// signature names stays, as the output must still name it, and so do the -u, -e and --defsym names under
    /// --gc-sections. The rest are renumbered.</summary>
    private static void FilterGlobals(SymbolResolution res, RelocatableSectionPlan sections, RetainedSymbols? retained, int[] nameIndex,
        List<int> globals, List<int> globalNames, int firstGlobal)
    {
        var db = res.Db;
        var gc = sections.Gc;
        var named = new bool[db.NameCount];
        var commandLine = new bool[db.NameCount];
        foreach (string extra in res.Options.Undefined.Concat(EntryName(res.Options)).Concat(res.Options.DefSym.Select(d => d.Key)))
            if (db.Lookup(extra) is { IsNone: false } n) commandLine[n.Value] = true;
        bool wraps = res.Options.Wrap.Count > 0;
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            var headers = obj.SectionHeaders;
            var outOf = sections.SectionOut[f];
            int first = db.FirstSymbol(f);
            for (int r = 1; r < headers.Length; r++)
            {
                bool group = headers[r].Type == SHT_GROUP && outOf[r] < -1;
                if (group && headers[r].Info >= (uint)obj.FirstGlobal && headers[r].Info < (uint)obj.SymbolCount)
                    named[NameOf((int)headers[r].Info)] = true;
                if (headers[r].Type != SHT_RELA || headers[r].Info >= (uint)outOf.Length || outOf[headers[r].Info] < 0) continue;
                var relocs = obj.Relocations(r);
                var eh = gc?.EhFrame(f, (int)headers[r].Info);
                int record = 0;
                for (int i = 0; i < relocs.Length; i++)
                {
                    uint sym = relocs[i].SymbolIndex;
                    if (sym < (uint)obj.FirstGlobal || sym >= (uint)obj.SymbolCount) continue;
                    // What the writer deletes or writes with the NONE type (a removed FDE's) names nothing.
                    if (gc is not null && gc.RemovesTarget(res, f, sym)) continue;
                    if (eh is not null)
                    {
                        while (eh.Records[record].EndReloc <= i) record++;
                        if (eh.Records[record].OutputOffset < 0) continue;
                    }
                    named[NameOf((int)sym)] = true;
                }
            }

            int NameOf(int s) => (wraps ? res.ReferenceName(f, s) : db.NameOf(new SymbolId(first + s))).Value;
        }
        int kept = 0;
        for (int g = 0; g < globals.Count; g++)
        {
            int name = globalNames[g];
            bool keep = named[name] || ((retained is null || retained.Contains(db.NameBytes(new NameId(name))))
                && (gc is null || commandLine[name] || DefinedInOutput(res, sections, new NameId(name))));
            if (!keep)
            {
                nameIndex[name] = 0;
                continue;
            }
            nameIndex[name] = firstGlobal + kept;
            (globals[kept], globalNames[kept]) = (globals[g], name);
            kept++;
        }
        globals.RemoveRange(kept, globals.Count - kept);
        globalNames.RemoveRange(kept, globalNames.Count - kept);
    }

    /// <summary>Whether an object of the output defines the name in a section the output keeps (or as absolute or common).</summary>
    private static bool DefinedInOutput(SymbolResolution res, RelocatableSectionPlan sections, NameId name)
    {
        var def = res.Definition(name);
        if (def.IsNone || res.IsSynthetic(def)) return false;
        var file = res.Db.FileOf(def);
        int index = def.Value - res.Db.FirstSymbol(file);
        var obj = res.Objects[file];
        ref readonly var sym = ref obj.Symbols[index];
        if (sym.IsUndefined) return false;
        if (sym.IsAbsolute || sym.IsCommon) return true;
        int section = obj.SymbolSection(index);
        return section > 0 && section < sections.SectionOut[file].Length && sections.SectionOut[file][section] != -1;
    }

    /// <summary>The symbol -e names, which GNU ld -r lists as undefined when no input defines it (a number names none).</summary>
    public static IEnumerable<string> EntryName(LinkOptions options) =>
        options.Entry is { Length: > 0 } e && !char.IsAsciiDigit(e[0]) ? [e] : [];

    /// <summary>The local symbols of <paramref name="obj"/> that a relocation of a kept section or a kept group names.</summary>
    private static bool[] NeededLocals(ObjectFile obj, int[] sectionOut)
    {
        var needed = new bool[obj.FirstGlobal];
        var headers = obj.SectionHeaders;
        for (int r = 1; r < headers.Length; r++)
        {
            // A kept group's signature may be a local symbol (GCC names its D5 destructor groups so): it stays too.
            if (headers[r].Type == SHT_GROUP && sectionOut[r] < -1 && headers[r].Info < (uint)needed.Length) needed[headers[r].Info] = true;
            if (headers[r].Type != SHT_RELA || headers[r].Info >= (uint)sectionOut.Length || sectionOut[headers[r].Info] < 0) continue;
            foreach (ref readonly var rel in obj.Relocations(r))
                if (rel.SymbolIndex < (uint)needed.Length) needed[rel.SymbolIndex] = true;
        }
        return needed;
    }

    /// <summary>The input symbol a global's output entry is written from: the name's definition when an object of the
    /// output defines it, else <paramref name="first"/> (the first symbol that named it; -1 for a command-line name,
    /// file -1 then). Returns its name bytes: the symbol's own (name@@VERSION stays versioned), or the name's.</summary>
    public static ReadOnlySpan<byte> NameSource(SymbolResolution res, NameId name, int first, out FileId file, out int index)
    {
        var db = res.Db;
        var def = res.Definition(name);
        if (!def.IsNone && !res.IsSynthetic(def) && !res.Objects[db.FileOf(def)].IsShared)
            first = def.Value;
        else if (first >= 0 && db.NameOf(new SymbolId(first)) != name)
            first = -1; // a --wrap'ped reference: written under the name it now names
        if (first < 0)
        {
            file = FileId.None;
        index = -1;
            return db.NameBytes(name);
        }
        file = db.FileOf(new SymbolId(first));
        index = first - db.FirstSymbol(file);
        return res.Objects[file].SymbolName(index);
    }
}
