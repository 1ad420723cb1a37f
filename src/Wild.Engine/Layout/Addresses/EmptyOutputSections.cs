// GNU ld's removal of empty output sections under its default script: an output section that received input
// sections but no bytes (crtstuff's .tm_clone_table, an empty .data or orphan) is not written, unless the script
// KEEPs one of its inputs (.init, .fini, .eh_frame, the init/fini arrays, .ctors/.dtors, .jcr). Symbols defined in
// such a section keep the address it would have had and are given a neighbouring section's index. The address walk
// itself (AddressAssigner) never sees these sections; linker-made sections have their own rules there.
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class EmptyOutputSections
{
    /// <summary>Output sections of GNU ld's default scripts whose input patterns are all (or, for .eh_frame, mostly)
    /// inside KEEP: GNU ld's KEEP marks the output section as kept, so it stays in the output, empty.</summary>
    private static bool KeptWhenEmpty(string name) => name is ".init" or ".fini" or ".eh_frame" or ".preinit_array" or ".init_array"
        or ".fini_array" or ".ctors" or ".dtors" or ".jcr" or ".gnu.attributes";

    /// <summary>Whether GNU ld's default layout leaves <paramref name="s"/> out of the output: it has inputs, no
    /// bytes, no linker-made contents, no KEEP in the default script, and no address the user gave it. With
    /// --emit-relocs GNU ld keeps every output section that received an input (relocations may name its symbol).</summary>
    public static bool IsDropped(OutputSection s, LinkOptions options) =>
        !options.EmitRelocs && s.Size == 0 && s.Synthetic == SyntheticContent.None && s.Inputs.Count > 0 && s.Contents is null
        && !KeptWhenEmpty(s.Name) && !options.SectionStarts.Any(p => p.Key == s.Name);

    /// <summary>
    /// Gives each dropped allocated section the address GNU ld's location counter would have given it: aligned up
    /// from the end of the section before it in the output's order (a page up past the relro region, and the start of
    /// the next segment's first section when it would have opened that segment). The counter does not move for it,
    /// so the sections after it are laid out as if it never existed, as in GNU ld.
    /// </summary>
    public static void Place(List<OutputSection> all, HashSet<OutputSection> dropped, bool relro)
    {
        for (int i = 0; i < all.Count; i++)
        {
            var s = all[i];
            if (!dropped.Contains(s) || !s.IsAlloc) continue;
            var prev = Neighbour(all, dropped, i, -1, allocOnly: true);
            var next = Neighbour(all, dropped, i, +1, allocOnly: true);
            ulong address;
            if (prev is null) address = next?.Address ?? 0;
            else if (next is not null && SegmentKind(prev.Rank) != SegmentKind(s.Rank) && SegmentKind(next.Rank) == SegmentKind(s.Rank))
                address = next.Address;
            else
            {
                address = AlignUp(prev.Address + (prev.IsTls && prev.IsNoBits ? 0 : prev.Size), s.Align);
                if (relro && IsRelroRank(prev.Rank) && !IsRelroRank(s.Rank)) address = AlignUp(address, 0x1000);
            }
            s.Address = address;
        }
    }

    /// <summary>
    /// The header index a symbol in dropped section <paramref name="i"/> of <paramref name="all"/> gets: a kept
    /// neighbour likely to share the segment the section would have been in. GNU ld takes the next kept section,
    /// unless the previous one is a better match: when the two differ in being allocated, TLS or loaded, the previous
    /// one if the next differs from the dropped section in allocation or TLS, or is not loaded while the previous is;
    /// else, when they differ in being writable, or else executable, the previous one if the next differs from the
    /// dropped section in that.
    /// </summary>
    public static int NearbyHeaderIndex(List<OutputSection> all, HashSet<OutputSection> dropped, int i)
    {
        var s = all[i];
        var prev = Neighbour(all, dropped, i, -1, allocOnly: false);
        var next = Neighbour(all, dropped, i, +1, allocOnly: false);
        if (prev is null || next is null) return (next ?? prev)?.HeaderIndex ?? SHN_ABS;
        const ulong placement = SHF_ALLOC | SHF_TLS;
        if (((prev.Flags ^ next.Flags) & placement) != 0 || IsLoaded(prev) != IsLoaded(next))
            return ((next.Flags ^ s.Flags) & placement) != 0 || (IsLoaded(prev) && !IsLoaded(next)) ? prev.HeaderIndex : next.HeaderIndex;
        if (((prev.Flags ^ next.Flags) & SHF_WRITE) != 0)
            return ((next.Flags ^ s.Flags) & SHF_WRITE) != 0 ? prev.HeaderIndex : next.HeaderIndex;
        if (((prev.Flags ^ next.Flags) & SHF_EXECINSTR) != 0)
            return ((next.Flags ^ s.Flags) & SHF_EXECINSTR) != 0 ? prev.HeaderIndex : next.HeaderIndex;
        return next.HeaderIndex;
    }

    private static bool IsLoaded(OutputSection s) => s.IsAlloc && !s.IsNoBits;

    private static OutputSection? Neighbour(List<OutputSection> all, HashSet<OutputSection> dropped, int i, int step, bool allocOnly)
    {
        for (int j = i + step; j >= 0 && j < all.Count; j += step)
            if (!dropped.Contains(all[j]) && (!allocOnly || all[j].IsAlloc)) return all[j];
        return null;
    }

    /// <summary>The PT_LOAD a section of this rank goes to under the default layout (as AddressAssigner groups them).</summary>
    internal static int SegmentKind(int rank) => IsFirstSegmentRank(rank) ? 0 : IsExecSegmentRank(rank) ? 1 : IsReadOnlyDataRank(rank) ? 2
        : rank == RankLrodata ? 4 : rank == RankLdata ? 5 : 3;

    private static ulong AlignUp(ulong value, ulong align) => align <= 1 ? value : (value + align - 1) & ~(align - 1);
}
