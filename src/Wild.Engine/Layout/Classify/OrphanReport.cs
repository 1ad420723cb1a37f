// --orphan-handling=warn|error: one line per orphan the classifier found (SectionMap.Orphans), in GNU ld's words,
// after garbage collection (GNU ld places orphans once --gc-sections has run, so a collected one is not reported).
// Dropping orphans (=discard) is the classifier's; placing them is the layout's.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;

namespace Wild.Engine.Layout;

internal static class OrphanReport
{
    public static void Report(SymbolResolution res, SectionMap map, LiveSections live, DiagnosticBag diagnostics)
    {
        var handling = res.Options.OrphanHandling;
        if (handling is not (OrphanHandling.Warn or OrphanHandling.Error)) return;
        var errors = new List<string>();
        bool propertyNote = false;
        foreach (var o in map.Orphans)
        {
            // A section wild merges into one of its own (.note.gnu.property) or leaves out (.comment) is still an
            // input section GNU ld places: reported whatever --gc-sections found.
            if (!o.NotPlaced && !live.IsLive(map.Flat(o.File, o.Section))) continue;
            var obj = res.Objects[o.File];
            string section = obj.SectionNameString(o.Section);
            // GNU ld merges every .note.gnu.property into the first input's and drops the others before it places
            // orphans: only that one is reported.
            if (section == ".note.gnu.property" && obj.SectionHeaders[o.Section].Type == Elf.ElfConstants.SHT_NOTE)
            {
                if (propertyNote) continue;
                propertyNote = true;
            }
            if (handling == OrphanHandling.Warn)
                diagnostics.Warn($"orphan section `{section}' from `{obj.DisplayName}' being placed in section `{o.PlacedIn}'");
            else
                errors.Add($"unplaced orphan section `{section}' from `{obj.DisplayName}'");
        }
        if (errors.Count > 0) throw new LinkException(ErrorId.UnplacedOrphan, string.Join("\n", errors));
    }
}
