// DWARF attribute forms (DWARF 2 to 5 and the GNU extensions gcc emits), as far as the .gdb_index readers need
// them: skipping an attribute's value in a compilation unit's first DIE, and knowing which forms hold an address,
// an index into .debug_addr, or a constant. Decoding whole DIE trees is gdb's job, not the linker's.
namespace Wild.Engine.Layout;

internal static class DwarfForm
{
    public const uint Addr = 0x01, Block2 = 0x03, Block4 = 0x04, Data2 = 0x05, Data4 = 0x06, Data8 = 0x07, String = 0x08,
        Block = 0x09, Block1 = 0x0a, Data1 = 0x0b, Flag = 0x0c, Sdata = 0x0d, Strp = 0x0e, Udata = 0x0f, RefAddr = 0x10,
        Ref1 = 0x11, Ref2 = 0x12, Ref4 = 0x13, Ref8 = 0x14, RefUdata = 0x15, Indirect = 0x16, SecOffset = 0x17,
        Exprloc = 0x18, FlagPresent = 0x19, Strx = 0x1a, Addrx = 0x1b, RefSup4 = 0x1c, StrpSup = 0x1d, Data16 = 0x1e,
        LineStrp = 0x1f, RefSig8 = 0x20, ImplicitConst = 0x21, Loclistx = 0x22, Rnglistx = 0x23, RefSup8 = 0x24,
        Strx1 = 0x25, Strx2 = 0x26, Strx3 = 0x27, Strx4 = 0x28, Addrx1 = 0x29, Addrx2 = 0x2a, Addrx3 = 0x2b, Addrx4 = 0x2c,
        GnuAddrIndex = 0x1f01, GnuStrIndex = 0x1f02, GnuRefAlt = 0x1f20, GnuStrpAlt = 0x1f21;

    public const uint AtLowPc = 0x11, AtHighPc = 0x12, AtRanges = 0x55, AtAddrBase = 0x73, AtRnglistsBase = 0x74,
        AtGnuAddrBase = 0x2133, AtGnuRangesBase = 0x2132;

    /// <summary>Moves <paramref name="c"/> past one value of <paramref name="form"/> in a unit of
    /// <paramref name="version"/> with 8-byte addresses and section offsets of <paramref name="offsetSize"/> bytes
    /// (4 in 32-bit DWARF, 8 in 64-bit DWARF).</summary>
    public static void Skip(uint form, ref DwarfCursor c, int version, int offsetSize)
    {
        switch (form)
        {
            case FlagPresent or ImplicitConst: return;
            case Data1 or Ref1 or Flag or Strx1 or Addrx1: c.Skip(1); return;
            case Data2 or Ref2 or Strx2 or Addrx2: c.Skip(2); return;
            case Strx3 or Addrx3: c.Skip(3); return;
            case Data4 or Ref4 or RefSup4 or Strx4 or Addrx4: c.Skip(4); return;
            case Strp or SecOffset or LineStrp or StrpSup or GnuRefAlt or GnuStrpAlt: c.Skip((ulong)offsetSize); return;
            case Data8 or Ref8 or RefSig8 or RefSup8 or Addr: c.Skip(8); return;
            case RefAddr: c.Skip(version <= 2 ? 8u : (ulong)offsetSize); return;
            case Data16: c.Skip(16); return;
            case Sdata: c.Sleb(); return;
            case Udata or RefUdata or Strx or Addrx or Loclistx or Rnglistx or GnuAddrIndex or GnuStrIndex: c.Uleb(); return;
            case String: c.CString(); return;
            case Block or Exprloc: c.Skip(c.Uleb()); return;
            case Block1: c.Skip(c.U8()); return;
            case Block2: c.Skip(c.U16()); return;
            case Block4: c.Skip(c.U32()); return;
            case Indirect: Skip((uint)c.Uleb(), ref c, version, offsetSize); return;
            default: throw new FormatException($"unknown attribute form 0x{form:x}");
        }
    }

    /// <summary>The byte size of an index into .debug_addr in <paramref name="form"/>; 0 for ULEB128 forms, -1 if
    /// the form is not an address index.</summary>
    public static int AddressIndexSize(uint form) => form switch
    {
        Addrx or GnuAddrIndex => 0,
        Addrx1 => 1,
        Addrx2 => 2,
        Addrx3 => 3,
        Addrx4 => 4,
        _ => -1,
    };

    /// <summary>The byte size of a constant in <paramref name="form"/>; 0 for ULEB128, -1 if not an unsigned constant.</summary>
    public static int ConstantSize(uint form) => form switch
    {
        Data1 => 1,
        Data2 => 2,
        Data4 => 4,
        Data8 => 8,
        Udata => 0,
        _ => -1,
    };
}
