// AArch64 range-extension thunks (veneers): B and BL (JUMP26, CALL26) reach ±128 MiB, so a call across a larger
// image, or to a PLT entry that far, goes through a thunk in the caller's group (ThunkPlanner places them). The thunk
// is GNU ld's ADRP-branch stub, `adrp x16, target; add x16, x16, :lo12:target; br x16`: position independent, so the
// same one serves static, PIE and shared outputs, and it reaches ±4 GiB. x16 and x17 (IP0/IP1) are the registers the
// procedure call standard gives a veneer to clobber. Conditional branches (CONDBR19, TSTBR14) get none, as in GNU ld.
// Each thunk is named in .symtab as GNU ld names its veneers (SymbolTableBuilder.AddVeneers) and listed in the map.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using static Wild.Engine.Arch.AArch64Relocations;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64
{
    private const long BranchRange = 1L << 27;

    public override long BranchReach => BranchRange;

    public override bool IsThunkBranch(uint type) => type is R_AARCH64_CALL26 or R_AARCH64_JUMP26;

    public override ulong ThunkSize => 12;

    public override void WriteThunk(Span<byte> dest, ulong at, ulong target)
    {
        long pages = (long)(Page(target) - Page(at));
        if (!FitsPage(pages))
            throw new LinkException(ErrorId.RelocationOverflow,
                $"range-extension thunk at 0x{at:x} cannot reach 0x{target:x}: ADRP reaches ±4 GiB");
        BinaryPrimitives.WriteUInt32LittleEndian(dest, WithAdrImmediate(0x90000010u, pages >> 12));      // adrp x16, target
        BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], 0x91000210u | (uint)(target & 0xfff) << 10); // add x16, x16, lo12
        BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], 0xd61f0200u);                                // br x16
    }

    private static bool BranchFits(long value) => value >= -BranchRange && value < BranchRange;
}
