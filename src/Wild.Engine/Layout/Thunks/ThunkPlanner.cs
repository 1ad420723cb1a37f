// Phase "Range-extension thunks": over a laid-out image, finds the branches (AArch64 B/BL) whose target lies beyond
// their reach and gives each a thunk in its caller's group. Thunks move what follows them, so the link lays out again
// with them and asks again until no branch needs a new one; thunks are never taken away, so that ends. A link whose
// code spans less than the reach needs none and costs one pass over the output sections. Under a -T script the same
// holds: the builder, or the script's own walk over a body (ScriptAddressAssigner.PlaceInput), leaves the room, and
// an output section of code the script places far from another (a MEMORY region of its own) is reached the same way.
using Wild.Engine.Diagnostics;
using Wild.Engine.Writing;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class ThunkPlanner
{
    /// <summary>Rounds of layout after which a plan that still grows is reported rather than followed.</summary>
    public const int MaxRounds = 32;

    /// <summary>The next plan: <paramref name="current"/> itself when every branch reaches its target or a thunk of its
    /// group (the layout is final), else a plan with the thunks that were missing.</summary>
    public static RangeExtensionThunks? Plan(Layout layout, RangeExtensionThunks? current)
    {
        var arch = layout.Arch;
        long reach = arch.BranchReach;
        if (reach == 0) return current;
        if (current is null)
        {
            ulong lo = ulong.MaxValue, hi = 0;
            foreach (var s in layout.Sections)
                if (s.IsAlloc && (s.Flags & SHF_EXECINSTR) != 0 && s.Size > 0)
                {
                    lo = Math.Min(lo, s.Address);
                    hi = Math.Max(hi, s.Address + s.Size);
                }
            // Code that spans less than the reach: every branch between two of its places reaches.
            if (lo >= hi || hi - lo < (ulong)reach) return null;
            current = Groups(layout, reach);
        }
        var added = new List<(int, Thunk)>();
        var map = layout.Map;
        foreach (var f in layout.Resolution.LoadedFiles)
        {
            var obj = layout.Objects[f];
            var applier = new RelocationApplier(layout, f, default, default);
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                int g = current.GroupOf(flat);
                if (g < 0) continue;
                int rela = map.RelaOf(flat);
                if (rela == 0) continue;
                ulong address = layout.SectionAddress(f, s);
                foreach (var rel in obj.Relocations(rela))
                {
                    if (!arch.IsThunkBranch(rel.Type) || rel.SymbolIndex >= (uint)obj.SymbolCount) continue;
                    int si = (int)rel.SymbolIndex;
                    var target = applier.Target(si);
                    // A branch to an undefined weak symbol is written to fall through (the architecture's rule).
                    if (layout.TraitsOf(target).Undefined && !layout.HasPlt(target)) continue;
                    long a = rel.Addend;
                    ulong value = applier.Value(si, target, ref a) + (ulong)a;
                    long distance = (long)(value - (address + rel.Offset));
                    if (distance >= -reach && distance < reach) continue;
                    if (!current.Contains(g, target, rel.Addend)) added.Add((g, new Thunk(target, rel.Addend, f, si)));
                }
            }
        }
        return added.Count == 0 ? current : current.With(added);
    }

    /// <summary>Cuts each executable output section's inputs into runs no longer than the reach less room for their
    /// thunks: a run's callers all reach the thunks after it. An input longer than that is a run of its own.</summary>
    private static RangeExtensionThunks Groups(Layout layout, long reach)
    {
        ulong span = (ulong)(reach - reach / 16);
        var map = layout.Map;
        var groupOf = new int[map.Count];
        Array.Fill(groupOf, -1);
        var last = new List<InputSectionRef>();
        var lastFlat = new List<int>();
        foreach (var s in layout.Sections)
        {
            if (!s.IsAlloc || (s.Flags & SHF_EXECINSTR) == 0 || s.Synthetic != SyntheticContent.None || s.Inputs.Count == 0) continue;
            ulong start = 0;
            bool open = false;
            for (int i = 0; i < s.Inputs.Count; i++)
            {
                var r = s.Inputs[i];
                var flat = map.Flat(r.File, r.Section);
                ulong at = layout.SectionAddress(r.File, r.Section);
                ulong end = at + layout.Objects[r.File].ContentSize(r.Section);
                if (open && end - start > span)
                    open = false;
                if (!open)
                {
                    start = at;
                    open = true;
                    last.Add(r);
                    lastFlat.Add(flat);
                }
                groupOf[flat] = last.Count - 1;
                last[^1] = r;
                lastFlat[^1] = flat;
            }
        }
        return RangeExtensionThunks.Empty(groupOf, [.. last], [.. lastFlat], layout.Arch.ThunkSize);
    }

    public static LinkException NotConverging(int thunks) =>
        new(ErrorId.LayoutMismatch, $"internal error: range-extension thunks did not settle after {MaxRounds} layouts ({thunks} thunks)");
}
