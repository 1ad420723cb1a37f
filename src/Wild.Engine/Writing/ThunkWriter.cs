// Writes one group's range-extension thunks into the gap the output-section phase left after the group's last input
// section: each thunk jumps to its target's value as the calling relocation's writer computes it (a local symbol
// through its own object, an import or IFUNC through its PLT entry). The machine's thunk bytes are the architecture's.
using Wild.Engine.Layout;

namespace Wild.Engine.Writing;

internal static class ThunkWriter
{
    public static void Write(Layout.Layout layout, RangeExtensionThunks thunks, int group, OutputImage image)
    {
        var list = thunks.Thunks(group);
        var last = thunks.Last(group);
        var os = layout.OutputOf(last.File, last.Section)!;
        ulong at = thunks.AreaAddress(layout, group);
        ulong size = thunks.ThunkSize;
        var dest = image.Slice(os.FileOffset + (at - os.Address), (ulong)list.Count * size);
        for (int i = 0; i < list.Count; i++)
        {
            var t = list[i];
            var applier = new RelocationApplier(layout, t.File, default, default);
            long addend = t.Addend;
            ulong target = applier.Value(t.SymbolIndex, t.Target, ref addend) + (ulong)addend;
            layout.Arch.WriteThunk(dest.Slice(i * (int)size, (int)size), at + (ulong)i * size, target);
        }
    }
}
