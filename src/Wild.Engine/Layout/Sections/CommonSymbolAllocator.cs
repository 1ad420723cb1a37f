// Phase "Common symbols": gives every COMMON symbol that won resolution its place at the end of .bss (with the
// largest alignment any of its tentative definitions asked for; a thread-local one, from `.tls_common`, at the end
// of .tbss, and an x86-64 large common, SHN_X86_64_LCOMMON, at the end of .lbss, as GNU ld places them), then the shared-object data the executable copies (copy relocations) after it
// (read-only data into .data.rel.ro instead, as GNU ld does), and finds the copied variables' aliases. Sizes and
// offsets only.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class CommonSymbolAllocator
{
    public static CommonSymbols Allocate(SymbolResolution res, RelocationNeeds needs, OutputSectionTable table)
    {
        var commonOffset = new Dictionary<int, ulong>();
        var (commonSection, commonBase) = AllocateCommons(res, table, commonOffset, CommonKind.Small);
        var tlsOffset = new Dictionary<int, ulong>();
        var (tlsSection, tlsBase) = AllocateCommons(res, table, tlsOffset, CommonKind.Tls);
        var largeOffset = new Dictionary<int, ulong>();
        var (largeSection, largeBase) = AllocateCommons(res, table, largeOffset, CommonKind.Large);
        var copyOffset = new Dictionary<int, ulong>();
        var readOnlyOffset = new Dictionary<int, ulong>();
        var (copySection, copyBase) = AllocateCopies(res, needs, table, copyOffset, readOnlyData: false);
        var (readOnlySection, readOnlyBase) = AllocateCopies(res, needs, table, readOnlyOffset, readOnlyData: true);
        var aliases = FindCopyAliases(res, needs, copyOffset, readOnlyOffset);
        return new CommonSymbols(new(commonOffset, commonSection, commonBase), new(tlsOffset, tlsSection, tlsBase),
            new(copyOffset, copySection, copyBase), new(readOnlyOffset, readOnlySection, readOnlyBase), aliases,
            new(largeOffset, largeSection, largeBase));
    }

    private enum CommonKind { Small, Tls, Large }

    private static (OutputSection?, ulong) AllocateCommons(SymbolResolution res, OutputSectionTable table, Dictionary<int, ulong> offsets, CommonKind kind)
    {
        ulong offset = 0, align = 1;
        var db = res.Db;
        foreach (var (name, commonAlign) in res.Commons)
        {
            var def = res.Definition(name);
            var f = db.FileOf(def);
            var obj = res.Objects[f];
            int si = def.Value - db.FirstSymbol(f);
            ref readonly var sym = ref obj.Symbols[si];
            var symKind = sym.Type == STT_TLS ? CommonKind.Tls : sym.IsLargeCommon ? CommonKind.Large : CommonKind.Small;
            if (symKind != kind) continue;
            // The largest tentative definition won in resolution, which also kept the largest alignment.
            ulong a = Math.Max(1, commonAlign);
            offset = AlignUp(offset, a);
            align = Math.Max(align, a);
            offsets[def.Value] = offset;
            offset += sym.Size;
        }
        if (offsets.Count == 0) return (null, 0);
        var bss = kind switch
        {
            CommonKind.Tls => table.GetOrAdd(".tbss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE | SHF_TLS),
            CommonKind.Large => table.GetOrAdd(".lbss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE | SHF_X86_64_LARGE),
            _ => table.GetOrAdd(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE),
        };
        bss.Align = Math.Max(bss.Align, align);
        ulong start = AlignUp(bss.Size, align);
        bss.Size = start + offset;
        return (bss, start);
    }

    /// <summary>Space for shared-object data the executable refers to directly (copy relocations): in .bss for
    /// writable data, in .data.rel.ro for data the library keeps read-only (<paramref name="readOnlyData"/>), so that
    /// RELRO makes the copy read-only again once ld.so has filled it, as GNU ld arranges.</summary>
    private static (OutputSection?, ulong) AllocateCopies(SymbolResolution res, RelocationNeeds needs, OutputSectionTable table,
        Dictionary<int, ulong> offsets, bool readOnlyData)
    {
        if (needs.CopySymbols.Length == 0) return (null, 0);
        var db = res.Db;
        OutputSection? target = null;
        ulong offset = 0, align = 1;
        foreach (var id in needs.CopySymbols)
        {
            var f = db.FileOf(id);
            var obj = res.Objects[f];
            int si = id.Value - db.FirstSymbol(f);
            if (IsReadOnlyData(obj, si) != readOnlyData) continue;
            // -z nocopyreloc: GNU ld refuses the reference in a position-dependent executable (and patches the text of a
            // PIE instead); lld refuses both, and so does wild, rather than write text relocations nobody asked for.
            if (res.Options.Z.NoCopyReloc)
                throw new LinkException(ErrorId.UnsupportedRelocation,
                    $"symbol '{db.NameString(db.NameOf(id))}' defined in {obj.DisplayName} needs a copy relocation, which -z nocopyreloc forbids; recompile the program with -fPIC",
                    obj.DisplayName);
            // The library binds its own references to a protected symbol, so a copy would split it in two.
            if (obj.Symbols[si].Visibility == STV_PROTECTED)
                throw new LinkException(ErrorId.UnsupportedRelocation,
                    $"cannot copy-relocate protected symbol '{db.NameString(db.NameOf(id))}' defined in {obj.DisplayName}; compile the program with -fPIC or access it through a function",
                    obj.DisplayName);
            int sec = obj.SymbolSection(si);
            ulong a = sec > 0 ? Math.Clamp(obj.SectionHeaders[sec].AddressAlign, 1, 64) : 8;
            offset = AlignUp(offset, a);
            align = Math.Max(align, a);
            offsets[id.Value] = offset;
            offset += Math.Max(1, obj.Symbols[si].Size);
            target ??= readOnlyData
                ? table.GetOrAdd(".data.rel.ro", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE)
                : table.GetOrAdd(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE);
        }
        if (target is null) return (null, 0);
        target.Align = Math.Max(target.Align, align);
        ulong start = AlignUp(target.Size, align);
        target.Size = start + offset;
        return (target, start);
    }

    /// <summary>Whether a shared object's symbol lies in data the library does not write once loaded: a section
    /// without SHF_WRITE, or one inside the library's PT_GNU_RELRO (its .data.rel.ro: GNU ld treats relro sections of
    /// a shared object as read-only, so the copy is protected again in the executable).</summary>
    private static bool IsReadOnlyData(Input.ObjectFile obj, int si)
    {
        int sec = obj.SymbolSection(si);
        if (sec <= 0 || sec >= obj.SectionCount) return false;
        ref readonly var header = ref obj.SectionHeaders[sec];
        if ((header.Flags & SHF_WRITE) == 0) return true;
        // Copy relocations are few (one per variable a non-PIC program takes from a library): reading the program
        // headers here costs nothing measurable.
        foreach (ref readonly var ph in Input.ProgramHeaderTable.Read(obj.Image, obj.DisplayName))
            if (ph.Type == PT_GNU_RELRO && header.Address >= ph.VirtualAddress
                && header.Address + header.Size <= ph.VirtualAddress + ph.MemorySize)
                return true;
        return false;
    }

    /// <summary>Every other name the library exports at a copied variable's address (environ and __environ...) is
    /// the same variable: it gets the copy's offset, so ld.so binds the library's references to the copy too.</summary>
    private static SymbolId[] FindCopyAliases(SymbolResolution res, RelocationNeeds needs, Dictionary<int, ulong> writable, Dictionary<int, ulong> readOnly)
    {
        var aliases = new List<SymbolId>();
        var db = res.Db;
        foreach (var copied in needs.CopySymbols)
        {
            var f = db.FileOf(copied);
            var obj = res.Objects[f];
            var syms = obj.Symbols;
            ulong value = syms[copied.Value - db.FirstSymbol(f)].Value;
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
            {
                if (syms[s].IsUndefined || syms[s].Value != value || obj.Shared!.IsHidden(s)) continue;
                var alias = db.Id(f, s);
                if (res.Definition(db.NameOf(alias)) != alias) continue;
                var offsets = readOnly.ContainsKey(copied.Value) ? readOnly : writable;
                offsets[alias.Value] = offsets[copied.Value];
                aliases.Add(alias);
            }
        }
        return [.. aliases];
    }
}
