// --emit-relocs, the writer's side: each kept relocation of one input section written into its slot of the output
// .rela<name> section, in output terms (virtual address, output .symtab index, addend moved to the output section
// symbol). Runs in the object's copy task, so sections write disjoint slots; KeptRelocations says which relocations
// are kept and why they look as they do (GNU ld's rules).
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Layout;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Writing;

internal static class KeptRelocationWriter
{
    /// <summary>Writes the kept relocations of input section <paramref name="s"/> of file <paramref name="f"/>
    /// (in output section <paramref name="os"/>) into the image.</summary>
    public static void Write(Layout.Layout layout, KeptRelocations kept, FileId f, int s, OutputSection os, ReadOnlySpan<Elf64Rela> relocs, OutputImage image)
    {
        var flat = layout.Map.Flat(f, s);
        var (slot, start, count) = kept.Of(flat);
        if (count == 0) return;
        var rela = kept.Sections[slot];
        var dest = MemoryMarshal.Cast<byte, Elf64Rela>(image.Slice(rela.FileOffset + (ulong)start * RelaSize, count * RelaSize));
        var output = new KeptRelocationConverter(layout, f);
        ulong address = layout.SectionAddress(f, s);
        int n = 0;
        if (os.Synthetic == SyntheticContent.EhFrame)
        {
            // Records moved (dropped FDEs, shared CIEs): each relocation follows its record.
            // Where the next kept record starts: a dropped record's relocations are R_*_NONE there, as GNU ld puts them.
            ulong next = address;
            foreach (ref readonly var rec in layout.Map.EhFrameBySection[flat].Records.AsSpan())
            {
                if (rec.OutputOffset < 0)
                {
                    for (int k = rec.FirstReloc; k < rec.EndReloc; k++)
                        if (n < dest.Length) dest[n++] = new Elf64Rela { Offset = next };
                        else n++;
                    continue;
                }
                next = address + (ulong)rec.OutputOffset + (ulong)rec.Length;
                ulong recordAddress = address + (ulong)rec.OutputOffset - (ulong)rec.InputOffset;
                foreach (ref readonly var r in relocs[rec.FirstReloc..rec.EndReloc])
                    if (n < dest.Length) dest[n++] = output.Convert(r, r.Type, recordAddress + r.Offset);
                    else n++;
            }
        }
        else
        {
            var obj = layout.Objects[f];
            bool reversed = ReversedEntries.IsReversed(obj.SectionName(s), os.Name);
            ulong size = obj.SectionHeaders[s].Size;
            // A section of 2 GiB or more is not one span: each relaxable relocation reads a window around itself.
            bool wide = obj.IsWide(s);
            var input = wide ? default : obj.SectionContents(s);
            var arch = layout.Arch;
            bool code = os.IsAlloc;
            foreach (ref readonly var r in relocs)
            {
                if (n >= dest.Length) { n++; break; }
                if (reversed)
                {
                    // .ctors entries placed in .init_array are mirrored: the relocation moves with its entry.
                    dest[n++] = output.Convert(r, r.Type, address + ReversedEntries.Mirror(size, r.Offset));
                    continue;
                }
                // A relaxed GOT load is written as what it became (Architecture.KeptForm); only code is relaxed.
                var (type, offset) = r.SymbolIndex == 0 || !code ? (r.Type, r.Offset)
                    : wide ? WideKeptForm(layout, obj, s, r, output.Target(r.SymbolIndex))
                    : arch.KeptForm(layout, input, r, output.Target(r.SymbolIndex));
                dest[n++] = output.Convert(r, type, address + offset);
            }
        }
        if (n != count)
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: {layout.Objects[f].DisplayName}: {layout.Objects[f].SectionNameString(s)} kept {n} relocations, layout counted {count}");
    }

    // The bytes a relaxation check reads lie just before its relocation (KeptForm looks two back).
    private const int KeptWindow = 16;

    /// <summary>KeptForm for a relocation of a section of 2 GiB or more, given the bytes just before and at it.</summary>
    private static (uint Type, ulong Offset) WideKeptForm(Layout.Layout layout, ObjectFile obj, int s, Elf64Rela r, SymbolId target)
    {
        ulong size = obj.SectionHeaders[s].Size;
        if (r.Offset > size) return (r.Type, r.Offset);
        ulong from = r.Offset - Math.Min(r.Offset, KeptWindow);
        var window = obj.SectionWindow(s, from, (int)Math.Min(2 * KeptWindow, size - from));
        var local = r;
        local.Offset -= from;
        var (type, offset) = layout.Arch.KeptForm(layout, window, local, target);
        return (type, offset + from);
    }
}

/// <summary>Turns one input relocation of a file into its output form. A struct over the file, so the per-relocation
/// path allocates nothing.</summary>
internal readonly ref struct KeptRelocationConverter(Layout.Layout layout, FileId file)
{
    private readonly ObjectFile _obj = layout.Objects[file];
    private readonly int _first = layout.Db.FirstSymbol(file);
    private readonly SymbolTableIndex _index = layout.Placement.SymbolTable!.Index!;

    /// <summary>The symbol a relocation binds to, as RelocationApplier.Target finds it.</summary>
    public SymbolId Target(uint symbolIndex)
    {
        var target = layout.Resolution.Resolve(file, (int)symbolIndex);
        return target.IsNone ? layout.Db.Id(file, (int)symbolIndex) : target;
    }

    /// <summary>Relocation <paramref name="r"/> with type <paramref name="type"/> at output address <paramref name="offset"/>.</summary>
    public Elf64Rela Convert(in Elf64Rela r, uint type, ulong offset)
    {
        uint si = r.SymbolIndex;
        long addend = r.Addend;
        if (si == 0) return new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo(0, type), Addend = addend };
        if (si >= (uint)_obj.FirstGlobal)
        {
            var name = layout.Resolution.ReferenceName(file, (int)si);
            int entry = _index.OfName(name.Value);
            if (entry != 0) return new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo((uint)entry, type), Addend = addend };
            // A global that has no entry is defined in a section that is not in the output.
            var def = layout.Resolution.Definition(name);
            if (!def.IsNone && !layout.Resolution.IsSynthetic(def) && !layout.Db.Symbol(def).IsAbsolute && !layout.Db.Symbol(def).IsCommon)
                return Discarded(offset);
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: {_obj.DisplayName}: --emit-relocs: symbol '{_obj.SymbolNameString((int)si)}' has no .symtab entry");
        }
        ref readonly var sym = ref _obj.Symbols[(int)si];
        if (sym.Type != STT_SECTION && _index.OfLocal(_first + (int)si) is > 0 and var local)
            return new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo((uint)local, type), Addend = addend };
        if (sym.IsAbsolute) return new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo(0, type), Addend = addend + (long)sym.Value };
        int sec = _obj.SymbolSection((int)si);
        var target = sec == 0 ? null : layout.OutputOf(file, sec);
        if (target is null) return Discarded(offset);
        // A section symbol (or a local with no entry of its own) becomes the output section's symbol; the addend
        // grows by where the byte lands in that section. In a merged section, section+addend names a byte of a piece
        // that may have moved: map the sum, as the relocation itself was applied.
        long moved = sym.Type == STT_SECTION && layout.MergeOf(file, sec) is not null
            ? (long)(layout.InputAddress(file, sec, sym.Value + (ulong)addend) - target.Address)
            : (long)(layout.InputAddress(file, sec, sym.Value) - target.Address) + addend;
        return new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo((uint)target.HeaderIndex, type), Addend = moved };
    }

    /// <summary>GNU ld's form for a relocation against a discarded section: R_*_NONE, no symbol, no addend.</summary>
    private static Elf64Rela Discarded(ulong offset) => new() { Offset = offset };
}
