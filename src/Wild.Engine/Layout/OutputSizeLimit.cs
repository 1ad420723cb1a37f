// Refuses a layout whose file would be 2 GiB or more (the writer maps the output as one span), before any
// file is created. When an input section aligned to 2^31 is why (legal ELF, which GNU ld and lld link into
// a file of 2 GiB or more), the error names that section and its file rather than only the output.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Layout;

internal static class OutputSizeLimit
{
    public static void Check(Layout layout, string outputPath)
    {
        if (layout.FileSize <= int.MaxValue) return;
        // An alignment of 2^31 (the most the reader accepts) on a section with file contents puts that section
        // at a file offset that is a multiple of 2 GiB; only the first such input is named, it is enough to act on.
        foreach (var os in layout.Sections)
        {
            if (os.Align < 1UL << 31) continue;
            foreach (var r in os.Inputs)
            {
                var obj = layout.Objects[r.File];
                ref readonly var h = ref obj.SectionHeaders[r.Section];
                if (h.AddressAlign >= 1UL << 31)
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{obj.DisplayName}: section [{r.Section}] {obj.SectionNameString(r.Section)} has sh_addralign {h.AddressAlign}, "
                        + $"which would make the output {layout.FileSize} bytes; outputs of 2 GiB or more are not supported", obj.DisplayName);
            }
        }
        // Otherwise the sizes themselves are too large (or wrapped): the output is all there is to name.
        throw new LinkException(ErrorId.OutputFailed,
            $"{outputPath}: output would be {layout.FileSize} bytes; outputs of 2 GiB or more are not supported", outputPath);
    }
}
