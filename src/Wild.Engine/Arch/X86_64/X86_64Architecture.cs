// x86-64 (the System V psABI). What a linker must know of it, in short:
//
// - Code reaches data and functions PC-relatively (±2 GiB): R_X86_64_PC32 and PLT32 for direct references,
//   GOTPCREL(X) for loads of an address from the GOT. Where the target turns out to be defined in the link,
//   `mov foo@GOTPCREL(%rip), %reg` becomes `lea foo(%rip), %reg` and `call *foo@GOTPCREL(%rip)` becomes a
//   direct call (the X variants promise the instruction allows it).
// - The PLT: in a dynamic output it starts with PLT0 (push the link map from .got.plt[1], jump to ld.so's
//   resolver through .got.plt[2]); each entry jumps through its .got.plt slot, which first points back into
//   the entry (`push index; jmp PLT0`) so the first call binds lazily. A static executable's IFUNCs get entries
//   without the lazy path; their slots are filled by R_X86_64_IRELATIVE at start-up. With IBT the lazy entries
//   open with endbr64 and the entries code calls move to a second section, .plt.sec (X86_64Plt.cs).
// - TLS is variant II: the thread pointer (%fs:0) points at the end of the executable's TLS block, so a
//   local-exec offset is negative: address minus the block's end rounded up to its alignment. Executables relax
//   every access they can: general- and local-dynamic to local-exec (or initial-exec for a variable of a shared
//   object), initial-exec to local-exec, TLS descriptors likewise; shared objects keep the sequences.
// - Dynamic relocations are RELA. RELATIVE for addresses in a PIE, GLOB_DAT and JUMP_SLOT for imports, COPY for
//   an executable's copies of library data, DTPMOD64/DTPOFF64/TPOFF64/TLSDESC for TLS.
//
// The scan (X86_64RelocationScan.cs) and the writer (X86_64RelocationApply.cs) share the instruction predicates
// of X86_64Instructions.cs.
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

    public override ulong ThreadPointer(ulong tlsStart, ulong tlsEnd, ulong align) => tlsEnd;
}
