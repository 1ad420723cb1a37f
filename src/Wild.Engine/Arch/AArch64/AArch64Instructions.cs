// AArch64 instruction fields and relocation classes: which types Wild links, where each one's immediate sits in
// its 4-byte instruction (ADR/ADRP's split 21 bits, the 12-bit ADD/LDR offset scaled by the access size, MOVZ/MOVK's
// 16 bits, the branch offsets), the instructions the TLS relaxations write, and the range errors. The scan and the
// writer ask the same predicates, so they cannot disagree about what a relocation is.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using static Wild.Engine.Arch.AArch64Relocations;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64
{
    public const uint Nop = 0xd503201f;

    // What the general- and local-dynamic relaxations write (GNU ld's words): mrs x1/x0, tpidr_el0; add x0, x1, x0.
    private const uint MrsX1Tp = 0xd53bd041, MrsX0Tp = 0xd53bd040, AddX0X1X0 = 0x8b000020;

    public static ulong Page(ulong address) => address & ~0xfffUL;

    /// <summary>ADR/ADRP with its 21-bit immediate: the low two bits at 29-30, the rest at 5-23.</summary>
    public static uint WithAdrImmediate(uint insn, long imm) =>
        (insn & 0x9f00001fu) | ((uint)imm & 3) << 29 | ((uint)(imm >> 2) & 0x7ffff) << 5;

    /// <summary>ADD (immediate) / LDR/STR (unsigned offset) with its 12-bit immediate at 10-21.</summary>
    public static uint WithImm12(uint insn, ulong imm) => (insn & ~(0xfffu << 10)) | ((uint)imm & 0xfff) << 10;

    /// <summary>MOVZ/MOVK/MOVN with its 16-bit immediate at 5-20.</summary>
    public static uint WithImm16(uint insn, ulong imm) => (insn & ~(0xffffu << 5)) | ((uint)imm & 0xffff) << 5;

    /// <summary>MOVZ Xd, #imm16, LSL #(16 * hw).</summary>
    public static uint Movz(uint rd, int hw, ulong imm) => 0xd2800000u | (uint)hw << 21 | ((uint)imm & 0xffff) << 5 | rd;

    /// <summary>MOVK Xd, #imm16, LSL #(16 * hw).</summary>
    public static uint Movk(uint rd, int hw, ulong imm) => 0xf2800000u | (uint)hw << 21 | ((uint)imm & 0xffff) << 5 | rd;

    public static uint Rd(uint insn) => insn & 0x1f;

    /// <summary>Whether a Page()-Page() difference is in ADRP's ±4 GiB.</summary>
    public static bool FitsPage(long value) => value >= -(1L << 32) && value < 1L << 32;

    /// <summary>The relocation types this linker applies.</summary>
    public static bool IsKnown(uint type) => type is R_AARCH64_NONE or R_AARCH64_NONE_OLD
        or R_AARCH64_ABS64 or R_AARCH64_ABS32 or R_AARCH64_ABS16 or R_AARCH64_PREL64 or R_AARCH64_PREL32 or R_AARCH64_PREL16
        or (>= R_AARCH64_MOVW_UABS_G0 and <= R_AARCH64_MOVW_UABS_G3)
        or R_AARCH64_LD_PREL_LO19 or R_AARCH64_ADR_PREL_LO21 or R_AARCH64_ADR_PREL_PG_HI21 or R_AARCH64_ADR_PREL_PG_HI21_NC
        or R_AARCH64_ADD_ABS_LO12_NC or R_AARCH64_LDST8_ABS_LO12_NC or R_AARCH64_LDST16_ABS_LO12_NC
        or R_AARCH64_LDST32_ABS_LO12_NC or R_AARCH64_LDST64_ABS_LO12_NC or R_AARCH64_LDST128_ABS_LO12_NC
        or R_AARCH64_TSTBR14 or R_AARCH64_CONDBR19 or R_AARCH64_JUMP26 or R_AARCH64_CALL26
        or R_AARCH64_GOT_LD_PREL19 or R_AARCH64_ADR_GOT_PAGE or R_AARCH64_LD64_GOT_LO12_NC or R_AARCH64_LD64_GOTPAGE_LO15
        or R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 or R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC or R_AARCH64_TLSIE_LD_GOTTPREL_PREL19
        or (>= R_AARCH64_TLSLE_MOVW_TPREL_G2 and <= R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC)
        or R_AARCH64_TLSLE_LDST128_TPREL_LO12 or R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC
        or R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 or R_AARCH64_TLSDESC_CALL
        or R_AARCH64_TLS_DTPREL64 or R_AARCH64_TLSGD_ADR_PAGE21 or R_AARCH64_TLSGD_ADD_LO12_NC
        or R_AARCH64_TLSLD_ADR_PAGE21 or R_AARCH64_TLSLD_ADD_LO12_NC || IsDtpRelative(type);

    /// <summary>A local-dynamic offset from the module's TLS block (MOVW, ADD and LDST forms of DTPREL).</summary>
    public static bool IsDtpRelative(uint type) => type is (>= R_AARCH64_TLSLD_MOVW_DTPREL_G2 and <= R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC)
        or R_AARCH64_TLSLD_LDST128_DTPREL_LO12 or R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC;

    /// <summary>The local-exec type whose field a DTP-relative type shares (they differ only in the offset's origin).</summary>
    public static uint AsTpRelative(uint type) => type switch
    {
        R_AARCH64_TLSLD_LDST128_DTPREL_LO12 => R_AARCH64_TLSLE_LDST128_TPREL_LO12,
        R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC => R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC,
        _ => type + (R_AARCH64_TLSLE_MOVW_TPREL_G2 - R_AARCH64_TLSLD_MOVW_DTPREL_G2),
    };

    /// <summary>Relocations a non-allocated section (debug info) may carry: values of a symbol alone.</summary>
    public static bool AllowedInNonAlloc(uint type) => type is R_AARCH64_NONE or R_AARCH64_NONE_OLD or R_AARCH64_ABS64
        or R_AARCH64_ABS32 or R_AARCH64_ABS16 or R_AARCH64_PREL64 or R_AARCH64_PREL32 or R_AARCH64_PREL16 or R_AARCH64_TLS_DTPREL64;

    /// <summary>The types whose relocation names a TLS variable.</summary>
    public static bool IsTls(uint type) => type is (>= R_AARCH64_TLSGD_ADR_PAGE21 and <= R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC)
        or R_AARCH64_TLS_DTPREL64;

    public static int FieldSize(uint type) => type switch
    {
        R_AARCH64_NONE or R_AARCH64_NONE_OLD => 0,
        R_AARCH64_ABS64 or R_AARCH64_PREL64 or R_AARCH64_TLS_DTPREL64 => 8,
        R_AARCH64_ABS16 or R_AARCH64_PREL16 => 2,
        _ => 4,
    };

    /// <summary>log2 of the access size an LDST*_LO12 relocation's offset is scaled by (-1: not one).</summary>
    public static int LoadStoreShift(uint type) => type switch
    {
        R_AARCH64_LDST8_ABS_LO12_NC or R_AARCH64_TLSLE_LDST8_TPREL_LO12 or R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC => 0,
        R_AARCH64_LDST16_ABS_LO12_NC or R_AARCH64_TLSLE_LDST16_TPREL_LO12 or R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC => 1,
        R_AARCH64_LDST32_ABS_LO12_NC or R_AARCH64_TLSLE_LDST32_TPREL_LO12 or R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC => 2,
        R_AARCH64_LDST64_ABS_LO12_NC or R_AARCH64_TLSLE_LDST64_TPREL_LO12 or R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC
            or R_AARCH64_LD64_GOT_LO12_NC or R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC or R_AARCH64_TLSDESC_LD64_LO12 => 3,
        R_AARCH64_LDST128_ABS_LO12_NC or R_AARCH64_TLSLE_LDST128_TPREL_LO12 or R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC => 4,
        _ => -1,
    };

    /// <summary>Writes <paramref name="value"/> (already S+A, S+A-P, Page()-Page(), TPREL... as the type says) into the
    /// instruction or data field at <paramref name="field"/>; false when it does not fit or is misaligned.</summary>
    public static bool TryWrite(Span<byte> field, uint type, long value)
    {
        switch (type)
        {
            case R_AARCH64_ABS64 or R_AARCH64_PREL64 or R_AARCH64_TLS_DTPREL64:
                BinaryPrimitives.WriteInt64LittleEndian(field, value);
                return true;
            case R_AARCH64_ABS32:
                if (value is < int.MinValue or > uint.MaxValue) return false;
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                return true;
            case R_AARCH64_PREL32:
                if (value is < int.MinValue or > uint.MaxValue) return false;
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                return true;
            case R_AARCH64_ABS16 or R_AARCH64_PREL16:
                if (value is < short.MinValue or > ushort.MaxValue) return false;
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
                return true;
        }
        uint insn = BinaryPrimitives.ReadUInt32LittleEndian(field);
        switch (type)
        {
            case R_AARCH64_ADR_PREL_PG_HI21 or R_AARCH64_ADR_GOT_PAGE or R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21
                or R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSGD_ADR_PAGE21 or R_AARCH64_TLSLD_ADR_PAGE21:
                // value is Page(target) - Page(P): ±4 GiB.
                if (value < -(1L << 32) || value >= 1L << 32) return false;
                insn = WithAdrImmediate(insn, value >> 12);
                break;
            case R_AARCH64_ADR_PREL_PG_HI21_NC:
                insn = WithAdrImmediate(insn, value >> 12);
                break;
            case R_AARCH64_ADR_PREL_LO21:
                if (value < -(1L << 20) || value >= 1L << 20) return false;
                insn = WithAdrImmediate(insn, value);
                break;
            case R_AARCH64_ADD_ABS_LO12_NC or R_AARCH64_TLSLE_ADD_TPREL_LO12_NC or R_AARCH64_TLSDESC_ADD_LO12
                or R_AARCH64_TLSGD_ADD_LO12_NC or R_AARCH64_TLSLD_ADD_LO12_NC:
                insn = WithImm12(insn, (ulong)value);
                break;
            case R_AARCH64_TLSLE_ADD_TPREL_LO12:
                if (value is < 0 or >= 1 << 12) return false;
                insn = WithImm12(insn, (ulong)value);
                break;
            case R_AARCH64_TLSLE_ADD_TPREL_HI12:
                if (value is < 0 or >= 1 << 24) return false;
                insn = WithImm12(insn, (ulong)value >> 12);
                break;
            case R_AARCH64_LD64_GOTPAGE_LO15:
                if (value is < 0 or >= 1 << 15 || (value & 7) != 0) return false;
                insn = WithImm12(insn, (ulong)value >> 3);
                break;
            case R_AARCH64_MOVW_UABS_G0 or R_AARCH64_MOVW_UABS_G0_NC or R_AARCH64_MOVW_UABS_G1 or R_AARCH64_MOVW_UABS_G1_NC
                or R_AARCH64_MOVW_UABS_G2 or R_AARCH64_MOVW_UABS_G2_NC or R_AARCH64_MOVW_UABS_G3:
            {
                int group = (int)(type - R_AARCH64_MOVW_UABS_G0) / 2;
                bool check = type is R_AARCH64_MOVW_UABS_G0 or R_AARCH64_MOVW_UABS_G1 or R_AARCH64_MOVW_UABS_G2;
                if (check && (ulong)value >= 1UL << (16 * (group + 1))) return false;
                insn = WithImm16(insn, (ulong)value >> (16 * group));
                break;
            }
            case R_AARCH64_TLSLE_MOVW_TPREL_G2 or R_AARCH64_TLSLE_MOVW_TPREL_G1 or R_AARCH64_TLSLE_MOVW_TPREL_G1_NC
                or R_AARCH64_TLSLE_MOVW_TPREL_G0 or R_AARCH64_TLSLE_MOVW_TPREL_G0_NC:
            {
                // Variant I offsets are positive: MOVZ/MOVK as compiled, never turned into MOVN.
                int group = type switch { R_AARCH64_TLSLE_MOVW_TPREL_G2 => 2, R_AARCH64_TLSLE_MOVW_TPREL_G1 or R_AARCH64_TLSLE_MOVW_TPREL_G1_NC => 1, _ => 0 };
                bool check = type is R_AARCH64_TLSLE_MOVW_TPREL_G2 or R_AARCH64_TLSLE_MOVW_TPREL_G1 or R_AARCH64_TLSLE_MOVW_TPREL_G0;
                if (value < 0 || (check && (ulong)value >= 1UL << (16 * (group + 1)))) return false;
                insn = WithImm16(insn, (ulong)value >> (16 * group));
                break;
            }
            case R_AARCH64_CALL26 or R_AARCH64_JUMP26:
                if (value < -(1L << 27) || value >= 1L << 27 || (value & 3) != 0) return false;
                insn = (insn & 0xfc000000u) | ((uint)(value >> 2) & 0x3ffffff);
                break;
            case R_AARCH64_CONDBR19 or R_AARCH64_LD_PREL_LO19 or R_AARCH64_GOT_LD_PREL19 or R_AARCH64_TLSIE_LD_GOTTPREL_PREL19:
                if (value < -(1L << 20) || value >= 1L << 20 || (value & 3) != 0) return false;
                insn = (insn & ~(0x7ffffu << 5)) | ((uint)(value >> 2) & 0x7ffff) << 5;
                break;
            case R_AARCH64_TSTBR14:
                if (value < -(1L << 15) || value >= 1L << 15 || (value & 3) != 0) return false;
                insn = (insn & ~(0x3fffu << 5)) | ((uint)(value >> 2) & 0x3fff) << 5;
                break;
            default:
            {
                int shift = LoadStoreShift(type);
                if (shift < 0) return false;
                bool check = type is R_AARCH64_TLSLE_LDST8_TPREL_LO12 or R_AARCH64_TLSLE_LDST16_TPREL_LO12
                    or R_AARCH64_TLSLE_LDST32_TPREL_LO12 or R_AARCH64_TLSLE_LDST64_TPREL_LO12 or R_AARCH64_TLSLE_LDST128_TPREL_LO12;
                if (check && value is < 0 or >= 1 << 12) return false;
                ulong lo = (ulong)value & 0xfff;
                // The field counts whole accesses: an address not aligned to the access size cannot be encoded.
                if ((lo & ((1UL << shift) - 1)) != 0) return false;
                insn = WithImm12(insn, lo >> shift);
                break;
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(field, insn);
        return true;
    }

    public static LinkException Overflow(ObjectFile obj, int section, in Elf64Rela rel, long value, string symbol) =>
        new(ErrorId.RelocationOverflow,
            $"{obj.DisplayName}:({obj.SectionNameString(section)}+0x{rel.Offset:x}): relocation {Instance.RelocationName(rel.Type)} out of range or misaligned: {value} (0x{value:x}) does not fit; references '{symbol}'{(rel.Type is R_AARCH64_CALL26 or R_AARCH64_JUMP26 ? " (the branch reaches ±128 MiB and no range-extension thunk was placed for it: an input section longer than that, or code outside an executable section)" : "")}",
            obj.DisplayName);
}
