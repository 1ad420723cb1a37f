// Phase "Linker-made sections": creates and sizes the sections the linker makes itself, from what the earlier
// phases decided: .interp and the dynamic tables of a dynamic output (DynamicTables picks the .dynsym entries),
// .rela.dyn (and .relr.dyn) and .dynamic, the PLT with .rela.plt, the GOT and .got.plt, notes (build-id, merged GNU properties),
// .eh_frame_hdr, .comment and .gdb_index (built by the phase before, GdbIndexBuilder). Sizes only: contents that need addresses are the writer's.
using System.Text;
using Wild.Engine.Arch;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class SyntheticSectionBuilder
{
    public static SyntheticSections Build(Architecture arch, SymbolResolution res, ExportPolicy exports, SymbolTraitsTable traits,
        SectionMap map, LiveSections live, RelocationNeeds needs, OutputSections outputs, CommonSymbols commons, GdbIndex? gdbIndex)
    {
        var options = res.Options;
        var table = outputs.Table;
        bool pie = options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
        bool dynamicOutput = options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared;
        bool sharedOutput = options.Kind == OutputKind.Shared;
        bool staticPieTables = options.Kind == OutputKind.StaticPie;
        var dyn = dynamicOutput ? new DynamicTables(res, exports, traits, needs, commons, map, outputs) : null;

        OutputSection? propertyNote = null, buildIdNote = null, interp = null, gnuHash = null, sysvHash = null, dynsym = null;
        OutputSection? versym = null, verdef = null, verneed = null, relaDyn = null, dynamic = null, relaPlt = null, plt = null;
        OutputSection? got = null, ehFrameHdr = null, pltSec = null, pltGot = null;
        ulong pltHeaderSize = 0;
        var properties = PropertyNote.Merge(options, map, arch.Machine);
        // The PLT's entries depend on the merged properties (AArch64: BTI landing pads) and options (-z pac-plt).
        int pltFlavour = arch.PltFlavour(options, properties);
        ulong pltEntrySize = arch.PltEntrySizeOf(pltFlavour);
        if (properties is not null)
        {
            propertyNote = table.GetOrAdd(".note.gnu.property", SHT_NOTE, SHF_ALLOC, SyntheticContent.PropertyNote);
            propertyNote.Rank = RankNoteProperty;
            propertyNote.Align = 8;
            propertyNote.Contents = properties;
            propertyNote.Size = (ulong)properties.Length;
        }
        if (options.BuildId != BuildIdKind.None)
        {
            buildIdNote = table.GetOrAdd(".note.gnu.build-id", SHT_NOTE, SHF_ALLOC, SyntheticContent.BuildIdNote);
            buildIdNote.Rank = RankNoteBuildId;
            buildIdNote.Align = 4;
            buildIdNote.Size = 16 + (ulong)BuildIdLength(options);
        }
        if (options.PackageMetadata is { } metadata)
        {
            if (table.Find(".note.package") is not null)
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.UnsupportedInput,
                    "--package-metadata: an input already has a .note.package section; writing a second note into it is not supported");
            var packageNote = table.GetOrAdd(".note.package", SHT_NOTE, SHF_ALLOC, SyntheticContent.PackageNote);
            packageNote.Align = 4;
            packageNote.Contents = PackageNote(metadata);
            packageNote.Size = (ulong)packageNote.Contents.Length;
        }
        if (dyn is not null)
        {
            // Executables name their dynamic loader; a shared object is loaded by whoever loads it.
            if (!sharedOutput)
            {
                string interpreter = (options.DynamicLinker ?? arch.DefaultDynamicLinker) + "\0";
                interp = LinkerMade(table, res, ".interp", SHT_PROGBITS, SHF_ALLOC, SyntheticContent.Interp);
                interp.Rank = RankInterp; interp.Contents = Encoding.UTF8.GetBytes(interpreter); interp.Size = (ulong)interp.Contents.Length;
            }
            if (options.HashStyle is HashStyle.Gnu or HashStyle.Both)
            {
                gnuHash = LinkerMade(table, res, ".gnu.hash", SHT_GNU_HASH, SHF_ALLOC, SyntheticContent.GnuHash);
                gnuHash.Rank = RankDynTables; gnuHash.Align = 8; gnuHash.Size = dyn.GnuHashSize;
            }
            if (options.HashStyle is HashStyle.Sysv or HashStyle.Both)
            {
                sysvHash = LinkerMade(table, res, ".hash", SHT_HASH, SHF_ALLOC, SyntheticContent.SysvHash);
                sysvHash.Rank = RankDynTables; sysvHash.Align = 8; sysvHash.EntrySize = 4; sysvHash.Size = dyn.SysvHashSize;
            }
            dynsym = LinkerMade(table, res, ".dynsym", SHT_DYNSYM, SHF_ALLOC, SyntheticContent.DynSym);
            dynsym.Rank = RankDynTables; dynsym.Align = 8; dynsym.EntrySize = SymbolSize; dynsym.Info = 1;
            dynsym.Size = (ulong)dyn.Count * SymbolSize;
            var dynstr = LinkerMade(table, res, ".dynstr", SHT_STRTAB, SHF_ALLOC, SyntheticContent.DynStr);
            dynstr.Rank = RankDynTables; dynstr.Contents = dyn.StringTable; dynstr.Size = (ulong)dynstr.Contents.Length;
            if (dyn.HasVersions)
            {
                versym = LinkerMade(table, res, ".gnu.version", SHT_GNU_versym, SHF_ALLOC, SyntheticContent.VerSym);
                versym.Rank = RankDynTables; versym.Align = 2; versym.EntrySize = 2; versym.Size = (ulong)dyn.Count * 2;
                if (dyn.VersionDefinitionCount > 0)
                {
                    verdef = LinkerMade(table, res, ".gnu.version_d", SHT_GNU_verdef, SHF_ALLOC, SyntheticContent.VerDef);
                    verdef.Rank = RankDynTables; verdef.Align = 8; verdef.Info = (uint)dyn.VersionDefinitionCount; verdef.Size = dyn.VersionDefinitionSize;
                }
                if (dyn.VersionNeedCount > 0)
                {
                    verneed = LinkerMade(table, res, ".gnu.version_r", SHT_GNU_verneed, SHF_ALLOC, SyntheticContent.VerNeed);
                    verneed.Rank = RankDynTables; verneed.Align = 8; verneed.Info = (uint)dyn.VersionNeedCount; verneed.Size = dyn.VersionNeedSize;
                }
            }
        }
        else if (staticPieTables)
        {
            var emptyHash = LinkerMade(table, res, ".gnu.hash", SHT_GNU_HASH, SHF_ALLOC, SyntheticContent.GnuHash);
            emptyHash.Rank = RankDynTables; emptyHash.Align = 8; emptyHash.Size = 28;
            var emptySymbols = LinkerMade(table, res, ".dynsym", SHT_DYNSYM, SHF_ALLOC, SyntheticContent.DynSym);
            emptySymbols.Rank = RankDynTables; emptySymbols.Align = 8; emptySymbols.Size = SymbolSize; emptySymbols.EntrySize = SymbolSize; emptySymbols.Info = 1;
            var emptyStrings = LinkerMade(table, res, ".dynstr", SHT_STRTAB, SHF_ALLOC, SyntheticContent.DynStr);
            emptyStrings.Rank = RankDynTables; emptyStrings.Size = 1;
        }
        if (dyn is not null || staticPieTables)
        {
            // A static PIE has only RELATIVE relocations; a dynamic executable adds imports and copies.
            relaDyn = LinkerMade(table, res, ".rela.dyn", SHT_RELA, SHF_ALLOC, SyntheticContent.RelaDyn);
            relaDyn.Rank = RankRela; relaDyn.Align = 8; relaDyn.EntrySize = RelaSize;
            relaDyn.Size = (ulong)needs.DynamicRelocCount * RelaSize;
            dynamic = LinkerMade(table, res, ".dynamic", SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, SyntheticContent.Dynamic);
            dynamic.Rank = RankDynamic; dynamic.Align = 8; dynamic.EntrySize = DynSize;
        }
        if (needs.PltSymbols.Length > 0)
        {
            relaPlt = LinkerMade(table, res, ".rela.plt", SHT_RELA, SHF_ALLOC | SHF_INFO_LINK, SyntheticContent.RelaPlt);
            relaPlt.Rank = RankRela; relaPlt.Align = 8; relaPlt.EntrySize = RelaSize;
            relaPlt.Size = (ulong)needs.PltSymbols.Length * RelaSize;
        }
        // GNU ld makes PLT0 for the first PLT entry of any kind: a link whose only entries are in .plt.got (a library
        // calling only crtbeginS.o's __cxa_finalize) still has a .plt of PLT0 alone, and no .rela.plt.
        if (needs.PltSymbols.Length > 0 || needs.PltGotSymbols.Length > 0)
        {
            plt = LinkerMade(table, res, ".plt", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, SyntheticContent.Plt);
            plt.Rank = RankPlt; plt.Align = 16; plt.EntrySize = pltEntrySize;
            // A dynamic output's PLT starts with PLT0, the lazy-binding trampoline into ld.so.
            pltHeaderSize = arch.PltHeaderSize(dynamicOutput);
            plt.Size = pltHeaderSize + (ulong)needs.PltSymbols.Length * pltEntrySize;
        }
        // GNU ld's order: .plt, .plt.got, .plt.sec, one rank, in the order they are made here.
        if (needs.PltGotSymbols.Length > 0)
        {
            ulong size = arch.PltGotEntrySizeOf(pltFlavour);
            pltGot = LinkerMade(table, res, ".plt.got", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, SyntheticContent.PltGot);
            pltGot.Rank = RankPlt; pltGot.Align = size; pltGot.EntrySize = size;
            pltGot.Size = (ulong)needs.PltGotSymbols.Length * size;
        }
        if (plt is not null)
        {
            // A split PLT (x86-64 IBT): the lazy entries stay in .plt, the ones code calls go right after it, as GNU ld
            // places .plt.sec. An output without PLT0 has no lazy path, so nothing to split.
            if (pltHeaderSize > 0 && needs.PltSymbols.Length > 0 && arch.SplitsPlt(pltFlavour))
            {
                pltSec = LinkerMade(table, res, ".plt.sec", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, SyntheticContent.PltSec);
                pltSec.Rank = RankPlt; pltSec.Align = 16; pltSec.EntrySize = pltEntrySize;
                pltSec.Size = (ulong)needs.PltSymbols.Length * pltEntrySize;
            }
        }
        if (needs.GotSlotCount > 0 || pie || dynamicOutput)
        {
            got = LinkerMade(table, res, ".got", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, SyntheticContent.Got);
            got.Rank = RankGot; got.Align = 8; got.EntrySize = 8;
            got.Size = (ulong)needs.GotSlotCount * 8;
        }
        // After .rela.plt, as in GNU ld's script: .rela.dyn, .rela.plt, .relr.dyn.
        var relr = RelrPlan.Build(res, map, traits, needs, outputs, got);
        OutputSection? relrDyn = null;
        if (relr is not null)
        {
            relrDyn = LinkerMade(table, res, ".relr.dyn", SHT_RELR, SHF_ALLOC, SyntheticContent.RelrDyn);
            relrDyn.Rank = RankRela; relrDyn.Align = 8; relrDyn.EntrySize = 8;
            relrDyn.Size = (ulong)relr.EntryCount * 8;
        }
        var gotPlt = LinkerMade(table, res, ".got.plt", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, SyntheticContent.GotPlt);
        gotPlt.Rank = RankGotPlt; gotPlt.Align = 8; gotPlt.EntrySize = 8;
        gotPlt.Size = (ulong)(3 + needs.PltSymbols.Length) * 8;
        if (options.EhFrameHdr && table.Contains(".eh_frame"))
        {
            ehFrameHdr = LinkerMade(table, res, ".eh_frame_hdr", SHT_PROGBITS, SHF_ALLOC, SyntheticContent.EhFrameHdr);
            ehFrameHdr.Rank = RankEhFrameHdr; ehFrameHdr.Align = 4;
            ehFrameHdr.Size = 12 + (ulong)live.FdeCount * 8;
        }
        // Sized last: which entries .dynamic holds depends on the sections made above (.init, the hash tables, .rela.plt).
        DynamicEntry[] dynamicEntries = [];
        if (dynamic is not null)
        {
            dynamicEntries = DynamicEntries.Plan(options, res, needs, dyn, table, versym is not null, verdef is not null, verneed is not null,
                hasRela: relaDyn is { Size: > 0 } || relrDyn is not null);
            dynamic.Size = (ulong)dynamicEntries.Length * DynSize;
        }
        var comment = table.GetOrAdd(".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, SyntheticContent.Comment);
        comment.EntrySize = 1;
        comment.Contents = CommentSection.Build(res);
        comment.Size = (ulong)comment.Contents.Length;
        // Non-allocated and after the .debug_* sections, as lld places it; never compressed (its name is not .debug_*).
        OutputSection? gdbIndexSection = null;
        if (gdbIndex is not null)
        {
            gdbIndexSection = table.GetOrAdd(".gdb_index", SHT_PROGBITS, 0, SyntheticContent.GdbIndex);
            gdbIndexSection.Size = gdbIndex.Size;
        }

        return new SyntheticSections
        {
            Got = got, GotPlt = gotPlt, Plt = plt, PltSec = pltSec, PltGot = pltGot, RelaPlt = relaPlt, RelaDyn = relaDyn, RelrDyn = relrDyn, Relr = relr, Dynamic = dynamic, EhFrameHdr = ehFrameHdr,
            BuildIdNote = buildIdNote, PropertyNote = propertyNote, Interp = interp, DynSym = dynsym, GnuHash = gnuHash,
            SysvHash = sysvHash, VerSym = versym, VerNeed = verneed, VerDef = verdef, PltHeaderSize = pltHeaderSize, DynamicTables = dyn,
            PltEntrySize = pltEntrySize, PltFlavour = pltFlavour,
            DynamicEntries = dynamicEntries, GdbIndexSection = gdbIndexSection, GdbIndex = gdbIndex,
        };
    }

    /// <summary>The FDO_PACKAGING_METADATA note (owner "FDO"): the JSON text and its NUL, padded to 4 bytes, as GNU
    /// ld writes it.</summary>
    internal static byte[] PackageNote(string json)
    {
        const uint FDO_PACKAGING_METADATA = 0xcafe1a7e;
        int length = Encoding.UTF8.GetByteCount(json);
        int descSize = (int)AlignUp((ulong)length + 1, 4);
        var note = new byte[16 + descSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(note, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), (uint)descSize);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), FDO_PACKAGING_METADATA);
        "FDO\0"u8.CopyTo(note.AsSpan(12));
        Encoding.UTF8.GetBytes(json, note.AsSpan(16));
        return note;
    }

    internal static int BuildIdLength(LinkOptions options) => options.BuildId switch
    {
        BuildIdKind.Fast => 8,
        BuildIdKind.Md5 or BuildIdKind.Uuid => 16,
        BuildIdKind.Sha1 => 20,
        BuildIdKind.Hex => options.BuildIdBytes?.Length ?? 0,
        _ => 0,
    };

    /// <summary>The linker-made section called <paramref name="name"/>. Its contents are written whole by the writer,
    /// so input sections of the same name (an object with its own .got or .dynamic) would be overwritten or misplaced:
    /// those are refused by name rather than written into a corrupt output.</summary>
    private static OutputSection LinkerMade(OutputSectionTable table, SymbolResolution res, string name, uint type, ulong flags, SyntheticContent content)
    {
        if (table.Find(name) is { Synthetic: SyntheticContent.None, Inputs.Count: > 0 } taken)
        {
            var first = taken.Inputs[0];
            var obj = res.Objects[first.File];
            throw new Diagnostics.LinkException(Diagnostics.ErrorId.UnsupportedInput,
                $"{obj.DisplayName}: input section {obj.SectionNameString(first.Section)} has the name of a section the linker makes " +
                $"for this output; merging input contents into the linker's {name} is not supported", obj.DisplayName);
        }
        return table.GetOrAdd(name, type, flags, content);
    }
}
