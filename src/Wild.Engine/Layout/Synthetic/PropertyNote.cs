// The output's .note.gnu.property, merged from the relocatable inputs' notes by each property's type range, as
// GNU ld merges them: AND ranges (x86 feature_1: IBT, SHSTK) kept only if every object has them, OR ranges (ISA
// needed, feature_2 needed, GNU_PROPERTY_1_NEEDED) kept if any has them, OR-AND ranges (ISA used, feature_2 used)
// ORed but kept only if every object has them. -z ibt / -z shstk / -z lam-u48 / -z lam-u57 force their bit, -z x86-64-vN adds an ISA level,
// -z indirect-extern-access the 1_needed bit. Null when there is nothing to say.
// The processor-specific range means what the machine says: on AArch64 only FEATURE_1_AND (BTI, PAC), an AND kept
// only if every object has it, whose BTI bit -z force-bti forces.
using System.Buffers.Binary;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class PropertyNote
{
    private enum MergeRule { Unknown, And, Or, OrAnd }

    /// <summary>The merge rule of a 4-byte property type (the gABI/psABI "uint32" ranges, generic, x86 and AArch64).</summary>
    private static MergeRule RuleOf(uint type, ushort machine) => machine == EM_AARCH64 ? AArch64RuleOf(type) : type switch
    {
        >= 0xb0000000 and <= 0xb0007fff => MergeRule.And,   // GNU_PROPERTY_UINT32_AND_LO..HI
        >= 0xb0008000 and <= 0xb000ffff => MergeRule.Or,    // GNU_PROPERTY_UINT32_OR_LO..HI (1_NEEDED)
        >= 0xc0000002 and <= 0xc0007fff => MergeRule.And,   // GNU_PROPERTY_X86_UINT32_AND_LO..HI (FEATURE_1_AND)
        >= 0xc0008000 and <= 0xc000ffff => MergeRule.Or,    // GNU_PROPERTY_X86_UINT32_OR_LO..HI (ISA_1/FEATURE_2 NEEDED)
        >= 0xc0010000 and <= 0xc0017fff => MergeRule.OrAnd, // GNU_PROPERTY_X86_UINT32_OR_AND_LO..HI (ISA_1/FEATURE_2 USED)
        _ => MergeRule.Unknown,
    };

    private static MergeRule AArch64RuleOf(uint type) => type switch
    {
        >= 0xb0000000 and <= 0xb0007fff => MergeRule.And,
        >= 0xb0008000 and <= 0xb000ffff => MergeRule.Or,
        GNU_PROPERTY_AARCH64_FEATURE_1_AND => MergeRule.And,
        _ => MergeRule.Unknown,
    };

    /// <summary>One .note.gnu.property for the output; each entry of SectionMap.PropertyNotes is one object.</summary>
    public static byte[]? Merge(LinkOptions options, SectionMap map, ushort machine) => Merge(options, map.PropertyNotes, machine);

    /// <summary>One .note.gnu.property from <paramref name="propertyNotes"/>, one entry per object (empty: an object with
    /// code but no note); a relocatable output (-r) merges its inputs' notes this way too.</summary>
    public static byte[]? Merge(LinkOptions options, byte[][] propertyNotes, ushort machine = EM_X86_64)
    {
        bool arm = machine == EM_AARCH64;
        uint featureType = arm ? GNU_PROPERTY_AARCH64_FEATURE_1_AND : GNU_PROPERTY_X86_FEATURE_1_AND;
        uint forced = arm ? (options.Z.ForceBti ? GNU_PROPERTY_AARCH64_FEATURE_1_BTI : 0)
            : (options.Z.Ibt ? GNU_PROPERTY_X86_FEATURE_1_IBT : 0) | (options.Z.Shstk ? GNU_PROPERTY_X86_FEATURE_1_SHSTK : 0)
                | (options.Z.LamU48 ? GNU_PROPERTY_X86_FEATURE_1_LAM_U48 | GNU_PROPERTY_X86_FEATURE_1_LAM_U57 : 0)
                | (options.Z.LamU57 ? GNU_PROPERTY_X86_FEATURE_1_LAM_U57 : 0);
        bool indirect = options.Z.IndirectExternAccess && !arm;
        if (propertyNotes.Length == 0 && forced == 0 && options.Z.IsaLevelNeeded == 0 && !indirect) return null;
        // Per type: the merged value and how many objects had it. A handful of types: a sorted list is enough.
        var merged = new SortedDictionary<uint, (uint Value, int Objects)>();
        // One object may say a property more than once (several notes, or several in one note): GNU ld ORs
        // those values into the object's own before it merges objects by their rule.
        var own = new Dictionary<uint, uint>();
        foreach (var note in propertyNotes)
        {
            own.Clear();
            foreach (var (type, value) in Properties(note))
                if (RuleOf(type, machine) != MergeRule.Unknown)
                    own[type] = own.TryGetValue(type, out uint before) ? before | value : value;
            foreach (var (type, value) in own)
                merged[type] = merged.TryGetValue(type, out var m)
                    ? (RuleOf(type, machine) == MergeRule.And ? m.Value & value : m.Value | value, m.Objects + 1)
                    : (value, 1);
        }
        var props = new List<(uint Type, uint Value)>();
        int objects = propertyNotes.Length;
        foreach (var (type, m) in merged)
        {
            var rule = RuleOf(type, machine);
            if (rule != MergeRule.Or && m.Objects != objects) continue;
            if (rule == MergeRule.And && m.Value == 0 && type != GNU_PROPERTY_X86_FEATURE_1_AND) continue;
            props.Add((type, m.Value));
        }
        if (options.Z.IsaLevelNeeded != 0 && !arm)
            OrInto(props, GNU_PROPERTY_X86_ISA_1_NEEDED, options.Z.IsaLevelNeeded);
        if (indirect)
            OrInto(props, GNU_PROPERTY_1_NEEDED, GNU_PROPERTY_1_NEEDED_INDIRECT_EXTERN_ACCESS);
        int feature = props.FindIndex(p => p.Type == featureType);
        uint featureValue = (feature >= 0 ? props[feature].Value : 0) | forced;
        if (feature >= 0) props.RemoveAt(feature);
        if (featureValue != 0) props.Add((featureType, featureValue));
        if (props.Count == 0) return null;
        props.Sort((a, b) => a.Type.CompareTo(b.Type));
        var bytes = new byte[16 + props.Count * 16];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(props.Count * 16));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), NT_GNU_PROPERTY_TYPE_0);
        "GNU\0"u8.CopyTo(bytes.AsSpan(12));
        for (int i = 0; i < props.Count; i++)
        {
            int p = 16 + i * 16;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p), props[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 4), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 8), props[i].Value);
        }
        return bytes;
    }

    /// <summary>ORs <paramref name="bits"/> into an OR-rule property, adding it when no object had it.</summary>
    private static void OrInto(List<(uint Type, uint Value)> props, uint type, uint bits)
    {
        int at = props.FindIndex(p => p.Type == type);
        if (at >= 0) props[at] = (type, props[at].Value | bits);
        else props.Add((type, bits));
    }

    /// <summary>The value of a 4-byte property in a note (an object's, or the merged one); 0 when it is not there.</summary>
    public static uint Value(byte[]? note, uint type)
    {
        if (note is null) return 0;
        foreach (var (t, v) in Properties(note))
            if (t == type) return v;
        return 0;
    }

    /// <summary>The 4-byte properties of one object's NT_GNU_PROPERTY_TYPE_0 notes. In an 8-aligned note the
    /// descriptor starts at the next multiple of 8 after the name (offset 16 for "GNU\0"), and each property's data
    /// is padded to 8.</summary>
    public static List<(uint Type, uint Value)> Properties(byte[] note)
    {
        var found = new List<(uint, uint)>();
        int pos = 0;
        while (pos + 12 <= note.Length)
        {
            uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos));
            uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 4));
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 8));
            if (namesz > 64 || descsz > (uint)note.Length) break;
            int desc = pos + (int)AlignUp(12 + namesz, 8);
            if (desc + (long)descsz > note.Length) break;
            if (type == NT_GNU_PROPERTY_TYPE_0)
            {
                int p = desc, end = desc + (int)descsz;
                while (p + 8 <= end)
                {
                    uint prType = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p));
                    uint prSize = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 4));
                    if (prSize > (uint)(end - p - 8)) break;
                    if (prSize == 4) found.Add((prType, BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 8))));
                    p += 8 + (int)AlignUp(prSize, 8);
                }
            }
            pos = (int)AlignUp((ulong)(desc + descsz), 8);
        }
        return found;
    }
}
