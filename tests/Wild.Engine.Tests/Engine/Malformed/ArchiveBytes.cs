// Member-level access to a copy of a real `ar` archive: where each 60-byte member header sits, and its
// name and size fields, so malformed-input rows damage one named field of one named member. The layout
// is the common ar format (GNU `//` long names, `/` symbol table); nothing here validates.
using System.Text;

namespace Wild.Engine.Tests.Engine.Malformed;

internal sealed class ArchiveBytes(byte[] bytes)
{
    public byte[] Bytes { get; private set; } = bytes;

    /// <summary>(header offset, raw name field, size) of every member, special ones included.</summary>
    public List<(int Header, string RawName, long Size)> Members()
    {
        var list = new List<(int, string, long)>();
        int pos = 8;
        while (pos + 60 <= Bytes.Length)
        {
            string name = Encoding.ASCII.GetString(Bytes, pos, 16).TrimEnd(' ');
            long size = long.Parse(Encoding.ASCII.GetString(Bytes, pos + 48, 10).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            list.Add((pos, name, size));
            int next = pos + 60 + (int)size;
            pos = next + (next & 1);
        }
        return list;
    }

    /// <summary>Header offset of the member whose raw name field is <paramref name="rawName"/> ("/", "//", "/0", "short.o/").</summary>
    public int Header(string rawName) => Members().First(m => m.RawName == rawName).Header;

    /// <summary>Header offset of the first member whose name field starts with "/digits" (a long name).</summary>
    public int FirstLongNameHeader() =>
        Members().First(m => m.RawName.Length > 1 && m.RawName[0] == '/' && char.IsAsciiDigit(m.RawName[1])).Header;

    public void SetName(int header, string raw) => Field(header, 0, 16, raw);
    public void SetSize(int header, string raw) => Field(header, 48, 10, raw);
    public void SetTerminator(int header, string two) => Encoding.ASCII.GetBytes(two).CopyTo(Bytes, header + 58);

    public void Truncate(int length) => Bytes = Bytes[..length];

    private void Field(int header, int at, int width, string value)
    {
        var field = Encoding.ASCII.GetBytes(value.PadRight(width));
        if (field.Length != width) throw new ArgumentException($"'{value}' does not fit a {width}-byte field");
        field.CopyTo(Bytes, header + at);
    }
}
