// The symbol versions of a linked file as readelf -V shows them: .gnu.version (one index per .dynsym entry),
// .gnu.version_d (the versions this file defines) and .gnu.version_r (the versions it needs, per library).
// For inspection only: the link reads definitions through SharedObjectInfo. Each table is read through its
// sh_link'd string table and checked against the file's bounds; a damaged one is a MalformedElf error.
using System.Buffers.Binary;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Inspection;

/// <summary>One Elf64_Verdef with its names: the first is the version, the rest its parents.</summary>
public sealed record VersionDefinition(int Index, string Name, bool IsBase, bool IsWeak, uint Hash, IReadOnlyList<string> Parents);

/// <summary>One Elf64_Vernaux: a version <see cref="Name"/> needed from <see cref="File"/> (its DT_NEEDED name).</summary>
public sealed record VersionRequirement(string File, int Index, string Name, bool IsWeak, uint Hash);

/// <summary>The version of one dynamic symbol: defined here (@@ default, @ hidden) or needed from a library.</summary>
public readonly record struct SymbolVersion(string Name, bool IsHidden, string? File)
{
    /// <summary>readelf's spelling: @@NAME for the default definition, @NAME for a hidden one or a requirement.</summary>
    public string Suffix => File is null && !IsHidden ? "@@" + Name : "@" + Name;
}

public sealed class SymbolVersionTable
{
    private const ushort VER_FLG_BASE = 1, VER_FLG_WEAK = 2;
    private readonly ushort[] _versym;
    private readonly Dictionary<int, VersionDefinition> _definitionByIndex = [];
    private readonly Dictionary<int, VersionRequirement> _requirementByIndex = [];

    private SymbolVersionTable(ushort[] versym, List<VersionDefinition> definitions, List<VersionRequirement> requirements)
    {
        _versym = versym;
        Definitions = definitions;
        Requirements = requirements;
        foreach (var d in definitions) _definitionByIndex.TryAdd(d.Index, d);
        foreach (var r in requirements) _requirementByIndex.TryAdd(r.Index, r);
    }

    public IReadOnlyList<VersionDefinition> Definitions { get; }
    public IReadOnlyList<VersionRequirement> Requirements { get; }

    /// <summary>The version of .dynsym entry <paramref name="symbolIndex"/>; null for local (0) and unversioned (1).</summary>
    public SymbolVersion? ForSymbol(int symbolIndex)
    {
        if ((uint)symbolIndex >= (uint)_versym.Length) return null;
        ushort raw = _versym[symbolIndex];
        int index = raw & 0x7fff;
        if (index < 2) return null;
        if (_requirementByIndex.TryGetValue(index, out var r)) return new SymbolVersion(r.Name, true, r.File);
        if (_definitionByIndex.TryGetValue(index, out var d)) return new SymbolVersion(d.Name, (raw & 0x8000) != 0, null);
        return null;
    }

    /// <summary>Reads the version sections of <paramref name="obj"/>; an object without them has empty lists.</summary>
    public static SymbolVersionTable Read(ObjectFile obj)
    {
        ushort[] versym = [];
        var definitions = new List<VersionDefinition>();
        var requirements = new List<VersionRequirement>();
        for (int s = 1; s < obj.SectionCount; s++)
        {
            ref readonly var h = ref obj.SectionHeaders[s];
            switch (h.Type)
            {
                case SHT_GNU_versym:
                    var bytes = obj.SectionData(s);
                    versym = new ushort[bytes.Length / 2];
                    for (int i = 0; i < versym.Length; i++) versym[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]);
                    break;
                case SHT_GNU_verdef:
                    ReadDefinitions(obj, s, definitions);
                    break;
                case SHT_GNU_verneed:
                    ReadRequirements(obj, s, requirements);
                    break;
            }
        }
        return new SymbolVersionTable(versym, definitions, requirements);
    }

    private static void ReadDefinitions(ObjectFile obj, int section, List<VersionDefinition> into)
    {
        var data = obj.SectionData(section);
        var strings = Strings(obj, section);
        int at = 0;
        // sh_info is the entry count; the chain's vd_next ends it too. Both bound the walk.
        for (uint n = 0; n < obj.SectionHeaders[section].Info; n++)
        {
            if (at < 0 || at > data.Length - 20) throw Bad(obj, section, "a definition lies outside the section");
            var e = data[at..];
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(e[2..]);
            ushort index = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
            ushort count = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
            uint hash = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            var names = new List<string>();
            long a = at + (long)aux;
            for (int k = 0; k < count; k++)
            {
                if (a < 0 || a > data.Length - 8) throw Bad(obj, section, "a definition's name entry lies outside the section");
                names.Add(Name(obj, section, strings, BinaryPrimitives.ReadUInt32LittleEndian(data[(int)a..])));
                a += BinaryPrimitives.ReadUInt32LittleEndian(data[((int)a + 4)..]);
            }
            if (names.Count == 0) throw Bad(obj, section, $"version definition {index} has no name");
            into.Add(new VersionDefinition(index, names[0], (flags & VER_FLG_BASE) != 0, (flags & VER_FLG_WEAK) != 0, hash, names.Skip(1).ToArray()));
            if (next == 0) break;
            at += (int)Math.Min(next, int.MaxValue);
        }
    }

    private static void ReadRequirements(ObjectFile obj, int section, List<VersionRequirement> into)
    {
        var data = obj.SectionData(section);
        var strings = Strings(obj, section);
        int at = 0;
        for (uint n = 0; n < obj.SectionHeaders[section].Info; n++)
        {
            if (at < 0 || at > data.Length - 16) throw Bad(obj, section, "a requirement lies outside the section");
            var e = data[at..];
            ushort count = BinaryPrimitives.ReadUInt16LittleEndian(e[2..]);
            string file = Name(obj, section, strings, BinaryPrimitives.ReadUInt32LittleEndian(e[4..]));
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            long a = at + (long)aux;
            for (int k = 0; k < count; k++)
            {
                if (a < 0 || a > data.Length - 16) throw Bad(obj, section, "a requirement's version entry lies outside the section");
                var x = data[(int)a..];
                uint hash = BinaryPrimitives.ReadUInt32LittleEndian(x);
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(x[4..]);
                ushort other = BinaryPrimitives.ReadUInt16LittleEndian(x[6..]);
                string name = Name(obj, section, strings, BinaryPrimitives.ReadUInt32LittleEndian(x[8..]));
                into.Add(new VersionRequirement(file, other & 0x7fff, name, (flags & VER_FLG_WEAK) != 0, hash));
                uint step = BinaryPrimitives.ReadUInt32LittleEndian(x[12..]);
                if (step == 0) break;
                a += step;
            }
            if (next == 0) break;
            at += (int)Math.Min(next, int.MaxValue);
        }
    }

    private static ReadOnlySpan<byte> Strings(ObjectFile obj, int section)
    {
        uint link = obj.SectionHeaders[section].Link;
        if (link == 0 || link >= (uint)obj.SectionCount || obj.SectionHeaders[(int)link].Type != SHT_STRTAB)
            throw Bad(obj, section, $"sh_link {link} is not a string table");
        return obj.SectionData((int)link);
    }

    private static string Name(ObjectFile obj, int section, ReadOnlySpan<byte> strings, uint offset)
    {
        if (offset >= (uint)strings.Length) throw Bad(obj, section, $"name offset {offset} is beyond its string table");
        var rest = strings[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    private static LinkException Bad(ObjectFile obj, int section, string what) =>
        new(ErrorId.MalformedElf, $"{obj.DisplayName}: malformed ELF file: {obj.SectionNameString(section)}: {what}", obj.DisplayName);
}
