// Copies one input section's bytes (inflated, for a compressed one) into a window of the output or of a scratch
// buffer, whatever its size: a section under 2 GiB as one span, a wider one (ObjectFile.IsWide) in windows at 64-bit
// offsets, its runs of zeros skipped. Relocating the copy is the caller's (ElfWriter applies; -r only moves them).
using Wild.Engine.Input;

namespace Wild.Engine.Writing;

internal static class SectionCopy
{
    // The unit in which a wide section's zeros are skipped rather than copied.
    private const int ZeroCheck = 1 << 20;

    /// <summary>Section <paramref name="s"/>'s bytes to <paramref name="image"/> at <paramref name="offset"/>.</summary>
    public static void To(ObjectFile obj, int s, OutputImage image, ulong offset)
    {
        if (!obj.IsWide(s))
        {
            var contents = obj.SectionContents(s);
            contents.CopyTo(image.Slice(offset, contents.Length));
            return;
        }
        // Runs of zeros are left as they are: the target starts zeroed, and a section this big is mostly reserved
        // space (.zero, .skip, alignment) more often than not, so the output keeps its holes and no page is dirtied
        // for them. Looking costs a read of the input, which a copy makes anyway.
        ulong size = obj.ContentSize(s);
        for (ulong at = 0; at < size; at += ZeroCheck)
        {
            int n = (int)Math.Min(ZeroCheck, size - at);
            var part = obj.SectionWindow(s, at, n);
            if (part.ContainsAnyExcept((byte)0)) part.CopyTo(image.Slice(offset + at, n));
        }
    }
}
