// The output's .comment: every distinct string the inputs' .comment sections hold (compiler versions), in input
// order, then the linker's own line, so `readelf -p .comment` tells which linker made a binary.
using System.Text;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class CommentSection
{
    public static byte[] Build(Resolution.SymbolResolution res)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            for (int s = 1; s < obj.SectionCount; s++)
            {
                if (obj.SectionHeaders[s].Type != SHT_PROGBITS || !obj.SectionNameIs(s, ".comment"u8)) continue;
                foreach (var part in Encoding.UTF8.GetString(obj.SectionContents(s)).Split('\0'))
                    if (part.Length > 0 && seen.Add(part)) list.Add(part);
            }
        }
        list.Add($"Linker: Wild {LinkerVersion.Text}");
        var bytes = new List<byte>();
        foreach (var s in list) { bytes.AddRange(Encoding.UTF8.GetBytes(s)); bytes.Add(0); }
        return bytes.ToArray();
    }
}
