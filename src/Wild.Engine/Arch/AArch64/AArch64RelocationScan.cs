// The AArch64 half of the relocation scan: which absolute addresses need a dynamic relocation (RELATIVE, or ABS64
// naming a run-time-bound symbol), which library symbols need a copy or a canonical PLT entry, which targets need a GOT address slot (ADR_GOT_PAGE and friends: GNU ld keeps those loads), a TP-offset slot (an initial-exec load
// that cannot be relaxed), a general-dynamic GOT pair or the module slot (shared objects), or a PLT entry (every
// reference to an IFUNC; not the __tls_get_addr call a relaxed sequence drops). Refuses, by name, relocation types and
// TLS models the writer does not handle. Sizes only: values and instruction rewrites are AArch64RelocationApply's.
using Wild.Engine.Elf;
using Wild.Engine.Layout;
using static Wild.Engine.Arch.AArch64Relocations;
using Needs = Wild.Engine.Layout.SymbolNeeds;

namespace Wild.Engine.Arch;

internal sealed partial class AArch64
{
    public override void ScanSection(ref FileScan scan, int section, ReadOnlySpan<Elf64Rela> relocs, bool isEhFrame)
    {
        var obj = scan.Obj;
        ref readonly var header = ref obj.SectionHeaders[section];
        // An executable's relaxed general- or local-dynamic sequence drops its __tls_get_addr call: no PLT entry for it.
        ulong relaxedCall = ulong.MaxValue;
        for (int r = 0; r < relocs.Length; r++)
        {
            var rel = relocs[r];
            uint type = rel.Type;
            if (type is R_AARCH64_CALL26 && rel.Offset == relaxedCall) continue;
            if (!IsKnown(type))
                throw Unsupported(obj, section, rel, UnsupportedWhy(type));
            int width = FieldSize(type);
            if (rel.Offset > header.Size || (ulong)width > header.Size - rel.Offset || ((type is not (R_AARCH64_ABS64 or R_AARCH64_ABS32
                or R_AARCH64_ABS16 or R_AARCH64_PREL64 or R_AARCH64_PREL32 or R_AARCH64_PREL16 or R_AARCH64_TLS_DTPREL64)) && width > 0 && (rel.Offset & 3) != 0))
                throw obj.Malformed($"relocation {RelocationName(type)} at {obj.SectionNameString(section)}+0x{rel.Offset:x} lies outside the section or is not on an instruction");
            if (type is R_AARCH64_NONE or R_AARCH64_NONE_OLD) continue;
            var target = scan.Target(rel);
            var t = scan.Traits(target);
            if (t.Ifunc) scan.Need(target, Needs.Plt);
            switch (type)
            {
                case R_AARCH64_ABS64:
                    if (NeedsSymbolicRelocation(t, header.IsWritable, scan.Pie) && !isEhFrame)
                    {
                        // Bound by ld.so: an ABS64 dynamic relocation naming the symbol.
                        TextRelocation(ref scan, section, rel, header.IsWritable);
                        scan.SymbolicCount++;
                        scan.Need(target, Needs.DynamicSymbol);
                    }
                    else if (t.Shared)
                        // A position-dependent executable's read-only section: the symbol gets a link-time address.
                        scan.Need(target, LinkTimeAddress(t));
                    else if (scan.Pie && !t.Absolute && !t.Undefined && !isEhFrame)
                    {
                        // A position-independent executable is moved as a whole: each absolute address gets a RELATIVE.
                        TextRelocation(ref scan, section, rel, header.IsWritable);
                        scan.AddRelative(section, header.AddressAlign, rel.Offset);
                    }
                    break;
                case R_AARCH64_ABS32 or R_AARCH64_ABS16 or (>= R_AARCH64_MOVW_UABS_G0 and <= R_AARCH64_MOVW_UABS_G3):
                    // No dynamic relocation writes these fields: an address in them would be wrong once the image moves.
                    if (t.Shared && !scan.Pie)
                        scan.Need(target, LinkTimeAddress(t));
                    else if (scan.Pie && !t.Absolute && !t.Undefined)
                        throw Unsupported(obj, section, rel,
                            $"relocation {RelocationName(type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a PIE object; recompile with -fPIE");
                    break;
                case R_AARCH64_CALL26 or R_AARCH64_JUMP26:
                    if (t.Dynamic) scan.Need(target, Needs.Plt | Needs.DynamicSymbol);
                    break;
                case R_AARCH64_PREL64 or R_AARCH64_PREL32 or R_AARCH64_PREL16 or R_AARCH64_LD_PREL_LO19 or R_AARCH64_ADR_PREL_LO21
                    or R_AARCH64_ADR_PREL_PG_HI21 or R_AARCH64_ADR_PREL_PG_HI21_NC or R_AARCH64_ADD_ABS_LO12_NC
                    or R_AARCH64_LDST8_ABS_LO12_NC or R_AARCH64_LDST16_ABS_LO12_NC or R_AARCH64_LDST32_ABS_LO12_NC
                    or R_AARCH64_LDST64_ABS_LO12_NC or R_AARCH64_LDST128_ABS_LO12_NC or R_AARCH64_CONDBR19 or R_AARCH64_TSTBR14:
                    // A direct reference to a library's symbol: the executable gives it an address of its own (a copy
                    // of the data, a canonical PLT entry of the function), as GNU ld does for -fPIE code too. A shared
                    // object cannot: the symbol may be another module's, wherever that is loaded.
                    if (t.Dynamic && scan.SharedOutput)
                        throw Unsupported(obj, section, rel,
                            $"relocation {RelocationName(type)} against symbol '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a shared object; recompile with -fPIC");
                    if (t.Shared) scan.Need(target, LinkTimeAddress(t));
                    break;
                case R_AARCH64_ADR_GOT_PAGE or R_AARCH64_LD64_GOT_LO12_NC or R_AARCH64_LD64_GOTPAGE_LO15 or R_AARCH64_GOT_LD_PREL19:
                    // The slot holds the symbol's address, not address + addend: a GOT reference with an addend has
                    // no slot to name.
                    if (rel.Addend != 0)
                        throw Unsupported(obj, section, rel,
                            $"{RelocationName(type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' with addend {rel.Addend}: a GOT slot holds the symbol's address alone");
                    scan.Need(target, Needs.Got | (scan.GotBindsAtRunTime(t) ? Needs.DynamicSymbol : 0));
                    break;
                case R_AARCH64_TLSIE_LD_GOTTPREL_PREL19:
                    // A single LDR literal has no two-instruction local-exec form: it keeps its TP-offset slot.
                    scan.Need(target, Needs.GotTp | (t.Dynamic ? Needs.DynamicSymbol : 0));
                    break;
                case R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 or R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC:
                    // An executable's own TLS is relaxed to MOVZ/MOVK of the offset (GNU ld does the same); an undefined
                    // weak one (glibc's _nl_current_LC_*, behind a test) has no offset, so it keeps its slot as in GNU ld.
                    // A library's variable, or any in a shared object, keeps the slot, filled by TLS_TPREL64.
                    if (!IeRelaxable(t, scan.SharedOutput)) scan.Need(target, Needs.GotTp | (t.Dynamic ? Needs.DynamicSymbol : 0));
                    break;
                case R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 or R_AARCH64_TLSDESC_CALL
                    when scan.SharedOutput:
                    // A shared object's TLS block is placed by ld.so: the descriptor stays, a GOT pair with TLSDESC.
                    scan.Need(target, Needs.TlsDesc | (t.Dynamic ? Needs.DynamicSymbol : 0));
                    break;
                case R_AARCH64_TLSGD_ADR_PAGE21 or R_AARCH64_TLSGD_ADD_LO12_NC:
                    // The GOT pair is the symbol's (module, offset): an addend has no pair to name.
                    if (rel.Addend != 0)
                        throw Unsupported(obj, section, rel,
                            $"{RelocationName(type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' with addend {rel.Addend}: a general-dynamic GOT pair holds the symbol's offset alone");
                    // A shared object keeps the pair (DTPMOD64, DTPREL64) for __tls_get_addr; an executable relaxes the
                    // sequence, to local exec for its own variable, to initial exec (a TP-offset slot) for a library's.
                    if (scan.SharedOutput)
                        scan.Need(target, Needs.TlsGd | (t.Dynamic ? Needs.DynamicSymbol : 0));
                    else if (!IeRelaxable(t, false))
                        scan.Need(target, Needs.GotTp | (t.Dynamic ? Needs.DynamicSymbol : 0));
                    if (type == R_AARCH64_TLSGD_ADD_LO12_NC && !scan.SharedOutput) relaxedCall = RelaxedCall(ref scan, section, relocs, r);
                    break;
                case R_AARCH64_TLSLD_ADR_PAGE21 or R_AARCH64_TLSLD_ADD_LO12_NC:
                    // The module's own (module id, 0) pair in a shared object; an executable's block is at a fixed offset
                    // from the thread pointer.
                    if (scan.SharedOutput) scan.UsesModuleSlot = true;
                    else if (type == R_AARCH64_TLSLD_ADD_LO12_NC) relaxedCall = RelaxedCall(ref scan, section, relocs, r);
                    break;
                case >= R_AARCH64_TLSLE_MOVW_TPREL_G2 and <= R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC when scan.SharedOutput:
                    throw Unsupported(obj, section, rel,
                        $"relocation {RelocationName(type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a shared object; recompile with -fPIC");
                case R_AARCH64_TLSDESC_ADR_PAGE21 or R_AARCH64_TLSDESC_LD64_LO12 or R_AARCH64_TLSDESC_ADD_LO12 or R_AARCH64_TLSDESC_CALL:
                    // Relaxed in place, each instruction on its own: to local exec, or to initial exec for a library's
                    // variable (its TP-offset slot then filled by TLS_TPREL64).
                    if (t.Dynamic) scan.Need(target, Needs.GotTp | Needs.DynamicSymbol);
                    break;
            }
        }
    }

    /// <summary>Where the `bl __tls_get_addr` after a general- or local-dynamic ADD (relocation <paramref name="r"/>) is:
    /// the relaxation rewrites it and the instruction after it, so both must be there, the call named by the next
    /// relocation, as the psABI's sequence has it.</summary>
    private ulong RelaxedCall(ref FileScan scan, int section, ReadOnlySpan<Elf64Rela> relocs, int r)
    {
        var rel = relocs[r];
        ulong call = rel.Offset + 4;
        if (r + 1 >= relocs.Length || relocs[r + 1].Type is not (R_AARCH64_CALL26 or R_AARCH64_JUMP26) || relocs[r + 1].Offset != call
            || call + 8 > scan.Obj.SectionHeaders[section].Size)
            throw Unsupported(scan.Obj, section, rel,
                $"{RelocationName(rel.Type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' is not followed by the call of __tls_get_addr and a nop: the sequence cannot be relaxed");
        return call;
    }

    /// <summary>A RELATIVE relocation in a read-only section (non-PIC code in a static PIE): allowed with DT_TEXTREL as
    /// GNU ld allows it, refused with -z text (which gcc -static-pie passes).</summary>
    private void TextRelocation(ref FileScan scan, int section, in Elf64Rela rel, bool writable)
    {
        if (writable) return;
        if (!scan.TextRelocationsAllowed)
            throw Unsupported(scan.Obj, section, rel,
                $"relocation {RelocationName(rel.Type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' in read-only section " +
                $"'{scan.Obj.SectionNameString(section)}' needs a dynamic relocation; recompile with -fPIE (or link without -z text)");
        if (scan.TextRelocationSection == 0) scan.TextRelocationSection = section;
    }

    /// <summary>What a direct (non-GOT) reference to a library's symbol needs: a canonical PLT entry for a function,
    /// a copy relocation for data.</summary>
    private static int LinkTimeAddress(in SymbolTraits t) =>
        (t.Function ? Needs.Plt | Needs.CanonicalPlt : Needs.Copy) | Needs.DynamicSymbol;

    /// <summary>Whether an initial-exec access of a symbol with these traits becomes local exec: in an executable, for
    /// its own defined variables.</summary>
    public static bool IeRelaxable(in SymbolTraits t, bool sharedOutput) => !sharedOutput && !t.Undefined && !t.Dynamic;

    /// <summary>Why a type is refused: the TLS models and relocations this milestone does not link, by name.</summary>
    public static string UnsupportedWhy(uint type) => type switch
    {
        >= 512 and <= 516 =>
            $"AArch64: general-dynamic TLS in the tiny or large code model ({Instance.RelocationName(type)}) is not supported yet; the small model's ADRP+ADD form is",
        >= 517 and <= 538 => $"AArch64: local-dynamic TLS in the tiny or large code model ({Instance.RelocationName(type)}) is not supported yet; the small model's ADRP+ADD form is",
        _ => $"unsupported relocation type {Instance.RelocationName(type)}",
    };
}
