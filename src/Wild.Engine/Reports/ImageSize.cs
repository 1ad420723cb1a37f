// The size breakdown behind Measure-ElfImage, in bloaty's terms: for each section, symbol or input file,
// the bytes it takes in the file and in memory, and its share of the file. Sections and symbols come from
// the linked file itself; input files need the link map, because the file no longer says where bytes came from.
namespace Wild.Engine.Reports;

public enum ImageSizeGrouping { Section, Symbol, InputFile }

/// <summary>One row of a size breakdown; <see cref="Percent"/> is FileSize as a share of the whole file.</summary>
public sealed record ImageSizeEntry(string Path, ImageSizeGrouping By, string Name, ulong FileSize, ulong VMSize, double Percent);

public static class ImageSize
{
    /// <summary>Names for the bytes no section or input file accounts for.</summary>
    public const string Headers = "[ELF headers]", Unaccounted = "[unaccounted]", Linker = "[linker]";

    public static IReadOnlyList<ImageSizeEntry> BySection(LinkedImage image)
    {
        var rows = new List<(string, ulong, ulong)> { (Headers, image.HeaderBytes, 0) };
        foreach (var s in image.Sections)
            rows.Add((s.Name, s.FileSize, s.IsAlloc ? s.Size : 0));
        return Finish(image.Path, ImageSizeGrouping.Section, image.FileLength, rows, addRest: true);
    }

    public static IReadOnlyList<ImageSizeEntry> BySymbol(LinkedImage image)
    {
        var sections = image.Sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var rows = new List<(string, ulong, ulong)>();
        // .symtab when present (it holds every symbol); a stripped file still has .dynsym.
        string table = image.Symbols.Any(s => s.Table == ".symtab") ? ".symtab" : ".dynsym";
        foreach (var sym in image.Symbols)
        {
            if (sym.Table != table || sym.Size == 0 || sym.Section is null || !sections.TryGetValue(sym.Section, out var sec)) continue;
            rows.Add((sym.Name, sec.IsNoBits ? 0 : sym.Size, sec.IsAlloc ? sym.Size : 0));
        }
        return Finish(image.Path, ImageSizeGrouping.Symbol, image.FileLength, rows, addRest: false);
    }

    /// <summary>By input file, from the link map; bytes of linker-made sections and padding go to "[linker]".</summary>
    public static IReadOnlyList<ImageSizeEntry> ByInputFile(LinkMap map, LinkedImage image)
    {
        var rows = new List<(string, ulong, ulong)> { (Headers, image.HeaderBytes, 0) };
        foreach (var os in map.OutputSections)
        {
            ulong attributed = 0;
            foreach (var input in os.Inputs)
            {
                attributed += input.Size;
                rows.Add((input.InputFile, os.IsNoBits ? 0 : input.Size, os.IsAlloc ? input.Size : 0));
            }
            ulong rest = os.Size > attributed ? os.Size - attributed : 0;
            rows.Add((Linker, os.IsNoBits ? 0 : rest, os.IsAlloc ? rest : 0));
        }
        return Finish(image.Path, ImageSizeGrouping.InputFile, image.FileLength, rows, addRest: true);
    }

    private static List<ImageSizeEntry> Finish(string path, ImageSizeGrouping by, ulong fileLength, List<(string Name, ulong File, ulong Vm)> rows, bool addRest)
    {
        var sums = new Dictionary<string, (ulong File, ulong Vm)>(StringComparer.Ordinal);
        foreach (var (name, file, vm) in rows)
        {
            var cur = sums.GetValueOrDefault(name);
            sums[name] = (cur.File + file, cur.Vm + vm);
        }
        ulong total = 0;
        foreach (var v in sums.Values) total += v.File;
        // Alignment padding between sections is in the file but in no section.
        if (addRest && fileLength > total)
            sums[Unaccounted] = (fileLength - total, 0);
        double Percent(ulong n) => fileLength == 0 ? 0 : Math.Round(100.0 * n / fileLength, 2);
        return sums.Select(kv => new ImageSizeEntry(path, by, kv.Key, kv.Value.File, kv.Value.Vm, Percent(kv.Value.File)))
            .Where(e => e.FileSize > 0 || e.VMSize > 0)
            .OrderByDescending(e => e.FileSize).ThenByDescending(e => e.VMSize).ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }
}
