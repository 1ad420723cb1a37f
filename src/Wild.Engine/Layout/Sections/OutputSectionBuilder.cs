// Phase "Output sections": groups the live input sections into output sections by name (first appearance
// decides the order within a rank), splits and deduplicates mergeable sections (strings and constants) into
// groups that each become one chunk of their output section, sorts .init_array/.fini_array by priority as GNU
// ld's script does, and sizes and aligns every output section. Splitting and hashing pieces is per file, in
// parallel; adding them to their groups runs in input order, so the result is the same for any thread count.
// A section --icf folded gets its kept section's place (and the kept one the larger alignment of the two).
// Range-extension thunks, when a layout before this one asked for them, take room after their group's last input.
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class OutputSectionBuilder
{
    public static OutputSections Build(SymbolResolution res, SectionMap map, LiveSections live, FoldedSections folded, ParallelWork work,
        RangeExtensionThunks? thunks = null)
    {
        var objects = res.Objects;
        var table = new OutputSectionTable();
        var sectionOutput = new OutputSection?[map.Count];
        var sectionOffset = new ulong[map.Count];
        var mergeOf = new MergeInput?[map.Count];
        var mergeGroups = new List<MergeGroup>();
        var groupByKey = new Dictionary<(OutputSection, bool, ulong, ulong), MergeGroup>();

        // An input of 2 GiB or more is copied as it stands, unmerged: splitting reads a section as one span, with 32-bit
        // piece offsets. Merging only removes duplicates, so the output is as correct, if larger (as with a merge
        // section that has relocations, which is not merged either).
        bool Mergeable(FileId f, int s)
        {
            var flat = map.Flat(f, s);
            ref readonly var h = ref objects[f].SectionHeaders[s];
            return map.OutputName(flat) is not null && live.IsLive(flat)
                && (h.Flags & SHF_MERGE) != 0 && h.EntrySize is > 0 and <= 64 && map.RelaOf(flat) == 0 && h.Type == SHT_PROGBITS
                && !objects[f].IsWide(s);
        }

        // Splitting and hashing merge pieces is most of this phase and each input's own business: done
        // per file in parallel; only adding the pieces to their groups runs below, in input order.
        var loaded = res.LoadedFiles;
        var splits = new List<MergeSplit>?[loaded.Length];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var headers = objects[f].SectionHeaders;
            for (int s = 1; s < objects[f].SectionCount; s++)
                if (Mergeable(f, s))
                    (splits[i] ??= []).Add(MergeInput.Split(objects, f, s, (headers[s].Flags & SHF_STRINGS) != 0, (int)headers[s].EntrySize));
        });
        // Runs of sections share an output (.text after .text): the last lookup is reused by reference.
        string? lastName = null;
        OutputSection? lastOutput = null;
        for (int i = 0; i < loaded.Length; i++)
        {
            var f = loaded[i];
            int nextSplit = 0;
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                var name = map.OutputName(flat);
                if (name is null || !live.IsLive(flat)) continue;
                ref readonly var h = ref headers[s];
                ulong flags = h.Flags & (SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR | SHF_TLS | SHF_MERGE | SHF_STRINGS);
                if (!ReferenceEquals(name, lastName))
                {
                    // Flags other than these come from the first input only (GNU ld): see LargeFlag.
                    lastOutput = table.GetOrAdd(name, h.Type, flags | LargeFlag(obj.Machine, name, h.Flags),
                        name == ".eh_frame" ? SyntheticContent.EhFrame : SyntheticContent.None);
                    lastName = name;
                }
                var os = lastOutput!;
                // Mixed inputs: any PROGBITS makes the output PROGBITS (NOBITS inputs are then zero-filled).
                if (os.Type == SHT_NOBITS && h.Type != SHT_NOBITS) os.Type = h.Type;
                if (os.Type != h.Type && h.Type != SHT_NOBITS && os.Type == SHT_PROGBITS && h.Type is SHT_INIT_ARRAY or SHT_FINI_ARRAY or SHT_PREINIT_ARRAY)
                    os.Type = h.Type;
                os.Flags |= flags & (SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR | SHF_TLS);
                if ((flags & SHF_MERGE) == 0) os.Flags &= ~(SHF_MERGE | SHF_STRINGS);
                if (os.EntrySize == 0) os.EntrySize = h.EntrySize;
                else if (os.EntrySize != h.EntrySize) os.EntrySize = 0;
                if (Mergeable(f, s))
                {
                    bool strings = (h.Flags & SHF_STRINGS) != 0;
                    var key = (os, strings, h.EntrySize, Math.Max(1, obj.ContentAlign(s)));
                    bool carrier = !groupByKey.TryGetValue(key, out var group);
                    if (carrier)
                    {
                        group = new MergeGroup { Output = os, Carrier = new InputSectionRef(f, s) };
                        groupByKey[key] = group;
                        mergeGroups.Add(group);
                    }
                    group!.AddMember(flat, f, s, splits[i]![nextSplit++]);
                    sectionOutput[flat] = os;
                    if (!carrier) continue;
                }
                os.Inputs.Add(new InputSectionRef(f, s));
            }
        }
        // A -T script's output section that holds data (BYTE...QUAD) is made even if no input goes to it, as PROGBITS
        // and allocated (GNU ld: contents, alloc, load), and data turns a zero-fill section into PROGBITS.
        if (res.Options.LinkerScript is { HasSections: true } dataScript) AddDataSections(table, dataScript);
        // Groups are independent: each deduplicates its pieces (itself sharded) before sizes are needed below.
        foreach (var group in mergeGroups)
            group.Deduplicate(objects, work, mergeOf);
        // A -T script orders each output section's inputs by the rule that matched them, then as the rule sorts.
        if (map.ScriptRuleOf is { } ruleOf)
            ScriptInputOrder.Sort(table, objects, map, ruleOf, res.Options.LinkerScript!);
        foreach (var os in table.All)
        {
            if (map.ScriptRuleOf is null && os.Name is ".init_array" or ".fini_array" or ".preinit_array")
            {
                var keyed = os.Inputs.Select((r, i) => (r, i, p: InitPriority(objects[r.File].SectionName(r.Section)))).ToList();
                // GNU ld's SORT_BY_INIT_PRIORITY breaks a tie of priorities by section name (so .ctors.65434 comes
                // before .init_array.00101, both priority 101), then keeps input order; unnumbered sections keep
                // input order among themselves.
                keyed.Sort((a, b) =>
                {
                    if (a.p != b.p) return a.p.CompareTo(b.p);
                    if (a.p != int.MaxValue)
                    {
                        int byName = objects[a.r.File].SectionName(a.r.Section).SequenceCompareTo(objects[b.r.File].SectionName(b.r.Section));
                        if (byName != 0) return byName;
                    }
                    return a.i.CompareTo(b.i);
                });
                os.Inputs.Clear();
                os.Inputs.AddRange(keyed.Select(k => k.r));
            }
            if (os.Synthetic != SyntheticContent.None && os.Synthetic != SyntheticContent.EhFrame) continue;
            ulong offset = 0, align = 1;
            // Data alone: its size, so the section is not dropped as empty before the address walk lays it out.
            if (os.Inputs.Count == 0 && res.Options.LinkerScript is { HasSections: true } sized) offset = DataSize(sized, os.Name);
            foreach (var r in os.Inputs)
            {
                var input = objects[r.File];
                var flat = map.Flat(r.File, r.Section);
                // .eh_frame chunks are packed: a zero gap would read as the terminator to a frame walker
                // (crtbeginT's __EH_FRAME_BEGIN__ registration walks records until a zero length).
                ulong a = os.Synthetic == SyntheticContent.EhFrame ? 4 : folded.AlignOf(flat, Math.Max(1, input.ContentAlign(r.Section)));
                offset = AlignUp(offset, a);
                align = Math.Max(align, a);
                sectionOffset[flat] = offset;
                sectionOutput[flat] = os;
                offset += os.Synthetic == SyntheticContent.EhFrame
                    ? (ulong)map.EhFrameBySection[flat].OutputSize
                    : mergeOf[flat] is { } merged ? merged.Group.Size : input.ContentSize(r.Section);
                // Room for the range-extension thunks of the group this input section ends (ThunkPlanner).
                if (thunks is not null && thunks.AreaSizeAfter(flat) is > 0 and var area)
                    offset = RangeExtensionThunks.AreaStart(offset) + area;
            }
            if (os.Synthetic == SyntheticContent.EhFrame) offset += 4; // the zero terminator
            os.Size = offset;
            os.Align = align;
        }
        // Every member of a merged kind lives at its carrier's chunk (placed above).
        for (int flat = 0; flat < mergeOf.Length; flat++)
            if (mergeOf[flat] is { Group.Carrier: var carrier })
                sectionOffset[flat] = sectionOffset[map.Flat(carrier.File, carrier.Section)];
        // A section folded by --icf is at its kept section's place: symbols, relocations and debug info pointing
        // into it resolve there, as lld resolves them.
        if (folded.Any)
            for (int flat = 0; flat < map.Count; flat++)
                if (folded.KeptOf((SectionId)flat) is >= 0 and var kept)
                    (sectionOutput[flat], sectionOffset[flat]) = (sectionOutput[kept], sectionOffset[kept]);
        return new OutputSections(table, sectionOutput, sectionOffset, mergeOf, [.. mergeGroups]) { Thunks = thunks };
    }

    /// <summary>SHF_X86_64_LARGE for a new x86-64 output section, as GNU ld sets it: an output section named .ldata,
    /// .lbss or .lrodata (or a name under them, or .gnu.linkonce.lb/lr/lt…) always has it, whatever its inputs say;
    /// any other takes it from its first input section alone (a .text whose later input is large stays small, one
    /// whose first is large is large). The loader ignores the flag; tools read it to tell large-model data.</summary>
    private static ulong LargeFlag(ushort machine, string name, ulong firstInputFlags)
    {
        if (machine != EM_X86_64) return 0;
        if (Large(name, ".ldata") || Large(name, ".lbss") || Large(name, ".lrodata")
            || name.StartsWith(".gnu.linkonce.lb", StringComparison.Ordinal) || name.StartsWith(".gnu.linkonce.lr", StringComparison.Ordinal)
            || name.StartsWith(".gnu.linkonce.lt", StringComparison.Ordinal))
            return SHF_X86_64_LARGE;
        return firstInputFlags & SHF_X86_64_LARGE;

        static bool Large(string name, string prefix) =>
            name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.');
    }

    private static void AddDataSections(OutputSectionTable table, Scripts.ScriptPlan script)
    {
        foreach (var st in script.Statements)
        {
            if (st is not Scripts.OutputSectionCommand { IsDiscard: false } c || DataSize(script, c.Name) == 0) continue;
            // GNU ld makes the section at its body's first statement: read-only only when that is data; made by an
            // assignment, FILL or a description that matches nothing, it is writable (`x = .; LONG(1)` is "WA").
            ulong flags = c.Body.Count > 0 && c.Body[0] is Scripts.DataCommand ? SHF_ALLOC : SHF_ALLOC | SHF_WRITE;
            bool made = !table.Contains(c.Name);
            var os = table.GetOrAdd(c.Name, SHT_PROGBITS, flags);
            if (!made) os.Flags |= SHF_ALLOC;
            if (os.Type == SHT_NOBITS) os.Type = SHT_PROGBITS;
        }
    }

    private static ulong DataSize(Scripts.ScriptPlan script, string name)
    {
        ulong size = 0;
        foreach (var st in script.Statements)
            if (st is Scripts.OutputSectionCommand c && c.Name == name)
                foreach (var item in c.Body)
                    if (item is Scripts.DataCommand d) size += (ulong)d.Size;
        return size;
    }
}
