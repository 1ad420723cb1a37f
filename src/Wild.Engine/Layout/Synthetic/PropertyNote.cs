// The output's .note.gnu.property: the x86 feature bits (IBT, SHSTK) ANDed over every object with code, the
// ISA-level bits ORed, as GNU ld merges them; -z ibt / -z shstk force their bit. Null when there is nothing to say.
using System.Buffers.Binary;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class PropertyNote
{
    /// <summary>
    /// One .note.gnu.property: x86 feature bits ANDed over the inputs, ISA bits ORed; -z ibt / -z shstk
    /// set their bit whatever the inputs say.
    /// </summary>
    public static byte[]? Merge(LinkOptions options, SectionMap map)
    {
        uint forced = (options.Z.Ibt ? GNU_PROPERTY_X86_FEATURE_1_IBT : 0) | (options.Z.Shstk ? GNU_PROPERTY_X86_FEATURE_1_SHSTK : 0);
        if (map.PropertyNotes.Length == 0 && forced == 0) return null;
        uint? featureAnd = null;
        uint isaNeeded = 0;
        bool anyIsa = false, allFeature = map.AllHaveProperties;
        foreach (var note in map.PropertyNotes)
        {
            bool hasFeature = false;
            int pos = 0;
            while (pos + 16 <= note.Length)
            {
                uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos));
                uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 4));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 8));
                int desc = pos + 12 + (int)AlignUp(namesz, 8);
                if (namesz > 64 || descsz > (uint)note.Length || desc + (long)descsz > note.Length) break;
                if (type == NT_GNU_PROPERTY_TYPE_0)
                {
                    int p = desc, end = desc + (int)descsz;
                    while (p + 8 <= end)
                    {
                        uint prType = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p));
                        uint prSize = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 4));
                        if (prSize > (uint)(end - p - 8)) break;
                        uint value = prSize >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 8)) : 0;
                        if (prType == GNU_PROPERTY_X86_FEATURE_1_AND) { featureAnd = (featureAnd ?? uint.MaxValue) & value; hasFeature = true; }
                        else if (prType == GNU_PROPERTY_X86_ISA_1_NEEDED) { isaNeeded |= value; anyIsa = true; }
                        p += 8 + (int)AlignUp(prSize, 8);
                    }
                }
                pos = desc + (int)AlignUp(descsz, 8);
            }
            if (!hasFeature) allFeature = false;
        }
        var props = new List<(uint Type, uint Value)>();
        uint feature = (allFeature && featureAnd is uint fa ? fa : 0) | forced;
        if (feature != 0) props.Add((GNU_PROPERTY_X86_FEATURE_1_AND, feature));
        if (anyIsa) props.Add((GNU_PROPERTY_X86_ISA_1_NEEDED, isaNeeded));
        if (props.Count == 0) return null;
        var bytes = new byte[16 + props.Count * 16];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(props.Count * 16));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), NT_GNU_PROPERTY_TYPE_0);
        "GNU\0"u8.CopyTo(bytes.AsSpan(12));
        props.Sort((a, b) => a.Type.CompareTo(b.Type));
        for (int i = 0; i < props.Count; i++)
        {
            int p = 16 + i * 16;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p), props[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 4), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 8), props[i].Value);
        }
        return bytes;
    }
}
