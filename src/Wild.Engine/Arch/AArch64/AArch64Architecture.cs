// AArch64 (little-endian LP64 Linux: the AAELF64 psABI). What a linker must know of it, in short:
//
// - Instructions are 4 bytes and hold small immediates, so an address is built in pieces. `adrp xN, sym` puts the
//   4 KiB page of sym relative to the instruction's page (±4 GiB, ADR_PREL_PG_HI21), and the next instruction adds
//   or loads with the low 12 bits (ADD_ABS_LO12_NC, LDSTn_ABS_LO12_NC, whose field is scaled by the access size).
//   Absolute addresses come from MOVZ/MOVK in 16-bit groups (MOVW_UABS_G0..G3). Branches are PC-relative:
//   B/BL ±128 MiB (JUMP26/CALL26), B.cond/CBZ/LDR literal ±1 MiB (CONDBR19, LD_PREL_LO19), TBZ ±32 KiB (TSTBR14).
//   A B/BL whose target (a PLT entry included) lies farther goes through a range-extension thunk, `adrp x16; add x16;
//   br x16`, placed after its run of input sections (AArch64Thunks.cs, ThunkPlanner); conditional branches get none.
// - The GOT is reached with `adrp xN, :got:sym; ldr xN, [xN, :got_lo12:sym]` (ADR_GOT_PAGE, LD64_GOT_LO12_NC), or,
//   in code built with -fpic, as an offset from _GLOBAL_OFFSET_TABLE_, which is the start of .got here
//   (LD64_GOTPAGE_LO15). GNU ld 2.40 keeps GOT loads as they are (no ADRP+LDR → ADRP+ADD relaxation), and so does Wild.
// - TLS is variant I: the thread pointer (TPIDR_EL0) points at a 16-byte thread control block, and the executable's
//   TLS block follows it at the TCB size rounded up to the block's alignment; local-exec offsets are positive. An
//   executable relaxes initial-exec (`adrp; ldr` of a TP-offset slot) and TLS descriptors (`adrp; ldr; add; blr`)
//   to local-exec MOVZ/MOVK, as GNU ld does.
// - The PLT entry is 16 bytes: `adrp x16, slot; ldr x17, [x16, lo12(slot)]; add x16, x16, lo12(slot); br x17`. A
//   static executable's IFUNCs (glibc's memcpy, strlen...) get such entries, their slots filled at start-up by
//   R_AARCH64_IRELATIVE from .rela.iplt. A dynamic output's PLT starts with a 32-byte PLT0 that saves x16 (the slot's
//   address) and x30 and jumps to ld.so's resolver through .got.plt[2]; an import's slot points at PLT0 until bound.
// - Dynamic executables reach a library's data directly through copy relocations (COPY), its functions through the
//   PLT (JUMP_SLOT) or, when their address is taken in non-PIC code, a canonical PLT entry; GOT slots of imports are
//   GLOB_DAT, absolute addresses ABS64 (a library's symbol) or RELATIVE (a PIE's own), TLS of a library TLS_TPREL64
//   in a TP-offset slot (initial exec; a descriptor sequence is relaxed to that).
// - General and local dynamic (-mtls-dialect=trad: `adrp x0; add x0; bl __tls_get_addr; nop`): a shared object keeps
//   them (a DTPMOD64/DTPREL64 GOT pair per variable, one DTPMOD64 module slot); an executable relaxes them as GNU ld
//   does, to local exec (movz/movk, then mrs x1, tpidr_el0; add x0, x1, x0) or, for a library's variable, initial
//   exec, and local dynamic to `mrs x0, tpidr_el0; add x0, x0, #(block - TP); nop`.
// - Defaults as GNU ld's aarch64linux emulation: base 0x400000, maximum page size 64 KiB (kernels with 64 KiB
//   pages exist), dynamic linker /lib/ld-linux-aarch64.so.1.
//
// - BTI/PAC: GNU_PROPERTY_AARCH64_FEATURE_1_AND is ANDed over the inputs (PropertyNote); -z force-bti forces BTI,
//   warning for each input without it. A BTI output's PLT0 starts with `bti c`, and so do the entries of a
//   position-dependent executable (their addresses may be a function's canonical address, called indirectly);
//   -z pac-plt adds `autia1716` before the jump. The layouts are GNU ld's (AArch64Plt.cs).
//
// This milestone links executables (static, static-PIE with RELATIVE relocations applied by glibc's
// _dl_relocate_static_pie, dynamic PIE and non-PIE) and shared objects, whose TLS descriptors stay (TLSDESC), and
// relocatable outputs (-r: the machine-neutral Relocatable/ path keeps every relocation, its section-symbol addend
// moved, and AArch64's mapping symbols $x/$d as locals, as GNU ld -r does); the tiny/large code models' TLS forms are
// refused by name.
// Relocation numbers and instruction fields: AArch64Instructions.cs; the scan and the writer: the other two files.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Arch.AArch64Relocations;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64 : Architecture
{
    public static readonly AArch64 Instance = new();

    private AArch64() { }

    public override ushort Machine => ElfConstants.EM_AARCH64;
    public override string Emulation => "aarch64linux";
    public override string Name => "AArch64";
    public override ulong DefaultMaxPageSize => 0x10000;

    /// <summary>GNU ld's AArch64 emulation defaults to -z noseparate-code: its default script has no separate
    /// read-only data segment (so -Trodata-segment has nothing to move), and a -T script's code shares pages.</summary>
    public override bool DefaultSeparateCode => false;
    public override bool GlobalOffsetTableAtGot => true;
    public override string DefaultDynamicLinker => "/lib/ld-linux-aarch64.so.1";
    public override ulong DefaultImageBase => 0x400000;

    public override string RelocationName(uint type) => Inspection.RelocationNames.Name(ElfConstants.EM_AARCH64, type);

    protected override void CheckOutput(LinkOptions options)
    {
        string? what = options.Kind switch
        {
            OutputKind.Static or OutputKind.StaticPie or OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared or OutputKind.Relocatable => null,
            _ => $"{options.Kind} outputs are",
        };
        if (what is not null)
            throw new LinkException(ErrorId.UnsupportedInput, $"AArch64: {what} not supported yet; executables, shared objects and -r are");
        // x86-64 properties of .note.gnu.property: written into an AArch64 output they would claim what its code is not.
        if (options.Z.Ibt || options.Z.Shstk || options.Z.LamU48 || options.Z.LamU57 || options.Z.IsaLevelNeeded != 0)
            throw new LinkException(ErrorId.InvalidOption,
                $"AArch64: -z {(options.Z.Ibt ? "ibt" : options.Z.Shstk ? "shstk" : options.Z.LamU48 ? "lam-u48" : options.Z.LamU57 ? "lam-u57" : "x86-64-v*")} marks an x86-64 property and cannot apply to an AArch64 output");
        // GNU ld for AArch64 warns "-z ibtplt ignored"; refused here like -z ibt rather than silently ignored.
        if (options.Z.IbtPlt)
            throw new LinkException(ErrorId.InvalidOption, "AArch64: -z ibtplt asks for x86-64's IBT PLT and cannot apply to an AArch64 output");
    }

    private static readonly DynamicRelocationTypes Types = new(
        Absolute64: R_AARCH64_ABS64, Relative: R_AARCH64_RELATIVE, GlobDat: R_AARCH64_GLOB_DAT, JumpSlot: R_AARCH64_JUMP_SLOT,
        IRelative: R_AARCH64_IRELATIVE, Copy: R_AARCH64_COPY, DtpMod64: R_AARCH64_TLS_DTPMOD64, DtpOff64: R_AARCH64_TLS_DTPREL64,
        TpOff64: R_AARCH64_TLS_TPREL64, TlsDesc: R_AARCH64_TLSDESC);

    public override DynamicRelocationTypes DynamicTypes => Types;

    public override ulong PltHeaderSize(bool dynamicOutput) => dynamicOutput ? 32UL : 0;

    public override ulong PltEntrySize => 16;

    /// <summary>`nop` (0xd503201f) repeated from the gap's first byte, as GNU ld pads AArch64 code: a gap that starts
    /// off a four-byte boundary (after data in a code section) holds the word's bytes out of step, as GNU ld's does.</summary>
    public override void FillCodeGap(Span<byte> gap)
    {
        ReadOnlySpan<byte> nop = [0x1f, 0x20, 0x03, 0xd5];
        for (int i = 0; i < gap.Length; i++) gap[i] = nop[i & 3];
    }

    // An import's slot first holds PLT0's address: the entry's `br x17` then enters the resolver with x16 pointing at
    // the slot, which tells ld.so which symbol to bind.
    public override ulong LazyGotPltValue(ulong pltStart, ulong lazyEntryAddress, int flavour) => pltStart;

    /// <summary>Variant I: TP sits 16 bytes (the TCB), rounded up to the block's alignment, before the block.</summary>
    public override ulong ThreadPointer(ulong tlsStart, ulong tlsEnd, ulong align) =>
        tlsStart - AlignUp(TcbSize, Math.Max(align, 1));

    private const ulong TcbSize = 16;

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);
}
