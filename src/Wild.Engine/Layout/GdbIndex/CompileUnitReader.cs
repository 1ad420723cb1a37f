// Reads one object's .debug_info for .gdb_index: every unit's offset and size (the CU list), and the address
// ranges each compilation unit covers, from its first DIE's DW_AT_low_pc/DW_AT_high_pc or DW_AT_ranges (DWARF 4
// .debug_ranges, DWARF 5 .debug_rnglists, with .debug_addr for the indexed forms clang uses), as lld does: a range
// counts only if it points into a section that reaches the output. Output addresses are added by the writer.
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

/// <summary>One unit of an input .debug_info: its offset there and its size with the unit_length field.</summary>
internal readonly record struct GdbUnit(ulong Offset, ulong Length);

/// <summary>Code of compilation unit <see cref="Unit"/> (an index into the CU list) from byte
/// <see cref="Low"/> to <see cref="High"/> (exclusive) of input section <see cref="Section"/> of <see cref="File"/>.</summary>
internal readonly record struct GdbArea(FileId File, int Section, ulong Low, ulong High, int Unit);

/// <summary>The debug sections of one object the index reads (0: absent) and their RELA sections.</summary>
internal struct DebugSectionSet
{
    public int Info, InfoRela, Abbrev, Ranges, RangesRela, Rnglists, RnglistsRela, Addr, AddrRela;
    public int PubNames, PubNamesRela, PubTypes, PubTypesRela;
}

internal static class CompileUnitReader
{
    private const int UnitCompile = 1, UnitType = 2, UnitPartial = 3, UnitSkeleton = 4, UnitSplitCompile = 5, UnitSplitType = 6;

    /// <summary>Appends the units of <paramref name="file"/>'s .debug_info to <paramref name="units"/> and the code
    /// ranges of each to <paramref name="areas"/>, with unit indices counted from 0 in this file.</summary>
    public static void Read(SymbolResolution res, FileId file, in DebugSectionSet secs, GdbIndexInputs inputs,
        List<GdbUnit> units, List<GdbArea> areas)
    {
        // A .debug_info of 2 GiB or more (the index's CU list holds 64-bit offsets, so the format allows it) is read
        // one unit at a time, each through a window of at most UnitWindow bytes: only a unit's first DIE is read.
        var obj = res.Objects[file];
        bool wide = obj.IsWide(secs.Info);
        var whole = new RelocatedSection(res, file, secs.Info, secs.InfoRela, wide);
        ulong size = wide ? obj.ContentSize(secs.Info) : (ulong)whole.Bytes.Length;
        var addr = new RelocatedSection(res, file, secs.Addr, secs.AddrRela);
        var lists = new UnitLists(new RelocatedSection(res, file, secs.Ranges, secs.RangesRela),
            new RelocatedSection(res, file, secs.Rnglists, secs.RnglistsRela));
        var abbrev = obj.SectionContents(secs.Abbrev);
        ulong unitStart = 0;
        while (unitStart < size)
        {
            var info = wide ? whole.Window(unitStart, (int)Math.Min(size - unitStart, UnitWindow)) : whole;
            var cursor = new DwarfCursor(info.Bytes, (int)(unitStart - info.Base));
            int start = cursor.Offset;
            // 64-bit DWARF (gcc -gdwarf64) marks a unit with unit_length 0xffffffff and a 64-bit length after it; its
            // section offsets (abbreviations, strings, range lists) are 8 bytes instead of 4.
            uint length32 = cursor.U32();
            int offsetSize = length32 == 0xffffffff ? 8 : 4;
            if (length32 >= 0xfffffff0 && offsetSize == 4)
                throw new FormatException($"unit at 0x{unitStart:x} has reserved unit_length 0x{length32:x}");
            ulong length = offsetSize == 8 ? cursor.U64() : length32;
            ulong lengthAt = info.Base + (ulong)cursor.Offset;
            if (length > size - lengthAt)
                throw new FormatException($"unit at 0x{unitStart:x} (unit_length 0x{length:x}) runs past the section's end");
            ulong unitEnd = lengthAt + length;
            // The unit's end in the window: a unit wider than the window is read up to the window's end.
            int end = (int)Math.Min(unitEnd - info.Base, (ulong)info.Bytes.Length);
            int unit = units.Count;
            units.Add(new GdbUnit(unitStart, unitEnd - unitStart));
            ReadUnitDie(file, inputs, ref cursor, info, addr, lists, abbrev, start, end, offsetSize, unit, areas);
            unitStart = unitEnd;
        }
    }

    // The most of one unit of a wide .debug_info read at once: its header and first DIE take a few hundred bytes.
    private const int UnitWindow = 1 << 30;

    /// <summary>An object's range-list sections: DWARF 4's .debug_ranges and DWARF 5's .debug_rnglists.</summary>
    private readonly ref struct UnitLists(RelocatedSection ranges, RelocatedSection rnglists)
    {
        public RelocatedSection Ranges { get; } = ranges;
        public RelocatedSection Rnglists { get; } = rnglists;
    }

    private static void ReadUnitDie(FileId file, GdbIndexInputs inputs, ref DwarfCursor c, RelocatedSection info, RelocatedSection addr,
        UnitLists lists, ReadOnlySpan<byte> abbrev, int start, int end, int offsetSize, int unit, List<GdbArea> areas)
    {
        int version = c.U16();
        if (version is < 2 or > 5) throw new FormatException($"unit at 0x{info.Base + (ulong)start:x} has DWARF version {version}, which is not 2 to 5");
        int unitType = UnitCompile, addressSize;
        ulong abbrevOffset;
        if (version >= 5)
        {
            unitType = c.U8();
            addressSize = c.U8();
            abbrevOffset = info.Read(c.Offset, offsetSize).Value;
            c.Skip((ulong)offsetSize);
            if (unitType is UnitType or UnitSplitType)
                throw new FormatException($"unit at 0x{info.Base + (ulong)start:x} is a type unit (-fdebug-types-section), which --gdb-index does not support");
            if (unitType is UnitSkeleton or UnitSplitCompile) c.Skip(8); // dwo_id
            else if (unitType is not (UnitCompile or UnitPartial))
                throw new FormatException($"unit at 0x{info.Base + (ulong)start:x} has unknown unit type 0x{unitType:x}");
        }
        else
        {
            abbrevOffset = info.Read(c.Offset, offsetSize).Value;
            c.Skip((ulong)offsetSize);
            addressSize = c.U8();
        }
        if (addressSize != 8) throw new FormatException($"unit at 0x{info.Base + (ulong)start:x} has {addressSize}-byte addresses, not 8");
        if (c.Offset >= end) return;
        ulong code = c.Uleb();
        if (code == 0) return; // a unit without DIEs covers no code

        // The abbreviation of the unit's first DIE: its attributes and their forms.
        if (abbrevOffset >= (ulong)abbrev.Length) throw new FormatException($"unit at 0x{info.Base + (ulong)start:x} has abbreviation offset 0x{abbrevOffset:x} past .debug_abbrev's end");
        var a = new DwarfCursor(abbrev, (int)abbrevOffset);
        while (true)
        {
            ulong entry = a.Uleb();
            if (entry == 0) throw new FormatException($"unit at 0x{info.Base + (ulong)start:x}: abbreviation {code} is not in .debug_abbrev at 0x{abbrevOffset:x}");
            a.Uleb(); // tag
            a.U8(); // children
            if (entry == code) break;
            while (true)
            {
                ulong at = a.Uleb(), form = a.Uleb();
                if (form == DwarfForm.ImplicitConst) a.Sleb();
                if (at == 0 && form == 0) break;
            }
        }

        // Where the attributes that matter are, in this first pass; their values may need DW_AT_addr_base,
        // which may come after them.
        uint lowForm = 0, highForm = 0, rangesForm = 0;
        int lowAt = 0, highAt = 0, rangesAt = 0;
        long highConst = 0;
        ulong addrBase = ulong.MaxValue, rnglistsBase = 0;
        while (true)
        {
            uint at = (uint)a.Uleb(), form = (uint)a.Uleb();
            long implicitConst = form == DwarfForm.ImplicitConst ? a.Sleb() : 0;
            if (at == 0 && form == 0) break;
            while (form == DwarfForm.Indirect) form = (uint)c.Uleb();
            int at0 = c.Offset;
            switch (at)
            {
                case DwarfForm.AtLowPc: lowForm = form; lowAt = at0; break;
                case DwarfForm.AtHighPc: highForm = form; highAt = at0; highConst = implicitConst; break;
                case DwarfForm.AtRanges: rangesForm = form; rangesAt = at0; break;
                case DwarfForm.AtAddrBase or DwarfForm.AtGnuAddrBase: addrBase = info.Read(at0, offsetSize).Value; break;
                case DwarfForm.AtRnglistsBase: rnglistsBase = info.Read(at0, offsetSize).Value; break;
            }
            DwarfForm.Skip(form, ref c, version, offsetSize);
            if (c.Offset > end) throw new FormatException($"unit at 0x{info.Base + (ulong)start:x}: its first DIE runs past the unit's end");
        }

        DwarfValue? low = lowForm == 0 ? null : Address(info, addr, addrBase, lowForm, lowAt, start);
        if (rangesForm != 0)
        {
            // The unit's base address, to which offset pairs are relative: its DW_AT_low_pc (0 when absent).
            var baseAddress = low ?? new DwarfValue(file, 0, 0);
            if (version >= 5)
            {
                var rnglists = lists.Rnglists;
                ulong offset;
                if (rangesForm == DwarfForm.Rnglistx)
                {
                    var ix = new DwarfCursor(info.Bytes, rangesAt);
                    ulong index = ix.Uleb();
                    // The offsets table after the .debug_rnglists header has entries of the unit's offset size.
                    offset = rnglistsBase + rnglists.Read(checked((int)(rnglistsBase + index * (ulong)offsetSize)), offsetSize).Value;
                }
                else offset = info.Read(rangesAt, SectionOffsetSize(rangesForm, offsetSize)).Value;
                ReadRangeList5(rnglists, addr, addrBase, checked((int)offset), baseAddress, inputs, unit, areas);
            }
            else
            {
                ReadRangeList4(lists.Ranges, checked((int)info.Read(rangesAt, SectionOffsetSize(rangesForm, offsetSize)).Value), baseAddress, inputs, unit, areas);
            }
            return;
        }
        if (low is not { } l || highForm == 0) return;
        int size = DwarfForm.ConstantSize(highForm);
        ulong high;
        if (highForm == DwarfForm.ImplicitConst) high = l.Value + (ulong)highConst;
        else if (size > 0) high = l.Value + info.Read(highAt, size).Value;
        else if (size == 0) { var hc = new DwarfCursor(info.Bytes, highAt); high = l.Value + hc.Uleb(); }
        else high = Address(info, addr, addrBase, highForm, highAt, start).Value;
        Add(inputs, l, high, unit, areas);
    }

    /// <summary>The size of a DW_AT_ranges offset: DW_FORM_sec_offset takes the unit's offset size, DWARF 2-3's data4 and
    /// data8 their own.</summary>
    private static int SectionOffsetSize(uint form, int offsetSize) => form switch
    {
        DwarfForm.Data4 => 4,
        DwarfForm.Data8 => 8,
        _ => offsetSize,
    };

    /// <summary>An address attribute: DW_FORM_addr, or an index into .debug_addr from DW_AT_addr_base.</summary>
    private static DwarfValue Address(RelocatedSection info, RelocatedSection addr, ulong addrBase, uint form, int at, int unitStart)
    {
        if (form == DwarfForm.Addr) return info.Read(at, 8);
        int size = DwarfForm.AddressIndexSize(form);
        if (size < 0) throw new FormatException($"unit at 0x{info.Base + (ulong)unitStart:x}: address attribute in form 0x{form:x}, which is not an address");
        var c = new DwarfCursor(info.Bytes, at);
        ulong index = size == 0 ? c.Uleb() : c.Fixed(size);
        return Indexed(addr, addrBase, index);
    }

    private static DwarfValue Indexed(RelocatedSection addr, ulong addrBase, ulong index)
    {
        if (addrBase == ulong.MaxValue) throw new FormatException("an address index is used but the unit has no DW_AT_addr_base");
        if (addr.IsEmpty) throw new FormatException("an address index is used but the object has no .debug_addr");
        return addr.Read(checked((int)(addrBase + index * 8)), 8);
    }

    /// <summary>A DWARF 2-4 range list in .debug_ranges: (start, end) pairs relative to the base address, a
    /// base-address selection entry (start all ones), ended by (0, 0).</summary>
    private static void ReadRangeList4(RelocatedSection lists, int offset, DwarfValue baseAddress, GdbIndexInputs inputs, int unit, List<GdbArea> areas)
    {
        if (lists.IsEmpty) throw new FormatException("DW_AT_ranges is used but the object has no .debug_ranges");
        for (int at = offset; ; at += 16)
        {
            var s = lists.Read(at, 8);
            var e = lists.Read(at + 8, 8);
            bool relocated = lists.IsRelocated(at) || lists.IsRelocated(at + 8);
            if (!relocated && s.Value == 0 && e.Value == 0) return;
            if (!s.InSection && !lists.IsRelocated(at) && s.Value == ulong.MaxValue)
            {
                baseAddress = e;
                continue;
            }
            // Like LLVM's reader (lld's), the base address is added to both ends; the section is the entry's own
            // when it was relocated, the base's otherwise.
            var low = (e.InSection ? e : s.InSection ? s : baseAddress) with { Value = s.Value + baseAddress.Value };
            Add(inputs, low, e.Value + baseAddress.Value, unit, areas);
        }
    }

    /// <summary>A DWARF 5 range list in .debug_rnglists (DW_RLE_* entries).</summary>
    private static void ReadRangeList5(RelocatedSection lists, RelocatedSection addr, ulong addrBase, int offset, DwarfValue baseAddress,
        GdbIndexInputs inputs, int unit, List<GdbArea> areas)
    {
        if (lists.IsEmpty) throw new FormatException("DW_AT_ranges is used but the object has no .debug_rnglists");
        var c = new DwarfCursor(lists.Bytes, offset);
        while (true)
        {
            byte kind = c.U8();
            switch (kind)
            {
                case 0: return; // DW_RLE_end_of_list
                case 1: baseAddress = Indexed(addr, addrBase, c.Uleb()); break; // DW_RLE_base_addressx
                case 2: // DW_RLE_startx_endx
                {
                    var s = Indexed(addr, addrBase, c.Uleb());
                    var e = Indexed(addr, addrBase, c.Uleb());
                    Add(inputs, s, e.Value, unit, areas);
                    break;
                }
                case 3: // DW_RLE_startx_length
                {
                    var s = Indexed(addr, addrBase, c.Uleb());
                    Add(inputs, s, s.Value + c.Uleb(), unit, areas);
                    break;
                }
                case 4: // DW_RLE_offset_pair, relative to the base address
                {
                    ulong s = c.Uleb(), e = c.Uleb();
                    Add(inputs, baseAddress with { Value = baseAddress.Value + s }, baseAddress.Value + e, unit, areas);
                    break;
                }
                case 5: baseAddress = lists.Read(c.Offset, 8); c.Skip(8); break; // DW_RLE_base_address
                case 6: // DW_RLE_start_end
                {
                    var s = lists.Read(c.Offset, 8);
                    var e = lists.Read(c.Offset + 8, 8);
                    c.Skip(16);
                    Add(inputs, s, e.Value, unit, areas);
                    break;
                }
                case 7: // DW_RLE_start_length
                {
                    var s = lists.Read(c.Offset, 8);
                    c.Skip(8);
                    Add(inputs, s, s.Value + c.Uleb(), unit, areas);
                    break;
                }
                default: throw new FormatException($"unknown range list entry kind 0x{kind:x} at 0x{c.Offset - 1:x} of .debug_rnglists");
            }
        }
    }

    /// <summary>Keeps a range when it is not empty and its section reaches the output (not discarded, collected
    /// or folded), as lld does; a range with no section (an absolute or unrelocated address) is dropped too.</summary>
    private static void Add(GdbIndexInputs inputs, DwarfValue low, ulong high, int unit, List<GdbArea> areas)
    {
        if (!low.InSection || low.Value == high || !inputs.Keeps(low.File, low.Section)) return;
        areas.Add(new GdbArea(low.File, low.Section, low.Value, high, unit));
    }
}
