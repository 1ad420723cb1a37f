// Builds .shstrtab, the section-name string table, and records each section's name offset.
using System.Text;

namespace Wild.Engine.Layout;

internal static class ShStrTab
{

    public static byte[] Build(OutputSection[] sections)
    {
        var bytes = new List<byte> { 0 };
        var seen = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var s in sections)
        {
            if (!seen.TryGetValue(s.Name, out uint off))
            {
                off = (uint)bytes.Count;
                bytes.AddRange(Encoding.UTF8.GetBytes(s.Name));
                bytes.Add(0);
                seen[s.Name] = off;
            }
            s.NameOffset = off;
        }
        return bytes.ToArray();
    }
}
