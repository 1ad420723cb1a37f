// One ELF note as Get-ElfNote emits it: owner, type (named like readelf -n), the raw descriptor bytes and
// the decoded text where readelf decodes it (build-id in hex, ABI tag, GNU properties).
using Wild.Engine.Inspection;

namespace Wild.PowerShell;

public sealed class ElfNote
{
    internal ElfNote(string file, string? member, ElfNoteEntry note)
    {
        File = file;
        Member = member;
        Section = note.Section;
        Owner = note.Owner;
        Type = note.Type;
        TypeName = note.TypeName;
        Descriptor = note.Descriptor;
        Text = note.Text;
    }

    public string File { get; }
    public string? Member { get; }
    /// <summary>The note section (or "PT_NOTE[i]" when read from a segment of a file without section headers).</summary>
    public string Section { get; }
    public string Owner { get; }
    public uint Type { get; }
    public string TypeName { get; }
    public byte[] Descriptor { get; }
    /// <summary>The decoded descriptor: build-id hex, "Linux 3.2.0", GNU properties; null where readelf shows bytes.</summary>
    public string? Text { get; }

    public override string ToString() => $"{Owner} {TypeName} {Text}";
}
