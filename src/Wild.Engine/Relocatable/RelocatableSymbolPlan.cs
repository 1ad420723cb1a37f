// Relocatable output, step 2: the output's .symtab. Order: the null symbol, one section symbol per output section,
// every object's local symbols in input order (its STT_FILE symbol first, as the compiler wrote it; section symbols
// and locals of dropped sections left out), then one global per name, in the order names first appear. A global is
// its chosen definition (re-based into its output section), a common (largest size and alignment), or undefined
// (weak only if no reference is strong); its visibility is the most constraining any object gave. The writer fills
// the table; this plan fixes every index and string-table offset, so it can fill it in parallel.
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableSymbolPlan
{
    private RelocatableSymbolPlan(int[][] symbolIndex, int[] firstLocal, ulong[] localNames, int firstGlobal, int[] globals, ulong globalNames,
        ulong stringTableSize, byte[] visibility, Dictionary<int, ulong> commonSize)
    {
        SymbolIndex = symbolIndex;
        FirstLocal = firstLocal;
        LocalNames = localNames;
        FirstGlobal = firstGlobal;
        Globals = globals;
        GlobalNames = globalNames;
        StringTableSize = stringTableSize;
        _visibility = visibility;
        _commonSize = commonSize;
    }

    private readonly byte[] _visibility;
    private readonly Dictionary<int, ulong> _commonSize;

    /// <summary>Per loaded file, per input symbol: its index in the output .symtab (0: dropped). A section symbol maps to
    /// its output section's symbol; a relocation against it also moves its addend by the section's offset.</summary>
    public int[][] SymbolIndex { get; }
    /// <summary>Per file: the output index of its first kept local symbol.</summary>
    public int[] FirstLocal { get; }
    /// <summary>Per file: where its local symbols' names start in .strtab.</summary>
    public ulong[] LocalNames { get; }
    /// <summary>Index of the first global symbol (.symtab's sh_info).</summary>
    public int FirstGlobal { get; }
    /// <summary>Per global of the output, in order: the SymbolId of the input symbol that first named it.</summary>
    public int[] Globals { get; }
    /// <summary>Where the globals' names start in .strtab.</summary>
    public ulong GlobalNames { get; }
    public ulong StringTableSize { get; }
    public int SymbolCount => FirstGlobal + Globals.Length;

    /// <summary>The most constraining visibility any object gave the name.</summary>
    public byte Visibility(NameId name) => _visibility[name.Value];

    /// <summary>The largest size a common definition of the name had.</summary>
    public ulong CommonSize(NameId name) => _commonSize.TryGetValue(name.Value, out ulong size) ? size : 0;

    /// <summary>Whether a local symbol of <paramref name="obj"/> is kept: not a section symbol (each output section has
    /// its own) and not defined in a section the output dropped.</summary>
    public static bool KeepsLocal(ObjectFile obj, int s, int[] sectionOut)
    {
        ref readonly var sym = ref obj.Symbols[s];
        if (sym.Type == STT_SECTION) return false;
        if (sym.IsAbsolute) return true;
        int section = obj.SymbolSection(s);
        return section != 0 && sectionOut[section] != -1;
    }

    public static RelocatableSymbolPlan Build(SymbolResolution res, RelocatableSectionPlan sections, ParallelWork work)
    {
        var objects = res.Objects;
        var db = res.Db;
        int[] loaded = res.LoadedFiles;
        int sectionSymbols = sections.Sections.Length;

        // Locals: counted per object in parallel, numbered by a prefix sum in input order, then filled in parallel.
        var localCount = new int[loaded.Length];
        var localBytes = new ulong[loaded.Length];
        work.For(loaded.Length, i =>
        {
            var obj = objects[loaded[i]];
            var outOf = sections.SectionOut[loaded[i]];
            int count = 0;
            ulong bytes = 0;
            for (int s = 1; s < obj.FirstGlobal; s++)
                if (KeepsLocal(obj, s, outOf))
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
        // visibility and largest common size found on the way.
        var nameIndex = new int[db.NameCount];
        var visibility = new byte[db.NameCount];
        var commonSize = new Dictionary<int, ulong>();
        var globals = new List<int>();
        ulong globalNames = strtab;
        foreach (int f in loaded)
        {
            var obj = objects[f];
            var syms = obj.Symbols;
            int first = db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
            {
                int name = db.NameOf(new SymbolId(first + s)).Value;
                visibility[name] = Resolver.MostConstraining(visibility[name], syms[s].Visibility);
                if (syms[s].IsCommon)
                    commonSize[name] = Math.Max(commonSize.GetValueOrDefault(name), syms[s].Size);
                if (nameIndex[name] != 0) continue;
                nameIndex[name] = firstGlobal + globals.Count;
                globals.Add(first + s);
            }
        }
        // The written name is the definition's own (name@@VERSION stays versioned), else the first reference's.
        foreach (int g in globals)
            strtab += (ulong)NameSource(res, new SymbolId(g), out _, out _).Length + 1;

        var symbolIndex = new int[objects.Length][];
        work.For(loaded.Length, i =>
        {
            int f = loaded[i];
            var obj = objects[f];
            var outOf = sections.SectionOut[f];
            var map = symbolIndex[f] = new int[obj.SymbolCount];
            int local = firstLocal[f];
            for (int s = 1; s < obj.FirstGlobal; s++)
            {
                if (obj.Symbols[s].Type == STT_SECTION)
                {
                    int section = obj.SymbolSection(s);
                    map[s] = section != 0 && outOf[section] >= 0 ? 1 + outOf[section] : 0;
                }
                else if (KeepsLocal(obj, s, outOf))
                    map[s] = local++;
            }
            int first = db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
                map[s] = nameIndex[db.NameOf(new SymbolId(first + s)).Value];
        });
        return new RelocatableSymbolPlan(symbolIndex, firstLocal, localNames, firstGlobal, [.. globals], globalNames, strtab, visibility, commonSize);
    }

    /// <summary>The input symbol a global's output entry is written from: the name's definition when an object of the
    /// output defines it, else <paramref name="first"/> (the first symbol that named it). Returns its name bytes.</summary>
    public static ReadOnlySpan<byte> NameSource(SymbolResolution res, SymbolId first, out int file, out int index)
    {
        var db = res.Db;
        var def = res.Definition(db.NameOf(first));
        var source = !def.IsNone && !res.IsSynthetic(def) && !res.Objects[db.FileOf(def)].IsShared ? def : first;
        file = db.FileOf(source);
        index = source.Value - db.FirstSymbol(file);
        return res.Objects[file].SymbolName(index);
    }
}
