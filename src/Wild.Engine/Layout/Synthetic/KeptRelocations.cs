// Phase "Kept relocations" (--emit-relocs / -q): which input relocations the output keeps, in which .rela<name>
// section and at which entry, sized before addresses are assigned (the sections take file space and headers).
// The writer (KeptRelocationWriter) turns each entry into output terms; the symbol table gives it indexes.
//
// What GNU ld 2.40 writes with -q, checked with readelf on gcc -Wl,-q outputs, and what Wild does the same way:
// - One SHT_RELA section per output section that kept relocations, named .rela<name>, sh_flags SHF_INFO_LINK,
//   sh_link .symtab, sh_info the output section. Non-allocated sections keep theirs too (.rela.debug_info,
//   .rela.debug_line, .rela.debug_aranges in an executable or shared object linked from -g objects), at offsets
//   in the section (its address is 0), relative to the uncompressed bytes under --compress-debug-sections.
// - r_offset is the output virtual address. The type: a GOT load GNU ld relaxed (GOTPCRELX, REX_GOTPCRELX) is
//   written as what the instruction became, R_X86_64_PC32 for lea and direct call/jmp (the jmp's one byte earlier),
//   R_X86_64_32S/32 for its non-PIE mov $imm (which Wild does not make: its lea is PC32); TLS relaxations keep the
//   original types (TLSGD, TLSLD with the PLT32 to __tls_get_addr, DTPOFF32, GOTTPOFF) though the code is now
//   local exec. Architecture.KeptForm holds the first rule; tools such as BOLT read both and expect them so.
// - r_sym is the symbol's index in the output .symtab: globals at theirs, locals at theirs (a local that -x, -X or
//   the default .L rule would drop is kept when a relocation names it, as GNU ld outputs it "needed by a reloc"),
//   and section symbols become the output section's symbol (GNU ld writes one STT_SECTION symbol per output
//   section in a -q output) with the input section's offset added to the addend (for a merged section, the
//   piece's new place).
// - A relocation whose target is in a discarded section (garbage-collected, a losing COMDAT copy) becomes
//   R_X86_64_NONE with symbol 0 and addend 0 (bfd's RELOC_AGAINST_DISCARDED_SECTION), at its converted offset;
//   so do the relocations of an .eh_frame record left out (an FDE dropped with its function, a CIE that another
//   input's stands for: GNU ld writes NONE for its merged CIEs' personality relocations), at the place the record
//   would have been.
// GNU ld has no --icf: a reference into a section folded by --icf goes to the kept copy, as the code does.
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class KeptRelocations
{
    private readonly int[] _start;
    private readonly int[] _count;
    private readonly int[] _slotOf;
    private readonly bool[] _referencedLocal;

    private KeptRelocations(OutputSection[] sections, OutputSection[] targets, int[] start, int[] count, int[] slotOf, bool[] referencedLocal)
    {
        Sections = sections;
        Targets = targets;
        _start = start;
        _count = count;
        _slotOf = slotOf;
        _referencedLocal = referencedLocal;
    }

    /// <summary>The .rela&lt;name&gt; sections, in the order of <see cref="Targets"/>: the output sections they relocate.</summary>
    public OutputSection[] Sections { get; }
    public OutputSection[] Targets { get; }

    /// <summary>Where the kept relocations of an input section (by flat index) go: slot in <see cref="Sections"/>, first
    /// entry and count; count 0 when it keeps none.</summary>
    public (int Slot, int Start, int Count) Of(SectionId flat) => (_slotOf[flat], _start[flat], _count[flat]);

    /// <summary>Whether a kept relocation names this local symbol (by symbol id): .symtab must then hold it.</summary>
    public bool IsReferencedLocal(int symbolId) => _referencedLocal[symbolId];

    public static KeptRelocations Build(SymbolResolution res, SectionMap map, FoldedSections folded, OutputSections outputs, ParallelWork work)
    {
        var objects = res.Objects;
        var db = res.Db;
        var loaded = res.LoadedFiles;
        var count = new int[map.Count];
        var referenced = new bool[db.FileSymbolCount];
        // Per file in parallel: each writes only its own sections' counts and its own symbols' marks.
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            int first = db.FirstSymbol(f);
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                var os = outputs.OutputOf(flat);
                if (os is null || folded.IsFolded(flat)) continue;
                int rela = map.RelaOf(flat);
                if (rela == 0) continue;
                var relocs = obj.Relocations(rela);
                if (relocs.IsEmpty || obj.SectionHeaders[s].Type == SHT_NOBITS) continue;
                if (outputs.MergeOf(flat) is not null)
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{obj.DisplayName}: --emit-relocs: the mergeable section {obj.SectionNameString(s)} has relocations, which Wild cannot keep", obj.DisplayName);
                int n = 0;
                if (os.Synthetic == SyntheticContent.EhFrame)
                {
                    foreach (ref readonly var rec in map.EhFrameBySection[flat].Records.AsSpan())
                    {
                        // A dropped record's relocations stay, as R_X86_64_NONE (GNU ld's output).
                        n += rec.EndReloc - rec.FirstReloc;
                        if (rec.OutputOffset < 0) continue;
                        Mark(obj, relocs[rec.FirstReloc..rec.EndReloc], referenced, first);
                    }
                }
                else
                {
                    n = relocs.Length;
                    Mark(obj, relocs, referenced, first);
                }
                count[flat] = n;
            }
        });

        // Entries follow the output section's input order, as GNU ld writes them.
        var start = new int[map.Count];
        var slotOf = new int[map.Count];
        var sections = new List<OutputSection>();
        var targets = new List<OutputSection>();
        foreach (var os in outputs.Table.All)
        {
            long total = 0;
            foreach (var r in os.Inputs)
            {
                var flat = map.Flat(r.File, r.Section);
                if (count[flat] == 0) continue;
                start[flat] = (int)total;
                slotOf[flat] = sections.Count;
                total += count[flat];
            }
            if (total == 0) continue;
            // Each input section's relocations are written through a window of their own, so .rela<name> may pass
            // 2 GiB; only the entry count must fit the int that indexes it here.
            if (total > int.MaxValue)
                throw new LinkException(ErrorId.OutputFailed, $"--emit-relocs: the relocations kept for {os.Name} would be {total}, more than 2^31 entries");
            sections.Add(new OutputSection
            {
                Name = ".rela" + os.Name, Type = SHT_RELA, Flags = SHF_INFO_LINK, Align = 8, EntrySize = RelaSize,
                Size = (ulong)(total * RelaSize), Synthetic = SyntheticContent.KeptRela, Rank = OutputSectionRules.RankSymTab,
            });
            targets.Add(os);
        }
        return new KeptRelocations([.. sections], [.. targets], start, count, slotOf, referenced);
    }

    private static void Mark(Input.ObjectFile obj, ReadOnlySpan<Elf.Elf64Rela> relocs, bool[] referenced, int first)
    {
        var symbols = obj.Symbols;
        foreach (ref readonly var r in relocs)
        {
            uint si = r.SymbolIndex;
            if (si == 0 || si >= (uint)obj.FirstGlobal || si >= (uint)symbols.Length) continue;
            if (symbols[(int)si].Type != STT_SECTION) referenced[first + (int)si] = true;
        }
    }
}
