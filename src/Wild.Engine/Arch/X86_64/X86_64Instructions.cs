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
    /// <summary>mov foo@GOTPCREL(%rip) → lea; call/jmp *foo@GOTPCREL(%rip) → direct (GOTPCRELX only). Never with
    /// --no-relax; never for an absolute symbol, whose value may lie beyond the ±2 GiB a PC-relative form reaches
    /// (the GOT slot holds it whatever it is), nor, as in GNU ld, for one in an SHF_X86_64_LARGE section: medium-model
    /// data past 2 GiB of code (an output of several GiB) is what that flag is for. Other definitions of the link are
    /// taken to be in reach, as GNU ld takes them: small-model code and data fit in 2 GiB. Only with the addend -4 of a
    /// plain foo@GOTPCREL(%rip): another one reads beside the GOT slot, which no rewrite to the symbol's own address
    /// means (GNU ld and lld keep those too).</summary>
    public static bool GotLoadRelaxable(ReadOnlySpan<byte> data, ulong offset, uint type, long addend, SymbolTraits t, bool relax)
    {
        if (!relax || type == R_X86_64_GOTPCREL || addend != -4 || t.Undefined || t.Ifunc || t.Dynamic || t.Absolute || t.Large || offset < 2) return false;
        byte op = data[(int)offset - 2], modrm = data[(int)offset - 1];
        if (op == 0x8b) return true;
        return type == R_X86_64_GOTPCRELX && op == 0xff && (modrm == 0x15 || modrm == 0x25);
    }

    /// <summary>movq x@gottpoff(%rip), %reg or addq x@gottpoff(%rip), %reg can become an immediate form.</summary>
    public static bool GotTpOffRelaxable(ReadOnlySpan<byte> data, ulong offset)
    {
        if (offset < 3) return false;
        byte rex = data[(int)offset - 3], op = data[(int)offset - 2], modrm = data[(int)offset - 1];
        return (rex == 0x48 || rex == 0x4c) && (op == 0x8b || op == 0x03) && (modrm & 0xc7) == 0x05;
    }

    /// <summary>The code a TLSGD/TLSLD relocation sits in: the call to __tls_get_addr that follows the lea, as the
    /// small code model makes it (call __tls_get_addr@PLT), -fno-plt (call *__tls_get_addr@GOTPCREL(%rip)) or the
    /// large code model (movabs $__tls_get_addr@PLTOFF, %rax; add %GOT, %rax; call *%rax).</summary>
    internal enum TlsCall { Plt, Got, Large }

    /// <summary>Where a checked GD/LD sequence starts in its section, how long it is, and how it calls.</summary>
    internal readonly record struct TlsSequence(int Start, int Length, TlsCall Call);

    private static ReadOnlySpan<byte> GdLea => [0x66, 0x48, 0x8d, 0x3d];
    private static ReadOnlySpan<byte> LdLea => [0x48, 0x8d, 0x3d];

    /// <summary>Finds and checks the general/local-dynamic code sequence of the TLSGD or TLSLD relocation
    /// <paramref name="relocs"/>[<paramref name="i"/>] (the relocation of the call is the next one), before the
    /// sequence is relaxed or kept; refuses code it does not recognise rather than rewrite it wrongly.
    /// <paramref name="data"/> holds the section's bytes from offset <paramref name="dataBase"/> (0 but for a window of
    /// a section of 2 GiB or more); the sequence's start is returned relative to <paramref name="data"/>.</summary>
    public static TlsSequence FindTlsSequence(ObjectFile obj, int section, ReadOnlySpan<byte> data, ReadOnlySpan<Elf64Rela> relocs, int i,
        long dataBase = 0)
    {
        var rel = relocs[i];
        bool gd = rel.Type == R_X86_64_TLSGD;
        long off = (long)rel.Offset - dataBase;
        if (i + 1 < relocs.Length && off >= 3)
        {
            var call = relocs[i + 1];
            long next = (long)call.Offset - dataBase;
            // The large model's lea has no data16 prefix, for GD or LD.
            if (call.Type == R_X86_64_PLTOFF64 && next == off + 6 && Matches(data, off - 3, LdLea)
                && LargeCall(data, off + 4))
                return new TlsSequence((int)off - 3, 22, TlsCall.Large);
            if (gd && off >= 4 && Matches(data, off - 4, GdLea))
            {
                if (call.Type is R_X86_64_PLT32 or R_X86_64_PC32 && next == off + 8 && Matches(data, off + 4, [0x66, 0x66, 0x48, 0xe8]))
                    return new TlsSequence((int)off - 4, 16, TlsCall.Plt);
                if (call.Type is R_X86_64_GOTPCRELX or R_X86_64_GOTPCREL && next == off + 8 && Matches(data, off + 4, [0x66, 0x48, 0xff, 0x15]))
                    return new TlsSequence((int)off - 4, 16, TlsCall.Got);
            }
            if (!gd && Matches(data, off - 3, LdLea))
            {
                if (call.Type is R_X86_64_PLT32 or R_X86_64_PC32 && next == off + 5 && Matches(data, off + 4, [0xe8]))
                    return new TlsSequence((int)off - 3, 12, TlsCall.Plt);
                if (call.Type is R_X86_64_GOTPCRELX or R_X86_64_GOTPCREL && next == off + 6 && Matches(data, off + 4, [0xff, 0x15]))
                    return new TlsSequence((int)off - 3, 13, TlsCall.Got);
            }
        }
        throw Unsupported(obj, section, rel,
            $"{RelocationType.Name(rel.Type)} is not in a general/local-dynamic code sequence this linker knows " +
            "(lea then call __tls_get_addr@PLT, call *__tls_get_addr@GOTPCREL(%rip), or the large model's movabs/add/call)");
    }

    // movabs $__tls_get_addr@PLTOFF, %rax (48 b8 imm64); add %reg, %rax (REX.W[R] 01 /r, r/m = rax); call *%rax (ff d0).
    private static bool LargeCall(ReadOnlySpan<byte> data, long at) =>
        at >= 0 && at + 15 <= data.Length && data[(int)at] == 0x48 && data[(int)at + 1] == 0xb8
        && data[(int)at + 10] is 0x48 or 0x4c && data[(int)at + 11] == 0x01 && (data[(int)at + 12] & 0xc7) == 0xc0
        && data[(int)at + 13] == 0xff && data[(int)at + 14] == 0xd0;

    private static bool Matches(ReadOnlySpan<byte> data, long at, ReadOnlySpan<byte> code) =>
        at >= 0 && at + code.Length <= data.Length && data.Slice((int)at, code.Length).SequenceEqual(code);

    /// <summary>Fills <paramref name="code"/> with the fewest recommended multi-byte NOPs.</summary>
    public static void WriteNops(Span<byte> code)
    {
        ReadOnlySpan<byte> nops =
        [
            0x90,
            0x66, 0x90,
            0x0f, 0x1f, 0x00,
            0x0f, 0x1f, 0x40, 0x00,
            0x0f, 0x1f, 0x44, 0x00, 0x00,
            0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
            0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00,
            0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        while (!code.IsEmpty)
        {
            int n = Math.Min(8, code.Length);
            nops.Slice(n * (n - 1) / 2, n).CopyTo(code);
            code = code[n..];
        }
    }

    public static bool IsTls(uint type) => type is R_X86_64_TLSGD or R_X86_64_TLSLD or R_X86_64_GOTTPOFF or R_X86_64_TPOFF32
        or R_X86_64_TPOFF64 or R_X86_64_DTPOFF32 or R_X86_64_GOTPC32_TLSDESC or R_X86_64_TLSDESC_CALL;

    public static bool IsKnown(uint type) => type is R_X86_64_NONE or R_X86_64_64 or R_X86_64_PC32 or R_X86_64_GOT32
        or R_X86_64_PLT32 or R_X86_64_GOTPCREL or R_X86_64_32 or R_X86_64_32S or R_X86_64_16 or R_X86_64_PC16
        or R_X86_64_8 or R_X86_64_PC8 or R_X86_64_DTPOFF64 or R_X86_64_TPOFF64 or R_X86_64_TLSGD or R_X86_64_TLSLD
        or R_X86_64_DTPOFF32 or R_X86_64_GOTTPOFF or R_X86_64_TPOFF32 or R_X86_64_PC64 or R_X86_64_GOTOFF64
        or R_X86_64_GOTPC32 or R_X86_64_GOT64 or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_GOTPLT64
        or R_X86_64_PLTOFF64 or R_X86_64_SIZE32 or R_X86_64_SIZE64 or R_X86_64_GOTPC32_TLSDESC or R_X86_64_TLSDESC_CALL
        or R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX;

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
                or R_X86_64_GOT64 or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_GOTPLT64 or R_X86_64_PLTOFF64
                or R_X86_64_SIZE64:
                BinaryPrimitives.WriteInt64LittleEndian(field, value);
                return true;
            case R_X86_64_32 or R_X86_64_SIZE32 or R_X86_64_GOT32:
                if (value is < 0 or > uint.MaxValue) return false;
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                return true;
            // GNU ld checks the 16-bit forms and R_X86_64_8 as bit fields: a value fits when the bits above the field
            // are all zeros or all ones, -2^n to 2^n - 1 (`enter $zero - 0xff00, ...` links), where lld takes only
            // what fits as signed or as unsigned. R_X86_64_PC8 alone is checked as signed, as GNU ld does.
            case R_X86_64_16 or R_X86_64_PC16:
                if (value is < -0x10000 or > 0xffff) return false;
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
                return true;
            case R_X86_64_8:
                if (value is < -0x100 or > 0xff) return false;
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
            or R_X86_64_GOTPCREL64 or R_X86_64_GOTPC64 or R_X86_64_GOTPLT64 or R_X86_64_PLTOFF64 or R_X86_64_SIZE64 => 8,
        R_X86_64_16 or R_X86_64_PC16 => 2,
        R_X86_64_8 or R_X86_64_PC8 => 1,
        _ => 4,
    };

    public static LinkException Overflow(ObjectFile obj, int section, in Elf64Rela rel, long value, string symbol) =>
        new(ErrorId.RelocationOverflow,
            $"{obj.DisplayName}:({obj.SectionNameString(section)}+0x{rel.Offset:x}): relocation {RelocationType.Name(rel.Type)} out of range: {value} does not fit; references '{symbol}'",
            obj.DisplayName);
}
