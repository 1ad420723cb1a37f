// Refuses a layout whose file size cannot be a file at all (beyond 2^63 - 1 bytes, what off_t holds: only sizes that
// wrapped get there), before any file is created. Any smaller size is the writer's to fill (it writes through
// windows of the mapping, OutputImage); what the file system or the address space cannot hold is reported when
// the output is reserved and mapped (OutputFile), naming the output and its size.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Layout;

internal static class OutputSizeLimit
{
    public static void Check(ulong fileSize, string outputPath)
    {
        if (fileSize <= long.MaxValue) return;
        throw new LinkException(ErrorId.OutputFailed,
            $"{outputPath}: output would be {fileSize} bytes, more than a file can hold", outputPath);
    }
}
