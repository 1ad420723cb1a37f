// Renders a LinkMap as the text of -Map / -M: one line per output section, input section and symbol with
// VMA, LMA, size and alignment (in the spirit of lld's map), then the archive members loaded, the sections
// --gc-sections removed and, with --cref, a cross-reference table. Invariant culture and layout order only,
// so the text is the same whatever the thread count. Building the map is LinkMapBuilder's job.
using System.Globalization;
using System.Text;

namespace Wild.Engine.Reports;

internal static class LinkMapText
{
    public static string Render(LinkMap map, bool crossReference)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"{"VMA",16} {"LMA",16} {"Size",8} {"Align",5} Out     In      Symbol");
        foreach (var os in map.OutputSections)
        {
            // Without a linker script every section is loaded where it runs: LMA = VMA.
            Line(sb, os.Address, os.Size, os.Align, os.Name, 0);
            foreach (var input in os.Inputs)
            {
                Line(sb, input.Address, input.Size, input.Align, $"{input.InputFile}:({input.InputSection})", 1);
                foreach (var sym in input.Symbols)
                    Line(sb, sym.Address, sym.Size, null, sym.Name, 2);
            }
        }

        if (map.ArchiveMembers.Count > 0)
        {
            sb.AppendLine().AppendLine("Archive members loaded (member, then the reference that pulled it in)").AppendLine();
            foreach (var m in map.ArchiveMembers)
            {
                sb.AppendLine(m.InputFile);
                sb.Append(' ', 8).AppendLine(m.Symbol is null ? m.ReferencedBy ?? "" : $"{m.ReferencedBy ?? "?"} ({m.Symbol})");
            }
        }

        if (map.DiscardedSections.Count > 0)
        {
            sb.AppendLine().AppendLine("Input sections removed by --gc-sections").AppendLine();
            foreach (var d in map.DiscardedSections)
                sb.AppendLine(ci, $"{d.Size,8:x} {d.Align,5} {d.InputFile}:({d.InputSection})");
        }

        if (crossReference)
            sb.AppendLine().Append(RenderCrossReference(map));
        return sb.ToString();
    }

    /// <summary>The --cref table: each global name, the file defining it, then every file that refers to it.</summary>
    public static string RenderCrossReference(LinkMap map)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine("Cross Reference Table").AppendLine();
        sb.AppendLine(ci, $"{"Symbol",-39} File");
        foreach (var x in map.CrossReferences)
        {
            string first = x.DefinedIn ?? (x.ReferencedBy.Count > 0 ? x.ReferencedBy[0] : "");
            sb.AppendLine(ci, $"{x.Symbol,-39} {first}");
            foreach (var r in x.ReferencedBy)
                if (r != first)
                    sb.Append(' ', 40).AppendLine(r);
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, ulong address, ulong size, ulong? align, string text, int depth)
    {
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"{address,16:x} {address,16:x} {size,8:x} ");
        sb.Append(align is { } a ? a.ToString(ci).PadLeft(5) : "     ");
        sb.Append(' ', 1 + depth * 8).AppendLine(text);
    }
}
