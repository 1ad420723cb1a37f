// The writer's side of one object's relocations, whatever the architecture: the object, its slices of
// .rela.dyn (RELATIVE and symbolic entries, sized by the scan; packed RELATIVE ones are only counted), and what every architecture's relocation code
// asks (the target, its value, the TLS checks). Runs in parallel, one object per task, writing only inside
// that object's sections and slices. How each relocation is computed and relaxed is the architecture's
// (Architecture.ApplySection).
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Symbols;

namespace Wild.Engine.Writing;

internal ref struct RelocationApplier
{
    private readonly Layout.Layout _layout;
    private readonly ObjectFile _obj;
    private readonly FileId _file;
    private readonly Span<Elf64Rela> _relative;
    private readonly Span<Elf64Rela> _symbolic;
    private readonly bool _pack;
    private int _relativeUsed, _symbolicUsed, _packedUsed;
    // The alignment of the section AddRelative saw last: its relocations come in a run, and the section headers are
    // a view of the mapped input, not worth building again per relocation.
    private int _alignSection;
    private ulong _align;

    public RelocationApplier(Layout.Layout layout, FileId file, Span<Elf64Rela> relative, Span<Elf64Rela> symbolic)
    {
        _layout = layout;
        _obj = layout.Objects[file];
        _file = file;
        _relative = relative;
        _symbolic = symbolic;
        _relativeUsed = _symbolicUsed = _packedUsed = 0;
        _pack = layout.Needs.PackRelative;
        _alignSection = -1;
        _align = 0;
    }

    public readonly int RelativeUsed => _relativeUsed;
    public readonly int SymbolicUsed => _symbolicUsed;
    /// <summary>RELATIVE relocations left to .relr.dyn, which RelrPlan writes from the scan's record of them.</summary>
    public readonly int PackedUsed => _packedUsed;

    /// <summary>
    /// Applies <paramref name="relocs"/> of input section <paramref name="section"/>; <paramref name="output"/>
    /// holds the bytes that were at input offset <paramref name="inputBase"/> onwards, at address <paramref name="address"/>.
    /// </summary>
    public void Apply(int section, ReadOnlySpan<Elf64Rela> relocs, Span<byte> output, long inputBase, ulong address, bool alloc) =>
        _layout.Arch.ApplySection(ref this, section, relocs, output, inputBase, address, alloc);

    public readonly Layout.Layout Layout => _layout;
    public readonly ObjectFile Obj => _obj;
    /// <summary>The object's file index (with a section index, its input section's flat index in Layout.Map).</summary>
    public readonly FileId File => _file;

    /// <summary>The symbol a relocation refers to; an undefined (weak) one is keyed by the reference, as in the scan.</summary>
    public readonly SymbolId Target(int symbolIndex)
    {
        var target = _layout.Resolution.Resolve(_file, symbolIndex);
        return target.IsNone ? _layout.Db.Id(_file, symbolIndex) : target;
    }

    /// <summary>The address a relocation's symbol stands for (S); for a section symbol in a merged section the
    /// addend is folded in, since section+addend names a byte of a piece that may have moved.</summary>
    public readonly ulong Value(int symbolIndex, SymbolId target, ref long addend) =>
        symbolIndex < _obj.FirstGlobal ? LocalValue(symbolIndex, target, ref addend) : _layout.SymbolValue(target);

    /// <summary>Writes a RELATIVE dynamic relocation of input section <paramref name="section"/> into this object's
    /// slice of .rela.dyn, unless it is packed (.relr.dyn, by the scan's rule: FileScan.AddRelative); the field
    /// itself already holds the address either way. A field narrower than a word is never packed
    /// (FileScan.AddUnpackedRelative).</summary>
    public void AddRelative(int section, ulong offset, long addend, bool packable = true)
    {
        if (_pack && packable && section != _alignSection)
        {
            _align = _obj.SectionHeaders[section].AddressAlign;
            _alignSection = section;
        }
        if (_pack && packable && Wild.Engine.Layout.FileScan.IsPackable(_align, offset))
        {
            _packedUsed++;
            return;
        }
        if (_relativeUsed >= _relative.Length)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: more RELATIVE relocations in {_obj.DisplayName} than the scan counted");
        _relative[_relativeUsed++] = new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo(0, _layout.Arch.DynamicTypes.Relative), Addend = addend };
    }

    /// <summary>The start every architecture's apply loop makes of relocation <paramref name="rel"/> of input section
    /// <paramref name="section"/> (its output held from input offset <paramref name="inputBase"/> on, at
    /// <paramref name="address"/>): false for a no-op type; a type the architecture does not apply, or one a
    /// non-allocated section may not carry, refused by name; else where its field lies, its symbol, S, A and P.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly bool Begin<TKinds>(int section, in Elf64Rela rel, long inputBase, ulong address, int outputLength, bool alloc,
        out RelocationSite site) where TKinds : struct, IRelocationKinds
    {
        uint type = rel.Type;
        if (TKinds.IsNone(type))
        {
            site = default;
            return false;
        }
        if (!TKinds.IsKnown(type))
            throw Architecture.Unsupported(_obj, section, rel, TKinds.UnsupportedWhy(type));
        if (!alloc && !TKinds.AllowedInNonAlloc(type))
            throw Architecture.Unsupported(_obj, section, rel, $"relocation {TKinds.Name(type)} is not allowed in a non-allocated section");
        long off = FieldOffset(section, rel, inputBase, TKinds.FieldSize(type), outputLength);
        int si = (int)rel.SymbolIndex;
        var target = Target(si);
        long addend = rel.Addend;
        ulong value = Value(si, target, ref addend);
        site = new RelocationSite(off, si, target, value, addend, address + (ulong)off);
        return true;
    }

    /// <summary>Where relocation <paramref name="rel"/>'s field of <paramref name="width"/> bytes lies in the section's
    /// output (held from input offset <paramref name="inputBase"/> on), after the checks that do not depend on the
    /// machine: a symbol index the object has and a field inside the section.</summary>
    private readonly long FieldOffset(int section, in Elf64Rela rel, long inputBase, int width, int outputLength)
    {
        if (rel.SymbolIndex >= (uint)_obj.SymbolCount)
            throw _obj.Malformed($"relocation at {_obj.SectionNameString(section)}+0x{rel.Offset:x} references invalid symbol index {rel.SymbolIndex}");
        long off = (long)rel.Offset - inputBase;
        if (off < 0 || off + width > outputLength)
            throw _obj.Malformed($"relocation at {_obj.SectionNameString(section)}+0x{rel.Offset:x} lies outside the section");
        return off;
    }

    /// <summary>The word-sized absolute address every psABI has (R_X86_64_64, R_AARCH64_ABS64), S + A. In an allocated
    /// section other than .eh_frame it becomes a dynamic relocation: one naming the symbol (of type
    /// <paramref name="symbolicType"/>, carrying the addend, the field then unused) when ld.so must bind it, else a
    /// RELATIVE one in a position-independent output for a symbol that moves with the image. Returns the field's value.</summary>
    public long Absolute64(int section, ulong place, SymbolId target, ulong value, long addend, uint symbolicType, bool alloc)
    {
        long v = (long)(value + (ulong)addend);
        if (!alloc || IsEhFrame(section)) return v;
        var t = _layout.TraitsOf(target);
        if (Arch.Architecture.NeedsSymbolicRelocation(t, _obj.SectionHeaders[section].IsWritable, _layout.IsPie))
        {
            AddSymbolic(place, target, symbolicType, addend);
            return addend;
        }
        if (_layout.IsPie && !t.Absolute && !t.Undefined) AddRelative(section, place, v);
        return v;
    }

    /// <summary>Writes a dynamic relocation against <paramref name="target"/>'s .dynsym entry, bound by ld.so.</summary>
    public void AddSymbolic(ulong offset, SymbolId target, uint type, long addend)
    {
        if (_symbolicUsed >= _symbolic.Length)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: more symbolic relocations in {_obj.DisplayName} than the scan counted");
        _symbolic[_symbolicUsed++] = new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo((uint)DynamicIndex(target), type), Addend = addend };
    }

    private readonly ulong LocalValue(int si, SymbolId id, ref long addend)
    {
        // Local IFUNCs still go through their PLT entry.
        if (_layout.HasPlt(id)) return _layout.PltEntryAddress(id);
        ref readonly var sym = ref _obj.Symbols[si];
        if (sym.IsAbsolute) return sym.Value;
        int sec = _obj.SymbolSection(si);
        if (sec == 0) return 0;
        if (sym.Type == ElfConstants.STT_SECTION && _layout.MergeOf(_file, sec) is not null)
        {
            // Section symbol + addend names a byte inside a merged piece: map the sum, not the symbol.
            ulong target = _layout.InputAddress(_file, sec, sym.Value + (ulong)addend);
            addend = 0;
            return target;
        }
        return _layout.InputAddress(_file, sec, sym.Value);
    }

    public readonly bool IsEhFrame(int section) => _layout.OutputOf(_file, section)?.Synthetic == Wild.Engine.Layout.SyntheticContent.EhFrame;

    private readonly int DynamicIndex(SymbolId id) => _layout.DynamicTables!.IndexOf(_layout.Resolution.NameOf(id));

    /// <summary>Refuses a TLS relocation when the output has no TLS segment or its symbol is not thread-local.</summary>
    public readonly void RequireTls(int section, in Elf64Rela rel, SymbolId target)
    {
        string name = _layout.Arch.RelocationName(rel.Type);
        if (!_layout.HasTls)
            throw Architecture.Unsupported(_obj, section, rel, $"{name} against '{SymbolName((int)rel.SymbolIndex)}' but the output has no TLS segment");
        // An offset from the thread pointer to an ordinary variable is garbage at run time: refuse it.
        if (!IsTlsDefinition(target))
            throw Architecture.Unsupported(_obj, section, rel, $"{name} against non-TLS symbol '{SymbolName((int)rel.SymbolIndex)}'");
    }

    /// <summary>Defined in a TLS section (an STT_TLS symbol, or the section symbol of .tdata/.tbss); true when undefined.</summary>
    private readonly bool IsTlsDefinition(SymbolId target)
    {
        var res = _layout.Resolution;
        if (target.IsNone || res.IsSynthetic(target)) return true;
        var f = _layout.Db.FileOf(target);
        var obj = _layout.Objects[f];
        int index = target.Value - _layout.Db.FirstSymbol(f);
        if (obj.Symbols[index].IsUndefined || obj.Symbols[index].Type == ElfConstants.STT_TLS) return true;
        int defined = obj.SymbolSection(index);
        return defined > 0 && (obj.SectionHeaders[defined].Flags & ElfConstants.SHF_TLS) != 0;
    }

    public readonly string SymbolName(int si)
    {
        var sym = _obj.Symbols[si];
        return sym.Type == ElfConstants.STT_SECTION ? _obj.SectionNameString(_obj.SymbolSection(si)) : _obj.SymbolNameString(si);
    }
}
