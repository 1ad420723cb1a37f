// Reads one object's .debug_gnu_pubnames and .debug_gnu_pubtypes (gcc and clang emit them with -ggnu-pubnames)
// for .gdb_index's symbol table: each name, its GDB_INDEX symbol kind and static flag (the entry's flag byte), and
// which compilation unit of the object it belongs to. The names stay views of the input; merging equal names
// across objects is GdbIndexBuilder's.
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

/// <summary>A name of one object's pubnames or pubtypes: <see cref="Length"/> bytes at <see cref="Offset"/> of
/// input section <see cref="Section"/>; <see cref="Value"/> is the CU vector entry (flag byte &lt;&lt; 24 | CU
/// index within the object) and <see cref="GdbHash"/> gdb's hash of the name.</summary>
internal readonly record struct GdbName(int Section, int Offset, int Length, uint GdbHash, ulong Hash, uint Value);

internal static class PubNamesReader
{
    /// <summary>Appends the names of one pubnames/pubtypes section, each tied to the unit whose .debug_info
    /// offset its set names (the first unit at or after that offset, as lld finds it).</summary>
    public static void Read(SymbolResolution res, FileId file, int section, int rela, List<GdbUnit> units, int firstUnit, List<GdbName> names)
    {
        var pub = new RelocatedSection(res, file, section, rela);
        var c = new DwarfCursor(pub.Bytes, 0);
        int unitCount = units.Count - firstUnit;
        while (!c.AtEnd)
        {
            int start = c.Offset;
            // A 64-bit DWARF set (unit_length 0xffffffff, then 64 bits of length) has 8-byte offsets.
            uint length32 = c.U32();
            int offsetSize = length32 == 0xffffffff ? 8 : 4;
            if (length32 >= 0xfffffff0 && offsetSize == 4) throw new FormatException($"set at 0x{start:x} has reserved unit_length 0x{length32:x}");
            ulong length = offsetSize == 8 ? c.U64() : length32;
            if (length > (ulong)(c.Length - c.Offset)) throw new FormatException($"set at 0x{start:x} (length 0x{length:x}) runs past the section's end");
            int end = c.Offset + (int)length;
            c.U16(); // version
            ulong unitOffset = pub.Read(c.Offset, offsetSize).Value;
            c.Skip(2 * (ulong)offsetSize); // debug_info_offset, debug_info_length
            int lo = 0, hi = unitCount;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (units[firstUnit + mid].Offset < unitOffset) lo = mid + 1; else hi = mid;
            }
            while (c.Offset < end)
            {
                if (c.Fixed(offsetSize) == 0) break; // the DIE offset; 0 ends the set
                byte flags = c.U8();
                int at = c.Offset;
                var name = c.CString();
                names.Add(new GdbName(section, at, name.Length, GdbIndex.GdbHash(name), Symbols.NameHash.Compute(name), ((uint)flags << 24) | (uint)lo));
            }
            c.Offset = end;
        }
    }
}
