// Writes a relocatable output (-r) from its RelocatableLayout into the mapped file, in parallel: every input piece's
// bytes and its relocations (offsets re-based into the output section, symbols renumbered, section-symbol addends moved
// by the piece's offset; nothing applied, nothing relaxed), every object's local symbols and names, then the globals,
// groups and headers. A relocation whose symbol lies in a section the output dropped (a discarded COMDAT copy, seen
// from .debug_* or .eh_frame) becomes R_<machine>_NONE (type 0), as GNU ld -r writes it. With --gc-sections, .eh_frame is written
// without the records of removed functions (their relocations the NONE type at the previous one's offset, as GNU ld
// -r writes them) and a debug section without its relocations that name removed sections.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;
using Wild.Engine.Writing;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

internal static class RelocatableWriter
{
    public static void Write(RelocatableLayout layout, OutputFile output, ParallelWork work)
    {
        var pieces = layout.Pieces;
        var loaded = layout.Resolution.LoadedFiles;
        // One work item per piece (its bytes and its relocations), one per object (its locals), and one for the rest.
        int items = pieces.Length + loaded.Length + 1;
        work.For(items, i =>
        {
            var image = output.Image;
            if (i < pieces.Length) WritePiece(layout, pieces[i], image);
            else if (i < pieces.Length + loaded.Length) WriteLocals(layout, loaded[i - pieces.Length], image);
            else WriteTables(layout, image);
        });
    }

    /// <summary>--build-id: the note's descriptor, hashed over the finished image (descriptor still zero), as in a final link.</summary>
    public static void FillBuildId(RelocatableLayout layout, OutputFile output, ParallelWork work)
    {
        if (layout.BuildIdSection < 0) return;
        var note = layout.Sections[layout.BuildIdSection];
        var image = output.Image;
        var desc = image.Slice(note.FileOffset + 16, SyntheticSectionBuilder.BuildIdLength(layout.Options));
        BuildId.Fill(desc, image, layout.Options.BuildId, layout.Options.BuildIdBytes, work);
    }

    private static void WritePiece(RelocatableLayout layout, in RelocatablePiece piece, OutputImage image)
    {
        var section = layout.Sections[piece.Output];
        var obj = layout.Resolution.Objects[piece.File];
        var eh = layout.Gc?.EhFrame(piece.File, piece.Section);
        if (eh is not null)
            CopyTrimmedEhFrame(obj, eh, image.Slice(section.FileOffset + piece.Offset, eh.OutputSize));
        else if (section.Type != SHT_NOBITS && obj.SectionHeaders[piece.Section].Type != SHT_NOBITS && section.CompressedFrom == 0)
        {
            // The decompressed bytes of a compressed input: its relocations are rewritten, so it cannot stay compressed.
            // A section of 2 GiB or more is copied window by window.
            SectionCopy.To(obj, piece.Section, image, section.FileOffset + piece.Offset);
        }
        if (piece.Rela == 0) return;
        var source = obj.Relocations(piece.Rela);
        var target = MemoryMarshal.Cast<byte, Elf64Rela>(
            image.Slice(section.RelaFileOffset + (ulong)piece.RelaStart * RelaSize, piece.RelaCount * RelaSize));
        var symbols = obj.Symbols;
        int firstGlobal = obj.FirstGlobal;
        var symbolIndex = layout.Symbols.SymbolIndex[piece.File];
        var sectionOffset = layout.SectionOffset[piece.File];
        // --gc-sections: a debug section's relocations naming removed sections are deleted.
        bool deletes = piece.RelaCount != source.Length;
        int w = 0, record = 0;
        ulong last = piece.Offset;
        for (int r = 0; r < source.Length; r++)
        {
            ref readonly var rel = ref source[r];
            uint sym = rel.SymbolIndex;
            ulong offset = rel.Offset + piece.Offset;
            if (deletes && layout.Gc!.RemovesTarget(layout.Resolution, piece.File, sym)) continue;
            if (eh is not null)
            {
                while (eh.Records[record].EndReloc <= r) record++;
                ref readonly var rec = ref eh.Records[record];
                if (rec.OutputOffset < 0)
                {
                    target[w++] = new Elf64Rela { Offset = last };
                    continue;
                }
                offset = rel.Offset - (ulong)rec.InputOffset + (ulong)rec.OutputOffset + piece.Offset;
            }
            long addend = rel.Addend;
            int index = 0;
            if (sym >= (uint)symbols.Length)
                throw obj.Malformed($"relocation {r} of section [{piece.Rela}] {obj.SectionNameString(piece.Rela)} names symbol {sym}, beyond the symbol table");
            if (sym != 0)
            {
                index = symbolIndex[sym];
                if (sym < (uint)firstGlobal && symbols[(int)sym].Type == STT_SECTION && index != 0)
                    addend += (long)sectionOffset[obj.SymbolSection((int)sym)];
            }
            target[w++] = sym != 0 && index == 0
                ? new Elf64Rela { Offset = offset }
                : new Elf64Rela { Offset = offset, Info = Elf64Rela.MakeInfo((uint)index, rel.Type), Addend = addend };
            last = offset;
        }
    }

    /// <summary>The records of an .eh_frame that --gc-sections kept, each at its new offset, every FDE's CIE pointer
    /// (the distance back to its CIE) measured again.</summary>
    private static void CopyTrimmedEhFrame(Input.ObjectFile obj, Layout.EhFrameSection eh, Span<byte> target)
    {
        var data = obj.SectionData(eh.Section);
        var records = eh.Records;
        int cie = -1;
        for (int i = 0; i < records.Length; i++)
        {
            ref readonly var rec = ref records[i];
            if (!rec.IsFde) cie = i;
            if (rec.OutputOffset < 0) continue;
            data.Slice(rec.InputOffset, rec.Length).CopyTo(target[rec.OutputOffset..]);
            if (!rec.IsFde) continue;
            // Usually the FDE's CIE is the last one before it; any other is searched for.
            int own = cie >= 0 && records[cie].InputOffset == rec.CieInputOffset ? cie : Layout.EhFrameSection.FindRecord(records, rec.CieInputOffset);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(target[(rec.OutputOffset + 4)..], (uint)(rec.OutputOffset + 4 - records[own].OutputOffset));
        }
    }

    private static void WriteLocals(RelocatableLayout layout, FileId f, OutputImage image)
    {
        var obj = layout.Resolution.Objects[f];
        var plan = layout.Symbols;
        var sectionOut = layout.SectionOut[f];
        var sectionOffset = layout.SectionOffset[f];
        var symtab = MemoryMarshal.Cast<byte, Elf64Symbol>(image.Slice(layout.SymtabOffset, plan.SymbolCount * SymbolSize));
        var shndx = layout.ShndxIndex != 0 ? MemoryMarshal.Cast<byte, uint>(image.Slice(layout.ShndxOffset, plan.SymbolCount * 4)) : default;
        var strtab = image.Slice(layout.StrtabOffset, plan.StringTableSize);
        int index = plan.FirstLocal[f];
        int name = (int)plan.LocalNames[f];
        var symbols = obj.Symbols;
        if (plan.AddsFileSymbol(f))
        {
            var file = RelocatableSymbolPlan.FileSymbolName(obj);
            file.CopyTo(strtab[name..]);
            symtab[index++] = new Elf64Symbol { Name = (uint)name, Info = Elf64Symbol.MakeInfo(STB_LOCAL, STT_FILE), SectionIndex = SHN_ABS };
            name += file.Length + 1;
        }
        for (int s = 1; s < obj.FirstGlobal; s++)
        {
            if (!plan.KeepsLocal(f, obj, s, sectionOut)) continue;
            var sym = symbols[s];
            var bytes = obj.SymbolName(s);
            bytes.CopyTo(strtab[name..]);
            sym.Name = (uint)name;
            name += bytes.Length + 1;
            if (!sym.IsAbsolute)
            {
                int section = obj.SymbolSection(s);
                int output = sectionOut[section];
                if (output < -1)
                    SetSection(ref sym, layout.Groups[RelocatableSectionPlan.GroupOf(output)].HeaderIndex, shndx, index);
                else
                {
                    sym.Value += sectionOffset[section];
                    SetSection(ref sym, layout.Sections[output].HeaderIndex, shndx, index);
                }
            }
            symtab[index++] = sym;
        }
    }

    /// <summary>The section symbols, the globals, the groups, .shstrtab and the headers: one item, small next to the rest.</summary>
    private static void WriteTables(RelocatableLayout layout, OutputImage image)
    {
        var res = layout.Resolution;
        var plan = layout.Symbols;
        var symtab = MemoryMarshal.Cast<byte, Elf64Symbol>(image.Slice(layout.SymtabOffset, plan.SymbolCount * SymbolSize));
        var shndx = layout.ShndxIndex != 0 ? MemoryMarshal.Cast<byte, uint>(image.Slice(layout.ShndxOffset, plan.SymbolCount * 4)) : default;
        var strtab = image.Slice(layout.StrtabOffset, plan.StringTableSize);
        symtab[0] = default;
        for (int i = 0; i < layout.Sections.Length; i++)
        {
            var sym = new Elf64Symbol { Info = Elf64Symbol.MakeInfo(STB_LOCAL, STT_SECTION) };
            SetSection(ref sym, layout.Sections[i].HeaderIndex, shndx, RelocatableLayout.SectionSymbol(i));
            symtab[RelocatableLayout.SectionSymbol(i)] = sym;
        }

        int name = (int)plan.GlobalNames;
        var commons = res.Commons.ToDictionary(c => c.Name.Value, c => c.Align);
        for (int g = 0; g < plan.Globals.Length; g++)
        {
            int index = plan.FirstGlobal + g;
            var nameId = new NameId(plan.GlobalNameIds[g]);
            var bytes = RelocatableSymbolPlan.NameSource(res, nameId, plan.Globals[g], out FileId file, out int symbolIndex);
            bytes.CopyTo(strtab[name..]);
            var sym = new Elf64Symbol { Name = (uint)name };
            name += bytes.Length + 1;
            if (plan.DefSyms.TryGet(nameId, out var defSym))
            {
                // --defsym: a global definition in the section its expression's symbol lies in, or absolute.
                sym.Info = Elf64Symbol.MakeInfo(STB_GLOBAL, defSym.Type);
                sym.Other = plan.Visibility(nameId);
                sym.Value = defSym.Offset;
                // GNU ld keeps the size of an object's definition the --defsym replaces.
                if (file >= 0 && res.Objects[file].Symbols[symbolIndex] is { IsUndefined: false, IsCommon: false } replaced) sym.Size = replaced.Size;
                if (defSym.Output < 0) sym.SectionIndex = SHN_ABS;
                else SetSection(ref sym, layout.Sections[defSym.Output].HeaderIndex, shndx, index);
                symtab[index] = sym;
                continue;
            }
            if (file < 0)
            {
                // A name only -u (or a --wrap target no input defines) gives: undefined, strong, as GNU ld -r lists it.
                sym.Info = Elf64Symbol.MakeInfo(STB_GLOBAL, STT_NOTYPE);
                sym.Other = plan.Visibility(nameId);
                symtab[index] = sym;
                continue;
            }
            var obj = res.Objects[file];
            var source = obj.Symbols[symbolIndex];
            sym.Other = (byte)((source.Other & ~3) | plan.Visibility(nameId));
            var def = res.Definition(nameId);
            bool defined = !def.IsNone && !res.IsSynthetic(def) && res.Db.FileOf(def) == file && !source.IsUndefined;
            int section = defined && !source.IsCommon && !source.IsAbsolute ? obj.SymbolSection(symbolIndex) : 0;
            if (defined && section != 0 && layout.SectionOut[file][section] < 0) defined = false;
            if (!defined)
            {
                // Undefined in every input (or only defined in a dropped copy): weak only if every reference is weak.
                bool strong = (res.References(nameId) & Resolution.SymbolResolution.StrongReference) != 0 || !source.IsWeak;
                sym.Info = Elf64Symbol.MakeInfo(strong ? STB_GLOBAL : STB_WEAK, source.Type);
            }
            else if (source.IsCommon && layout.CommonSection >= 0)
            {
                // -d: the common got space in .bss; it is an ordinary definition now.
                sym.Info = Elf64Symbol.MakeInfo(source.Binding, STT_OBJECT);
                sym.Value = layout.CommonOffsets[nameId.Value];
                sym.Size = Math.Max(source.Size, plan.CommonSize(nameId));
                SetSection(ref sym, layout.Sections[layout.CommonSection].HeaderIndex, shndx, index);
            }
            else if (source.IsCommon)
            {
                // Commons stay common (GNU ld -r without -d): the largest size and alignment any object gave, large
                // ones large; -z common / -z nocommon choose STT_COMMON or STT_OBJECT, else the input's type stays.
                byte type = res.Options.Z.SttCommon switch { true => STT_COMMON, false => STT_OBJECT, null => source.Type };
                sym.Info = Elf64Symbol.MakeInfo(source.Binding, type);
                sym.SectionIndex = source.IsLargeCommon ? SHN_X86_64_LCOMMON : SHN_COMMON;
                sym.Value = Math.Max(source.Value, commons.GetValueOrDefault(nameId.Value));
                sym.Size = Math.Max(source.Size, plan.CommonSize(nameId));
            }
            else
            {
                sym.Info = source.Info;
                sym.Size = source.Size;
                sym.Value = source.Value;
                if (source.IsAbsolute) sym.SectionIndex = SHN_ABS;
                else
                {
                    sym.Value += layout.SectionOffset[file][section];
                    SetSection(ref sym, layout.Sections[layout.SectionOut[file][section]].HeaderIndex, shndx, index);
                }
            }
            symtab[index] = sym;
        }

        foreach (var group in layout.Groups)
        {
            var words = MemoryMarshal.Cast<byte, uint>(image.Slice(group.FileOffset, group.Size));
            words[0] = group.Flags;
            int w = 1;
            foreach (int member in group.Members)
            {
                words[w++] = (uint)layout.Sections[member].HeaderIndex;
                if (layout.Sections[member].RelaHeaderIndex != 0) words[w++] = (uint)layout.Sections[member].RelaHeaderIndex;
            }
        }
        foreach (var s in layout.Sections)
        {
            if (s.Contents is { } contents)
                contents.CopyTo(image.Slice(s.FileOffset, contents.Length));
            ulong at = s.FileOffset;
            foreach (var part in s.CompressedParts ?? [])
            {
                part.CopyTo(image.Slice(at, part.Length));
                at += (ulong)part.Length;
            }
        }
        layout.SectionNames.CopyTo(image.Slice(layout.ShstrtabOffset, layout.SectionNames.Length));
        WriteHeaders(layout, image);
    }

    /// <summary>st_shndx, or SHN_XINDEX with the real index in .symtab_shndx when it does not fit in 16 bits.</summary>
    private static void SetSection(ref Elf64Symbol sym, int headerIndex, Span<uint> shndx, int symbolIndex)
    {
        if (headerIndex >= SHN_LORESERVE)
        {
            sym.SectionIndex = SHN_XINDEX;
            shndx[symbolIndex] = (uint)headerIndex;
        }
        else sym.SectionIndex = (ushort)headerIndex;
    }

    private static void WriteHeaders(RelocatableLayout layout, OutputImage image)
    {
        int count = layout.SectionCount;
        // With SHN_LORESERVE sections or more, e_shnum is 0 and section 0's sh_size holds the count; likewise e_shstrndx
        // is SHN_XINDEX and section 0's sh_link holds the index.
        bool wide = count >= SHN_LORESERVE;
        var header = new Elf64Header
        {
            Type = ET_REL,
            Machine = layout.Machine,
            Version = 1,
            Entry = layout.Entry,
            SectionHeaderOffset = layout.SectionHeaderOffset,
            HeaderSize = Elf64HeaderSize,
            SectionHeaderEntrySize = SectionHeaderSize,
            SectionHeaderCount = wide ? (ushort)0 : (ushort)count,
            SectionNameTableIndex = layout.ShstrtabIndex >= SHN_LORESERVE ? SHN_XINDEX : (ushort)layout.ShstrtabIndex,
        };
        header.Ident[0] = 0x7f; header.Ident[1] = (byte)'E'; header.Ident[2] = (byte)'L'; header.Ident[3] = (byte)'F';
        header.Ident[4] = ELFCLASS64; header.Ident[5] = ELFDATA2LSB; header.Ident[6] = EV_CURRENT;
        var res = layout.Resolution;
        header.Ident[7] = res.LoadedFiles.Any(f => res.Objects[f].OsAbi == ELFOSABI_GNU) ? ELFOSABI_GNU : ELFOSABI_NONE;
        MemoryMarshal.Write(image.Slice(0, Elf64HeaderSize), in header);

        var shdrs = MemoryMarshal.Cast<byte, Elf64SectionHeader>(image.Slice(layout.SectionHeaderOffset, count * SectionHeaderSize));
        var names = layout.SectionNameOffsets;
        shdrs[0] = new Elf64SectionHeader
        {
            Size = wide ? (ulong)count : 0,
            Link = layout.ShstrtabIndex >= SHN_LORESERVE ? (uint)layout.ShstrtabIndex : 0,
        };
        foreach (var g in layout.Groups)
        {
            var obj = res.Objects[g.File];
            uint signature = (uint)layout.Symbols.SymbolIndex[g.File][obj.SectionHeaders[g.Section].Info];
            if (signature == 0)
                throw new LinkException(ErrorId.LayoutMismatch, $"{obj.DisplayName}: the signature symbol of group section [{g.Section}] was not kept", obj.DisplayName);
            shdrs[g.HeaderIndex] = new Elf64SectionHeader
            {
                Name = names[g.HeaderIndex], Type = SHT_GROUP, Offset = g.FileOffset, Size = g.Size,
                Link = (uint)layout.SymtabIndex, Info = signature, AddressAlign = 4, EntrySize = 4,
            };
        }
        foreach (var s in layout.Sections)
        {
            uint link = 0;
            // An SHF_LINK_ORDER section's sh_link names the output section its linked input went to.
            if (s.LinkFile >= 0 && layout.SectionOut[s.LinkFile][s.LinkSection] is var linked && linked >= 0)
                link = (uint)layout.Sections[linked].HeaderIndex;
            shdrs[s.HeaderIndex] = new Elf64SectionHeader
            {
                Name = names[s.HeaderIndex], Type = s.Type, Flags = s.Flags, Offset = s.FileOffset, Size = s.Size,
                Link = link, AddressAlign = s.Align, EntrySize = s.EntrySize,
            };
            if (s.RelaHeaderIndex != 0)
                shdrs[s.RelaHeaderIndex] = new Elf64SectionHeader
                {
                    Name = names[s.RelaHeaderIndex], Type = SHT_RELA, Flags = SHF_INFO_LINK | (s.Flags & SHF_GROUP),
                    Offset = s.RelaFileOffset, Size = (ulong)s.RelaCount * RelaSize,
                    Link = (uint)layout.SymtabIndex, Info = (uint)s.HeaderIndex, AddressAlign = 8, EntrySize = RelaSize,
                };
        }
        var plan = layout.Symbols;
        shdrs[layout.SymtabIndex] = new Elf64SectionHeader
        {
            Name = names[layout.SymtabIndex], Type = SHT_SYMTAB, Offset = layout.SymtabOffset, Size = (ulong)plan.SymbolCount * SymbolSize,
            Link = (uint)layout.StrtabIndex, Info = (uint)plan.FirstGlobal, AddressAlign = 8, EntrySize = SymbolSize,
        };
        if (layout.ShndxIndex != 0)
            shdrs[layout.ShndxIndex] = new Elf64SectionHeader
            {
                Name = names[layout.ShndxIndex], Type = SHT_SYMTAB_SHNDX, Offset = layout.ShndxOffset, Size = (ulong)plan.SymbolCount * 4,
                Link = (uint)layout.SymtabIndex, AddressAlign = 4, EntrySize = 4,
            };
        shdrs[layout.StrtabIndex] = new Elf64SectionHeader
        {
            Name = names[layout.StrtabIndex], Type = SHT_STRTAB, Offset = layout.StrtabOffset, Size = plan.StringTableSize, AddressAlign = 1,
        };
        shdrs[layout.ShstrtabIndex] = new Elf64SectionHeader
        {
            Name = names[layout.ShstrtabIndex], Type = SHT_STRTAB, Offset = layout.ShstrtabOffset, Size = (ulong)layout.SectionNames.Length, AddressAlign = 1,
        };
    }
}
