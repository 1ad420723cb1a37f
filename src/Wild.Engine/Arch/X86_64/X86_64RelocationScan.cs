// The x86-64 half of the relocation scan: for each relocation of a live allocated section, what its target
// needs (GOT, PLT, canonical PLT, copy relocation, .dynsym entry, TLS GOT entries) and how many dynamic
// relocations the section itself will write. Checks what must be true before the writer relaxes anything (the
// TLS code sequences). Sizes only: addresses and bytes are the writer's (X86_64RelocationApply.cs).
using Wild.Engine.Elf;
using Wild.Engine.Layout;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.RelocationType;
using Needs = Wild.Engine.Layout.SymbolNeeds;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64
{
    public override void ScanSection(ref FileScan scan, int section, ReadOnlySpan<Elf64Rela> relocs, bool isEhFrame)
    {
        var obj = scan.Obj;
        ref readonly var header = ref obj.SectionHeaders[section];
        // A section of 2 GiB or more cannot be one span: the few relocations whose checks read instruction bytes
        // read a small window around themselves instead (data then starts at dataBase; at is the offset in it).
        bool wide = obj.IsWide(section);
        var data = wide ? default : obj.SectionData(section);
        long dataBase = 0;
        bool pie = scan.Pie;
        for (int r = 0; r < relocs.Length; r++)
        {
            var rel = relocs[r];
            uint type = rel.Type;
            if (wide && ReadsCode(type)) data = CodeAround(obj, section, rel.Offset, out dataBase);
            ulong at = rel.Offset - (ulong)dataBase;
            if (!IsKnown(type))
                throw Unsupported(obj, section, rel, $"unsupported relocation type {RelocationType.Name(type)}");
            int width = FieldSize(type);
            if (rel.Offset > header.Size || (ulong)width > header.Size - rel.Offset)
                throw obj.Malformed($"relocation at {obj.SectionNameString(section)}+0x{rel.Offset:x} lies outside the section");
            var target = scan.Target(rel);
            var t = scan.Traits(target);
            if (t.Ifunc && type is not R_X86_64_NONE) scan.Need(target, Needs.Plt);
            if (scan.SharedOutput && IsTls(type))
            {
                // A shared object's TLS block is placed by ld.so: no access is relaxed, and the call to
                // __tls_get_addr stays (its PLT32 is scanned like any call).
                ScanSharedTls(ref scan, section, data, dataBase, relocs, r, target, t);
                continue;
            }
            switch (type)
            {
                case R_X86_64_64:
                    if (NeedsSymbolicRelocation(t, header.IsWritable, pie) && !isEhFrame)
                    {
                        TextRelocation(ref scan, section, rel, header.IsWritable);
                        scan.SymbolicCount++;
                        scan.Need(target, Needs.DynamicSymbol);
                    }
                    else if (t.Shared)
                        // A position-dependent executable's read-only section takes no dynamic relocation: the
                        // symbol gets a link-time address instead.
                        scan.Need(target, (t.Function ? Needs.Plt | Needs.CanonicalPlt : Needs.Copy) | Needs.DynamicSymbol);
                    else if (pie && !t.Absolute && !t.Undefined && !isEhFrame)
                    {
                        TextRelocation(ref scan, section, rel, header.IsWritable);
                        scan.AddRelative(section, header.AddressAlign, rel.Offset);
                    }
                    break;
                case R_X86_64_PC32 or R_X86_64_PLT32 or R_X86_64_32 or R_X86_64_32S:
                    if (t.Dynamic && type == R_X86_64_PLT32)
                        scan.Need(target, Needs.Plt | Needs.DynamicSymbol);
                    else if (t.Dynamic && scan.SharedOutput)
                        throw Unsupported(obj, section, rel,
                            $"relocation {RelocationType.Name(type)} against symbol '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a shared object; recompile with -fPIC");
                    else if (t.Shared)
                    {
                        // Calls go through the PLT; any other direct reference needs the symbol at a link-time
                        // address: a canonical PLT entry for a function, a copy for data.
                        bool call = type == R_X86_64_PLT32;
                        int need = t.Function ? (call ? Needs.Plt : Needs.Plt | Needs.CanonicalPlt) : Needs.Copy;
                        if (!t.Function && call && !t.Sized) need = Needs.Plt;
                        scan.Need(target, need | Needs.DynamicSymbol);
                    }
                    else if (type == R_X86_64_PC32 && (pie || scan.SharedOutput) && t.Absolute && !t.Undefined)
                        // The distance from a moving place to a fixed address is not known until load time, and no
                        // dynamic relocation writes a PC-relative value (GNU ld: "... against absolute symbol ... is
                        // disallowed"). A --just-symbols image's symbols are the usual case.
                        throw Unsupported(obj, section, rel,
                            $"relocation R_X86_64_PC32 against absolute symbol '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a position-independent output; reach it through the GOT (-fPIC) or link with -no-pie");
                    else if (type == R_X86_64_PC32 && UndefinedWeakInPic(ref scan, rel, t))
                        throw UndefinedWeakRefused(ref scan, section, rel);
                    else if (type is R_X86_64_32 or R_X86_64_32S && pie && !t.Absolute && !t.Undefined)
                    {
                        if (!scan.NoRelocOverflow)
                            throw Unsupported(obj, section, rel,
                                $"relocation {RelocationType.Name(type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a PIE object; recompile with -fPIE");
                        // -z noreloc-overflow: the user vouches that the address fits. GNU ld gives R_X86_64_32 a
                        // RELATIVE relocation (ld.so writes it 8 bytes wide: such code is not loaded by ld.so, it
                        // relocates itself) and 32S the link-time value alone (its entry in .rela.dyn is an
                        // R_X86_64_NONE, which says nothing and is not written here).
                        if (type == R_X86_64_32)
                        {
                            TextRelocation(ref scan, section, rel, header.IsWritable);
                            scan.AddUnpackedRelative();
                        }
                    }
                    break;
                case R_X86_64_GOTOFF64:
                    if (UndefinedWeakInPic(ref scan, rel, t)) throw UndefinedWeakRefused(ref scan, section, rel);
                    break;
                case R_X86_64_GOTPCREL or R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX:
                    if (!GotLoadRelaxable(data, at, type, rel.Addend, t, scan.Relax))
                        scan.Need(target, Needs.Got | (scan.GotBindsAtRunTime(t) ? Needs.DynamicSymbol : 0));
                    break;
                case R_X86_64_GOT32 or R_X86_64_GOT64 or R_X86_64_GOTPCREL64 or R_X86_64_GOTPLT64:
                    scan.Need(target, Needs.Got | (scan.GotBindsAtRunTime(t) ? Needs.DynamicSymbol : 0));
                    break;
                case R_X86_64_PLTOFF64:
                    // The large model's call through the PLT: a symbol bound in this link is called directly.
                    if (t.Dynamic) scan.Need(target, Needs.Plt | Needs.DynamicSymbol);
                    break;
                case R_X86_64_GOTTPOFF:
                    if (t.Dynamic) scan.Need(target, Needs.GotTp | Needs.DynamicSymbol);
                    else if (!GotTpOffRelaxable(data, at)) scan.Need(target, Needs.GotTp);
                    break;
                case R_X86_64_TLSGD or R_X86_64_TLSLD:
                    FindTlsSequence(obj, section, data, relocs, r, dataBase);
                    // An executable relaxes GD to IE for a variable of a shared object, to LE otherwise.
                    if (type == R_X86_64_TLSGD && t.Dynamic)
                        scan.Need(target, Needs.GotTp | Needs.DynamicSymbol);
                    r++; // the paired call to __tls_get_addr disappears with the relaxation
                    break;
                case R_X86_64_GOTPC32_TLSDESC:
                    if (at < 3 || data[(int)at - 3] != 0x48 || data[(int)at - 2] != 0x8d || (data[(int)at - 1] & 0xc7) != 0x05)
                        throw Unsupported(obj, section, rel, "R_X86_64_GOTPC32_TLSDESC is not on a 'lea x@tlsdesc(%rip), %reg' instruction");
                    if (t.Dynamic) scan.Need(target, Needs.GotTp | Needs.DynamicSymbol);
                    break;
                case R_X86_64_TLSDESC_CALL:
                    if ((ulong)data.Length < at + 2 || data[(int)at] != 0xff || data[(int)at + 1] != 0x10)
                        throw Unsupported(obj, section, rel, "R_X86_64_TLSDESC_CALL is not on a 'call *x@tlscall(%rax)' instruction");
                    break;
            }
        }
    }

    /// <summary>
    /// A place-relative value (PC32, or GOTOFF64: from the GOT) of an undefined weak symbol in a PIE or shared object:
    /// the symbol is 0, and the distance from a moving place to 0 is not known until load time (GNU ld refuses it
    /// too; only an executable at a fixed address can say it). A strong undefined symbol reaches here only when
    /// undefined symbols are let through (--noinhibit-exec, --unresolved-symbols): GNU ld links that as it is.
    /// </summary>
    private static bool UndefinedWeakInPic(ref FileScan scan, in Elf64Rela rel, in SymbolTraits t) =>
        (scan.Pie || scan.SharedOutput) && t.Undefined && scan.Obj.Symbols[(int)rel.SymbolIndex].IsWeak;

    private static Diagnostics.LinkException UndefinedWeakRefused(ref FileScan scan, int section, in Elf64Rela rel) =>
        Unsupported(scan.Obj, section, rel,
            $"relocation {RelocationType.Name(rel.Type)} against undefined symbol '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a " +
            (scan.SharedOutput ? "shared object; recompile with -fPIC" : "PIE object; recompile with -fPIE"));

    /// <summary>The relocations whose scan or application reads the instruction bytes around them.</summary>
    private static bool ReadsCode(uint type) => type is R_X86_64_GOTPCREL or R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX
        or R_X86_64_GOTTPOFF or R_X86_64_TLSGD or R_X86_64_TLSLD or R_X86_64_GOTPC32_TLSDESC or R_X86_64_TLSDESC_CALL;

    // How far before and after its relocation a checked instruction sequence reaches, with room to spare: GD/LD
    // sequences start 4 bytes before theirs and the large model's ends 19 bytes after.
    private const int CodeBefore = 32, CodeAfter = 64;

    /// <summary>The bytes of a wide section (<see cref="ObjectFile.IsWide"/>) around offset <paramref name="offset"/>,
    /// and (<paramref name="start"/>) the section offset they start at.</summary>
    private static ReadOnlySpan<byte> CodeAround(Input.ObjectFile obj, int section, ulong offset, out long start)
    {
        ulong size = obj.SectionHeaders[section].Size;
        ulong from = Math.Min(offset, size) - Math.Min(Math.Min(offset, size), (ulong)CodeBefore);
        int length = (int)Math.Min((ulong)(CodeBefore + CodeAfter), size - from);
        start = (long)from;
        return obj.SectionWindow(section, from, length);
    }

    /// <summary>A dynamic relocation in a read-only section (non-PIC code in a PIE or shared object): allowed with
    /// DT_TEXTREL, as GNU ld allows it (the loader makes the page writable while it relocates), refused with -z text.</summary>
    private static void TextRelocation(ref FileScan scan, int section, in Elf64Rela rel, bool writable)
    {
        if (writable) return;
        if (!scan.TextRelocationsAllowed)
            throw Unsupported(scan.Obj, section, rel,
                $"relocation {RelocationType.Name(rel.Type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' in read-only section " +
                $"'{scan.Obj.SectionNameString(section)}' needs a dynamic relocation; recompile with -fPIC (or link without -z text)");
        if (scan.TextRelocationSection == 0) scan.TextRelocationSection = section;
    }

    /// <summary>
    /// TLS in a shared object: general dynamic keeps its (module, offset) pair, local dynamic uses the module's
    /// pair, initial exec a TP-offset slot, descriptors a TLSDESC pair; local exec is impossible.
    /// </summary>
    private static void ScanSharedTls(ref FileScan scan, int section, ReadOnlySpan<byte> data, long dataBase, ReadOnlySpan<Elf64Rela> relocs, int r,
        SymbolId target, in SymbolTraits t)
    {
        var obj = scan.Obj;
        var rel = relocs[r];
        int dynamicSymbol = t.Dynamic ? Needs.DynamicSymbol : 0;
        switch (rel.Type)
        {
            case R_X86_64_TLSGD:
                FindTlsSequence(obj, section, data, relocs, r, dataBase);
                scan.Need(target, Needs.TlsGd | dynamicSymbol);
                break;
            case R_X86_64_TLSLD:
                FindTlsSequence(obj, section, data, relocs, r, dataBase);
                scan.UsesModuleSlot = true;
                break;
            case R_X86_64_GOTTPOFF:
                scan.Need(target, Needs.GotTp | dynamicSymbol);
                break;
            case R_X86_64_GOTPC32_TLSDESC:
                scan.Need(target, Needs.TlsDesc | dynamicSymbol);
                break;
            case R_X86_64_TPOFF32 or R_X86_64_TPOFF64:
                throw Unsupported(obj, section, rel,
                    $"relocation {RelocationType.Name(rel.Type)} against '{scan.SymbolName((int)rel.SymbolIndex)}' can not be used when making a shared object; recompile with -fPIC");
        }
    }
}
