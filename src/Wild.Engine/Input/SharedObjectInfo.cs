// What linking against a shared object needs beyond its .dynsym: its soname (for DT_NEEDED), and the
// version of each symbol (.gnu.version / .gnu.version_d), so imports can carry GLIBC_2.34-style version
// requirements and hidden (non-default) versions never satisfy a plain reference.
using System.Buffers.Binary;
using System.Text;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

public sealed class SharedObjectInfo
{
    private readonly ushort[] _versym;
    private readonly string?[] _versionNames;

    private SharedObjectInfo(string soname, string[] needed, ushort[] versym, string?[] versionNames)
    {
        SoName = soname;
        Needed = needed;
        _versym = versym;
        _versionNames = versionNames;
    }

    /// <summary>DT_SONAME, or the file name when the object has none (as ld records it in DT_NEEDED).</summary>
    public string SoName { get; }

    /// <summary>Its own DT_NEEDED entries, in order: whether every library it depends on is in the link decides
    /// if its undefined symbols can be checked (--no-allow-shlib-undefined).</summary>
    public IReadOnlyList<string> Needed { get; }

    /// <summary>Hidden versions (sym@VER, not @@VER) are only reachable by an explicit version.</summary>
    public bool IsHidden(int symbolIndex) => symbolIndex < _versym.Length && (_versym[symbolIndex] & 0x8000) != 0;

    /// <summary>The version index (2 and up) a symbol is defined with; 0 or 1 when unversioned.</summary>
    public int VersionIndex(int symbolIndex) => symbolIndex < _versym.Length ? _versym[symbolIndex] & 0x7fff : 1;

    public string? VersionName(int versionIndex) =>
        versionIndex >= 0 && versionIndex < _versionNames.Length ? _versionNames[versionIndex] : null;

    internal static SharedObjectInfo Read(ObjectFile obj, string neededName)
    {
        var headers = obj.SectionHeaders;
        string? soname = null;
        var needed = new List<string>();
        ushort[] versym = [];
        var names = new List<string?>();
        int maxIndex = 1; // 0 and 1 (local, global) exist without any definition
        for (int i = 1; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            switch (h.Type)
            {
                case SHT_DYNAMIC:
                {
                    // Elf64_Dyn is two 8-byte fields; an inspected ELF32 file's Elf32_Dyn two 4-byte ones.
                    int size = obj.Is32Bit ? Elf.Elf32Records.DynSize : DynSize;
                    if (h.EntrySize != (ulong)size)
                        throw obj.Malformed($"section [{i}] .dynamic has invalid sh_entsize {h.EntrySize} (expected {size})");
                    if (h.Size % (ulong)size != 0)
                        throw obj.Malformed($"section [{i}] .dynamic size {h.Size} is not a multiple of {size}");
                    var strtab = LinkedStrings(obj, h, i);
                    var data = obj.SectionData(i);
                    for (int p = 0; p + size <= data.Length; p += size)
                    {
                        long tag = obj.Is32Bit ? BinaryPrimitives.ReadInt32LittleEndian(data[p..]) : BinaryPrimitives.ReadInt64LittleEndian(data[p..]);
                        if (tag == DT_NULL) break;
                        if (tag != DT_SONAME && tag != DT_NEEDED) continue;
                        ulong value = obj.Is32Bit ? BinaryPrimitives.ReadUInt32LittleEndian(data[(p + 4)..]) : BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 8)..]);
                        if (tag == DT_SONAME) soname = CString(obj, strtab, value, "DT_SONAME");
                        else needed.Add(CString(obj, strtab, value, "DT_NEEDED"));
                    }
                    break;
                }
                case SHT_GNU_versym:
                {
                    var data = obj.SectionData(i);
                    if (data.Length / 2 < obj.SymbolCount)
                        throw obj.Malformed(".gnu.version is smaller than .dynsym");
                    versym = new ushort[obj.SymbolCount];
                    for (int s = 0; s < versym.Length; s++) versym[s] = BinaryPrimitives.ReadUInt16LittleEndian(data[(s * 2)..]);
                    break;
                }
                case SHT_GNU_verdef:
                {
                    var strtab = LinkedStrings(obj, h, i);
                    VersionChains.ReadDefinitions(obj, obj.SectionData(i), (ndx, nameOffset) =>
                    {
                        while (names.Count <= ndx) names.Add(null);
                        names[ndx] = CString(obj, strtab, nameOffset, "version name");
                        maxIndex = Math.Max(maxIndex, ndx);
                    });
                    break;
                }
                case SHT_GNU_verneed:
                    LinkedStrings(obj, h, i);
                    maxIndex = Math.Max(maxIndex, VersionChains.ReadNeeds(obj, obj.SectionData(i)));
                    break;
            }
        }
        // Checked once the definitions and needs are known (.gnu.version comes before them in the file).
        for (int s = 1; s < versym.Length; s++)
        {
            int index = versym[s] & 0x7fff;
            if (index > maxIndex)
                throw obj.Malformed($"symbol {s} has version index {index}, beyond the {maxIndex} versions defined or needed");
        }
        return new SharedObjectInfo(soname ?? neededName, [.. needed], versym, names.ToArray());
    }

    private static int LinkedStrings(ObjectFile obj, in Elf.Elf64SectionHeader h, int index)
    {
        if (h.Link == 0 || h.Link >= (uint)obj.SectionCount || obj.SectionHeaders[(int)h.Link].Type != SHT_STRTAB)
            throw obj.Malformed($"section [{index}] does not link to a string table");
        return (int)h.Link;
    }

    private static string CString(ObjectFile obj, int strtab, ulong offset, string what)
    {
        var table = obj.SectionData(strtab);
        if (offset >= (ulong)table.Length)
            throw obj.Malformed($"{what} offset {offset} is outside the string table");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw obj.Malformed($"{what} is not NUL-terminated");
        return Encoding.UTF8.GetString(rest[..end]);
    }
}
