// Where one R_*_RELATIVE dynamic relocation that can go into .relr.dyn applies: an input section of the object
// that found it and the offset in that section, packed into one ulong (section index in the high 24 bits, offset
// in the low 40), since a link records one per packed relocation and fresh memory is what this costs most. The
// scan records these (only with -z pack-relative-relocs); "Linker-made sections" turns them into offsets in
// output sections, which is all RELR sizing needs.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class RelativeSite
{
    private const int OffsetBits = 40;
    private const ulong OffsetMask = (1UL << OffsetBits) - 1;

    public static ulong Pack(ObjectFile obj, int section, ulong offset)
    {
        // A terabyte-sized input section or 16 million sections: no object file has them, but say so if one does.
        if (offset > OffsetMask || (uint)section >= 1u << (64 - OffsetBits))
            throw new LinkException(ErrorId.InvalidOption,
                $"{obj.DisplayName}: -z pack-relative-relocs does not handle a relocation at offset 0x{offset:x} of section {section}");
        return (ulong)section << OffsetBits | offset;
    }

    public static int Section(ulong site) => (int)(site >> OffsetBits);

    public static ulong Offset(ulong site) => site & OffsetMask;
}
