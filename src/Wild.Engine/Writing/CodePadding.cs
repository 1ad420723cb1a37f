// The gaps between input sections of a code output section (alignment padding, a script's `. = ALIGN(n)`), filled
// with the architecture's no-op instructions as GNU ld fills them when no fill pattern is given: a disassembler or a
// debugger stepping across them sees instructions, not `add %al,(%rax)`. A script's `=fill` and FILL bytes, and its
// data, are ranges of their own (Placement.ScriptBytes), as are range-extension thunk areas (ThunkWriter): the gaps
// here are what nothing else writes, since those writes run in parallel with this one.
using Wild.Engine.Elf;
using Wild.Engine.Layout;

namespace Wild.Engine.Writing;

internal static class CodePadding
{
    /// <summary>Whether <paramref name="os"/> gets its gaps filled: an executable section with inputs placed at their
    /// own offsets (a merged kind is written as pieces elsewhere: its gaps stay zero, as nothing merges code).</summary>
    public static bool Applies(Layout.Layout layout, OutputSection os)
    {
        if ((os.Flags & ElfConstants.SHF_EXECINSTR) == 0 || os.IsNoBits || os.Synthetic != SyntheticContent.None || os.Inputs.Count == 0)
            return false;
        foreach (var input in os.Inputs)
            if (layout.MergeOf(input.File, input.Section) is not null) return false;
        return true;
    }

    /// <summary>Writes the no-op fill of every gap of <paramref name="os"/>, from its start to its end.</summary>
    public static void Fill(Layout.Layout layout, OutputSection os, OutputImage image)
    {
        // Ranges something else writes besides the inputs: each script range and each thunk area (a few at most).
        var others = new List<(ulong Start, ulong End)>();
        foreach (var b in layout.Placement.ScriptBytes)
            if (ReferenceEquals(b.Section, os)) others.Add((b.Offset, b.Offset + b.Length));
        if (layout.Thunks is { } thunks)
            for (int group = 0; group < thunks.GroupCount; group++)
            {
                int count = thunks.Thunks(group).Count;
                var last = thunks.Last(group);
                if (count == 0 || !ReferenceEquals(layout.OutputOf(last.File, last.Section), os)) continue;
                ulong start = thunks.AreaAddress(layout, group) - os.Address;
                others.Add((start, start + (ulong)count * thunks.ThunkSize));
            }
        others.Sort();
        // Inputs are placed in list order (a script cannot move `.` backwards inside a section), so one walk merges them
        // with the few other ranges: no sort of a list as long as the section's inputs (100k in a big .text). The walk
        // checks that order first, since a fill must never reach a range another write owns.
        if (!InAddressOrder(layout, os))
        {
            foreach (var input in os.Inputs)
                if (!layout.IsFolded(input.File, input.Section)) others.Add(Range(layout, os, input));
            others.Sort();
            FillGaps(layout, os, image, others, inputs: false);
            return;
        }
        FillGaps(layout, os, image, others, inputs: true);
    }

    /// <summary>Fills what neither <paramref name="others"/> (sorted) nor, when <paramref name="inputs"/>, the
    /// section's inputs (in address order) cover.</summary>
    private static void FillGaps(Layout.Layout layout, OutputSection os, OutputImage image, List<(ulong Start, ulong End)> others, bool inputs)
    {
        ulong at = 0;
        int next = 0;
        if (inputs)
            foreach (var input in os.Inputs)
            {
                if (layout.IsFolded(input.File, input.Section)) continue;
                var range = Range(layout, os, input);
                for (; next < others.Count && others[next].Start <= range.Start; next++) Cover(layout, os, image, others[next], ref at);
                Cover(layout, os, image, range, ref at);
            }
        for (; next < others.Count; next++) Cover(layout, os, image, others[next], ref at);
        if (os.Size > at) layout.Arch.FillCodeGap(image.Slice(os.FileOffset + at, os.Size - at));
    }

    private static void Cover(Layout.Layout layout, OutputSection os, OutputImage image, (ulong Start, ulong End) range, ref ulong at)
    {
        if (range.Start > at) layout.Arch.FillCodeGap(image.Slice(os.FileOffset + at, range.Start - at));
        at = Math.Max(at, range.End);
    }

    private static bool InAddressOrder(Layout.Layout layout, OutputSection os)
    {
        ulong previous = 0;
        foreach (var input in os.Inputs)
        {
            if (layout.IsFolded(input.File, input.Section)) continue;
            ulong start = layout.SectionAddress(input.File, input.Section);
            if (start < previous) return false;
            previous = start;
        }
        return true;
    }

    /// <summary>The offsets in <paramref name="os"/> an input's bytes take (ICF-folded ones have no place of their own).</summary>
    private static (ulong Start, ulong End) Range(Layout.Layout layout, OutputSection os, InputSectionRef input)
    {
        ulong start = layout.SectionAddress(input.File, input.Section) - os.Address;
        return (start, start + layout.Objects[input.File].SectionHeaders[input.Section].Size);
    }
}
