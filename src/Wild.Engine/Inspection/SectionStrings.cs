// The printable strings of a section's bytes, as readelf -p lists them: each run of at least MinLength
// printable bytes that ends at a NUL (or at the section end), with its offset in the section. UTF-8 is kept
// whole: bytes of 0x80 and above count as printable, so non-ASCII text comes out as text.
using System.Text;

namespace Wild.Engine.Inspection;

public readonly record struct SectionString(ulong Offset, string Text);

public static class SectionStrings
{
    public static List<SectionString> Find(ReadOnlySpan<byte> data, int minLength)
    {
        var found = new List<SectionString>();
        int start = -1;
        for (int i = 0; i <= data.Length; i++)
        {
            bool printable = i < data.Length && (data[i] >= 0x20 && data[i] != 0x7f || data[i] == (byte)'\t' || data[i] == (byte)'\n');
            if (printable)
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0 && i - start >= minLength)
                found.Add(new SectionString((ulong)start, Encoding.UTF8.GetString(data[start..i])));
            start = -1;
        }
        return found;
    }
}
