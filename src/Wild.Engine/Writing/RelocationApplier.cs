// Applies one input section's relocations to its bytes, already copied into the output mapping. Runs
// in parallel, one object per task; it writes only inside that object's sections and its own slice of
// .rela.dyn. In executables TLS accesses are rewritten to local-exec (or initial-exec for imports) and GOT
// loads relaxed exactly where the scan said; shared objects keep their TLS sequences and use GOT entries.
using System.Buffers.Binary;
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.RelocationType;

namespace Wild.Engine.Writing;

internal ref struct RelocationApplier
{
    private readonly Layout.Layout _layout;
    private readonly ObjectFile _obj;
    private readonly int _file;
    private readonly Span<Elf64Rela> _relative;
    private readonly Span<Elf64Rela> _symbolic;
    private int _relativeUsed, _symbolicUsed;

    public RelocationApplier(Layout.Layout layout, int file, Span<Elf64Rela> relative, Span<Elf64Rela> symbolic)
    {
        _layout = layout;
        _obj = layout.Objects[file];
        _file = file;
        _relative = relative;
        _symbolic = symbolic;
        _relativeUsed = _symbolicUsed = 0;
    }

    public readonly int RelativeUsed => _relativeUsed;
    public readonly int SymbolicUsed => _symbolicUsed;

    private static ReadOnlySpan<byte> GdToLe => [0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80];
    private static ReadOnlySpan<byte> GdToIe => [0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x03, 0x05];
    private static ReadOnlySpan<byte> LdToLe => [0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0];

    /// <summary>
    /// Applies <paramref name="relocs"/> of input section <paramref name="section"/>; <paramref name="output"/>
    /// holds the bytes that were at input offset <paramref name="inputBase"/> onwards, at address <paramref name="address"/>.
    /// </summary>
    public void Apply(int section, ReadOnlySpan<Elf64Rela> relocs, Span<byte> output, long inputBase, ulong address, bool alloc)
    {
        var layout = _layout;
        var res = layout.Resolution;
        bool pie = layout.IsPie, shared = layout.IsSharedOutput;
        ReadOnlySpan<byte> input = _obj.SectionData(section);
        for (int r = 0; r < relocs.Length; r++)
        {
            var rel = relocs[r];
            uint type = rel.Type;
            if (type == R_X86_64_NONE) continue;
            if (rel.SymbolIndex >= (uint)_obj.SymbolCount)
                throw _obj.Malformed($"relocation at {_obj.SectionNameString(section)}+0x{rel.Offset:x} references invalid symbol index {rel.SymbolIndex}");
            int si = (int)rel.SymbolIndex;
            if (!X86_64.IsKnown(type))
                throw X86_64.Unsupported(_obj, section, rel, $"unsupported relocation type {RelocationType.Name(type)}");
            if (!alloc && !X86_64.AllowedInNonAlloc(type))
                throw X86_64.Unsupported(_obj, section, rel, $"relocation {RelocationType.Name(type)} is not allowed in a non-allocated section");
            long off = (long)rel.Offset - inputBase;
            int width = X86_64.FieldSize(type);
            if (off < 0 || off + width > output.Length)
                throw _obj.Malformed($"relocation at {_obj.SectionNameString(section)}+0x{rel.Offset:x} lies outside the section");

            SymbolId target = res.Resolve(_file, si);
            if (target.Value < 0) target = layout.Db.Id(_file, si); // undefined weak: keyed by the reference, as in the scan
            long a = rel.Addend;
            ulong s = si < _obj.FirstGlobal ? LocalValue(si, target, ref a) : layout.SymbolValue(target);
            ulong p = address + (ulong)off;
            var field = output[(int)off..];
            long v;
            switch (type)
            {
                case R_X86_64_64:
                    v = (long)(s + (ulong)a);
                    if (alloc && X86_64.NeedsSymbolicRelocation(layout.SymbolTraits(target), _obj.SectionHeaders[section].IsWritable) && !IsEhFrame(section))
                    {
                        // Bound by ld.so: the dynamic relocation names the symbol; the field itself is unused.
                        if (_symbolicUsed >= _symbolic.Length)
                            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: more symbolic relocations in {_obj.DisplayName} than the scan counted");
                        _symbolic[_symbolicUsed++] = new Elf64Rela
                        {
                            Offset = p, Info = Elf64Rela.MakeInfo((uint)DynamicIndex(target), R_X86_64_64), Addend = a,
                        };
                        v = a;
                    }
                    else if (pie && alloc)
                    {
                        var t = layout.SymbolTraits(target);
                        if (!t.Absolute && !t.Undefined)
                        {
                            if (_relativeUsed >= _relative.Length)
                                throw new LinkException(ErrorId.LayoutMismatch, $"internal error: more RELATIVE relocations in {_obj.DisplayName} than the scan counted");
                            _relative[_relativeUsed++] = new Elf64Rela { Offset = p, Info = Elf64Rela.MakeInfo(0, R_X86_64_RELATIVE), Addend = v };
                        }
                    }
                    break;
                case R_X86_64_PC32 or R_X86_64_PLT32 or R_X86_64_PC16 or R_X86_64_PC8 or R_X86_64_PC64:
                    v = (long)(s + (ulong)a - p);
                    break;
                case R_X86_64_32 or R_X86_64_32S or R_X86_64_16 or R_X86_64_8:
                    v = (long)(s + (ulong)a);
                    if (type == R_X86_64_32S && (v < int.MinValue || v > int.MaxValue))
                        throw X86_64.Overflow(_obj, section, rel, v, SymbolName(si));
                    break;
                case R_X86_64_GOTPCREL or R_X86_64_GOTPCRELX or R_X86_64_REX_GOTPCRELX:
                {
                    var traits = layout.SymbolTraits(target);
                    if (X86_64.GotLoadRelaxable(input, rel.Offset, type, traits, pie))
                    {
                        byte op = output[(int)off - 2], modrm = output[(int)off - 1];
                        if (op == 0x8b)
                        {
                            output[(int)off - 2] = 0x8d; // mov → lea
                            v = (long)(s + (ulong)a - p);
                        }
                        else if (modrm == 0x15)
                        {
                            output[(int)off - 2] = 0x67; // call *GOT → addr32 call
                            output[(int)off - 1] = 0xe8;
                            v = (long)(s + (ulong)a - p);
                        }
                        else
                        {
                            // jmp *GOT (6 bytes) → jmp rel32 (5 bytes) + nop; the displacement moves one byte back.
                            output[(int)off - 2] = 0xe9;
                            long disp = (long)(s + (ulong)a - p) + 1;
                            if (disp < int.MinValue || disp > int.MaxValue) throw X86_64.Overflow(_obj, section, rel, disp, SymbolName(si));
                            BinaryPrimitives.WriteInt32LittleEndian(output[((int)off - 1)..], (int)disp);
                            output[(int)off + 3] = 0x90;
                            continue;
                        }
                    }
                    else
                        v = (long)(layout.GotEntryAddress(target) + (ulong)a - p);
                    break;
                }
                case R_X86_64_GOT32 or R_X86_64_GOT64:
                    v = (long)(layout.GotEntryAddress(target) - layout.GotPlt!.Address + (ulong)a);
                    break;
                case R_X86_64_GOTPCREL64:
                    v = (long)(layout.GotEntryAddress(target) + (ulong)a - p);
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
                    RequireTls(section, rel, target);
                    v = (long)(s + (ulong)a - layout.TlsEnd);
                    break;
                case R_X86_64_DTPOFF32 or R_X86_64_DTPOFF64:
                    RequireTls(section, rel, target);
                    // In an executable's code, local-dynamic sequences became local-exec, so offsets are from the
                    // thread pointer; debug info and shared objects keep module-relative offsets.
                    v = alloc && !shared ? (long)(s + (ulong)a - layout.TlsEnd) : (long)(s + (ulong)a - layout.TlsStart);
                    break;
                case R_X86_64_GOTTPOFF:
                    if (shared || layout.SymbolTraits(target).Dynamic)
                    {
                        v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                        break;
                    }
                    RequireTls(section, rel, target);
                    if (X86_64.GotTpOffRelaxable(input, rel.Offset))
                    {
                        int o = (int)off;
                        byte rex = output[o - 3], op = output[o - 2], modrm = output[o - 1];
                        output[o - 3] = rex == 0x4c ? (byte)0x49 : (byte)0x48;
                        output[o - 2] = op == 0x8b ? (byte)0xc7 : (byte)0x81; // mov $imm / add $imm
                        output[o - 1] = (byte)(0xc0 | ((modrm >> 3) & 7));
                        v = (long)(s + (ulong)a + 4 - layout.TlsEnd);
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
                    int start = (int)off - 4;
                    if (layout.SymbolTraits(target).Dynamic)
                    {
                        // General dynamic → initial exec: mov %fs:0,%rax; add x@gottpoff(%rip),%rax.
                        GdToIe.CopyTo(output[start..]);
                        long disp = (long)layout.GotTpEntryAddress(target) - (long)(address + (ulong)start + 16);
                        if (disp < int.MinValue || disp > int.MaxValue) throw X86_64.Overflow(_obj, section, rel, disp, SymbolName(si));
                        BinaryPrimitives.WriteInt32LittleEndian(output[(start + 12)..], (int)disp);
                        r++;
                        continue;
                    }
                    RequireTls(section, rel, target);
                    GdToLe.CopyTo(output[start..]);
                    long tp = (long)(s + (ulong)a + 4 - layout.TlsEnd);
                    if (tp < int.MinValue || tp > int.MaxValue) throw X86_64.Overflow(_obj, section, rel, tp, SymbolName(si));
                    BinaryPrimitives.WriteInt32LittleEndian(output[(start + 12)..], (int)tp);
                    r++;
                    continue;
                }
                case R_X86_64_TLSLD:
                    RequireTls(section, rel, target);
                    LdToLe.CopyTo(output[((int)off - 3)..]);
                    r++;
                    continue;
                case R_X86_64_GOTPC32_TLSDESC:
                {
                    int o = (int)off;
                    if (layout.SymbolTraits(target).Dynamic)
                    {
                        // TLS descriptor → initial exec: mov x@gottpoff(%rip), %reg.
                        output[o - 2] = 0x8b;
                        v = (long)(layout.GotTpEntryAddress(target) + (ulong)a - p);
                        break;
                    }
                    RequireTls(section, rel, target);
                    byte rex = output[o - 3], modrm = output[o - 1];
                    output[o - 3] = rex == 0x4c ? (byte)0x49 : (byte)0x48;
                    output[o - 2] = 0xc7;
                    output[o - 1] = (byte)(0xc0 | ((modrm >> 3) & 7));
                    v = (long)(s + (ulong)a + 4 - layout.TlsEnd);
                    break;
                }
                case R_X86_64_TLSDESC_CALL:
                    output[(int)off] = 0x66; // xchg %ax,%ax: the call has nothing left to do
                    output[(int)off + 1] = 0x90;
                    continue;
                default:
                    throw X86_64.Unsupported(_obj, section, rel, $"unsupported relocation type {RelocationType.Name(type)}");
            }
            if (!X86_64.TryWrite(field, type, v))
                throw X86_64.Overflow(_obj, section, rel, v, SymbolName(si));
        }
    }

    private readonly ulong LocalValue(int si, SymbolId id, ref long addend)
    {
        // Local IFUNCs still go through their PLT entry.
        if (_layout.HasPlt(id)) return _layout.PltEntryAddress(id);
        ref readonly var sym = ref _obj.Symbols[si];
        if (sym.IsAbsolute) return sym.Value;
        int sec = _obj.SymbolSection(si);
        if (sec == 0) return 0;
        if (sym.Type == ElfConstants.STT_SECTION && _layout.MergeOf[_layout.FileSectionBase[_file] + sec] is not null)
        {
            // Section symbol + addend names a byte inside a merged piece: map the sum, not the symbol.
            ulong target = _layout.InputAddress(_file, sec, sym.Value + (ulong)addend);
            addend = 0;
            return target;
        }
        return _layout.InputAddress(_file, sec, sym.Value);
    }

    private readonly bool IsEhFrame(int section) => _layout.OutputOf(_file, section)?.Synthetic == Layout.SyntheticContent.EhFrame;

    private readonly int DynamicIndex(SymbolId id) => _layout.DynamicTables!.IndexOf(_layout.Db.NameOf(id));

    private readonly void RequireTls(int section, in Elf64Rela rel, SymbolId target)
    {
        if (!_layout.HasTls)
            throw X86_64.Unsupported(_obj, section, rel, $"{RelocationType.Name(rel.Type)} against '{SymbolName((int)rel.SymbolIndex)}' but the output has no TLS segment");
        // An offset from the thread pointer to an ordinary variable is garbage at run time: refuse it.
        if (!IsTlsDefinition(target))
            throw X86_64.Unsupported(_obj, section, rel, $"{RelocationType.Name(rel.Type)} against non-TLS symbol '{SymbolName((int)rel.SymbolIndex)}'");
    }

    /// <summary>Defined in a TLS section (an STT_TLS symbol, or the section symbol of .tdata/.tbss); true when undefined.</summary>
    private readonly bool IsTlsDefinition(SymbolId target)
    {
        var res = _layout.Resolution;
        if (target.Value < 0 || res.IsSynthetic(target)) return true;
        int f = _layout.Db.FileOf(target);
        var obj = _layout.Objects[f];
        int index = target.Value - _layout.Db.FirstSymbol(f);
        if (obj.Symbols[index].IsUndefined || obj.Symbols[index].Type == ElfConstants.STT_TLS) return true;
        int defined = obj.SymbolSection(index);
        return defined > 0 && (obj.SectionHeaders[defined].Flags & ElfConstants.SHF_TLS) != 0;
    }

    private readonly string SymbolName(int si)
    {
        var sym = _obj.Symbols[si];
        return sym.Type == ElfConstants.STT_SECTION ? _obj.SectionNameString(_obj.SymbolSection(si)) : _obj.SymbolNameString(si);
    }
}
