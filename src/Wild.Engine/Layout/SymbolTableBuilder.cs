// Builds the output .symtab and .strtab once every address is final: the inputs' named local symbols in
// live sections, then one entry per defined or referenced global name (linker-defined ones included).
// --strip-all leaves both out. Names are copied as bytes from the inputs' string tables.
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal static class SymbolTableBuilder
{
    public static (OutputSection? SymTab, OutputSection? StrTab) Build(Layout layout, SymbolResolution res)
    {
        if (layout.Options.StripAll) return (null, null);
        var syms = new ArrayBufferWriter<Elf64Symbol>();
        var strings = new ArrayBufferWriter<byte>();
        strings.GetSpan(1)[0] = 0;
        strings.Advance(1);
        Add(syms, default);
        var objects = res.Objects;

        uint AddName(ReadOnlySpan<byte> name)
        {
            uint off = (uint)strings.WrittenCount;
            var span = strings.GetSpan(name.Length + 1);
            name.CopyTo(span);
            span[name.Length] = 0;
            strings.Advance(name.Length + 1);
            return off;
        }

        foreach (int f in res.LoadedFiles)
        {
            var obj = objects[f];
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
                    value = layout.InputAddress(f, sec, s.Value);
                }
                Add(syms, new Elf64Symbol { Name = AddName(name), Info = s.Info, Other = s.Other, SectionIndex = shndx, Value = value, Size = s.Size });
            }
        }
        int firstGlobal = syms.WrittenCount;

        var db = layout.Db;
        for (int n = 0; n < db.NameCount; n++)
        {
            var nameId = new NameId(n);
            var def = res.Definition(nameId);
            if (def.Value < 0)
            {
                if (res.References(nameId) == 0) continue;
                bool weak = (res.References(nameId) & SymbolResolution.StrongReference) == 0;
                Add(syms, new Elf64Symbol { Name = AddName(db.NameBytes(nameId)), Info = Elf64Symbol.MakeInfo(weak ? STB_WEAK : STB_GLOBAL, STT_NOTYPE) });
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
                var obj = objects[f];
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
                    Value = layout.RawSymbolValue(def), Size = s.Size,
                };
            }
            entry.Name = AddName(db.NameBytes(nameId));
            // Hidden globals stay GLOBAL with STV_HIDDEN, as GNU ld leaves them in static executables.
            Add(syms, entry);
        }

        var symBytes = MemoryMarshal.AsBytes(syms.WrittenSpan).ToArray();

        static void Add(ArrayBufferWriter<Elf64Symbol> w, in Elf64Symbol entry)
        {
            w.GetSpan(1)[0] = entry;
            w.Advance(1);
        }
        var symtab = new OutputSection
        {
            Name = ".symtab", Type = SHT_SYMTAB, Align = 8, EntrySize = SymbolSize, Synthetic = SyntheticContent.SymTab,
            Rank = OutputSectionRules.RankSymTab, Contents = symBytes, Size = (ulong)symBytes.Length, Info = (uint)firstGlobal,
        };
        var strtab = new OutputSection
        {
            Name = ".strtab", Type = SHT_STRTAB, Align = 1, Synthetic = SyntheticContent.StrTab,
            Rank = OutputSectionRules.RankStrTab, Contents = strings.WrittenSpan.ToArray(), Size = (ulong)strings.WrittenCount,
        };
        return (symtab, strtab);
    }
}
