// Builds the output .symtab and .strtab once every address is final: the inputs' named local symbols in
// live sections, then one entry per defined or referenced global name (linker-defined ones included).
// Parts (locals per file, globals per chunk of names) are built in parallel into their own buffers and
// concatenated in order, so the table is the same whatever the thread count. --strip-all omits both.
using System.Buffers;
using System.Runtime.InteropServices;
using Wild.Engine.Elf;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal static class SymbolTableBuilder
{
    private const int NamesPerChunk = 4096;

    /// <summary>One independently built run of symbols; Name fields are offsets into its own Strings.</summary>
    private sealed class Part
    {
        public readonly ArrayBufferWriter<Elf64Symbol> Symbols = new();
        public readonly ArrayBufferWriter<byte> Strings = new();

        public void Add(Elf64Symbol entry, ReadOnlySpan<byte> name)
        {
            entry.Name = (uint)Strings.WrittenCount;
            var span = Strings.GetSpan(name.Length + 1);
            name.CopyTo(span);
            span[name.Length] = 0;
            Strings.Advance(name.Length + 1);
            Symbols.GetSpan(1)[0] = entry;
            Symbols.Advance(1);
        }
    }

    public static (OutputSection? SymTab, OutputSection? StrTab) Build(Layout layout, SymbolResolution res, ParallelWork work)
    {
        if (layout.Options.StripAll) return (null, null);
        var loaded = res.LoadedFiles;
        int nameChunks = (layout.Db.NameCount + NamesPerChunk - 1) / NamesPerChunk;
        var parts = new Part[loaded.Length + nameChunks];
        work.For(parts.Length, i =>
        {
            var part = new Part();
            if (i < loaded.Length) AddLocals(layout, res, loaded[i], part);
            else AddGlobals(layout, res, (i - loaded.Length) * NamesPerChunk, part);
            parts[i] = part;
        });

        int symbolCount = 1, stringSize = 1, firstGlobal = 1;
        var symbolStart = new int[parts.Length];
        var stringStart = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (i == loaded.Length) firstGlobal = symbolCount;
            symbolStart[i] = symbolCount;
            stringStart[i] = stringSize;
            symbolCount += parts[i].Symbols.WrittenCount;
            stringSize += parts[i].Strings.WrittenCount;
        }
        if (loaded.Length == parts.Length) firstGlobal = symbolCount;

        var symBytes = new byte[symbolCount * SymbolSize];
        var strings = new byte[stringSize];
        work.For(parts.Length, i =>
        {
            var dest = MemoryMarshal.Cast<byte, Elf64Symbol>(symBytes.AsSpan()).Slice(symbolStart[i], parts[i].Symbols.WrittenCount);
            parts[i].Symbols.WrittenSpan.CopyTo(dest);
            foreach (ref var s in dest) s.Name += (uint)stringStart[i];
            parts[i].Strings.WrittenSpan.CopyTo(strings.AsSpan(stringStart[i]));
        });

        var symtab = new OutputSection
        {
            Name = ".symtab", Type = SHT_SYMTAB, Align = 8, EntrySize = SymbolSize, Synthetic = SyntheticContent.SymTab,
            Rank = OutputSectionRules.RankSymTab, Contents = symBytes, Size = (ulong)symBytes.Length, Info = (uint)firstGlobal,
        };
        var strtab = new OutputSection
        {
            Name = ".strtab", Type = SHT_STRTAB, Align = 1, Synthetic = SyntheticContent.StrTab,
            Rank = OutputSectionRules.RankStrTab, Contents = strings, Size = (ulong)strings.Length,
        };
        return (symtab, strtab);
    }

    private static void AddLocals(Layout layout, SymbolResolution res, int f, Part part)
    {
        var obj = res.Objects[f];
        var symbols = obj.Symbols;
        for (int i = 1; i < obj.FirstGlobal; i++)
        {
            ref readonly var s = ref symbols[i];
            if (s.Type is STT_SECTION or STT_FILE || s.Name == 0) continue;
            var name = obj.SymbolName(i);
            if (name.IsEmpty || name.StartsWith(".L"u8)) continue;
            ushort shndx;
            ulong value;
            if (s.IsAbsolute) { shndx = SHN_ABS; value = s.Value; }
            else
            {
                int sec = obj.SymbolSection(i);
                var os = sec == 0 ? null : layout.OutputOf(f, sec);
                if (os is null) continue;
                shndx = (ushort)os.HeaderIndex;
                value = layout.SymbolTableValue(layout.InputAddress(f, sec, s.Value), s.Type);
            }
            part.Add(new Elf64Symbol { Info = s.Info, Other = s.Other, SectionIndex = shndx, Value = value, Size = s.Size }, name);
        }
    }

    private static void AddGlobals(Layout layout, SymbolResolution res, int firstName, Part part)
    {
        var db = layout.Db;
        int end = Math.Min(db.NameCount, firstName + NamesPerChunk);
        for (int n = firstName; n < end; n++)
        {
            var nameId = new NameId(n);
            var def = res.Definition(nameId);
            byte refs = (byte)(res.References(nameId) & (SymbolResolution.StrongReference | SymbolResolution.WeakReference));
            if (def.Value >= 0 && res.IsSharedDefinition(def))
            {
                // Imports appear undefined, as in GNU ld's output; copies are defined where they were copied.
                if (refs == 0) continue;
                int sf = db.FileOf(def);
                ref readonly var ss = ref res.Objects[sf].Symbols[def.Value - db.FirstSymbol(sf)];
                ulong copy = layout.RawSymbolValue(def);
                part.Add(new Elf64Symbol
                {
                    Info = Elf64Symbol.MakeInfo(ss.IsWeak ? STB_WEAK : STB_GLOBAL, ss.Type),
                    SectionIndex = copy != 0 ? (ushort)(layout.SectionIndexOfAddress(copy) ?? SHN_ABS) : SHN_UNDEF,
                    Value = copy, Size = copy != 0 ? ss.Size : 0,
                }, db.NameBytes(nameId));
                continue;
            }
            if (def.Value < 0)
            {
                if (refs == 0) continue;
                bool weak = (res.References(nameId) & SymbolResolution.StrongReference) == 0;
                part.Add(new Elf64Symbol { Info = Elf64Symbol.MakeInfo(weak ? STB_WEAK : STB_GLOBAL, STT_NOTYPE) }, db.NameBytes(nameId));
                continue;
            }
            Elf64Symbol entry;
            if (res.IsSynthetic(def))
            {
                var synth = res.SyntheticOf(def);
                var os = synth.Section is not null ? layout.Sections.FirstOrDefault(s => s.Name == synth.Section) : null;
                bool local = synth.Kind is not (SyntheticKind.Absolute or SyntheticKind.Alias);
                entry = new Elf64Symbol
                {
                    Info = Elf64Symbol.MakeInfo(STB_GLOBAL, STT_NOTYPE),
                    Other = local ? STV_HIDDEN : STV_DEFAULT,
                    SectionIndex = os is not null ? (ushort)os.HeaderIndex : SHN_ABS,
                    Value = layout.SyntheticValues[def.Value - db.FileSymbolCount],
                };
            }
            else
            {
                int f = db.FileOf(def);
                int i = def.Value - db.FirstSymbol(f);
                var obj = res.Objects[f];
                ref readonly var s = ref obj.Symbols[i];
                ushort shndx;
                if (s.IsAbsolute) shndx = SHN_ABS;
                else if (s.IsCommon) shndx = (ushort)layout.CommonSection!.HeaderIndex;
                else
                {
                    int sec = obj.SymbolSection(i);
                    var os = sec == 0 ? null : layout.OutputOf(f, sec);
                    if (os is null) continue; // its section was garbage-collected: the symbol is gone too
                    shndx = (ushort)os.HeaderIndex;
                }
                byte type = s.Type == STT_COMMON ? STT_OBJECT : s.Type;
                byte bind = s.Binding == STB_GNU_UNIQUE ? STB_GLOBAL : s.Binding;
                entry = new Elf64Symbol
                {
                    Info = Elf64Symbol.MakeInfo(bind, type), Other = s.Other, SectionIndex = shndx,
                    Value = layout.SymbolTableValue(layout.RawSymbolValue(def), s.Type), Size = s.Size,
                };
            }
            // Hidden globals stay GLOBAL with STV_HIDDEN, as GNU ld leaves them in static executables.
            part.Add(entry, db.NameBytes(nameId));
        }
    }
}
