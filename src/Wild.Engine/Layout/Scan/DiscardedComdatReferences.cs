// Part of "Scan relocations" and of -r's section plan: a relocation in a live allocated section whose target is a
// local symbol (or the section symbol) of a section the link discarded, a losing COMDAT group's copy, names no
// address. GNU ld refuses the link, final or -r, rather than write 0 or R_*_NONE there, and lld's final link does too;
// so does this, in lld's form. Globals defined only there are undefined references, which resolution reports.
// .eh_frame and .gcc_except_table are exempt, as in both: they point into their functions' groups by design, and
// their entries for a discarded function are dropped or never read.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Resolution;

namespace Wild.Engine.Layout;

internal static class DiscardedComdatReferences
{
    /// <summary>The error for the first relocation of <paramref name="section"/> that reaches a discarded section
    /// through a local symbol, or null. Called only for objects with a discarded section, so other links pay nothing.</summary>
    public static LinkException? Find(SymbolResolution res, FileId f, int section, ReadOnlySpan<Elf64Rela> relocations)
    {
        var obj = res.Objects[f];
        if (obj.SectionNameIs(section, ".gcc_except_table"u8)) return null;
        foreach (ref readonly var rel in relocations)
        {
            uint si = rel.SymbolIndex;
            if (si == 0 || si >= (uint)obj.FirstGlobal) continue;
            int target = obj.SymbolSection((int)si);
            if (target <= 0 || !res.IsDiscarded(f, target)) continue;
            ref readonly var sym = ref obj.Symbols[(int)si];
            string name = sym.Type == ElfConstants.STT_SECTION ? obj.SectionNameString(target) : obj.SymbolNameString((int)si);
            return new LinkException(ErrorId.UndefinedSymbol, $"relocation refers to a symbol in a discarded section: {name}", obj.DisplayName)
                .WithContext($">>> defined in {obj.DisplayName}:({obj.SectionNameString(target)}), a section the link discarded (a COMDAT group's losing copy, .gnu.linkonce or SHF_EXCLUDE)")
                .WithContext($">>> referenced by {obj.DisplayName}:({obj.SectionNameString(section)}+0x{rel.Offset:x})");
        }
        return null;
    }
}
