// What .relr.dyn holds (-z pack-relative-relocs): the packed RELATIVE relocations, grouped by the output section
// they patch, as offsets in that section, sorted; and how many RELR entries they encode to. Built by "Linker-made
// sections" before any address exists; the writer encodes the same groups at their final addresses.
//
// Sizing without addresses. RELR's size depends on the distances between relocated words, and .relr.dyn sits
// before the code and data it patches, so its size moves the addresses it encodes: lld re-runs address assignment
// until the size is stable (padding with no-op bitmaps so it cannot oscillate), GNU ld re-lays out the sections.
// Here every group is encoded as a run of its own: an address entry at its section's first packed word, then
// bitmaps. Within one output section every packed relocation keeps its distance to the others whatever address
// the section gets (input sections sit at fixed offsets in their output section, mergeable sections never carry
// relocations, and a section aligned to 2 or more keeps every packed, even, offset even), so each run's length
// is fixed now and the sum is the exact size the writer fills. The price of not letting a bitmap run on from one
// output section into the next (.init_array into .fini_array, .data.rel.ro into .got) is an address entry per
// output section with packed relocations, 8 bytes each, a handful in a program; ld.so reads the same relocations.
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class RelrPlan
{
    private RelrPlan((OutputSection Section, ulong[] Offsets)[] groups, int entryCount)
    {
        Groups = groups;
        EntryCount = entryCount;
    }

    /// <summary>One group per output section with packed relocations: the section and the packed words' offsets in
    /// it, ascending.</summary>
    public (OutputSection Section, ulong[] Offsets)[] Groups { get; }

    /// <summary>RELR entries (8 bytes each) the groups encode to.</summary>
    public int EntryCount { get; }

    /// <summary>Groups the packed relocations the scan found and the GOT's; null when nothing is packed.</summary>
    public static RelrPlan? Build(SymbolResolution res, SectionMap map, SymbolTraitsTable traits, RelocationNeeds needs,
        OutputSections outputs, OutputSection? got)
    {
        if (!needs.PackRelative) return null;
        // Two passes over the sites, counting then filling, so each group is one exact array: a big link has
        // hundreds of thousands of them, and fresh memory (page faults, the collector zeroing it) is their main cost.
        var groupOf = new Dictionary<OutputSection, int>(ReferenceEqualityComparer.Instance);
        var sections = new List<OutputSection>();
        var counts = new List<int>();
        int GroupOf(OutputSection os)
        {
            if (!groupOf.TryGetValue(os, out int g))
            {
                groupOf[os] = g = sections.Count;
                sections.Add(os);
                counts.Add(0);
            }
            return g;
        }
        var loaded = res.LoadedFiles;
        // A section's sites come in a run: its group and offset are looked up once per run.
        void Walk(bool fill, ulong[][]? offsets, int[]? used)
        {
            for (int i = 0; i < loaded.Length; i++)
            {
                if (needs.FileRelativeSites[i] is not { } sites) continue;
                var f = loaded[i];
                int lastSection = -1, group = 0;
                ulong sectionOffset = 0;
                for (int k = 0; k < sites.Count; k++)
                {
                    ulong site = sites[k];
                    int section = RelativeSite.Section(site);
                    if (section != lastSection)
                    {
                        var flat = map.Flat(f, section);
                        var os = outputs.OutputOf(flat)
                                 ?? throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                                     $"internal error: a packed relocation of {res.Objects[f].DisplayName} is in a section that is not in the output");
                        group = GroupOf(os);
                        sectionOffset = outputs.OffsetOf(flat);
                        lastSection = section;
                    }
                    if (fill) offsets![group][used![group]++] = sectionOffset + RelativeSite.Offset(site);
                    else counts[group]++;
                }
            }
        }
        Walk(false, null, null);
        var gotOffsets = GotOffsets(res, traits, needs);
        if (gotOffsets.Length > 0 && got is not null)
            counts[GroupOf(got)] += gotOffsets.Length;
        var arrays = new ulong[sections.Count][];
        for (int g = 0; g < arrays.Length; g++) arrays[g] = GC.AllocateUninitializedArray<ulong>(counts[g]);
        var filled = new int[sections.Count];
        Walk(true, arrays, filled);
        if (gotOffsets.Length > 0 && got is not null)
        {
            int g = groupOf[got];
            gotOffsets.CopyTo(arrays[g], filled[g]);
            filled[g] += gotOffsets.Length;
        }
        var groups = new (OutputSection, ulong[])[sections.Count];
        int entries = 0;
        for (int g = 0; g < groups.Length; g++)
        {
            if (filled[g] != counts[g])
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch, $"internal error: .relr.dyn group {sections[g].Name} counted {counts[g]}, filled {filled[g]}");
            // Input order and relocation order usually give ascending offsets already: sorting is then skipped.
            if (!IsAscending(arrays[g])) Array.Sort(arrays[g]);
            entries += RelrEncoding.Encode(arrays[g], 0, default);
            groups[g] = (sections[g], arrays[g]);
        }
        return entries == 0 ? null : new RelrPlan(groups, entries);
    }

    private static bool IsAscending(ulong[] values)
    {
        for (int i = 1; i < values.Length; i++)
            if (values[i] < values[i - 1]) return false;
        return true;
    }

    /// <summary>Offsets in .got of the slots whose RELATIVE relocation is packed (all of them when packing).</summary>
    private static ulong[] GotOffsets(SymbolResolution res, SymbolTraitsTable traits, RelocationNeeds needs)
    {
        if (needs.GotPackedCount == 0) return [];
        var offsets = new ulong[needs.GotPackedCount];
        int n = 0;
        bool pie = res.Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
        foreach (var id in needs.GotSymbols)
        {
            var t = traits.Of(id);
            int slot = GotEntries.RelativeSlot(needs.Needs[id.Value], t, traits.GotBindsAtRunTime(t), pie);
            if (slot < 0) continue;
            if (n == offsets.Length)
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                    $"internal error: the GOT has more packed relocations than the scan counted ({needs.GotPackedCount})");
            offsets[n++] = (ulong)(needs.GotIndex[id.Value] + slot) * 8;
        }
        if (n != offsets.Length)
            throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                $"internal error: the GOT has {n} packed relocations, the scan counted {needs.GotPackedCount}");
        return offsets;
    }

    /// <summary>Writes the encoded table into .relr.dyn's bytes, groups in address order, now that addresses are final.</summary>
    public void Write(Span<ulong> dest)
    {
        if (dest.Length != EntryCount)
            throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                $"internal error: .relr.dyn has room for {dest.Length} entries but {EntryCount} were planned");
        var order = new int[Groups.Length];
        var starts = new ulong[Groups.Length];
        for (int i = 0; i < order.Length; i++) { order[i] = i; starts[i] = Groups[i].Section.Address; }
        Array.Sort(starts, order);
        int used = 0;
        foreach (int i in order)
        {
            var (section, offsets) = Groups[i];
            used += RelrEncoding.Encode(offsets, section.Address, dest[used..]);
        }
        if (used != EntryCount)
            throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                $"internal error: .relr.dyn was planned with {EntryCount} entries, {used} were written");
    }
}
