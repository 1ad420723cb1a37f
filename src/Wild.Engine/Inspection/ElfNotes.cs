// The notes of an ELF file (SHT_NOTE sections, or PT_NOTE segments when the section headers are gone), each
// with its name, type and descriptor, and the GNU ones decoded as readelf -n decodes them: the build-id as hex,
// the ABI tag as an OS and kernel version, and GNU properties (x86 ISA levels and IBT/SHSTK features).
// Reading only; the build-id note of an output is written by Writing/BuildId.
using System.Buffers.Binary;
using System.Text;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Inspection;

/// <summary>One note: owner <see cref="Owner"/> (e.g. GNU), type, raw descriptor and its decoded text.</summary>
public sealed record ElfNoteEntry(string Section, string Owner, uint Type, string TypeName, byte[] Descriptor, string? Text);

public static class ElfNotes
{
    private const uint NT_GNU_ABI_TAG = 1, NT_GNU_HWCAP = 2, NT_GNU_BUILD_ID = 3, NT_GNU_GOLD_VERSION = 4, NT_GNU_PROPERTY_TYPE_0 = 5;

    /// <summary>Parses the notes in <paramref name="data"/> (one note section or segment, 4-byte aligned as on x86-64 and
    /// every Linux target: GNU notes use 4 even in ELF64, and 8-aligned property notes pad their descriptors).</summary>
    public static List<ElfNoteEntry> Parse(ReadOnlySpan<byte> data, string section, ulong alignment, string file)
    {
        var notes = new List<ElfNoteEntry>();
        int align = alignment == 8 ? 8 : 4;
        int at = 0;
        while (at + 12 <= data.Length)
        {
            uint nameSize = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            uint descSize = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 8)..]);
            // The descriptor starts at the first aligned offset after the 12-byte header and the name, and the next
            // note at the first aligned offset after the descriptor (readelf's rule for 4- and 8-aligned notes alike).
            long nameAt = at + 12, descAt = at + Align(12 + (long)nameSize, align), end = Align(descAt + descSize, align);
            if (descAt + descSize > data.Length || nameAt + nameSize > data.Length)
                throw new LinkException(ErrorId.MalformedElf, $"{file}: malformed ELF file: {section}: note at offset {at} runs past the end", file);
            var name = data.Slice((int)nameAt, (int)nameSize);
            int nul = name.IndexOf((byte)0);
            string owner = Encoding.UTF8.GetString(nul < 0 ? name : name[..nul]);
            var desc = data.Slice((int)descAt, (int)descSize);
            notes.Add(new ElfNoteEntry(section, owner, type, TypeName(owner, type), desc.ToArray(), Decode(owner, type, desc)));
            at = (int)Math.Min(end, int.MaxValue);
        }
        return notes;
    }

    private static long Align(long size, int align) => (size + align - 1) & ~((long)align - 1);

    public static string TypeName(string owner, uint type) => (owner, type) switch
    {
        ("GNU", NT_GNU_ABI_TAG) => "NT_GNU_ABI_TAG",
        ("GNU", NT_GNU_HWCAP) => "NT_GNU_HWCAP",
        ("GNU", NT_GNU_BUILD_ID) => "NT_GNU_BUILD_ID",
        ("GNU", NT_GNU_GOLD_VERSION) => "NT_GNU_GOLD_VERSION",
        ("GNU", NT_GNU_PROPERTY_TYPE_0) => "NT_GNU_PROPERTY_TYPE_0",
        ("stapsdt", 3) => "NT_STAPSDT",
        ("FDO", 0xcafe1a7e) => "FDO_PACKAGING_METADATA",
        ("Go", 4) => "GO_BUILDID",
        _ => $"0x{type:x}",
    };

    private static string? Decode(string owner, uint type, ReadOnlySpan<byte> desc)
    {
        switch (owner, type)
        {
            case ("GNU", NT_GNU_BUILD_ID):
                return Convert.ToHexStringLower(desc);
            case ("GNU", NT_GNU_ABI_TAG) when desc.Length >= 16:
                string os = BinaryPrimitives.ReadUInt32LittleEndian(desc) switch
                {
                    0 => "Linux", 1 => "Hurd", 2 => "Solaris", 3 => "FreeBSD", uint o => $"OS {o}",
                };
                return $"{os} {BinaryPrimitives.ReadUInt32LittleEndian(desc[4..])}.{BinaryPrimitives.ReadUInt32LittleEndian(desc[8..])}.{BinaryPrimitives.ReadUInt32LittleEndian(desc[12..])}";
            case ("GNU", NT_GNU_GOLD_VERSION):
            case ("FDO", 0xcafe1a7e):
                int nul = desc.IndexOf((byte)0);
                return Encoding.UTF8.GetString(nul < 0 ? desc : desc[..nul]);
            case ("GNU", NT_GNU_PROPERTY_TYPE_0):
                return GnuProperties(desc);
            default:
                return null;
        }
    }

    // GNU_PROPERTY_* (pr_type, pr_datasz, data padded to 8 in ELF64): what readelf -n prints for x86-64.
    private static string GnuProperties(ReadOnlySpan<byte> desc)
    {
        var parts = new List<string>();
        int at = 0;
        while (at + 8 <= desc.Length)
        {
            uint kind = BinaryPrimitives.ReadUInt32LittleEndian(desc[at..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(desc[(at + 4)..]);
            if (at + 8 + size > desc.Length) { parts.Add("<corrupt property>"); break; }
            uint value = size >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(desc[(at + 8)..]) : 0;
            parts.Add(kind switch
            {
                0xc0000002 => "x86 feature: " + Bits(value, ["IBT", "SHSTK", "LAM_U48", "LAM_U57"]),
                0xc0008001 => "x86 feature needed: " + Bits(value, ["x86", "x87", "MMX", "XMM", "YMM", "ZMM", "FXSR", "XSAVE", "XSAVEOPT", "XSAVEC", "TMM", "MASK"]),
                0xc0008002 => "x86 ISA needed: " + Bits(value, ["x86-64-baseline", "x86-64-v2", "x86-64-v3", "x86-64-v4"]),
                0xc0010001 => "x86 feature used: " + Bits(value, ["x86", "x87", "MMX", "XMM", "YMM", "ZMM", "FXSR", "XSAVE", "XSAVEOPT", "XSAVEC", "TMM", "MASK"]),
                0xc0010002 => "x86 ISA used: " + Bits(value, ["x86-64-baseline", "x86-64-v2", "x86-64-v3", "x86-64-v4"]),
                0xc0000000 => "AArch64 feature: " + Bits(value, ["BTI", "PAC", "GCS"]),
                1 => "stack size: 0x" + (size >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(desc[(at + 8)..]) : value).ToString("x"),
                2 => "no copy on protected",
                0xb0008000 => "1_needed: " + Bits(value, ["indirect external access"]),
                _ => $"property 0x{kind:x} (size {size})",
            });
            at += 8 + (int)((size + 7) & ~7u);
        }
        return string.Join("; ", parts);
    }

    private static string Bits(uint value, string[] names)
    {
        if (value == 0) return "<None>";
        var set = new List<string>();
        for (int b = 0; b < 32; b++)
            if ((value & (1u << b)) != 0) set.Add(b < names.Length ? names[b] : $"<unknown: {1u << b:x}>");
        return string.Join(", ", set);
    }
}
