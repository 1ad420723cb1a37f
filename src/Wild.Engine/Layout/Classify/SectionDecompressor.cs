// Phase "Decompress sections": inflates every compressed input section that reaches the output (gcc -gz's
// .debug_*, zlib or zstd, and legacy .zdebug_*), in parallel, one section per work item so one big .debug_info
// does not hold up a file's worth of small ones. The bytes land in each object's InflatedSections, where every
// later phase reads them through ObjectFile.SectionContents; uncompressed sections stay views of the mapped file.
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class SectionDecompressor
{
    /// <summary>Decompresses the classified compressed sections; returns how many there were.</summary>
    public static int Decompress(SymbolResolution res, SectionMap map, ParallelWork work)
    {
        var objects = res.Objects;
        List<(FileId File, int Section)>? todo = null;
        foreach (var f in res.LoadedFiles)
        {
            var obj = objects[f];
            for (int s = 1; s < obj.SectionCount; s++)
                if (obj.IsCompressed(s) && map.OutputName(map.Flat(f, s)) is not null)
                    (todo ??= []).Add((f, s));
        }
        if (todo is null) return 0;
        // Largest first: the longest inflation starts at once instead of last.
        todo.Sort((a, b) => objects[b.File].ContentSize(b.Section).CompareTo(objects[a.File].ContentSize(a.Section)));
        work.For(todo.Count, i => objects[todo[i].File].Inflate(todo[i].Section));
        return todo.Count;
    }
}
