// With a -T script, the order of the input sections inside each output section: by the input section
// description (rule) that matched them, in script order, then as that rule sorts (SORT_BY_NAME, _ALIGNMENT,
// _INIT_PRIORITY), then in input order; orphans (no rule) last, in input order. Runs inside "Output sections",
// before sizes and offsets are computed there; without a script the builder's own order stands.
using Wild.Engine.Input;
using Wild.Engine.Scripts;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal static class ScriptInputOrder
{
    public static void Sort(OutputSectionTable table, ObjectFile[] objects, SectionMap map, int[] ruleOf, ScriptPlan script)
    {
        var rules = script.Rules;
        foreach (var os in table.All)
        {
            if (os.Inputs.Count < 2) continue;
            var keyed = os.Inputs.Select((r, i) => (Ref: r, Index: i, Rule: ruleOf[map.Flat(r.File, r.Section)])).ToList();
            keyed.Sort((a, b) =>
            {
                int ra = a.Rule < 0 ? int.MaxValue : a.Rule, rb = b.Rule < 0 ? int.MaxValue : b.Rule;
                if (ra != rb) return ra.CompareTo(rb);
                if (a.Rule >= 0)
                {
                    if (rules[a.Rule].Command.FileSort == SectionSort.Name && a.Ref.File != b.Ref.File)
                    {
                        int byFile = CompareFiles(objects[a.Ref.File], objects[b.Ref.File]);
                        if (byFile != 0) return byFile;
                    }
                    int bySort = CompareBySort(SortOf(rules[a.Rule], objects, a.Ref), objects, a.Ref, b.Ref);
                    if (bySort != 0) return bySort;
                }
                return a.Index.CompareTo(b.Index);
            });
            for (int i = 0; i < keyed.Count; i++) os.Inputs[i] = keyed[i].Ref;
        }
    }

    /// <summary>SORT(filepattern): GNU ld orders by the archive's path (a plain file's name), then by the member's
    /// name; the sections of one file keep their own order (or their section pattern's sort).</summary>
    private static int CompareFiles(ObjectFile a, ObjectFile b)
    {
        var (archiveA, memberA) = FileSortKey(a);
        var (archiveB, memberB) = FileSortKey(b);
        int c = string.CompareOrdinal(archiveA, archiveB);
        return c != 0 ? c : string.CompareOrdinal(memberA, memberB);
    }

    private static (string File, string Member) FileSortKey(ObjectFile obj)
    {
        string name = obj.DisplayName;
        if (obj.Archive is { } archive && name.Length > archive.Path.Length + 2 && name.StartsWith(archive.Path, StringComparison.Ordinal) && name[^1] == ')')
            return (archive.Path, name[(archive.Path.Length + 1)..^1]);
        return (name, "");
    }

    /// <summary>The sort of the section pattern that matched this section (a rule may mix sorted and plain patterns).</summary>
    private static SectionSort SortOf(ScriptRule rule, ObjectFile[] objects, InputSectionRef r)
    {
        var name = objects[r.File].SectionName(r.Section);
        for (int i = 0; i < rule.Sections.Length; i++)
            if (Glob.Matches(rule.Sections[i].Glob, name)) return rule.Command.Sections[i].Sort;
        return SectionSort.None;
    }

    private static int CompareBySort(SectionSort sort, ObjectFile[] objects, InputSectionRef a, InputSectionRef b)
    {
        var na = objects[a.File].SectionName(a.Section);
        var nb = objects[b.File].SectionName(b.Section);
        ulong aa = objects[a.File].ContentAlign(a.Section), ab = objects[b.File].ContentAlign(b.Section);
        int byName = na.SequenceCompareTo(nb);
        int byAlign = ab.CompareTo(aa); // larger alignment first, as GNU ld sorts
        return sort switch
        {
            SectionSort.Name => byName,
            SectionSort.Alignment => byAlign,
            SectionSort.NameThenAlignment => byName != 0 ? byName : byAlign,
            SectionSort.AlignmentThenName => byAlign != 0 ? byAlign : byName,
            SectionSort.InitPriority => InitPriority(na).CompareTo(InitPriority(nb)),
            _ => 0,
        };
    }
}
