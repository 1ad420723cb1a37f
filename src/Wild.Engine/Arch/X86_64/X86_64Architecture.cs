// x86-64 (the System V psABI). What a linker must know of it, in short:
//
// - Code reaches data and functions PC-relatively (±2 GiB): R_X86_64_PC32 and PLT32 for direct references,
//   GOTPCREL(X) for loads of an address from the GOT. Where the target turns out to be defined in the link,
//   `mov foo@GOTPCREL(%rip), %reg` becomes `lea foo(%rip), %reg` and `call *foo@GOTPCREL(%rip)` becomes a
//   direct call (the X variants promise the instruction allows it).
// - The PLT: in a dynamic output it starts with PLT0 (push the link map from .got.plt[1], jump to ld.so's
//   resolver through .got.plt[2]); each entry jumps through its .got.plt slot, which first points back into
//   the entry (`push index; jmp PLT0`) so the first call binds lazily. A static executable's IFUNCs get entries
//   without the lazy path; their slots are filled by R_X86_64_IRELATIVE at start-up.
// - TLS is variant II: the thread pointer (%fs:0) points at the end of the executable's TLS block, so a
//   local-exec offset is negative: address minus the block's end rounded up to its alignment. Executables relax
//   every access they can: general- and local-dynamic to local-exec (or initial-exec for a variable of a shared
//   object), initial-exec to local-exec, TLS descriptors likewise; shared objects keep the sequences.
// - Dynamic relocations are RELA. RELATIVE for addresses in a PIE, GLOB_DAT and JUMP_SLOT for imports, COPY for
//   an executable's copies of library data, DTPMOD64/DTPOFF64/TPOFF64/TLSDESC for TLS.
//
// The scan (X86_64RelocationScan.cs) and the writer (X86_64RelocationApply.cs) share the instruction predicates
// of X86_64Instructions.cs.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.RelocationType;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64 : Architecture
{
    public static readonly X86_64 Instance = new();

    private X86_64() { }

    public override ushort Machine => ElfConstants.EM_X86_64;
    public override string Emulation => "elf_x86_64";
    public override string Name => "x86-64";
    public override ulong DefaultMaxPageSize => 0x1000;
    public override string DefaultDynamicLinker => "/lib64/ld-linux-x86-64.so.2";
    public override ulong DefaultImageBase => 0x400000;

    public override string RelocationName(uint type) => RelocationType.Name(type);

    private static readonly DynamicRelocationTypes Types = new(
        Absolute64: R_X86_64_64, Relative: R_X86_64_RELATIVE, GlobDat: R_X86_64_GLOB_DAT, JumpSlot: R_X86_64_JUMP_SLOT,
        IRelative: R_X86_64_IRELATIVE, Copy: R_X86_64_COPY, DtpMod64: R_X86_64_DTPMOD64, DtpOff64: R_X86_64_DTPOFF64,
        TpOff64: R_X86_64_TPOFF64, TlsDesc: R_X86_64_TLSDESC);

    public override DynamicRelocationTypes DynamicTypes => Types;

    public override ulong PltHeaderSize(bool dynamicOutput) => dynamicOutput ? 16UL : 0;

    public override ulong PltEntrySize => 16;

    // The no-ops of one to ten bytes the Intel and AMD manuals recommend (prefixes on `nop`, `nopl`, `nopw` with a
    // displacement), in the forms GNU ld pads x86-64 code with: as many ten-byte ones as fit, then one of the rest.
    private static readonly byte[][] Nops =
    [
        [0x90],
        [0x66, 0x90],
        [0x0f, 0x1f, 0x00],
        [0x0f, 0x1f, 0x40, 0x00],
        [0x0f, 0x1f, 0x44, 0x00, 0x00],
        [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
        [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
        [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    ];

    public override void FillCodeGap(Span<byte> gap)
    {
        var ten = Nops[9];
        while (gap.Length >= ten.Length)
        {
            ten.CopyTo(gap);
            gap = gap[ten.Length..];
        }
        if (gap.Length > 0) Nops[gap.Length - 1].CopyTo(gap);
    }

    // An import's slot first holds the address of its entry's `push index`, 6 bytes in.
    public override ulong LazyGotPltValue(ulong pltStart, ulong pltEntryAddress) => pltEntryAddress + 6;

    public override ulong ThreadPointer(ulong tlsStart, ulong tlsEnd, ulong align) => tlsEnd;

    public override void WritePlt(Layout.Layout layout, Span<byte> dest)
    {
        ulong plt0 = layout.Plt!.Address;
        ulong gotPlt = layout.GotPlt!.Address;
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            ulong at = layout.PltEntryAddress(id);
            var entry = dest.Slice((int)(at - plt0), 16);
            // jmp *slot(%rip)
            entry[0] = 0xff; entry[1] = 0x25;
            BinaryPrimitives.WriteInt32LittleEndian(entry[2..], PltDisplacement(layout.GotPltEntryAddress(id), at + 6, layout, id));
            if (layout.PltHeaderSize > 0)
            {
                // push $index; jmp PLT0 — the lazy path taken until the slot is bound.
                entry[6] = 0x68;
                BinaryPrimitives.WriteInt32LittleEndian(entry[7..], i);
                entry[11] = 0xe9;
                BinaryPrimitives.WriteInt32LittleEndian(entry[12..], (int)((long)plt0 - (long)(at + 16)));
            }
            else
            {
                ReadOnlySpan<byte> nop10 = [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00];
                nop10.CopyTo(entry[6..]);
            }
        }
        // PLT0 after the entries: an entry out of reach is reported by its symbol's name first.
        if (layout.PltHeaderSize > 0)
        {
            // PLT0: push GOT[1] (the link map); jmp *GOT[2] (ld.so's resolver).
            dest[0] = 0xff; dest[1] = 0x35;
            BinaryPrimitives.WriteInt32LittleEndian(dest[2..], PltDisplacement(gotPlt + 8, plt0 + 6, layout, Symbols.SymbolId.None));
            dest[6] = 0xff; dest[7] = 0x25;
            BinaryPrimitives.WriteInt32LittleEndian(dest[8..], PltDisplacement(gotPlt + 16, plt0 + 12, layout, Symbols.SymbolId.None));
            dest[12] = 0x0f; dest[13] = 0x1f; dest[14] = 0x40; dest[15] = 0x00;
        }
    }

    /// <summary>A PLT instruction's 32-bit displacement to its .got.plt slot (<paramref name="id"/>'s, or PLT0's for
    /// none). A slot more than 2 GiB away cannot be reached: GNU ld refuses the link, and so does this, rather than
    /// write a jump through a truncated displacement.</summary>
    private static int PltDisplacement(ulong target, ulong next, Layout.Layout layout, Symbols.SymbolId id)
    {
        long displacement = unchecked((long)target - (long)next);
        if (displacement == (int)displacement) return (int)displacement;
        string entry = "PLT0 entry";
        if (!id.IsNone)
        {
            var bytes = layout.Db.NameBytes(layout.Db.NameOf(id));
            entry = $"PLT entry for `{(layout.Options.Demangle && Symbols.Demangler.TryDemangle(bytes, out string demangled) ? demangled : System.Text.Encoding.UTF8.GetString(bytes))}'";
        }
        throw new Diagnostics.LinkException(Diagnostics.ErrorId.RelocationOverflow,
            $"PC-relative offset overflow in {entry}: its .got.plt slot at 0x{target:x} is out of reach of the PLT at 0x{next:x}; place .got.plt within 2 GiB of .plt");
    }
}
