// --why-extract: one tab-separated line per archive member the link loaded, in lld's format
// (reference, extracted member, symbol), so scripts written for lld read ours. The data comes from the
// LinkMap's archive members; deciding what to load is resolution's job.
using System.Text;

namespace Wild.Engine.Reports;

internal static class WhyExtract
{
    public static string Render(LinkMap map)
    {
        var sb = new StringBuilder("reference\textracted\tsymbol\n");
        foreach (var m in map.ArchiveMembers)
            sb.Append(m.ReferencedBy ?? "").Append('\t').Append(m.InputFile).Append('\t').Append(m.Symbol ?? "").Append('\n');
        return sb.ToString();
    }
}
