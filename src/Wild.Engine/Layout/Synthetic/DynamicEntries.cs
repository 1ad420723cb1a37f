// The entries of .dynamic, decided once, in the order they are written: "Linker-made sections" sizes .dynamic
// from this list and the writer fills each entry's value, so the two cannot disagree. The choices follow GNU ld:
// DT_RUNPATH (or DT_RPATH) with every -rpath joined by ':', DT_DEBUG only in executables, and -z now as DT_FLAGS
// with DF_BIND_NOW under --enable-new-dtags (the default) or as DT_BIND_NOW under --disable-new-dtags.
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

/// <summary>One .dynamic entry: its tag, the index among entries of the same tag (DT_NEEDED), and its value
/// when layout already knows it (flags, counts).</summary>
internal readonly record struct DynamicEntry(long Tag, int Index = 0, ulong Value = 0);

internal static class DynamicEntries
{
    public static DynamicEntry[] Plan(LinkOptions options, SymbolResolution res, RelocationNeeds needs, DynamicTables? tables, OutputSectionTable sections,
        bool hasVersionSymbols, bool hasVersionDefinitions, bool hasVersionNeeds, bool hasRela)
    {
        var list = new List<DynamicEntry>();
        bool executable = options.Kind != OutputKind.Shared;
        if (tables is not null)
        {
            int needed = tables.NeededOffsets.Count;
            for (int i = 0; i < needed; i++) list.Add(new(DT_NEEDED, i));
            if (tables.SoNameOffset is not null) list.Add(new(DT_SONAME));
            if (tables.RunPathOffset is not null) list.Add(new(options.NewDtags ? DT_RUNPATH : DT_RPATH));
            list.AddRange(tables.NamedLibraries);
        }
        // DT_INIT/DT_FINI name the -init/-fini functions (default _init/_fini) only when the link defines them, as GNU
        // ld does: a .init section without an _init symbol (no crti.o's prologue) is not a function ld.so may call.
        bool Defined(string name) => res.Db.Lookup(name) is { IsNone: false } id && !res.Definition(id).IsNone && !res.IsDefinedByShared(id);
        if (Defined(options.InitSymbol)) list.Add(new(DT_INIT));
        if (Defined(options.FiniSymbol)) list.Add(new(DT_FINI));
        foreach (var (name, array, size) in (ReadOnlySpan<(string, long, long)>)
                 [(".preinit_array", DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ), (".init_array", DT_INIT_ARRAY, DT_INIT_ARRAYSZ), (".fini_array", DT_FINI_ARRAY, DT_FINI_ARRAYSZ)])
        {
            if (!sections.Contains(name)) continue;
            list.Add(new(array));
            list.Add(new(size));
        }
        if (sections.Contains(".gnu.hash")) list.Add(new(DT_GNU_HASH));
        if (sections.Contains(".hash")) list.Add(new(DT_HASH));
        list.Add(new(DT_STRTAB));
        list.Add(new(DT_SYMTAB));
        list.Add(new(DT_STRSZ));
        list.Add(new(DT_SYMENT, Value: SymbolSize));
        // Where ld.so publishes its r_debug for debuggers: an executable's business, not a library's.
        if (executable) list.Add(new(DT_DEBUG));
        // DT_PLTGOT whenever there is a PLT (a .plt of PLT0 alone, made for .plt.got entries, too), as GNU ld writes it;
        // the .rela.plt tags only for lazy slots.
        if (needs.PltSymbols.Length > 0 || needs.PltGotSymbols.Length > 0) list.Add(new(DT_PLTGOT));
        if (needs.PltSymbols.Length > 0)
        {
            list.Add(new(DT_PLTRELSZ));
            list.Add(new(DT_PLTREL, Value: (ulong)DT_RELA));
            list.Add(new(DT_JMPREL));
        }
        // GNU ld names .rela.dyn when it holds relocations, or held them until -z pack-relative-relocs packed them all.
        if (hasRela)
        {
            list.Add(new(DT_RELA));
            list.Add(new(DT_RELASZ));
            list.Add(new(DT_RELAENT, Value: RelaSize));
        }
        // A text relocation makes ld.so open the pages it patches for writing.
        if (needs.TextRelocations) list.Add(new(DT_TEXTREL));
        // DT_FLAGS is written either way (static TLS, text relocations); only -z now moves into it with new dtags.
        if (!options.NewDtags && options.Z.Now) list.Add(new(DT_BIND_NOW));
        ulong flags = (options.Z.Origin ? DF_ORIGIN : 0) | (options.NewDtags && options.Z.Now ? DF_BIND_NOW : 0)
            | (needs.UsesStaticTls ? DF_STATIC_TLS : 0) | (needs.TextRelocations ? DF_TEXTREL : 0);
        if (flags != 0) list.Add(new(DT_FLAGS, Value: flags));
        ulong flags1 = (options.Kind is OutputKind.Pie or OutputKind.StaticPie ? DF_1_PIE : 0) | (options.Z.Now ? DF_1_NOW : 0)
            | (options.Z.Origin ? DF_1_ORIGIN : 0) | options.Z.Flags1;
        if (flags1 != 0) list.Add(new(DT_FLAGS_1, Value: flags1));
        if (hasVersionSymbols) list.Add(new(DT_VERSYM));
        if (hasVersionDefinitions)
        {
            list.Add(new(DT_VERDEF));
            list.Add(new(DT_VERDEFNUM));
        }
        if (hasVersionNeeds)
        {
            list.Add(new(DT_VERNEED));
            list.Add(new(DT_VERNEEDNUM));
        }
        if (needs.RelativeCount > 0) list.Add(new(DT_RELACOUNT, Value: (ulong)needs.RelativeCount));
        // After DT_RELACOUNT, where GNU ld puts them.
        if (sections.Contains(".relr.dyn"))
        {
            list.Add(new(DT_RELR));
            list.Add(new(DT_RELRSZ));
            list.Add(new(DT_RELRENT, Value: 8));
        }
        list.Add(new(DT_NULL));
        for (int i = 0; i < options.SpareDynamicTags; i++) list.Add(new(DT_NULL));
        return [.. list];
    }
}
