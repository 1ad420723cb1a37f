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
        // Ranges something else writes: each input (ICF-folded ones have no place of their own), each script range and
        // each thunk area.
        var covered = new List<(ulong Start, ulong End)>(os.Inputs.Count);
        foreach (var input in os.Inputs)
        {
            if (layout.IsFolded(input.File, input.Section)) continue;
            ulong start = layout.SectionAddress(input.File, input.Section) - os.Address;
            covered.Add((start, start + layout.Objects[input.File].SectionHeaders[input.Section].Size));
        }
        foreach (var b in layout.Placement.ScriptBytes)
            if (ReferenceEquals(b.Section, os)) covered.Add((b.Offset, b.Offset + b.Length));
        if (layout.Thunks is { } thunks)
            for (int group = 0; group < thunks.GroupCount; group++)
            {
                int count = thunks.Thunks(group).Count;
                var last = thunks.Last(group);
                if (count == 0 || !ReferenceEquals(layout.OutputOf(last.File, last.Section), os)) continue;
                ulong start = thunks.AreaAddress(layout, group) - os.Address;
                covered.Add((start, start + (ulong)count * thunks.ThunkSize));
            }
        covered.Sort();
        ulong at = 0;
        foreach (var (start, end) in covered)
        {
            if (start > at) layout.Arch.FillCodeGap(image.Slice(os.FileOffset + at, start - at));
            at = Math.Max(at, end);
        }
        if (os.Size > at) layout.Arch.FillCodeGap(image.Slice(os.FileOffset + at, os.Size - at));
    }
}
