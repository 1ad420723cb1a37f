// A -T script's NOCROSSREFS(a b ...), NOCROSSREFS_TO(target from ...) and OVERLAY ... NOCROSSREFS, checked once the
// live sections are known (after "Garbage-collect sections"): a relocation in an input section bound for one listed
// output section that refers to a symbol defined in another is an error, as GNU ld reports it. Nothing is placed
// or changed here; scripts without these commands never reach it.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using Wild.Engine.Scripts;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class ScriptCrossReferences
{
    public static void Check(SymbolResolution res, SectionMap map, LiveSections live, ScriptPlan script)
    {
        var objects = res.Objects;
        foreach (var (f, s, from, rela) in live.RelocatedSections(res, map))
        {
            if (!script.MayReferToOthers(from)) continue;
            var obj = objects[f];
            foreach (var rel in obj.Relocations(rela))
            {
                var (tf, ts) = SectionMap.TargetSection(res, f, (int)rel.SymbolIndex);
                if (ts <= 0 || map.OutputName(map.Flat(tf, ts)) is not { } to || to == from || !script.ForbidsReference(from, to)) continue;
                string name = obj.SymbolNameString((int)rel.SymbolIndex);
                if (name.Length == 0) name = objects[tf].SectionNameString(ts);
                throw new LinkException(ErrorId.LayoutMismatch, $"prohibited cross reference from {from} to '{name}' in {to}", obj.DisplayName)
                    .WithContext($">>> referenced by {obj.DisplayName}:({obj.SectionNameString(s)}+0x{rel.Offset:x})")
                    .WithContext($">>> forbidden by {script.CrossReferenceRuleOf(from, to)!.Position}");
            }
        }
    }
}
