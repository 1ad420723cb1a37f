// Up to 16 bytes of a section as Get-ElfSectionData emits them: one row of a hex dump (readelf -x), with the
// row's address (in a linked file) and offset in the section. Bytes stay bytes; Hex and Text are renderings.
namespace Wild.PowerShell;

public sealed class ElfSectionBytes
{
    internal ElfSectionBytes(string file, string? member, string section, ulong address, ulong offset, byte[] bytes)
    {
        File = file;
        Member = member;
        Section = section;
        Address = address;
        Offset = offset;
        Bytes = bytes;
    }

    public string File { get; }
    public string? Member { get; }
    public string Section { get; }
    public ulong Address { get; }
    /// <summary>The row's offset in the section.</summary>
    public ulong Offset { get; }
    public byte[] Bytes { get; }

    /// <summary>The bytes as readelf -x groups them: four groups of four, in hex.</summary>
    public string Hex
    {
        get
        {
            var text = Convert.ToHexStringLower(Bytes);
            var groups = new List<string>();
            for (int i = 0; i < text.Length; i += 8) groups.Add(text.Substring(i, Math.Min(8, text.Length - i)));
            return string.Join(' ', groups);
        }
    }

    /// <summary>The bytes as text, a dot for each that is not printable ASCII.</summary>
    public string Text => string.Create(Bytes.Length, Bytes, (span, b) =>
    {
        for (int i = 0; i < b.Length; i++) span[i] = b[i] is >= 0x20 and < 0x7f ? (char)b[i] : '.';
    });

    public override string ToString() => Hex;
}
