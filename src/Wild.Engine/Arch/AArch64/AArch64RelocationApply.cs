// The AArch64 half of the writer: computes each relocation's value (S+A, S+A-P, Page(S+A)-Page(P), a GOT slot's
// address, a TP offset) and encodes it into the instruction or data field, rewriting the initial-exec and
// TLS-descriptor sequences of an executable into local-exec MOVZ/MOVK (with NOPs where a descriptor call was), as
// GNU ld does (to initial exec for a library's variable), and the dynamic relocations of absolute addresses (RELATIVE,
// or ABS64 naming a run-time-bound symbol); a shared object keeps its TLS descriptors and general/local-dynamic
// sequences, which an executable relaxes; a B/BL out of reach goes to its group's thunk. See AArch64Architecture.cs.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Symbols;
using Wild.Engine.Writing;
using static Wild.Engine.Arch.AArch64Relocations;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64
{
    public override void ApplySection(ref RelocationApplier applier, int section, ReadOnlySpan<Elf64Rela> relocs,
        Span<byte> output, long inputBase, ulong address, bool alloc)
    {
        var layout = applier.Layout;
        var obj = applier.Obj;
        ulong threadPointer = layout.ThreadPointer;
        bool pie = layout.IsPie, shared = layout.IsSharedOutput;
        // The `bl __tls_get_addr` of a relaxed general- or local-dynamic sequence, already rewritten (see the scan).
        ulong relaxedCall = ulong.MaxValue;
        for (int r = 0; r < relocs.Length; r++)
        {
            var rel = relocs[r];
            uint type = rel.Type;
            if (!applier.Begin<AArch64RelocationKinds>(section, rel, inputBase, address, output.Length, alloc, out var site)) continue;
            var (off, si, target, s, a, p) = site;
            var field = output[(int)off..];
            long v;
            switch (type)
            {
                case R_AARCH64_ABS64:
                    v = applier.Absolute64(section, p, target, s, a, R_AARCH64_ABS64, alloc);
                    break;
                case R_AARCH64_ABS32 or R_AARCH64_ABS16 or (>= R_AARCH64_MOVW_UABS_G0 and <= R_AARCH64_MOVW_UABS_G3)
                    or R_AARCH64_ADD_ABS_LO12_NC or R_AARCH64_LDST8_ABS_LO12_NC or R_AARCH64_LDST16_ABS_LO12_NC
                    or R_AARCH64_LDST32_ABS_LO12_NC or R_AARCH64_LDST64_ABS_LO12_NC or R_AARCH64_LDST128_ABS_LO12_NC:
                    v = (long)(s + (ulong)a);
                    break;
                case R_AARCH64_PREL64 or R_AARCH64_PREL32 or R_AARCH64_PREL16 or R_AARCH64_LD_PREL_LO19 or R_AARCH64_ADR_PREL_LO21
                    or R_AARCH64_CONDBR19 or R_AARCH64_TSTBR14:
                    v = (long)(s + (ulong)a - p);
                    break;
                case R_AARCH64_CALL26 when rel.Offset == relaxedCall:
                    continue;
                case R_AARCH64_CALL26 or R_AARCH64_JUMP26:
                    // A branch to an undefined weak symbol goes to the next instruction (AAELF64), as GNU ld and lld do:
                    // callers test the symbol first, and address 0 is out of reach of a large image anyway.
                    if (layout.TraitsOf(target).Undefined && !layout.HasPlt(target))
                        v = 4;
                    else
                    {
                        v = (long)(s + (ulong)a - p);
                        // Beyond B/BL's reach: through the thunk ThunkPlanner gave the caller's group for this target.
                        if (!BranchFits(v) && layout.Thunks is { } thunks
                            && thunks.TryFind(layout, layout.Map.Flat(applier.File, section), target, rel.Addend, out ulong thunk))
                            v = (long)(thunk - p);
                    }
                    break;
                case R_AARCH64_ADR_PREL_PG_HI21 or R_AARCH64_ADR_PREL_PG_HI21_NC:
                    v = (long)(Page(s + (ulong)a) - Page(p));
                    break;
                case R_AARCH64_ADR_GOT_PAGE:
                    v = (long)(Page(layout.GotEntryAddress(target)) - Page(p));
                    break;
                case R_AARCH64_LD64_GOT_LO12_NC:
                    v = (long)layout.GotEntryAddress(target);
                    break;
                case R_AARCH64_LD64_GOTPAGE_LO15:
                    // From the page of _GLOBAL_OFFSET_TABLE_, which is .got's start on AArch64 (GlobalOffsetTableAtGot).
                    v = (long)(layout.GotEntryAddress(target) - Page(layout.Got!.Address));
                    break;
                case R_AARCH64_GOT_LD_PREL19:
                    v = (long)(layout.GotEntryAddress(target) - p);
                    break;
                case R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 when !IeRelaxable(layout.TraitsOf(target), shared):
                    v = (long)(Page(layout.GotTpEntryAddress(target)) - Page(p));
                    break;
                case R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC when !IeRelaxable(layout.TraitsOf(target), shared):
                    v = (long)layout.GotTpEntryAddress(target);
                    break;
                case R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 or R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC:
                {
                    // Initial exec → local exec: adrp xN, slot → movz xN, #tprel_g1, lsl #16; ldr xN, [xN, lo12] →
                    // movk xN, #tprel_g0. Both keep the register the compiler chose.
                    applier.RequireTls(section, rel, target);
                    long tprel = (long)(s + (ulong)a - threadPointer);
                    if (tprel < 0 || tprel >= 1L << 32) throw Overflow(obj, section, rel, tprel, applier.SymbolName(si));
                    uint insn = BinaryPrimitives.ReadUInt32LittleEndian(field);
                    BinaryPrimitives.WriteUInt32LittleEndian(field, type == R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21
                        ? Movz(Rd(insn), 1, (ulong)tprel >> 16)
                        : Movk(Rd(insn), 0, (ulong)tprel));
                    continue;
                }
                case R_AARCH64_TLSIE_LD_GOTTPREL_PREL19:
                    v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                    break;
                case R_AARCH64_TLSDESC_ADR_PAGE21 when shared:
                    v = (long)(Page(layout.TlsDescEntryAddress(target)) - Page(p));
                    break;
                case R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 when shared:
                    // The descriptor pair's address: ldr loads its function, add makes x0 point at it for the call.
                    v = (long)layout.TlsDescEntryAddress(target);
                    if (type == R_AARCH64_TLSDESC_ADD_LO12) v &= 0xfff;
                    break;
                case R_AARCH64_TLSDESC_CALL when shared:
                    continue; // the call stays: ld.so's resolver does the work
                case R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 or R_AARCH64_TLSDESC_CALL
                    when layout.TraitsOf(target).Dynamic:
                {
                    // TLS descriptor → initial exec, for a library's variable: adrp x0, slot; ldr x0, [x0, lo12(slot)];
                    // the add and the call become nops. x0 holds the TP offset, as the descriptor call would leave it.
                    ulong slot = layout.GotTpEntryAddress(target);
                    uint insn = type switch
                    {
                        R_AARCH64_TLSDESC_ADR_PAGE21 => WithAdrImmediate(0x90000000u, (long)(Page(slot) - Page(p)) >> 12),
                        R_AARCH64_TLSDESC_LD64_LO12 => 0xf9400000u | (uint)((slot & 0xfff) >> 3) << 10,
                        _ => Nop,
                    };
                    if (type == R_AARCH64_TLSDESC_ADR_PAGE21 && !FitsPage((long)(Page(slot) - Page(p))))
                        throw Overflow(obj, section, rel, (long)(Page(slot) - Page(p)), applier.SymbolName(si));
                    BinaryPrimitives.WriteUInt32LittleEndian(field, insn);
                    continue;
                }
                case R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 or R_AARCH64_TLSDESC_CALL:
                {
                    // TLS descriptor → local exec: the result is the offset in x0, as the descriptor call would have
                    // left it: adrp → movz x0, #tprel_g1, lsl #16; ldr → movk x0, #tprel_g0; add and blr → nop.
                    applier.RequireTls(section, rel, target);
                    long tprel = (long)(s + (ulong)a - threadPointer);
                    if (tprel < 0 || tprel >= 1L << 32) throw Overflow(obj, section, rel, tprel, applier.SymbolName(si));
                    uint insn = type switch
                    {
                        R_AARCH64_TLSDESC_ADR_PAGE21 => Movz(0, 1, (ulong)tprel >> 16),
                        R_AARCH64_TLSDESC_LD64_LO12 => Movk(0, 0, (ulong)tprel),
                        _ => Nop,
                    };
                    BinaryPrimitives.WriteUInt32LittleEndian(field, insn);
                    continue;
                }
                case R_AARCH64_TLSGD_ADR_PAGE21 when shared:
                    v = (long)(Page(layout.TlsGdEntryAddress(target)) - Page(p));
                    break;
                case R_AARCH64_TLSGD_ADD_LO12_NC when shared:
                    v = (long)layout.TlsGdEntryAddress(target);
                    break;
                case R_AARCH64_TLSLD_ADR_PAGE21 when shared:
                    v = (long)(Page(layout.TlsModuleEntryAddress) - Page(p));
                    break;
                case R_AARCH64_TLSLD_ADD_LO12_NC when shared:
                    v = (long)layout.TlsModuleEntryAddress;
                    break;
                case R_AARCH64_TLSGD_ADR_PAGE21 or R_AARCH64_TLSGD_ADD_LO12_NC:
                {
                    // General dynamic in an executable, as GNU ld relaxes it: adrp x0, :tlsgd:v; add x0, x0, lo12;
                    // bl __tls_get_addr; nop become movz x0, #tprel_g1, lsl #16; movk x0, #tprel_g0 (local exec), or
                    // adrp x0, slot; ldr x0, [x0, lo12(slot)] (initial exec, a library's variable); then
                    // mrs x1, tpidr_el0; add x0, x1, x0: x0 is the variable's address, as __tls_get_addr returns it.
                    uint insn;
                    if (IeRelaxable(layout.TraitsOf(target), false))
                    {
                        applier.RequireTls(section, rel, target);
                        long tprel = (long)(s + (ulong)a - threadPointer);
                        if (tprel < 0 || tprel >= 1L << 32) throw Overflow(obj, section, rel, tprel, applier.SymbolName(si));
                        insn = type == R_AARCH64_TLSGD_ADR_PAGE21 ? Movz(0, 1, (ulong)tprel >> 16) : Movk(0, 0, (ulong)tprel);
                    }
                    else
                    {
                        ulong slot = layout.GotTpEntryAddress(target);
                        long pages = (long)(Page(slot) - Page(p));
                        if (type == R_AARCH64_TLSGD_ADR_PAGE21 && !FitsPage(pages)) throw Overflow(obj, section, rel, pages, applier.SymbolName(si));
                        insn = type == R_AARCH64_TLSGD_ADR_PAGE21 ? WithAdrImmediate(0x90000000u, pages >> 12) : 0xf9400000u | (uint)((slot & 0xfff) >> 3) << 10;
                    }
                    BinaryPrimitives.WriteUInt32LittleEndian(field, insn);
                    if (type == R_AARCH64_TLSGD_ADD_LO12_NC)
                    {
                        RelaxedTail(field, obj, section, rel, MrsX1Tp, AddX0X1X0);
                        relaxedCall = rel.Offset + 4;
                    }
                    continue;
                }
                case R_AARCH64_TLSLD_ADR_PAGE21 or R_AARCH64_TLSLD_ADD_LO12_NC:
                {
                    // Local dynamic in an executable: adrp x0, :tlsldm:; add x0, x0, lo12; bl __tls_get_addr become
                    // mrs x0, tpidr_el0; add x0, x0, #(block - TP); nop. x0 is the TLS block's start, from which the
                    // DTP-relative offsets count, as in GNU ld (the nop after the call stays). GNU ld 2.40 adds the TCB's 16
                    // bytes whatever the block's alignment, so with .tbss aligned beyond 16 its offsets miss the
                    // variables; the block's real start keeps the program right.
                    applier.RequireTls(section, rel, target);
                    ulong block = layout.TlsStart - threadPointer;
                    if (block >= 1 << 12) throw Overflow(obj, section, rel, (long)block, applier.SymbolName(si));
                    BinaryPrimitives.WriteUInt32LittleEndian(field, type == R_AARCH64_TLSLD_ADR_PAGE21 ? MrsX0Tp : 0x91000000u | (uint)block << 10);
                    if (type == R_AARCH64_TLSLD_ADD_LO12_NC)
                    {
                        RelaxedTail(field, obj, section, rel, Nop, Nop);
                        relaxedCall = rel.Offset + 4;
                    }
                    continue;
                }
                case >= R_AARCH64_TLSLD_MOVW_DTPREL_G2 and <= R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC
                    or R_AARCH64_TLSLD_LDST128_DTPREL_LO12 or R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC:
                    // An offset in the module's TLS block: written as the local-exec form of the same field writes a TP offset.
                    applier.RequireTls(section, rel, target);
                    v = (long)(s + (ulong)a - layout.TlsStart);
                    if (!TryWrite(field, AsTpRelative(type), v))
                        throw Overflow(obj, section, rel, v, applier.SymbolName(si));
                    continue;
                case R_AARCH64_TLS_DTPREL64:
                    // Debug info's offset of a variable in its module's TLS block.
                    v = (long)(s + (ulong)a - layout.TlsStart);
                    break;
                default:
                    // The local-exec forms: offsets from the thread pointer.
                    applier.RequireTls(section, rel, target);
                    v = (long)(s + (ulong)a - threadPointer);
                    break;
            }
            if (!TryWrite(field, type, v))
                throw Overflow(obj, section, rel, v, applier.SymbolName(si));
        }
    }

    /// <summary>Rewrites the call and the instruction after it in a relaxed general- or local-dynamic sequence (the scan
    /// checked that the call is there); <paramref name="afterCall"/> is written only over the psABI's nop.</summary>
    private static void RelaxedTail(Span<byte> field, Input.ObjectFile obj, int section, in Elf64Rela rel, uint call, uint afterCall)
    {
        if (field.Length < 12)
            throw obj.Malformed($"{Instance.RelocationName(rel.Type)} at {obj.SectionNameString(section)}+0x{rel.Offset:x}: the __tls_get_addr call lies outside the section");
        BinaryPrimitives.WriteUInt32LittleEndian(field[4..], call);
        if (afterCall != Nop) BinaryPrimitives.WriteUInt32LittleEndian(field[8..], afterCall);
    }
}
