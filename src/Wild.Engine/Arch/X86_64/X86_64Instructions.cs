// x86-64 instruction patterns and relocation fields: which code sequences a GOT load or TLS access may be
// relaxed in (the scan and the writer ask the same predicates, so they cannot disagree), the checks a GD/LD
// sequence must pass before it is rewritten, and how wide each relocation's field is and what fits in it.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Layout;
using static Wild.Engine.Elf.RelocationType;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64
{
    /// <summary>mov foo@GOTPCREL(%rip) → lea; call/jmp *foo@GOTPCREL(%rip) → direct (GOTPCRELX only).</summary>
    public static bool GotLoadRelaxable(ReadOnlySpan<byte> data, ulong offset, uint type, SymbolTraits t, bool pie)
    {
        if (type == R_X86_64_GOTPCREL || t.Undefined || t.Ifunc || t.Dynamic || offset < 2) return false;
        byte op = data[(int)offset - 2], modrm = data[(int)offset - 1];
        if (op == 0x8b) return !(pie && t.Absolute);
        return type == R_X86_64_GOTPCRELX && op == 0xff && (modrm == 0x15 || modrm == 0x25) && !(pie && t.Absolute);
    }

    /// <summary>
    /// An absolute 64-bit reference to a run-time-bound symbol becomes a symbolic dynamic relocation, unless
    /// it sits in a read-only section and the symbol lives in a shared object: then the symbol is given a
    /// link-time address instead (copy relocation or canonical PLT), so nothing writes to read-only memory.
    /// </summary>
    public static bool NeedsSymbolicRelocation(SymbolTraits t, bool writableSection) => t.Dynamic && (writableSection || !t.Shared);

    /// <summary>movq x@gottpoff(%rip), %reg or addq x@gottpoff(%rip), %reg can become an immediate form.</summary>
    public static bool GotTpOffRelaxable(ReadOnlySpan<byte> data, ulong offset)
    {
        if (offset < 3) return false;
        byte rex = data[(int)offset - 3], op = data[(int)offset - 2], modrm = data[(int)offset - 1];
        return (rex == 0x48 || rex == 0x4c) && (op == 0x8b || op == 0x03) && (modrm & 0xc7) == 0x05;
    }

    private static ReadOnlySpan<byte> TlsGdPrefix => [0x66, 0x48, 0x8d, 0x3d];
    private static ReadOnlySpan<byte> TlsGdCall => [0x66, 0x66, 0x48, 0xe8];

    /// <summary>Checks the GD/LD code sequence that a TLSGD/TLSLD relocation must sit in, before relaxing it.</summary>
    public static void CheckTlsSequence(ObjectFile obj, int section, ReadOnlySpan<byte> data, ReadOnlySpan<Elf64Rela> relocs, int i)
    {
        var rel = relocs[i];
        bool gd = rel.Type == R_X86_64_TLSGD;
        long start = (long)rel.Offset - (gd ? 4 : 3);
        bool ok = start >= 0 && i + 1 < relocs.Length
                  && relocs[i + 1].Type is R_X86_64_PLT32 or R_X86_64_PC32
                  && (long)relocs[i + 1].Offset == (long)rel.Offset + (gd ? 8 : 5)
                  && start + (gd ? 16 : 12) <= data.Length;
        if (ok)
        {
            var code = data[(int)start..];
            ok = gd ? code.StartsWith(TlsGdPrefix) && code[8..].StartsWith(TlsGdCall)
                    : code[0] == 0x48 && code[1] == 0x8d && code[2] == 0x3d && code[7] == 0xe8;
        }
        if (!ok)
            throw Unsupported(obj, section, rel,
                $"{RelocationType.Name(rel.Type)} is not in the expected general/local-dynamic code sequence (call __tls_get_addr@PLT)");
    }

    public static bool IsTls(uint type) => type is R_X86_64_TLSGD or R_X86_64_TLSLD or R_X86_64_GOTTPOFF or R_X86_64_TPOFF32
        or R_X86_64_TPOFF64 or R_X86_64_DTPOFF32 or R_X86_64_GOTPC32_TLSDESC or R_X86_64_TLSDESC_CALL;

    public static bool IsKnown(uint type) => type is R_X86_64_NONE or R_X86_64_64 or R_X86_64_PC32 or R_X86_64_GOT32
        or R_X86_64_PLT32 or R_X86_64_GOTPCREL or R_X86_64_32 or R_X86_64_32S or R_X86_64_16 or R_X86_64_PC16
        or R_X86_64_8 or R_X86_64_PC8 or R_X86_64_DTPOFF64 or R_X86_64_TPOFF64 or R_X86_64_TLSGD or R_X86_64_TLSLD
        or R_X86_64_DTPOFF32 or R_X86_64_GOTTPOFF or R_X86_64_TPOFF32 or R_X86_64_PC64 or R_X86_64_GOTOFF64
        or R_X86_64_GOTPC32 or R_X86_64_GOT64 or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_SIZE32
        or R_X86_64_SIZE64 or R_X86_64_GOTPC32_TLSDESC or R_X86_64_TLSDESC_CALL or R_X86_64_GOTPCRELX
        or R_X86_64_REX_GOTPCRELX;

    /// <summary>
    /// Relocations a non-allocated section (debug info, notes) may carry: values computed from a symbol
    /// alone. Anything needing GOT/PLT entries or code rewriting is only prepared by the scan of allocated
    /// sections, so in a non-allocated one it is refused rather than applied against tables that do not exist.
    /// </summary>
    public static bool AllowedInNonAlloc(uint type) => type is R_X86_64_NONE or R_X86_64_64 or R_X86_64_32 or R_X86_64_32S
        or R_X86_64_16 or R_X86_64_8 or R_X86_64_PC64 or R_X86_64_PC32 or R_X86_64_PC16 or R_X86_64_PC8
        or R_X86_64_DTPOFF32 or R_X86_64_DTPOFF64 or R_X86_64_SIZE32 or R_X86_64_SIZE64;

    /// <summary>Writes a computed value into the field a relocation names; false if it does not fit.</summary>
    public static bool TryWrite(Span<byte> field, uint type, long value)
    {
        switch (type)
        {
            case R_X86_64_64 or R_X86_64_PC64 or R_X86_64_DTPOFF64 or R_X86_64_TPOFF64 or R_X86_64_GOTOFF64
                or R_X86_64_GOT64 or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_SIZE64:
                BinaryPrimitives.WriteInt64LittleEndian(field, value);
                return true;
            case R_X86_64_32 or R_X86_64_SIZE32 or R_X86_64_GOT32:
                if (value is < 0 or > uint.MaxValue) return false;
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                return true;
            case R_X86_64_16:
                if (value is < short.MinValue or > ushort.MaxValue) return false;
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
                return true;
            case R_X86_64_PC16:
                if (value is < short.MinValue or > short.MaxValue) return false;
                BinaryPrimitives.WriteInt16LittleEndian(field, (short)value);
                return true;
            case R_X86_64_8:
                if (value is < sbyte.MinValue or > byte.MaxValue) return false;
                field[0] = (byte)value;
                return true;
            case R_X86_64_PC8:
                if (value is < sbyte.MinValue or > sbyte.MaxValue) return false;
                field[0] = (byte)value;
                return true;
            default:
                if (value is < int.MinValue or > int.MaxValue) return false;
                BinaryPrimitives.WriteInt32LittleEndian(field, (int)value);
                return true;
        }
    }

    public static int FieldSize(uint type) => type switch
    {
        R_X86_64_NONE or R_X86_64_TLSDESC_CALL => 0,
        R_X86_64_64 or R_X86_64_PC64 or R_X86_64_DTPOFF64 or R_X86_64_TPOFF64 or R_X86_64_GOTOFF64 or R_X86_64_GOT64
            or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_SIZE64 => 8,
        R_X86_64_16 or R_X86_64_PC16 => 2,
        R_X86_64_8 or R_X86_64_PC8 => 1,
        _ => 4,
    };

    public static LinkException Overflow(ObjectFile obj, int section, in Elf64Rela rel, long value, string symbol) =>
        new(ErrorId.RelocationOverflow,
            $"{obj.DisplayName}:({obj.SectionNameString(section)}+0x{rel.Offset:x}): relocation {RelocationType.Name(rel.Type)} out of range: {value} does not fit; references '{symbol}'",
            obj.DisplayName);
}
