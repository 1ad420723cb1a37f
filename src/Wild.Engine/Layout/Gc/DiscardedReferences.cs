// A reference from a section the output keeps to a symbol in a section the user had discarded (a -T script's
// /DISCARD/, --orphan-handling=discard) fails the link, as GNU ld reports it, instead of leaving a relocation bound
// to nothing. Checked once the live sections are known; links that discard nothing by request never reach it.
// Losing COMDAT copies and sections --gc-sections removes are not the user's discards: they are not checked here.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal static class DiscardedReferences
{
    /// <summary>Whether this link discards anything by request, so that <see cref="Check"/> has work.</summary>
    public static bool Needed(SymbolResolution res, SectionMap map) =>
        (res.Options.OrphanHandling == OrphanHandling.Discard && map.Orphans.Length > 0)
        || (map.ScriptRuleOf is not null && res.Options.LinkerScript!.Rules.Any(r => r.Output is null));

    public static void Check(SymbolResolution res, SectionMap map, LiveSections live)
    {
        var discarded = new HashSet<int>();
        if (res.Options.OrphanHandling == OrphanHandling.Discard)
            foreach (var o in map.Orphans) discarded.Add(map.Flat(o.File, o.Section));
        var rules = res.Options.LinkerScript?.Rules;
        bool IsDiscarded(int flat) => discarded.Contains(flat)
            || (map.ScriptRuleOf is { } ruleOf && ruleOf[flat] >= 0 && rules![ruleOf[flat]].Output is null);

        var objects = res.Objects;
        foreach (var (f, s, from, rela) in live.RelocatedSections(res, map))
        {
            var obj = objects[f];
            // Debugging sections and .eh_frame may refer to discarded code: GNU ld resolves those quietly (and the
            // FDEs of discarded functions go).
            if (from == ".eh_frame" || (obj.SectionHeaders[s].Flags & SHF_ALLOC) == 0) continue;
            foreach (var rel in obj.Relocations(rela))
            {
                var (tf, ts) = SectionMap.TargetSection(res, f, (int)rel.SymbolIndex);
                if (ts <= 0 || !IsDiscarded(map.Flat(tf, ts))) continue;
                string name = obj.SymbolNameString((int)rel.SymbolIndex);
                if (name.Length == 0) name = objects[tf].SectionNameString(ts);
                throw new LinkException(ErrorId.LayoutMismatch,
                    $"`{name}' referenced in section `{obj.SectionNameString(s)}' of {obj.DisplayName}: defined in discarded section `{objects[tf].SectionNameString(ts)}' of {objects[tf].DisplayName}",
                    obj.DisplayName)
                    .WithContext($">>> referenced by {obj.DisplayName}:({obj.SectionNameString(s)}+0x{rel.Offset:x})");
            }
        }
    }
}
