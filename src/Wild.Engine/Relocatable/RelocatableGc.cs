// --gc-sections with -r (GNU ld -r takes it only with a root given by -e or -u): the allocated sections reachable from
// the roots through relocations stay, the rest go. Roots as GNU ld 2.40 -r has them: the sections defining the -e, -u,
// --require-defined and --defsym symbols; INIT_ARRAY, FINI_ARRAY, PREINIT_ARRAY and notes outside groups; SHF_GNU_RETAIN
// sections; what the -r script KEEPs (.init, .fini, .jcr). Not .ctors/.dtors and not __start_/__stop_ targets, which
// only a final link's script keeps. A section keeps its whole group, an SHF_LINK_ORDER section lives with the one it
// links to, a live function keeps what its FDE names (LSDA, personality). Non-allocated sections (debug info, .comment)
// stay only in objects that keep some allocated section, as GNU ld keeps them. The .eh_frame records of removed
// functions go (EhFrame); RelocatableSectionPlan drops what this removes, RelocatableSymbolPlan the symbols in it.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Layout;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableGc
{
    private readonly bool[][] _live;
    private readonly Dictionary<(FileId File, int Section), EhFrameSection> _ehFrames;

    private RelocatableGc(bool[][] live, Dictionary<(FileId, int), EhFrameSection> ehFrames)
    {
        _live = live;
        _ehFrames = ehFrames;
    }

    /// <summary>Whether collection removed section <paramref name="s"/> of file <paramref name="f"/> (a section resolution
    /// already dropped, a COMDAT copy, is not "removed": what names it is handled as without --gc-sections).</summary>
    public bool Removes(SymbolResolution res, FileId f, int s) => s > 0 && s < _live[f].Length && !_live[f][s] && !res.IsDiscarded(f, s);

    /// <summary>Whether a relocation's symbol lies in a section collection removed: GNU ld -r deletes such a relocation
    /// from a debug section, and writes it as R_<machine>_NONE (type 0) in .eh_frame (there with its FDE).</summary>
    public bool RemovesTarget(SymbolResolution res, FileId f, uint symbol)
    {
        if (symbol == 0) return false;
        var (tf, ts) = SectionMap.TargetSection(res, f, (int)symbol);
        return tf >= 0 && Removes(res, tf, ts);
    }

    /// <summary>An input .eh_frame's records, each with its offset in the trimmed section (-1: dropped with its function),
    /// and the trimmed size; null for a section that is not .eh_frame.</summary>
    public EhFrameSection? EhFrame(FileId f, int s) => _ehFrames.GetValueOrDefault((f, s));

    public static RelocatableGc? Build(SymbolResolution res, DiagnosticBag diagnostics)
    {
        var options = res.Options;
        if (!options.GcSections) return null;
        var objects = res.Objects;
        var db = res.Db;
        var live = new bool[objects.Length][];
        var groupOf = new int[objects.Length][];
        var fdesOf = new Dictionary<(int, int), List<(EhFrameSection Eh, int Record)>>();
        var ehFrames = new Dictionary<(FileId, int), EhFrameSection>();
        var stack = new Stack<(FileId, int)>();

        void Mark(FileId f, int s)
        {
            if (s <= 0 || s >= live[f].Length || live[f][s] || res.IsDiscarded(f, s)) return;
            live[f][s] = true;
            stack.Push((f, s));
            // GNU ld marks a section's whole group: its members stay or go together.
            if (groupOf[f][s] is > 0 and var group)
                foreach (uint member in MemoryMarshal.Cast<byte, uint>(objects[f].SectionData(group))[1..])
                    Mark(f, (int)member);
        }

        foreach (var f in res.LoadedFiles)
        {
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            live[f] = new bool[headers.Length];
            groupOf[f] = new int[headers.Length];
            for (int s = 1; s < headers.Length; s++)
                if (headers[s].Type == SHT_GROUP)
                    foreach (uint member in MemoryMarshal.Cast<byte, uint>(obj.SectionData(s))[1..])
                        if (member < (uint)headers.Length) groupOf[f][member] = s;
        }
        // Each function's FDEs, to follow from the function to its LSDA and personality routine.
        foreach (var f in res.LoadedFiles)
        {
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            for (int s = 1; s < headers.Length; s++)
            {
                if (headers[s].Type != SHT_PROGBITS || !obj.SectionNameIs(s, ".eh_frame"u8) || res.IsDiscarded(f, s)) continue;
                int rela = 0;
                for (int r = 1; r < headers.Length; r++)
                    if (headers[r].Type == SHT_RELA && headers[r].Info == (uint)s) rela = r;
                var eh = EhFrameSection.Parse(obj, f, s, rela);
                ehFrames[(f, s)] = eh;
                var relocs = rela > 0 ? obj.Relocations(rela) : default;
                for (int i = 0; i < eh.Records.Length; i++)
                {
                    if (!eh.Records[i].IsFde || EhFrameSection.PcBeginReloc(relocs, eh.Records[i]) is not (>= 0 and var pc)) continue;
                    var target = SectionMap.TargetSection(res, f, (int)relocs[pc].SymbolIndex);
                    if (!fdesOf.TryGetValue(target, out var list)) fdesOf[target] = list = [];
                    list.Add((eh, i));
                }
            }
        }

        // Roots.
        foreach (var f in res.LoadedFiles)
        {
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            for (int s = 1; s < headers.Length; s++)
            {
                ref readonly var h = ref headers[s];
                if (!h.IsAlloc || (h.Flags & SHF_LINK_ORDER) != 0) continue;
                bool root = h.Type is SHT_INIT_ARRAY or SHT_FINI_ARRAY or SHT_PREINIT_ARRAY || (h.Flags & SHF_GNU_RETAIN) != 0
                    || (h.Type == SHT_NOTE && groupOf[f][s] == 0)
                    || obj.SectionNameIs(s, ".init"u8) || obj.SectionNameIs(s, ".fini"u8) || obj.SectionNameIs(s, ".jcr"u8);
                if (root) Mark(f, s);
            }
        }
        var rootNames = options.Undefined.Concat(options.RequireDefined).Concat(RelocatableSymbolPlan.EntryName(options))
            .Concat(options.DefSym.SelectMany(d => DefSymExpression.Parse(d.Key, d.Value).Symbols));
        foreach (string rootName in rootNames)
        {
            var name = db.Lookup(rootName);
            var def = name.IsNone ? new Symbols.SymbolId(-1) : res.Definition(name);
            if (def.IsNone || res.IsSynthetic(def)) continue;
            var df = db.FileOf(def);
            Mark(df, objects[df].SymbolSection(def.Value - db.FirstSymbol(df)));
        }

        // Reachability through relocations, and from a live function through its FDEs (their other relocations and
        // those of their CIE).
        var relaOf = new int[objects.Length][];
        foreach (var f in res.LoadedFiles)
        {
            var headers = objects[f].SectionHeaders;
            relaOf[f] = new int[headers.Length];
            for (int r = 1; r < headers.Length; r++)
                if (headers[r].Type == SHT_RELA && headers[r].Info < (uint)headers.Length) relaOf[f][headers[r].Info] = r;
        }
        while (stack.Count > 0)
        {
            var (f, s) = stack.Pop();
            var obj = objects[f];
            if (relaOf[f][s] is > 0 and var rela && obj.SectionHeaders[s].IsAlloc && !obj.SectionNameIs(s, ".eh_frame"u8))
                foreach (ref readonly var rel in obj.Relocations(rela))
                {
                    var (tf, ts) = SectionMap.TargetSection(res, f, (int)rel.SymbolIndex);
                    Mark(tf, ts);
                }
            if (!fdesOf.TryGetValue((f, s), out var fdes)) continue;
            foreach (var (eh, i) in fdes)
            {
                var relocs = objects[eh.File].Relocations(eh.RelaSection);
                var fde = eh.Records[i];
                int cie = EhFrameSection.FindRecord(eh.Records, fde.CieInputOffset);
                MarkRange(eh.File, relocs, fde.FirstReloc, fde.EndReloc);
                if (cie >= 0) MarkRange(eh.File, relocs, eh.Records[cie].FirstReloc, eh.Records[cie].EndReloc);
            }
        }

        void MarkRange(FileId f, ReadOnlySpan<Elf64Rela> relocs, int from, int to)
        {
            for (int r = from; r < to; r++)
            {
                var (tf, ts) = SectionMap.TargetSection(res, f, (int)relocs[r].SymbolIndex);
                Mark(tf, ts);
            }
        }

        // The -r script KEEPs .eh_frame (only its records of removed functions go), so an object with one keeps its
        // debug sections even when none of its code stays, as in GNU ld.
        foreach (var (f, s) in ehFrames.Keys) live[f][s] = true;
        KeepDependents(res, live, groupOf);
        foreach (var eh in ehFrames.Values) TrimEhFrame(res, eh, live);
        if (options.PrintGcSections)
            foreach (var f in res.LoadedFiles)
                for (int s = 1; s < live[f].Length; s++)
                {
                    ref readonly var h = ref objects[f].SectionHeaders[s];
                    if (live[f][s] || h.Size == 0 || h.Type is SHT_RELA or SHT_SYMTAB or SHT_STRTAB || res.IsDiscarded(f, s)) continue;
                    // GNU ld names a group member with its group's signature: .data.rel.local.DW.ref.x[DW.ref.x].
                    string group = groupOf[f][s] is > 0 and var g ? $"[{objects[f].SymbolNameString((int)objects[f].SectionHeaders[g].Info)}]" : "";
                    diagnostics.Info($"removing unused section '{objects[f].SectionNameString(s)}{group}' in file '{objects[f].DisplayName}'");
                }
        return new RelocatableGc(live, ehFrames);
    }

    /// <summary>What lives with the marked sections: SHF_LINK_ORDER sections with the section they describe; in an object
    /// that keeps some allocated section other than a note, its non-allocated sections outside groups (debug info, and
    /// other sections without relocations such as .comment) and the groups made only of such sections.</summary>
    private static void KeepDependents(SymbolResolution res, bool[][] live, int[][] groupOf)
    {
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            var headers = obj.SectionHeaders;
            bool someKept = false;
            for (int s = 1; s < headers.Length; s++)
            {
                ref readonly var h = ref headers[s];
                if ((h.Flags & SHF_LINK_ORDER) != 0 && h.Link > 0 && h.Link < (uint)headers.Length && live[f][h.Link]) live[f][s] = true;
                someKept |= live[f][s] && h.IsAlloc && h.Type != SHT_NOTE;
            }
            if (someKept) KeepNonAllocated(obj, live[f], groupOf[f]);
            for (int s = 1; s < headers.Length; s++)
                if (headers[s].Type == SHT_GROUP)
                {
                    var words = MemoryMarshal.Cast<byte, uint>(obj.SectionData(s));
                    live[f][s] = words.Length > 1 && words[1] < (uint)headers.Length && live[f][words[1]];
                }
        }
    }

    /// <summary>An object's non-allocated sections that GNU ld keeps when the object keeps some code or data: debug
    /// sections and other sections without relocations (.comment), outside groups or in a group made of such sections.</summary>
    private static void KeepNonAllocated(Input.ObjectFile obj, bool[] live, int[] groupOf)
    {
        var headers = obj.SectionHeaders;
        var hasRela = new bool[headers.Length];
        for (int r = 1; r < headers.Length; r++)
            if (headers[r].Type == SHT_RELA && headers[r].Info < (uint)headers.Length) hasRela[headers[r].Info] = true;
        for (int s = 1; s < headers.Length; s++)
        {
            ref readonly var h = ref headers[s];
            if (h.IsAlloc || (h.Flags & SHF_LINK_ORDER) != 0 || h.Type is SHT_RELA or SHT_GROUP or SHT_SYMTAB) continue;
            bool debug = obj.SectionNameStartsWith(s, ".debug"u8) || obj.SectionNameStartsWith(s, ".zdebug"u8)
                || obj.SectionNameStartsWith(s, ".line"u8) || obj.SectionNameStartsWith(s, ".stab"u8);
            if (!debug && hasRela[s]) continue;
            if (groupOf[s] is > 0 and var group)
            {
                bool special = true;
                foreach (uint m in MemoryMarshal.Cast<byte, uint>(obj.SectionData(group))[1..])
                    special &= m < (uint)headers.Length && !headers[(int)m].IsAlloc;
                if (!special) continue;
            }
            live[s] = true;
        }
    }

    /// <summary>An FDE goes with its function; a CIE goes when no kept FDE uses it. Offsets in the trimmed section.</summary>
    private static void TrimEhFrame(SymbolResolution res, EhFrameSection eh, bool[][] live)
    {
        var obj = res.Objects[eh.File];
        var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
        var records = eh.Records;
        var keep = new bool[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            if (!records[i].IsFde)
            {
                // A CIE waits for its FDEs; a zero terminator stays where it is, as the input has it.
                keep[i] = records[i].Length == 4;
                continue;
            }
            keep[i] = true;
            if (EhFrameSection.PcBeginReloc(relocs, records[i]) is >= 0 and var pc)
            {
                var (tf, ts) = SectionMap.TargetSection(res, eh.File, (int)relocs[pc].SymbolIndex);
                keep[i] = ts > 0 && live[tf][ts] && !res.IsDiscarded(tf, ts);
            }
            if (keep[i] && EhFrameSection.FindRecord(records, records[i].CieInputOffset) is >= 0 and var cie) keep[cie] = true;
        }
        int offset = 0;
        for (int i = 0; i < records.Length; i++)
        {
            records[i].OutputOffset = keep[i] ? offset : -1;
            if (keep[i]) offset += records[i].Length;
        }
        eh.OutputSize = offset;
    }
}
