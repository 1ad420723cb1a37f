// The structural diff behind Compare-ElfImage: two linked files matched by key (header field, segment type
// and ordinal, section name, dynamic tag, symbol name, relocation section and type) and one record per
// property that differs, so Wild's output can be checked against GNU ld's. Both files come from LinkedImage;
// which differences matter (addresses always move between linkers) is for the caller to filter. Section bytes
// are compared too (Inspection/SectionContents); local symbols pair by the file and section that define them,
// not by their order. Kinds and flags stay numbers here: Compare-ElfImage shows them as the module's enums.
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Reports;

public enum ImageDifferenceKind { Header, Segment, Section, DynamicEntry, Symbol, Relocation }

/// <summary>One property that differs; a Reference or Difference of null means the item is absent there.</summary>
public sealed record ImageDifference(ImageDifferenceKind Kind, string Name, string Property, object? Reference, object? Difference);

public static class ImageComparison
{
    public static IReadOnlyList<ImageDifference> Compare(LinkedImage reference, LinkedImage difference)
    {
        var result = new List<ImageDifference>();
        Keyed(result, ImageDifferenceKind.Header, [("ELF", reference)], [("ELF", difference)], Header);
        Keyed(result, ImageDifferenceKind.Segment, Ordinals(reference.Segments, s => SegmentName(s.Type)),
            Ordinals(difference.Segments, s => SegmentName(s.Type)), Segment);
        Keyed(result, ImageDifferenceKind.Section, Ordinals(reference.Sections, s => s.Name),
            Ordinals(difference.Sections, s => s.Name), Section);
        result.AddRange(Inspection.SectionContents.Compare(reference, difference));
        Keyed(result, ImageDifferenceKind.DynamicEntry, Dynamic(reference), Dynamic(difference), d => [("Value", d.Value)]);
        Keyed(result, ImageDifferenceKind.Symbol, Symbols(reference), Symbols(difference), Symbol);
        Keyed(result, ImageDifferenceKind.Relocation, Relocations(reference), Relocations(difference), n => [("Count", (ulong)n)]);
        return result;
    }

    public static string SegmentName(uint type) => type switch
    {
        PT_NULL => "NULL", PT_LOAD => "LOAD", PT_DYNAMIC => "DYNAMIC", PT_INTERP => "INTERP", PT_NOTE => "NOTE",
        PT_PHDR => "PHDR", PT_TLS => "TLS", PT_GNU_EH_FRAME => "GNU_EH_FRAME", PT_GNU_STACK => "GNU_STACK",
        PT_GNU_RELRO => "GNU_RELRO", PT_GNU_PROPERTY => "GNU_PROPERTY", _ => $"0x{type:x}",
    };

    public static string DynamicTagName(long tag) => tag switch
    {
        DT_NEEDED => "NEEDED", DT_PLTRELSZ => "PLTRELSZ", DT_PLTGOT => "PLTGOT", DT_HASH => "HASH", DT_STRTAB => "STRTAB",
        DT_SYMTAB => "SYMTAB", DT_RELA => "RELA", DT_RELASZ => "RELASZ", DT_RELAENT => "RELAENT", DT_STRSZ => "STRSZ",
        DT_SYMENT => "SYMENT", DT_INIT => "INIT", DT_FINI => "FINI", DT_SONAME => "SONAME", DT_RPATH => "RPATH",
        DT_SYMBOLIC => "SYMBOLIC", DT_PLTREL => "PLTREL", DT_DEBUG => "DEBUG", DT_TEXTREL => "TEXTREL", DT_JMPREL => "JMPREL",
        DT_BIND_NOW => "BIND_NOW", DT_INIT_ARRAY => "INIT_ARRAY", DT_FINI_ARRAY => "FINI_ARRAY",
        DT_INIT_ARRAYSZ => "INIT_ARRAYSZ", DT_FINI_ARRAYSZ => "FINI_ARRAYSZ", DT_RUNPATH => "RUNPATH", DT_FLAGS => "FLAGS",
        DT_PREINIT_ARRAY => "PREINIT_ARRAY", DT_PREINIT_ARRAYSZ => "PREINIT_ARRAYSZ", DT_GNU_HASH => "GNU_HASH",
        DT_RELACOUNT => "RELACOUNT", DT_FLAGS_1 => "FLAGS_1", DT_VERSYM => "VERSYM", DT_VERDEF => "VERDEF",
        DT_VERDEFNUM => "VERDEFNUM", DT_VERNEED => "VERNEED", DT_VERNEEDNUM => "VERNEEDNUM", _ => $"0x{tag:x}",
    };

    private static IEnumerable<(string, object)> Header(LinkedImage i) =>
        [("Type", (ulong)i.Type), ("Machine", (ulong)i.Machine), ("Flags", (ulong)i.Flags), ("Entry", i.Entry),
         ("SegmentCount", (ulong)i.Segments.Count), ("SectionCount", (ulong)i.Sections.Count)];

    private static IEnumerable<(string, object)> Segment(ImageSegment s) =>
        [("Flags", (ulong)s.Flags), ("Offset", s.Offset), ("VirtualAddress", s.VirtualAddress), ("FileSize", s.FileSize),
         ("MemorySize", s.MemorySize), ("Align", s.Align)];

    private static IEnumerable<(string, object)> Section(ImageSection s) =>
        [("Type", (ulong)s.Type), ("Flags", s.Flags), ("Address", s.Address), ("Size", s.Size), ("EntrySize", s.EntrySize), ("Align", s.Align)];

    private static IEnumerable<(string, object)> Symbol(ImageSymbol s) =>
        [("Type", (ulong)s.Type), ("Binding", (ulong)s.Binding), ("Visibility", (ulong)s.Visibility), ("Size", s.Size),
         ("Section", s.Section ?? "UND"), ("Value", s.Value)];

    /// <summary>Repeated keys (two LOADs, two local symbols named the same) take a #n suffix after the first.</summary>
    private static List<(string, T)> Ordinals<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<(string, T)>();
        foreach (var item in items)
        {
            string k = key(item);
            int n = seen.GetValueOrDefault(k);
            seen[k] = n + 1;
            list.Add((n == 0 ? k : $"{k}#{n}", item));
        }
        return list;
    }

    private static List<(string, ImageDynamicEntry)> Dynamic(LinkedImage image) =>
        // String-valued tags may repeat (several NEEDED): the string is part of the key, the value is not compared.
        Ordinals(image.DynamicEntries, d => d.Text is null ? DynamicTagName(d.Tag) : $"{DynamicTagName(d.Tag)} {d.Text}")
            .Select(p => (p.Item1, p.Item2.Text is null ? p.Item2 : p.Item2 with { Value = 0 })).ToList();

    private static List<(string, ImageSymbol)> Symbols(LinkedImage image)
    {
        // A local symbol is named by the file that defines it (the STT_FILE entry before it in .symtab) and its
        // section, so `static int counter` of a.c pairs with a.c's on the other side even when the linkers order
        // the files differently; two of one file and section still pair by order. Section and file symbols are
        // per-linker bookkeeping, not part of the program, and are not compared themselves.
        var keyed = new List<(ImageSymbol Symbol, string Key)>();
        string? file = null;
        foreach (var s in image.Symbols)
        {
            if (s.Type == STT_FILE) { file = s.Name; continue; }
            if (s.Type == STT_SECTION || s.Name.Length == 0) continue;
            string key = s.Table == ".dynsym" ? $"{s.Name} (dynsym)"
                : s.Binding == STB_LOCAL ? $"{s.Name} ({file ?? "?"}, {s.Section ?? "UND"})"
                : s.Name;
            keyed.Add((s, key));
        }
        return Ordinals(keyed, k => k.Key).Select(p => (p.Item1, p.Item2.Symbol)).ToList();
    }

    private static List<(string, int)> Relocations(LinkedImage image) =>
        image.Relocations.GroupBy(r => $"{r.Section} {Inspection.RelocationNames.Name(image.Machine, r.Type)}", StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    private static void Keyed<T>(List<ImageDifference> result, ImageDifferenceKind kind, IEnumerable<(string Key, T Item)> left,
        IEnumerable<(string Key, T Item)> right, Func<T, IEnumerable<(string Name, object Value)>> properties)
    {
        var rightByKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, item) in right) rightByKey[k] = item;
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, l) in left)
        {
            if (!rightByKey.TryGetValue(key, out var r))
            {
                result.Add(new ImageDifference(kind, key, "Present", true, false));
                continue;
            }
            matched.Add(key);
            var rp = properties(r).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            foreach (var (name, value) in properties(l))
                if (!Equals(value, rp[name]))
                    result.Add(new ImageDifference(kind, key, name, value, rp[name]));
        }
        foreach (var (key, _) in right)
            if (!matched.Contains(key))
                result.Add(new ImageDifference(kind, key, "Present", false, true));
    }
}
