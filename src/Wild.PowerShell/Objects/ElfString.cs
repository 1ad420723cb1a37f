// One string of a section as Get-ElfString emits it, like a line of readelf -p: its offset and text.
namespace Wild.PowerShell;

public sealed class ElfString
{
    internal ElfString(string file, string? member, string section, ulong offset, string text)
    {
        File = file;
        Member = member;
        Section = section;
        Offset = offset;
        Text = text;
    }

    public string File { get; }
    public string? Member { get; }
    public string Section { get; }
    /// <summary>The string's offset in its section.</summary>
    public ulong Offset { get; }
    public string Text { get; }

    public override string ToString() => Text;
}
