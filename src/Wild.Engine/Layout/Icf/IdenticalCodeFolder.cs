// Phase "Fold identical sections" (--icf=all|safe), between GC and the relocation scan. Candidates (IcfEligibility)
// are first split into classes by their constant part (a hash, then an exact comparison), then classes are split
// in rounds by the classes their relocations point into, until a round splits nothing: the coarsest partition in
// which equal sections call equal sections, as lld computes it. A class is named by its first member in input
// order, each round reads only the previous round's names, so the result never depends on thread count. Placing
// a folded section at its kept section's address is "Output sections"' job; its FDEs are dropped here.
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class IdenticalCodeFolder
{
    private readonly record struct Entry(int Class, ulong Hash, int Candidate) : IComparable<Entry>
    {
        public int CompareTo(Entry other) =>
            Class != other.Class ? Class.CompareTo(other.Class)
            : Hash != other.Hash ? Hash.CompareTo(other.Hash)
            : Candidate.CompareTo(other.Candidate);
    }

    public static FoldedSections Fold(SymbolResolution res, SectionMap map, LiveSections live, ExportPolicy exports,
        SymbolTraitsTable traits, ParallelWork work, DiagnosticBag diagnostics)
    {
        if (res.Options.Icf == IcfMode.None) return FoldedSections.None(live);
        var eligible = IcfEligibility.Find(res, map, live, exports, work, diagnostics);

        // Candidates in output order (loaded files, then section index): the first of a class is the one kept.
        var candidateOf = new int[map.Count];
        Array.Fill(candidateOf, -1);
        int n = 0;
        foreach (var f in res.LoadedFiles)
            for (int s = 1; s < res.Objects[f].SectionCount; s++)
                if (eligible[map.Flat(f, s)]) candidateOf[map.Flat(f, s)] = n++;
        if (n < 2) return FoldedSections.None(live);
        var fileOf = new FileId[n];
        var sectionOf = new int[n];
        foreach (var f in res.LoadedFiles)
            for (int s = 1; s < res.Objects[f].SectionCount; s++)
                if (candidateOf[map.Flat(f, s)] is >= 0 and var c) (fileOf[c], sectionOf[c]) = (f, s);

        var comparer = new IcfSectionComparer(res, map, live, traits, candidateOf, fileOf, sectionOf);
        var classes = new int[n];
        var variableCount = new int[n];
        // Bytes first: a section whose bytes no other has is a class of its own, and its relocations are never read.
        var entries = new Entry[n];
        work.For(Chunks(n), chunk =>
        {
            var (from, to) = ChunkRange(chunk, n);
            for (int c = from; c < to; c++)
                entries[c] = new Entry(0, comparer.ContentHash(c), c);
        });
        Array.Sort(entries);
        var twins = new List<Entry>();
        for (int i = 0, end; i < n; i = end)
        {
            for (end = i + 1; end < n && entries[end].Hash == entries[i].Hash; end++) { }
            if (end - i == 1) classes[entries[i].Candidate] = entries[i].Candidate;
            // The run's first candidate names the run: a class of the next partition never spans two runs.
            else for (int k = i; k < end; k++) twins.Add(new Entry(entries[i].Candidate, 0, entries[k].Candidate));
        }
        var constant = twins.ToArray();
        work.For(Chunks(constant.Length), chunk =>
        {
            var (from, to) = ChunkRange(chunk, constant.Length);
            for (int i = from; i < to; i++)
            {
                int c = constant[i].Candidate;
                constant[i] = constant[i] with { Hash = comparer.ConstantHash(c, out variableCount[c]) };
            }
        });
        var active = Partition(constant, constant.Length, classes, comparer.ConstantEqual, work);

        // Members of one class have the same relocation kinds: a class none of whose relocations point into
        // candidates can never split again, and leaves the rounds now.
        active = Array.FindAll(active, c => variableCount[c] > 0);

        // Where each active candidate's relocations into candidates point, one flat array with a slice each.
        var variableStart = new int[n + 1];
        for (int i = 0; i < active.Length; i++)
            variableStart[active[i] + 1] = variableCount[active[i]];
        for (int c = 0; c < n; c++) variableStart[c + 1] += variableStart[c];
        var targets = new int[variableStart[n]];
        work.For(Chunks(active.Length), chunk =>
        {
            var (from, to) = ChunkRange(chunk, active.Length);
            for (int i = from; i < to; i++)
            {
                int c = active[i];
                comparer.VariableTargets(c, targets.AsSpan(variableStart[c], variableStart[c + 1] - variableStart[c]));
            }
        });

        // Rounds: split each class by the classes its members point into, reading only the last round's names.
        var previous = (int[])classes.Clone();
        bool VariableEqual(int a, int b)
        {
            var ta = targets.AsSpan(variableStart[a], variableStart[a + 1] - variableStart[a]);
            var tb = targets.AsSpan(variableStart[b], variableStart[b + 1] - variableStart[b]);
            for (int k = 0; k < ta.Length; k++)
                if (previous[ta[k]] != previous[tb[k]]) return false;
            return true;
        }
        while (active.Length > 0)
        {
            Array.Copy(classes, previous, n);
            var round = new Entry[active.Length];
            work.For(Chunks(active.Length), chunk =>
            {
                var (from, to) = ChunkRange(chunk, active.Length);
                for (int i = from; i < to; i++)
                {
                    int c = active[i];
                    ulong hash = 0;
                    for (int k = variableStart[c]; k < variableStart[c + 1]; k++)
                        hash = IcfSectionComparer.Mix(hash, (ulong)previous[targets[k]]);
                    round[i] = new Entry(previous[c], hash, c);
                }
            });
            active = Partition(round, active.Length, classes, VariableEqual, work);
            bool split = false;
            foreach (var e in round)
                if (classes[e.Candidate] != previous[e.Candidate]) { split = true; break; }
            if (!split) break;
        }

        return Result(res, map, live, classes, fileOf, sectionOf, diagnostics);
    }

    /// <summary>Sorts the entries and splits each run of equal (class, hash) into classes of members that
    /// <paramref name="equal"/> calls equal, each named by its first member. Returns the candidates left in a class
    /// of two or more (the only ones a later round can split).</summary>
    private static int[] Partition(Entry[] entries, int count, int[] classes, Func<int, int, bool> equal, ParallelWork work)
    {
        Array.Sort(entries, 0, count);
        // Runs in batches of about the same number of entries, so that one long run does not serialise the rest.
        var runStarts = new List<int>();
        for (int i = 0; i < count; i++)
            if (i == 0 || entries[i].Class != entries[i - 1].Class || entries[i].Hash != entries[i - 1].Hash)
                runStarts.Add(i);
        runStarts.Add(count);
        int runs = runStarts.Count - 1;
        var leaders = new int[count];
        var next = new int[count];
        work.For(Chunks(runs), chunk =>
        {
            var (from, to) = ChunkRange(chunk, runs);
            for (int r = from; r < to; r++)
            {
                int start = runStarts[r], end = runStarts[r + 1], leaderCount = 0;
                for (int i = start; i < end; i++)
                {
                    int c = entries[i].Candidate;
                    int cls = c;
                    // Collisions of the hash are rare: a run almost always has one leader.
                    for (int l = 0; l < leaderCount; l++)
                        if (equal(leaders[start + l], c)) { cls = leaders[start + l]; break; }
                    if (cls == c) leaders[start + leaderCount++] = c;
                    next[i] = cls;
                }
            }
        });
        var size = new int[classes.Length];
        for (int i = 0; i < count; i++)
        {
            classes[entries[i].Candidate] = next[i];
            size[next[i]]++;
        }
        var active = new List<int>();
        for (int i = 0; i < count; i++)
            if (size[next[i]] > 1) active.Add(entries[i].Candidate);
        active.Sort();
        return [.. active];
    }

    private static FoldedSections Result(SymbolResolution res, SectionMap map, LiveSections live, int[] classes, FileId[] fileOf,
        int[] sectionOf, DiagnosticBag diagnostics)
    {
        int n = classes.Length;
        var keptOf = new int[map.Count];
        Array.Fill(keptOf, -1);
        var raisedAlign = new Dictionary<int, ulong>();
        var liveAfter = live.ToArray();
        int folded = 0;
        // Members of each class chained in input order, for --print-icf-sections.
        var firstMember = new int[n];
        var lastMember = new int[n];
        var nextMember = new int[n];
        Array.Fill(firstMember, -1);
        Array.Fill(nextMember, -1);
        for (int c = 0; c < n; c++)
        {
            int kept = classes[c];
            if (kept == c) continue;
            var flat = map.Flat(fileOf[c], sectionOf[c]);
                var keptFlat = map.Flat(fileOf[kept], sectionOf[kept]);
            keptOf[flat] = keptFlat;
            liveAfter[flat] = false;
            folded++;
            ulong align = res.Objects[fileOf[c]].SectionHeaders[sectionOf[c]].AddressAlign;
            if (align > res.Objects[fileOf[kept]].SectionHeaders[sectionOf[kept]].AddressAlign && align > raisedAlign.GetValueOrDefault(keptFlat))
                raisedAlign[keptFlat] = align;
            if (firstMember[kept] < 0) firstMember[kept] = c; else nextMember[lastMember[kept]] = c;
            lastMember[kept] = c;
        }
        if (folded == 0) return FoldedSections.None(live);
        if (res.Options.PrintIcfSections)
            for (int c = 0; c < n; c++)
            {
                if (firstMember[c] < 0) continue;
                diagnostics.Info($"selected section {Describe(res, fileOf[c], sectionOf[c])}");
                for (int m = firstMember[c]; m >= 0; m = nextMember[m])
                    diagnostics.Info($"  removing identical section {Describe(res, fileOf[m], sectionOf[m])}");
            }
        int fdeCount = LiveSectionMarker.PlaceEhFrameRecords(res, map, liveAfter);
        return FoldedSections.Create(keptOf, raisedAlign, new LiveSections(liveAfter, fdeCount), folded);
    }

    /// <summary>lld's name for an input section: file:(section).</summary>
    private static string Describe(SymbolResolution res, FileId f, int s) =>
        $"{res.Objects[f].DisplayName}:({res.Objects[f].SectionNameString(s)})";

    private const int ChunkSize = 512;

    private static int Chunks(int count) => (count + ChunkSize - 1) / ChunkSize;

    private static (int From, int To) ChunkRange(int chunk, int count) =>
        (chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize));
}
