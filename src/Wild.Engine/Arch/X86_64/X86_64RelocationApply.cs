// The x86-64 half of the writer: computes each relocation's value and writes it into the copied section,
// rewriting instructions where the scan decided a GOT load or TLS access is relaxed (mov → lea, indirect →
// direct calls, GD/LD/IE/TLSDESC → local-exec or initial-exec). Dynamic relocations go through the applier,
// into the slices of .rela.dyn the scan sized. See X86_64Architecture.cs for the ABI.
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Symbols;
using Wild.Engine.Writing;
using static Wild.Engine.Elf.RelocationType;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64
{
    private static bool IsTlsModuleBase(Layout.Layout layout, SymbolId target) =>
        !target.IsNone && layout.Resolution.IsSynthetic(target)
        && layout.Resolution.SyntheticOf(target).Kind == Resolution.SyntheticKind.TlsModuleBase;

    private static ReadOnlySpan<byte> GdToLe => [0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80];
    private static ReadOnlySpan<byte> GdToIe => [0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x03, 0x05];
    private static ReadOnlySpan<byte> LdToLe => [0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0];

    /// <summary>
    /// GNU ld 2.40 writes a GOTPCRELX it relaxed with the type of the new instruction: R_X86_64_PC32 for mov → lea
    /// and call/jmp *GOT → direct (the jmp's field moves one byte back, the addend stays). Wild asks the predicate
    /// ApplySection asked, so the kept relocation describes the bytes written. (GNU ld's mov → mov $imm of a non-PIE,
    /// written R_X86_64_32S/32, is not a relaxation Wild makes: its lea is PC32.) TLS relaxations (GD/LD/IE → LE)
    /// keep their original types in GNU ld's output, and here.
    /// </summary>
    public override (uint Type, ulong Offset) KeptForm(Layout.Layout layout, ReadOnlySpan<byte> input, in Elf64Rela rel, SymbolId target)
    {
        if (rel.Type is not (R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX) || rel.Offset > (ulong)input.Length
            || !GotLoadRelaxable(input, rel.Offset, rel.Type, rel.Addend, layout.TraitsOf(target), layout.Options.Relax))
            return (rel.Type, rel.Offset);
        bool jmp = input[(int)rel.Offset - 2] == 0xff && input[(int)rel.Offset - 1] == 0x25;
        bool movesBack = jmp || (input[(int)rel.Offset - 2] == 0xff && layout.Options.Z.CallNopSuffix);
        return (R_X86_64_PC32, movesBack ? rel.Offset - 1 : rel.Offset);
    }

    public override void ApplySection(ref RelocationApplier applier, int section, ReadOnlySpan<Elf64Rela> relocs,
        Span<byte> output, long inputBase, ulong address, bool alloc)
    {
        var layout = applier.Layout;
        var obj = applier.Obj;
        bool pie = layout.IsPie, shared = layout.IsSharedOutput;
        ulong threadPointer = layout.ThreadPointer;
        // The section's input bytes, for the relaxations that read instructions: all of them, or for a section of
        // 2 GiB or more the window that output covers (the writer relocates such a section window by window).
        bool wide = obj.IsWide(section);
        ReadOnlySpan<byte> input = wide ? obj.SectionWindow(section, (ulong)inputBase, output.Length) : obj.SectionContents(section);
        long inputStart = wide ? inputBase : 0;
        for (int r = 0; r < relocs.Length; r++)
        {
            var rel = relocs[r];
            uint type = rel.Type;
            if (!applier.Begin<X86_64RelocationKinds>(section, rel, inputBase, address, output.Length, alloc, out var site)) continue;
            var (off, si, target, s, a, p) = site;
            var field = output[(int)off..];
            long v;
            switch (type)
            {
                case R_X86_64_64:
                    v = applier.Absolute64(section, p, target, s, a, R_X86_64_64, alloc);
                    break;
                case R_X86_64_PC32 or R_X86_64_PLT32 or R_X86_64_PC16 or R_X86_64_PC8 or R_X86_64_PC64:
                    v = (long)(s + (ulong)a - p);
                    break;
                case R_X86_64_32 or R_X86_64_32S or R_X86_64_16 or R_X86_64_8:
                    v = (long)(s + (ulong)a);
                    if (type == R_X86_64_32 && pie && alloc && layout.Options.Z.NoRelocOverflow && NarrowRelative(layout.TraitsOf(target), shared))
                        applier.AddRelative(section, p, v, packable: false);
                    if (type == R_X86_64_32S && (v < int.MinValue || v > int.MaxValue))
                        throw Overflow(obj, section, rel, v, applier.SymbolName(si));
                    break;
                case R_X86_64_GOTPCREL or R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX:
                {
                    var traits = layout.TraitsOf(target);
                    if (GotLoadRelaxable(input, rel.Offset - (ulong)inputStart, type, rel.Addend, traits, layout.Options.Relax))
                    {
                        byte op = output[(int)off - 2], modrm = output[(int)off - 1];
                        if (op == 0x8b)
                        {
                            output[(int)off - 2] = 0x8d; // mov → lea
                            v = (long)(s + (ulong)a - p);
                        }
                        else if (modrm == 0x15 && !layout.Options.Z.CallNopSuffix)
                        {
                            // call *GOT → addr32 call (or the -z call-nop=prefix- byte, then the call).
                            output[(int)off - 2] = layout.Options.Z.CallNopByte;
                            output[(int)off - 1] = 0xe8;
                            v = (long)(s + (ulong)a - p);
                        }
                        else
                        {
                            // jmp *GOT (6 bytes) → jmp rel32 (5 bytes) + nop, and call *GOT with -z call-nop=suffix-:
                            // call rel32 + the pad byte; the displacement moves one byte back.
                            bool call = modrm == 0x15;
                            output[(int)off - 2] = call ? (byte)0xe8 : (byte)0xe9;
                            long disp = (long)(s + (ulong)a - p) + 1;
                            if (disp < int.MinValue || disp > int.MaxValue) throw Overflow(obj, section, rel, disp, applier.SymbolName(si));
                            BinaryPrimitives.WriteInt32LittleEndian(output[((int)off - 1)..], (int)disp);
                            output[(int)off + 3] = call ? layout.Options.Z.CallNopByte : (byte)0x90;
                            continue;
                        }
                    }
                    else
                        v = (long)(layout.GotEntryAddress(target) + (ulong)a - p);
                    break;
                }
                case R_X86_64_GOT32 or R_X86_64_GOT64 or R_X86_64_GOTPLT64:
                    v = (long)(layout.GotEntryAddress(target) - layout.GotPlt!.Address + (ulong)a);
                    break;
                case R_X86_64_GOTPCREL64:
                    v = (long)(layout.GotEntryAddress(target) + (ulong)a - p);
                    break;
                case R_X86_64_PLTOFF64:
                    // L + A - GOT; a symbol bound in this link has no PLT entry and is its own address.
                    v = (long)(s + (ulong)a - layout.GotPlt!.Address);
                    break;
                case R_X86_64_GOTOFF64:
                    v = (long)(s + (ulong)a - layout.GotPlt!.Address);
                    break;
                case R_X86_64_GOTPC32 or R_X86_64_GOTPC64:
                    v = (long)(layout.GotPlt!.Address + (ulong)a - p);
                    break;
                case R_X86_64_SIZE32 or R_X86_64_SIZE64:
                    v = (long)(layout.SymbolSize(target) + (ulong)a);
                    break;
                case R_X86_64_TPOFF32 or R_X86_64_TPOFF64:
                    applier.RequireTls(section, rel, target);
                    v = (long)(s + (ulong)a - threadPointer);
                    break;
                case R_X86_64_DTPOFF32 or R_X86_64_DTPOFF64:
                    applier.RequireTls(section, rel, target);
                    // In an executable's code, local-dynamic sequences became local-exec, so offsets are from the
                    // thread pointer; debug info and shared objects keep module-relative offsets.
                    v = alloc && !shared ? (long)(s + (ulong)a - threadPointer) : (long)(s + (ulong)a - layout.TlsStart);
                    break;
                case R_X86_64_GOTTPOFF:
                    if (shared || layout.TraitsOf(target).Dynamic)
                    {
                        v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                        break;
                    }
                    applier.RequireTls(section, rel, target);
                    if (GotTpOffRelaxable(input, rel.Offset - (ulong)inputStart))
                    {
                        int o = (int)off;
                        byte rex = output[o - 3], op = output[o - 2], modrm = output[o - 1];
                        output[o - 3] = rex == 0x4c ? (byte)0x49 : (byte)0x48;
                        output[o - 2] = op == 0x8b ? (byte)0xc7 : (byte)0x81; // mov $imm / add $imm
                        output[o - 1] = (byte)(0xc0 | ((modrm >> 3) & 7));
                        v = (long)(s + (ulong)a + 4 - threadPointer);
                    }
                    else
                        v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                    break;
                case R_X86_64_TLSGD when shared:
                    v = (long)(layout.TlsGdEntryAddress(target) + (ulong)a - p);
                    break;
                case R_X86_64_TLSLD when shared:
                    v = (long)(layout.TlsModuleEntryAddress + (ulong)a - p);
                    break;
                case R_X86_64_GOTPC32_TLSDESC when shared:
                    v = (long)(layout.TlsDescEntryAddress(target) + (ulong)a - p);
                    break;
                case R_X86_64_TLSDESC_CALL when shared:
                    continue; // the descriptor call stays: ld.so's resolver does the work
                case R_X86_64_TLSGD:
                {
                    // The whole sequence becomes 16 bytes (the large model's longer call is padded with NOPs).
                    var sequence = FindTlsSequence(obj, section, input, relocs, r, inputStart);
                    int start = (int)(sequence.Start + inputStart - inputBase);
                    WriteNops(output.Slice(start + 16, sequence.Length - 16));
                    if (layout.TraitsOf(target).Dynamic)
                    {
                        // General dynamic → initial exec: mov %fs:0,%rax; add x@gottpoff(%rip),%rax.
                        GdToIe.CopyTo(output[start..]);
                        long disp = (long)layout.GotTpEntryAddress(target) - (long)(address + (ulong)start + 16);
                        if (disp < int.MinValue || disp > int.MaxValue) throw Overflow(obj, section, rel, disp, applier.SymbolName(si));
                        BinaryPrimitives.WriteInt32LittleEndian(output[(start + 12)..], (int)disp);
                        r++;
                        continue;
                    }
                    applier.RequireTls(section, rel, target);
                    GdToLe.CopyTo(output[start..]);
                    long tp = (long)(s + (ulong)a + 4 - threadPointer);
                    if (tp < int.MinValue || tp > int.MaxValue) throw Overflow(obj, section, rel, tp, applier.SymbolName(si));
                    BinaryPrimitives.WriteInt32LittleEndian(output[(start + 12)..], (int)tp);
                    r++;
                    continue;
                }
                case R_X86_64_TLSLD:
                {
                    applier.RequireTls(section, rel, target);
                    // Local dynamic → local exec: the module's block is the executable's, at the thread pointer
                    // itself: mov %fs:0,%rax, with prefixes or NOPs filling the rest of the sequence.
                    var sequence = FindTlsSequence(obj, section, input, relocs, r, inputStart);
                    int start = (int)(sequence.Start + inputStart - inputBase);
                    if (sequence.Call == TlsCall.Plt)
                        LdToLe.CopyTo(output[start..]);
                    else if (sequence.Call == TlsCall.Got)
                    {
                        // 13 bytes: one more data16 prefix than the PLT form's 12, as GNU ld writes it.
                        output[start] = 0x66;
                        LdToLe.CopyTo(output[(start + 1)..]);
                    }
                    else
                    {
                        LdToLe[3..].CopyTo(output[start..]);
                        WriteNops(output.Slice(start + 9, sequence.Length - 9));
                    }
                    r++;
                    continue;
                }
                case R_X86_64_GOTPC32_TLSDESC:
                {
                    int o = (int)off;
                    if (layout.TraitsOf(target).Dynamic)
                    {
                        // TLS descriptor → initial exec: mov x@gottpoff(%rip), %reg.
                        output[o - 2] = 0x8b;
                        v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                        break;
                    }
                    applier.RequireTls(section, rel, target);
                    byte rex = output[o - 3], modrm = output[o - 1];
                    output[o - 3] = rex == 0x4c ? (byte)0x49 : (byte)0x48;
                    output[o - 2] = 0xc7;
                    output[o - 1] = (byte)(0xc0 | ((modrm >> 3) & 7));
                    // Local dynamic through a descriptor asks for _TLS_MODULE_BASE_ and adds DTPOFF32 offsets, which
                    // in an executable's code became thread-pointer offsets (above): the base is then the thread
                    // pointer itself, 0, as GNU ld writes it (the block's start would count the block twice).
                    v = IsTlsModuleBase(layout, target) ? a + 4 : (long)(s + (ulong)a + 4 - threadPointer);
                    break;
                }
                case R_X86_64_TLSDESC_CALL:
                    output[(int)off] = 0x66; // xchg %ax,%ax: the call has nothing left to do
                    output[(int)off + 1] = 0x90;
                    continue;
                default:
                    throw Unsupported(obj, section, rel, $"unsupported relocation type {RelocationType.Name(type)}");
            }
            if (!TryWrite(field, type, v))
                throw Overflow(obj, section, rel, v, applier.SymbolName(si));
        }
    }

    /// <summary>Whether -z noreloc-overflow's R_X86_64_32 of a position-independent output gets a RELATIVE relocation:
    /// the scan's rule (X86_64RelocationScan), for a symbol neither imported, absolute nor undefined.</summary>
    private static bool NarrowRelative(in Layout.SymbolTraits t, bool shared) =>
        !t.Shared && !t.Absolute && !t.Undefined && !(t.Dynamic && shared);
}
