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
        var bySection = new Dictionary<OutputSection, List<ulong>>(ReferenceEqualityComparer.Instance);
        var loaded = res.LoadedFiles;
        for (int i = 0; i < loaded.Length; i++)
        {
            if (needs.FileRelativeSites[i] is not { } sites) continue;
            int f = loaded[i];
            foreach (var site in sites)
            {
                int flat = map.Flat(f, site.Section);
                var os = outputs.OutputOf(flat)
                         ?? throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                             $"internal error: a packed relocation of {res.Objects[f].DisplayName} is in a section that is not in the output");
                if (!bySection.TryGetValue(os, out var list)) bySection[os] = list = [];
                list.Add(outputs.OffsetOf(flat) + site.Offset);
            }
        }
        if (needs.GotPackedCount > 0 && got is not null)
        {
            var list = new List<ulong>(needs.GotPackedCount);
            bool pie = res.Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
            foreach (var id in needs.GotSymbols)
            {
                var t = traits.Of(id);
                int slot = GotEntries.RelativeSlot(needs.Needs[id.Value], t, traits.GotBindsAtRunTime(t), pie);
                if (slot >= 0) list.Add((ulong)(needs.GotIndex[id.Value] + slot) * 8);
            }
            if (list.Count != needs.GotPackedCount)
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.LayoutMismatch,
                    $"internal error: the GOT has {list.Count} packed relocations, the scan counted {needs.GotPackedCount}");
            bySection[got] = list;
        }
        var groups = new (OutputSection, ulong[])[bySection.Count];
        int g = 0, entries = 0;
        foreach (var (os, list) in bySection)
        {
            var offsets = list.ToArray();
            Array.Sort(offsets);
            entries += RelrEncoding.Encode(offsets, 0, default);
            groups[g++] = (os, offsets);
        }
        return entries == 0 ? null : new RelrPlan(groups, entries);
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
