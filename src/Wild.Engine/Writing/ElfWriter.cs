// The writer (LinkPipeline's phases 19-21): fills the mapped output. Each object's sections are copied and
// relocated by one task, and headers and linker-made sections are tasks of the same parallel pass (all write
// disjoint ranges); .eh_frame_hdr, which reads the relocated .eh_frame, follows; the build-id hashes the
// finished image last. Sizes come from the layout, and any mismatch is an internal error.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Writing;

internal static class ElfWriter
{
    /// <summary>Phase "Copy and relocate sections": every object's sections and every linker-made section, in one
    /// parallel pass. Linker-made sections do not depend on the copied input, so they are work items of the same
    /// pass instead of a serial one after it (on LLVM, symtab and strtab are 20 MB to copy).</summary>
    public static void CopyAndRelocate(Layout.Layout layout, CompressedDebugSections? debug, OutputFile output, ParallelWork work) =>
        WriteSections(layout, output, work, LinkerMadeWrites(layout, debug), debug);

    /// <summary>Phase "Build id": the note's descriptor, hashed over the finished image.</summary>
    public static void FillBuildId(Layout.Layout layout, OutputFile output, ParallelWork work)
    {
        if (layout.BuildIdNote is not { } note) return;
        var image = output.Image;
        var desc = image.Slice(note.FileOffset + 16, note.Size - 16);
        BuildId.Fill(desc, image, layout.Options.BuildId, layout.Options.BuildIdBytes, work);
    }

    private delegate void ImageWrite(OutputImage image);

    // Bytes of a linker-made section copied per item: big tables spread over the cores (and their page faults
    // with them), small ones stay one item.
    private const int CopyChunk = 1 << 20;

    // Inputs of a merged section whose kept pieces are copied per item: .debug_str gathers one from every
    // object, so its copy is spread over the cores too.
    private const int MergeMembersPerWrite = 64;

    /// <summary>Independent writes of headers and linker-made sections, each to its own range of the image.</summary>
    private static List<ImageWrite> LinkerMadeWrites(Layout.Layout layout, CompressedDebugSections? debug)
    {
        var writes = new List<ImageWrite> { image => WriteHeaders(layout, debug, image) };
        // Compressed .debug_* sections, already relocated and compressed, go after the section header table.
        if (debug is not null)
            foreach (var e in debug.Entries)
            {
                ulong at = e.Offset;
                foreach (var part in e.Parts)
                {
                    ulong from = at;
                    writes.Add(image => part.CopyTo(image.Slice(from, part.Length)));
                    at += (ulong)part.Length;
                }
            }
        foreach (var s in layout.Sections)
        {
            if (s.Synthetic == SyntheticContent.None || s.IsNoBits) continue;
            if (s.Synthetic == SyntheticContent.SymTab && layout.Placement.SymbolTable is { } plan)
            {
                // Each part writes its entries and their strings; .strtab has no writer of its own.
                if (plan.SectionSymbols > 0) writes.Add(image => SymbolTableBuilder.WriteSectionSymbols(layout, plan, image));
                for (int part = 0; part < plan.PartCount; part++)
                {
                    int p = part;
                    writes.Add(image => SymbolTableBuilder.WritePart(layout, plan, p, image));
                }
                continue;
            }
            if (s.Synthetic == SyntheticContent.StrTab) continue;
            // Kept relocations are written by their objects' copy tasks (KeptRelocationWriter).
            if (s.Synthetic == SyntheticContent.KeptRela) continue;
            if (s.Contents is { } bytes)
            {
                for (int start = 0; start < bytes.Length; start += CopyChunk)
                {
                    int from = start, length = Math.Min(CopyChunk, bytes.Length - start);
                    writes.Add(image => bytes.AsSpan(from, length).CopyTo(image.Slice(s.FileOffset + (ulong)from, length)));
                }
                continue;
            }
            // .rela.dyn may pass 2 GiB (objects' relocations in a big PIE): the linker's own entries are written
            // through windows of just their ranges, as each object's are (RelaWindow).
            if (s.Synthetic == SyntheticContent.RelaDyn)
            {
                writes.Add(image => WriteGotRelatives(layout, s, image));
                continue;
            }
            writes.Add(image => WriteSynthetic(layout, s, SectionWindow(image, s)));
        }
        // Range-extension thunks: the gaps after their groups' last input sections.
        if (layout.Thunks is { } thunks)
            for (int g = 0; g < thunks.GroupCount; g++)
            {
                int group = g;
                if (thunks.Thunks(group).Count > 0) writes.Add(image => ThunkWriter.Write(layout, thunks, group, image));
            }
        // A script's data values and gap fills: ranges no input covers.
        foreach (var b in layout.Placement.ScriptBytes)
            if (!b.Section.IsNoBits)
                writes.Add(image => b.WriteTo(image.Slice(b.Section.FileOffset + b.Offset, b.Length), layout.Arch));
        // Code sections' padding between inputs: no-op instructions, as GNU ld writes them.
        foreach (var s in layout.Sections)
            if (CodePadding.Applies(layout, s))
                writes.Add(image => CodePadding.Fill(layout, s, image));
        foreach (var g in layout.Outputs.MergeGroups)
            for (int from = 0; (debug is null || !debug.IsCompressed(g.Output)) && from < g.MemberCount; from += MergeMembersPerWrite)
            {
                int first = from, end = Math.Min(from + MergeMembersPerWrite, g.MemberCount);
                writes.Add(image => WriteMergedPieces(layout, g, first, end, image));
            }
        return writes;
    }

    private static void WriteSections(Layout.Layout layout, OutputFile output, ParallelWork work, List<ImageWrite> linkerMade,
        CompressedDebugSections? debug)
    {
        var loaded = layout.Resolution.LoadedFiles;
        work.For(linkerMade.Count + loaded.Length, item =>
        {
            var image = output.Image;
            if (item < linkerMade.Count)
                linkerMade[item](image);
            else
                WriteObjectSections(layout, item - linkerMade.Count, image, debug, null);
        });
    }

    /// <summary>Copies and relocates the sections of the <paramref name="i"/>th loaded file: into the image, skipping
    /// the sections of compressed outputs, or (with <paramref name="scratch"/>, indexed by output section header
    /// index) only those, into their scratch buffers, before compression.</summary>
    internal static void WriteObjectSections(Layout.Layout layout, int i, OutputImage image, CompressedDebugSections? debug, OutputImage?[]? scratch)
    {
        var f = layout.Resolution.LoadedFiles[i];
        var obj = layout.Objects[f];
        var relaDyn = scratch is null ? layout.RelaDyn : null;
        var needs = layout.Needs;
        // Non-allocated sections take no dynamic relocation, so the scratch pass has none to write. Each file's slots
        // are a window of their own: .rela.dyn as a whole may pass 2 GiB.
        Span<Elf64Rela> relative = relaDyn is null ? default : RelaWindow(image, relaDyn, needs.FileRelativeStart[i], needs.FileRelativeCount[i]);
        Span<Elf64Rela> symbolic = relaDyn is null ? default : RelaWindow(image, relaDyn, needs.FileSymbolicStart[i], needs.FileSymbolicCount[i]);
        var applier = new RelocationApplier(layout, f, relative, symbolic);
        // --emit-relocs: only in the image pass (the scratch pass, which relocates sections to compress, would write them twice).
        var kept = scratch is null ? layout.Kept : null;
        var headers = obj.SectionHeaders;
        for (int s = 1; s < obj.SectionCount; s++)
        {
            var os = layout.OutputOf(f, s);
            if (os is null || layout.IsFolded(f, s)) continue;
            OutputImage? target = scratch?[os.HeaderIndex];
            int rela = layout.RelaOf(f, s);
            var relocs = rela > 0 ? obj.Relocations(rela) : default;
            // Written in the image pass, also for a section compressed later: the relocations are not compressed.
            if (kept is not null && !relocs.IsEmpty) KeptRelocationWriter.Write(layout, kept, f, s, os, relocs, image);
            if (scratch is not null ? target is null : debug is not null && debug.IsCompressed(os)) continue;
            ref readonly var h = ref headers[s];
            ulong address = layout.SectionAddress(f, s);
            if (os.Synthetic == SyntheticContent.EhFrame)
            {
                WriteEhFrame(layout, ref applier, f, s, image, os, address, relocs);
                continue;
            }
            if (h.Type == SHT_NOBITS) continue; // the file starts zeroed
            if (layout.MergeOf(f, s) is not null) continue; // written as merged pieces
            if (obj.IsWide(s))
            {
                if (target is { } wide) WriteWide(obj, s, ref applier, relocs, wide, address - os.Address, address, h.IsAlloc);
                else WriteWide(obj, s, ref applier, relocs, image, os.FileOffset + (address - os.Address), address, h.IsAlloc);
                continue;
            }
            var contents = obj.SectionContents(s);
            var dest = target is { } t
                ? t.Slice(address - os.Address, contents.Length)
                : image.Slice(os.FileOffset + (address - os.Address), contents.Length);
            if (target is null && ReversedEntries.IsReversed(obj.SectionName(s), os.Name))
            {
                WriteReversed(obj, s, ref applier, relocs, dest, address);
                continue;
            }
            contents.CopyTo(dest);
            if (!relocs.IsEmpty)
                applier.Apply(s, relocs, dest, 0, address, h.IsAlloc);
        }
        if (scratch is null && (applier.RelativeUsed != relative.Length || applier.SymbolicUsed != symbolic.Length || applier.PackedUsed != needs.FilePackedCount[i]))
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: {obj.DisplayName} wrote {applier.RelativeUsed}+{applier.SymbolicUsed} dynamic relocations and packed {applier.PackedUsed}, " +
                $"layout reserved {relative.Length}+{symbolic.Length} and planned {needs.FilePackedCount[i]} packed");
    }

    // A section of 2 GiB or more is copied and relocated through windows of this size (a span cannot hold it whole).
    private const int WideWindow = 1 << 30;

    // A relocation run's first field lies at least this far into its window, and the run ends this far before the
    // window's end, so the instruction bytes a relaxation reads or rewrites around a field (a TLS sequence reaches 4
    // bytes before its relocation and 19 after) are inside the window.
    private const int WideSlack = 64;

    /// <summary>An input section of 2 GiB or more: copied window by window, then relocated in runs of relocations
    /// that fit one window (objects list them in offset order, so a run is usually a whole window's worth; an
    /// unsorted list only makes runs shorter). The section's bytes never sit in one span, here or in the input.</summary>
    private static void WriteWide(ObjectFile obj, int s, ref RelocationApplier applier, ReadOnlySpan<Elf64Rela> relocs,
        OutputImage image, ulong fileOffset, ulong address, bool alloc)
    {
        ulong size = obj.ContentSize(s); // a compressed section's inflated size
        SectionCopy.To(obj, s, image, fileOffset); // its zeros left unwritten
        int r = 0;
        while (r < relocs.Length)
        {
            // A relocation past the section's end gets a window at the end, where the applier names it malformed.
            ulong first = Math.Min(relocs[r].Offset, size);
            ulong from = first - Math.Min(first, WideSlack);
            int length = (int)Math.Min(WideWindow, size - from);
            ulong end = from + (ulong)length;
            ulong limit = end == size ? size : end - WideSlack;
            ulong low = from == 0 ? 0 : from + WideSlack;
            int next = r + 1;
            while (next < relocs.Length && relocs[next].Offset >= low && relocs[next].Offset < limit) next++;
            // Relocations of one instruction sequence (a TLS lea and its call, 8 bytes apart) stay in one run: a run
            // ends where the next relocation is at least WideSlack / 4 bytes on.
            while (next > r + 1 && next < relocs.Length && Close(relocs[next - 1].Offset, relocs[next].Offset)) next--;
            if (next == r + 1 && next < relocs.Length && Close(relocs[r].Offset, relocs[next].Offset) && relocs[next].Offset + WideSlack / 2 <= end)
                next++;
            applier.Apply(s, relocs[r..next], image.Slice(fileOffset + from, length), (long)from, address + from, alloc);
            r = next;
        }
    }

    private static bool Close(ulong before, ulong after) => after >= before && after - before < WideSlack / 4;

    /// <summary>A .ctors/.dtors section in .init_array/.fini_array: entries copied last first, and each relocation
    /// moved with its entry (a copy of the relocations, made only for these rare, small sections).</summary>
    private static void WriteReversed(ObjectFile obj, int s, ref RelocationApplier applier, ReadOnlySpan<Elf64Rela> relocs,
        Span<byte> dest, ulong address)
    {
        ulong size = (ulong)dest.Length;
        var data = obj.SectionData(s);
        int entry = (int)ReversedEntries.EntrySize;
        for (int o = 0; o + entry <= dest.Length; o += entry)
            data.Slice(o, entry).CopyTo(dest.Slice((int)ReversedEntries.Mirror(size, (ulong)o), entry));
        if (relocs.IsEmpty) return;
        var mirrored = relocs.ToArray();
        foreach (ref var r in mirrored.AsSpan())
        {
            if (r.Offset >= size)
                throw obj.Malformed($"{obj.SectionNameString(s)}: relocation at offset 0x{r.Offset:x} is outside the section");
            r.Offset = ReversedEntries.Mirror(size, r.Offset);
        }
        applier.Apply(s, mirrored, dest, 0, address, true);
    }

    private static void WriteEhFrame(Layout.Layout layout, ref RelocationApplier applier, FileId f, int s, OutputImage image,
        OutputSection os, ulong address, ReadOnlySpan<Elf64Rela> relocs)
    {
        var eh = layout.Map.EhFrameBySection[layout.Map.Flat(f, s)];
        var input = layout.Objects[f].SectionData(s);
        ulong chunkOffset = os.FileOffset + (address - os.Address);
        var records = eh.Records;
        for (int i = 0; i < records.Length; i++)
        {
            ref readonly var rec = ref records[i];
            if (rec.OutputOffset < 0) continue;
            var dest = image.Slice(chunkOffset + (ulong)rec.OutputOffset, rec.Length);
            input.Slice(rec.InputOffset, rec.Length).CopyTo(dest);
            if (rec.IsFde)
            {
                // Records may have moved: the CIE pointer is relative to the FDE's own id field.
                int cie = EhFrameSection.FindRecord(records, rec.CieInputOffset);
                if (cie < 0 || records[cie].OutputOffset < 0)
                    throw layout.Objects[f].Malformed($".eh_frame: FDE at offset 0x{rec.InputOffset:x} points at no CIE");
                BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], (uint)(rec.OutputOffset + 4 - records[cie].OutputOffset));
            }
            if (rec.EndReloc > rec.FirstReloc)
                applier.Apply(s, relocs[rec.FirstReloc..rec.EndReloc], dest, rec.InputOffset, address + (ulong)rec.OutputOffset, true);
        }
    }

    private static void WriteMergedPieces(Layout.Layout layout, MergeGroup g, int from, int to, OutputImage image)
    {
        var (cf, cs) = g.Carrier;
        ulong chunk = g.Output.FileOffset + (layout.SectionAddress(cf, cs) - g.Output.Address);
        g.WriteKept(layout.Objects, from, to, image.Window(chunk, g.Size));
    }

    /// <summary>A merged group's kept pieces into its output section's scratch buffer (before compression).</summary>
    internal static void WriteMergedPiecesTo(Layout.Layout layout, MergeGroup g, int from, int to, OutputImage section)
    {
        var (cf, cs) = g.Carrier;
        g.WriteKept(layout.Objects, from, to, section.Window(layout.SectionAddress(cf, cs) - g.Output.Address, g.Size));
    }

    /// <summary>A linker-made section's bytes as one window. Such tables (GOT, PLT, .dynsym, .eh_frame_hdr, .gdb_index)
    /// would need tens of millions of entries to reach 2 GiB; one that does is refused by name rather than split.
    /// (.symtab/.strtab and .rela.dyn, which can reach it, are written in parts.)</summary>
    private static Span<byte> SectionWindow(OutputImage image, OutputSection s)
    {
        if (s.Size > int.MaxValue)
            throw new LinkException(ErrorId.OutputFailed,
                $"the linker-made section {s.Name} would be {s.Size} bytes; linker-made sections of 2 GiB or more are not supported");
        return image.Slice(s.FileOffset, (int)s.Size);
    }

    /// <summary>Entries [start, start + count) of .rela.dyn, as a window of just those bytes.</summary>
    private static Span<Elf64Rela> RelaWindow(OutputImage image, OutputSection relaDyn, int start, int count) =>
        MemoryMarshal.Cast<byte, Elf64Rela>(image.Slice(relaDyn.FileOffset + (ulong)start * (ulong)Unsafe.SizeOf<Elf64Rela>(),
            checked(count * Unsafe.SizeOf<Elf64Rela>())));

    private static void WriteHeaders(Layout.Layout layout, CompressedDebugSections? debug, OutputImage image)
    {
        var header = new Elf64Header
        {
            Type = layout.IsPie ? ET_DYN : ET_EXEC,
            Machine = layout.Arch.Machine,
            Version = 1,
            Entry = layout.Entry,
            ProgramHeaderOffset = Elf64HeaderSize,
            SectionHeaderOffset = layout.SectionHeaderOffset,
            HeaderSize = Elf64HeaderSize,
            ProgramHeaderEntrySize = ProgramHeaderSize,
            ProgramHeaderCount = (ushort)layout.ProgramHeaders.Length,
            SectionHeaderEntrySize = SectionHeaderSize,
            SectionHeaderCount = (ushort)(layout.Sections.Length + 1),
            SectionNameTableIndex = (ushort)layout.Sections[^1].HeaderIndex,
        };
        header.Ident[0] = 0x7f; header.Ident[1] = (byte)'E'; header.Ident[2] = (byte)'L'; header.Ident[3] = (byte)'F';
        header.Ident[4] = ELFCLASS64; header.Ident[5] = ELFDATA2LSB; header.Ident[6] = EV_CURRENT;
        header.Ident[7] = layout.Resolution.LoadedFiles.Any(f => layout.Objects[f].OsAbi == ELFOSABI_GNU) ? ELFOSABI_GNU : ELFOSABI_NONE;
        MemoryMarshal.Write(image.Slice(0, Elf64HeaderSize), in header);
        var programHeaders = MemoryMarshal.AsBytes(layout.ProgramHeaders.AsSpan());
        programHeaders.CopyTo(image.Slice(Elf64HeaderSize, programHeaders.Length));

        var shdrs = MemoryMarshal.Cast<byte, Elf64SectionHeader>(
            image.Slice(layout.SectionHeaderOffset, (layout.Sections.Length + 1) * SectionHeaderSize));
        shdrs[0] = default;
        foreach (var s in layout.Sections)
        {
            shdrs[s.HeaderIndex] = new Elf64SectionHeader
            {
                Name = s.NameOffset, Type = s.Type, Flags = s.Flags, Address = s.Address, Offset = s.FileOffset,
                Size = s.Size, Link = s.Link, Info = s.Info, AddressAlign = s.Align, EntrySize = s.EntrySize,
            };
        }
        if (debug is not null)
            foreach (var e in debug.Entries)
            {
                ref var h = ref shdrs[e.Section.HeaderIndex];
                h.Offset = e.Offset;
                h.Size = e.Size;
                h.Flags = e.Flags;
                h.AddressAlign = e.Align;
            }
    }

    private static void WriteSynthetic(Layout.Layout layout, OutputSection s, Span<byte> dest)
    {
        switch (s.Synthetic)
        {
            case SyntheticContent.DynSym or SyntheticContent.GnuHash or SyntheticContent.SysvHash or SyntheticContent.VerSym
                or SyntheticContent.VerNeed or SyntheticContent.VerDef when layout.DynamicTables is { } tables:
                tables.Write(s.Synthetic, layout, dest);
                break;
            case SyntheticContent.Got: WriteGot(layout, dest); break;
            case SyntheticContent.GotPlt: WriteGotPlt(layout, dest); break;
            case SyntheticContent.Plt: layout.Arch.WritePlt(layout, dest); break;
            case SyntheticContent.PltSec: layout.Arch.WritePltSec(layout, dest); break;
            case SyntheticContent.PltGot: layout.Arch.WritePltGot(layout, dest); break;
            case SyntheticContent.RelaPlt: WriteRelaPlt(layout, dest); break;
            case SyntheticContent.BuildIdNote:
                BinaryPrimitives.WriteUInt32LittleEndian(dest, 4);
                BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], (uint)(s.Size - 16));
                BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], NT_GNU_BUILD_ID);
                "GNU\0"u8.CopyTo(dest[12..]);
                break;
            case SyntheticContent.GnuHash:
                // A static PIE's table: no exported symbols: one empty bucket, symbol offset 1, one zero bloom word.
                BinaryPrimitives.WriteUInt32LittleEndian(dest, 1);
                BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(dest[12..], 6);
                break;
            case SyntheticContent.Dynamic: WriteDynamic(layout, dest); break;
            case SyntheticContent.GdbIndex: layout.Synthetic.GdbIndex!.Write(layout, dest); break;
            case SyntheticContent.RelrDyn: layout.Synthetic.Relr!.Write(MemoryMarshal.Cast<byte, ulong>(dest)); break;
        }
    }

    private static void WriteGot(Layout.Layout layout, Span<byte> dest)
    {
        foreach (var id in layout.Needs.GotSymbols)
            GotEntries.Contents(layout, id, dest[(layout.Needs.GotIndex[id.Value] * 8)..]);
    }

    /// <summary>
    /// The linker's own part of .rela.dyn: the GOT's relocations (RELATIVE for local addresses in a PIE,
    /// GLOB_DAT and the TLS kinds otherwise), the local-dynamic module pair, and COPY for shared data copied
    /// into the executable. Objects wrote the rest.
    /// </summary>
    private static void WriteGotRelatives(Layout.Layout layout, OutputSection relaDyn, OutputImage image)
    {
        var needs = layout.Needs;
        int entries = checked((int)(relaDyn.Size / (ulong)Unsafe.SizeOf<Elf64Rela>()));
        // Three ranges of their own, between the objects' ranges: the GOT's RELATIVE relocations (none when packed:
        // they are .relr.dyn's, RelrPlan, and only counted here), the GOT's and TLS module's symbolic ones, the copies.
        var relativeSlice = RelaWindow(image, relaDyn, needs.GotRelativeStart, needs.RelativeCount - needs.GotRelativeStart);
        var dynamicSlice = RelaWindow(image, relaDyn, needs.GotDynamicStart, needs.CopyRelocStart - needs.GotDynamicStart);
        var copySlice = RelaWindow(image, relaDyn, needs.CopyRelocStart, entries - needs.CopyRelocStart);
        int relative = 0, dynamic = 0, copy = 0, packed = 0;
        foreach (var id in needs.GotSymbols)
            if (needs.PackRelative) GotEntries.Relocations(layout, id, default, ref packed, dynamicSlice, ref dynamic);
            else GotEntries.Relocations(layout, id, relativeSlice, ref relative, dynamicSlice, ref dynamic);
        if (needs.TlsModuleSlot >= 0)
            dynamicSlice[dynamic++] = new Elf64Rela { Offset = layout.TlsModuleEntryAddress, Info = Elf64Rela.MakeInfo(0, layout.Arch.DynamicTypes.DtpMod64) };
        foreach (var id in needs.CopySymbols)
            copySlice[copy++] = new Elf64Rela { Offset = layout.RawSymbolValue(id), Info = Elf64Rela.MakeInfo((uint)DynamicIndex(layout, id), layout.Arch.DynamicTypes.Copy) };
        if (relative != relativeSlice.Length || dynamic != dynamicSlice.Length || copy != copySlice.Length || packed != needs.GotPackedCount)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: .rela.dyn slots do not match what was written");
    }

    private static int DynamicIndex(Layout.Layout layout, SymbolId id) => layout.DynamicTables!.IndexOf(layout.Resolution.NameOf(id));

    private static void WriteGotPlt(Layout.Layout layout, Span<byte> dest)
    {
        // Entry 0 is _DYNAMIC by convention; entries 1 and 2 are for the dynamic loader.
        if (layout.Synthetic.Dynamic is { } dyn) BinaryPrimitives.WriteUInt64LittleEndian(dest, dyn.Address);
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            // An import's slot starts at its PLT entry's push, so the first call binds lazily through PLT0;
            // an IFUNC's slot holds its resolver until IRELATIVE replaces it.
            ulong value = layout.TraitsOf(id).Dynamic ? layout.Arch.LazyGotPltValue(layout.Plt!.Address, layout.LazyPltEntryAddress(id), layout.Synthetic.PltFlavour) : layout.RawSymbolValue(id);
            BinaryPrimitives.WriteUInt64LittleEndian(dest[((3 + i) * 8)..], value);
        }
    }

    private static void WriteRelaPlt(Layout.Layout layout, Span<byte> dest)
    {
        var relas = MemoryMarshal.Cast<byte, Elf64Rela>(dest);
        for (int i = 0; i < layout.PltSymbols.Length; i++)
        {
            var id = layout.PltSymbols[i];
            relas[i] = layout.TraitsOf(id).Dynamic
                ? new Elf64Rela { Offset = layout.GotPltEntryAddress(id), Info = Elf64Rela.MakeInfo((uint)DynamicIndex(layout, id), layout.Arch.DynamicTypes.JumpSlot) }
                : new Elf64Rela
                {
                    Offset = layout.GotPltEntryAddress(id), Info = Elf64Rela.MakeInfo(0, layout.Arch.DynamicTypes.IRelative),
                    Addend = (long)layout.RawSymbolValue(id),
                };
        }
    }

    private static void WriteDynamic(Layout.Layout layout, Span<byte> dest)
    {
        var plan = layout.Synthetic.DynamicEntries;
        var entries = MemoryMarshal.Cast<byte, Elf64Dyn>(dest);
        if (plan.Length != entries.Length)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: .dynamic has {entries.Length} slots but {plan.Length} entries");
        OutputSection Find(string name) => layout.Sections.First(s => s.Name == name);
        var tables = layout.DynamicTables;
        var synthetic = layout.Synthetic;
        for (int i = 0; i < plan.Length; i++)
        {
            var e = plan[i];
            ulong value = e.Tag switch
            {
                DT_NEEDED => tables!.NeededOffsets[e.Index],
                DT_SONAME => tables!.SoNameOffset!.Value,
                DT_RUNPATH or DT_RPATH => tables!.RunPathOffset!.Value,
                DT_INIT => DefinedValue(layout, layout.Options.InitSymbol),
                DT_FINI => DefinedValue(layout, layout.Options.FiniSymbol),
                DT_PREINIT_ARRAY => Find(".preinit_array").Address,
                DT_PREINIT_ARRAYSZ => Find(".preinit_array").Size,
                DT_INIT_ARRAY => Find(".init_array").Address,
                DT_INIT_ARRAYSZ => Find(".init_array").Size,
                DT_FINI_ARRAY => Find(".fini_array").Address,
                DT_FINI_ARRAYSZ => Find(".fini_array").Size,
                DT_GNU_HASH => Find(".gnu.hash").Address,
                DT_HASH => Find(".hash").Address,
                DT_STRTAB => Find(".dynstr").Address,
                DT_SYMTAB => Find(".dynsym").Address,
                DT_STRSZ => Find(".dynstr").Size,
                DT_PLTGOT => layout.GotPlt!.Address,
                DT_PLTRELSZ => layout.RelaPlt!.Size,
                DT_JMPREL => layout.RelaPlt!.Address,
                DT_RELA => layout.RelaDyn!.Address,
                DT_RELASZ => layout.RelaDyn!.Size,
                DT_RELR => synthetic.RelrDyn!.Address,
                DT_RELRSZ => synthetic.RelrDyn!.Size,
                DT_VERSYM => synthetic.VerSym!.Address,
                DT_VERDEF => synthetic.VerDef!.Address,
                DT_VERDEFNUM => synthetic.VerDef!.Info,
                DT_VERNEED => synthetic.VerNeed!.Address,
                DT_VERNEEDNUM => synthetic.VerNeed!.Info,
                _ => e.Value,
            };
            entries[i] = new Elf64Dyn { Tag = e.Tag, Value = value };
        }
    }

    /// <summary>The address of the -init/-fini function, which DynamicEntries gives an entry only when the link defines it.</summary>
    private static ulong DefinedValue(Layout.Layout layout, string name) =>
        layout.SymbolValue(layout.Resolution.Definition(layout.Db.Lookup(name)));

    /// <summary>Phase "Write .eh_frame_hdr": reads the pc of each FDE back from the relocated .eh_frame, so it comes
    /// after the copy.</summary>
    public static void WriteEhFrameHdr(Layout.Layout layout, OutputFile output)
    {
        if (layout.EhFrameHdr is not { } hdr) return;
        var image = output.Image;
        int fdeCount = layout.Live.FdeCount;
        var ehOut = layout.Sections.First(s => s.Name == ".eh_frame");
        // Two arrays sorted by key: the primitive sort is several times faster than sorting tuples
        // (LLVM has 150k FDEs), and ties, which only hostile input has, are ordered by FDE below.
        var pcs = new long[fdeCount];
        var fdes = new long[fdeCount];
        int count = 0;
        foreach (var eh in layout.Map.EhFrames)
        {
            if (layout.OutputOf(eh.File, eh.Section) is null) continue;
            ulong chunk = layout.SectionAddress(eh.File, eh.Section);
            ulong chunkFile = ehOut.FileOffset + (chunk - ehOut.Address);
            foreach (var rec in eh.Records)
            {
                if (!rec.IsFde || rec.OutputOffset < 0) continue;
                if (count == pcs.Length)
                    throw new LinkException(ErrorId.LayoutMismatch, $"internal error: .eh_frame_hdr sized for {fdeCount} FDEs, found more");
                // pc_begin is pcrel sdata4 in every CIE gcc and clang emit: read back the relocated value.
                ulong fieldAddr = chunk + (ulong)rec.OutputOffset + 8;
                int pcrel = BinaryPrimitives.ReadInt32LittleEndian(image.Slice(chunkFile + (ulong)rec.OutputOffset + 8, 4));
                pcs[count] = (long)fieldAddr + pcrel;
                fdes[count++] = (long)(chunk + (ulong)rec.OutputOffset);
            }
        }
        if (count != fdeCount)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: .eh_frame_hdr sized for {fdeCount} FDEs, found {count}");
        Array.Sort(pcs, fdes);
        for (int i = 1; i < count; i++)
        {
            if (pcs[i] != pcs[i - 1]) continue;
            int start = i - 1;
            while (i < count && pcs[i] == pcs[start]) i++;
            Array.Sort(fdes, start, i - start);
        }
        var dest = SectionWindow(image, hdr);
        dest[0] = 1;                  // version
        dest[1] = 0x1b;               // eh_frame_ptr: pcrel | sdata4
        dest[2] = 0x03;               // fde_count: udata4
        dest[3] = 0x3b;               // table: datarel | sdata4
        BinaryPrimitives.WriteInt32LittleEndian(dest[4..], (int)((long)ehOut.Address - (long)(hdr.Address + 4)));
        BinaryPrimitives.WriteInt32LittleEndian(dest[8..], count);
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(dest[(12 + i * 8)..], (int)(pcs[i] - (long)hdr.Address));
            BinaryPrimitives.WriteInt32LittleEndian(dest[(16 + i * 8)..], (int)(fdes[i] - (long)hdr.Address));
        }
    }
}
