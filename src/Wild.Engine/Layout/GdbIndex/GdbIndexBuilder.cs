// Phase "Gdb index" (--gdb-index): reads every object's .debug_info (units and the code they cover) and its
// .debug_gnu_pubnames/pubtypes (names) in parallel, one object per work item, then merges equal names across
// objects in 32 shards chosen by the name's hash, one shard per work item, as lld does; the symbol order (shard
// by shard, first occurrence first) and so the bytes do not depend on the thread count. The result is sized
// here; addresses are filled in by the writer (GdbIndex.Write).
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;

namespace Wild.Engine.Layout;

internal static class GdbIndexBuilder
{
    private const int ShardBits = 5, Shards = 1 << ShardBits;

    private sealed class FileIndex
    {
        public required FileId File { get; init; }
        public required int InfoSection { get; init; }
        public required GdbUnit[] Units { get; init; }
        public required GdbArea[] Areas { get; init; }
        /// <summary>Names grouped by shard, in input order inside each; shard k's are [ShardStart[k], ShardStart[k+1]).</summary>
        public required GdbName[] Names { get; init; }
        public required int[] ShardStart { get; init; }
        public int FirstUnit { get; set; }
    }

    /// <summary>The index, or null when no object has a .debug_info that reaches the output (no -g, --strip-debug):
    /// lld then writes no .gdb_index either.</summary>
    public static GdbIndex? Build(SymbolResolution res, SectionMap map, LiveSections live, OutputSections outputs, ParallelWork work)
    {
        var loaded = res.LoadedFiles;
        var inputs = new GdbIndexInputs(map, live, outputs);
        var files = new FileIndex?[loaded.Length];
        work.For(loaded.Length, i => files[i] = ReadFile(res, map, inputs, loaded[i]));
        if (Array.TrueForAll(files, f => f is null)) return null;

        // The CU list and the address area, in input order.
        var units = new List<GdbUnit>();
        var areas = new List<GdbArea>();
        foreach (var fi in files)
        {
            if (fi is null) continue;
            fi.FirstUnit = units.Count;
            ulong infoOffset = outputs.OffsetOf(map.Flat(fi.File, fi.InfoSection));
            foreach (var u in fi.Units) units.Add(u with { Offset = infoOffset + u.Offset });
            foreach (var a in fi.Areas) areas.Add(a with { Unit = a.Unit + fi.FirstUnit });
        }

        // Names: each shard collects its distinct names and their CU entries, in input order.
        var objects = res.Objects;
        var shards = new ShardNames[Shards];
        work.For(Shards, s => shards[s] = CollectShard(objects, files, s));
        int symbolCount = 0, valueCount = 0;
        ulong nameBytes = 0;
        var symbolStart = new int[Shards];
        var valueStart = new int[Shards];
        var nameStart = new ulong[Shards];
        for (int s = 0; s < Shards; s++)
        {
            symbolStart[s] = symbolCount;
            valueStart[s] = valueCount;
            nameStart[s] = nameBytes;
            symbolCount += shards[s].Symbols.Count;
            valueCount += shards[s].Values.Count;
            nameBytes += shards[s].NameBytes;
        }
        ulong cuVectorBytes = ((ulong)symbolCount + (ulong)valueCount) * 4;
        if (cuVectorBytes + nameBytes > uint.MaxValue)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"--gdb-index: the constant pool would be {cuVectorBytes + nameBytes} bytes, more than the 4 GiB .gdb_index offsets reach");
        var symbols = new GdbSymbol[symbolCount];
        var values = new uint[valueCount];
        work.For(Shards, s => Place(shards[s], symbols.AsSpan(symbolStart[s], shards[s].Symbols.Count),
            values.AsSpan(valueStart[s], shards[s].Values.Count), valueStart[s], (uint)(cuVectorBytes + nameStart[s])));

        var index = new GdbIndex(objects, [.. units], [.. areas], symbols, values, GdbIndex.SlotCount(symbolCount), nameBytes);
        if (index.PoolOffset > uint.MaxValue)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"--gdb-index: the CU list, address area and hash table take {index.PoolOffset} bytes, more than the 4 GiB .gdb_index offsets reach");
        return index;
    }

    /// <summary>One object's units, areas and names; null when no .debug_info of it reaches the output.</summary>
    private static FileIndex? ReadFile(SymbolResolution res, SectionMap map, GdbIndexInputs inputs, FileId f)
    {
        var obj = res.Objects[f];
        var secs = new DebugSectionSet();
        for (int s = 1; s < obj.SectionCount; s++)
        {
            if (!obj.SectionNameStartsWith(s, ".debug_"u8) && !obj.SectionNameStartsWith(s, ".zdebug_"u8)) continue;
            if (res.IsDiscarded(f, s)) continue;
            var flat = map.Flat(f, s);
            int rela = map.RelaOf(flat);
            var name = obj.SectionName(s);
            name = name[(name[1] == (byte)'z' ? ".zdebug_" : ".debug_").Length..];
            if (name.SequenceEqual("info"u8))
            {
                if (!inputs.Keeps(f, s)) continue;
                if (secs.Info != 0)
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{obj.DisplayName}: --gdb-index: more than one .debug_info section (type units in COMDAT groups, from -fdebug-types-section?) is not supported", obj.DisplayName);
                (secs.Info, secs.InfoRela) = (s, rela);
            }
            else if (name.SequenceEqual("types"u8) && inputs.Keeps(f, s))
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{obj.DisplayName}: --gdb-index: .debug_types (DWARF 4 type units, from -fdebug-types-section) is not supported", obj.DisplayName);
            else if (name.SequenceEqual("abbrev"u8)) secs.Abbrev = s;
            else if (name.SequenceEqual("ranges"u8)) (secs.Ranges, secs.RangesRela) = (s, rela);
            else if (name.SequenceEqual("rnglists"u8)) (secs.Rnglists, secs.RnglistsRela) = (s, rela);
            else if (name.SequenceEqual("addr"u8)) (secs.Addr, secs.AddrRela) = (s, rela);
            else if (name.SequenceEqual("gnu_pubnames"u8)) (secs.PubNames, secs.PubNamesRela) = (s, rela);
            else if (name.SequenceEqual("gnu_pubtypes"u8)) (secs.PubTypes, secs.PubTypesRela) = (s, rela);
        }
        if (secs.Info == 0) return null;
        // Scratch lists reused by each worker thread from one object to the next: only the exact-size arrays
        // kept in FileIndex are allocated per object.
        var units = t_units ??= [];
        var areas = t_areas ??= [];
        var names = t_names ??= [];
        units.Clear();
        areas.Clear();
        names.Clear();
        string reading = ".debug_info";
        try
        {
            if (secs.Abbrev == 0) throw new FormatException("there is no .debug_abbrev");
            CompileUnitReader.Read(res, f, secs, inputs, units, areas);
            reading = ".debug_gnu_pubnames";
            if (secs.PubNames != 0) PubNamesReader.Read(res, f, secs.PubNames, secs.PubNamesRela, units, 0, names);
            reading = ".debug_gnu_pubtypes";
            if (secs.PubTypes != 0) PubNamesReader.Read(res, f, secs.PubTypes, secs.PubTypesRela, units, 0, names);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new LinkException(ErrorId.MalformedElf, $"{obj.DisplayName}: --gdb-index: cannot read {reading}: {e.Message}", obj.DisplayName);
        }

        // Group the names by shard (a stable counting sort), so each shard's merge reads only its own.
        var shardStart = new int[Shards + 1];
        foreach (var n in names) shardStart[ShardOf(n.Hash) + 1]++;
        for (int s = 0; s < Shards; s++) shardStart[s + 1] += shardStart[s];
        var grouped = new GdbName[names.Count];
        var next = (int[])shardStart.Clone();
        foreach (var n in names) grouped[next[ShardOf(n.Hash)]++] = n;
        return new FileIndex { File = f, InfoSection = secs.Info, Units = [.. units], Areas = [.. areas], Names = grouped, ShardStart = shardStart };
    }

    [ThreadStatic] private static List<GdbUnit>? t_units;
    [ThreadStatic] private static List<GdbArea>? t_areas;
    [ThreadStatic] private static List<GdbName>? t_names;

    private static int ShardOf(ulong hash) => (int)(hash >> (64 - ShardBits));

    /// <summary>A shard's distinct names in first-seen order, and every (name, CU entry) pair in input order.</summary>
    private sealed class ShardNames(int entries)
    {
        public List<(FileId File, GdbName Name, int Count)> Symbols { get; } = [];
        public List<(int Symbol, uint Value)> Values { get; } = new(entries);
        public ulong NameBytes { get; set; }
    }

    private static ShardNames CollectShard(ObjectFile[] objects, FileIndex?[] files, int shard)
    {
        int entries = 0;
        foreach (var fi in files)
            if (fi is not null) entries += fi.ShardStart[shard + 1] - fi.ShardStart[shard];
        var result = new ShardNames(entries);
        var seen = new Dictionary<NameKey, int>(new NameKeyComparer(objects));
        var symbols = result.Symbols;
        foreach (var fi in files)
        {
            if (fi is null) continue;
            for (int k = fi.ShardStart[shard]; k < fi.ShardStart[shard + 1]; k++)
            {
                ref readonly var n = ref fi.Names[k];
                ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, new NameKey(fi.File, n.Section, n.Offset, n.Length, n.Hash), out bool exists);
                if (!exists)
                {
                    slot = symbols.Count;
                    symbols.Add((fi.File, n, 0));
                    result.NameBytes += (ulong)n.Length + 1;
                }
                var span = CollectionsMarshal.AsSpan(symbols);
                span[slot].Count++;
                // lld's CU vectors keep every entry, in input order, duplicates included; so do these.
                result.Values.Add((slot, n.Value + (uint)fi.FirstUnit));
            }
        }
        return result;
    }

    /// <summary>Writes a shard's symbols and CU entries into its slices of the final arrays.</summary>
    private static void Place(ShardNames shard, Span<GdbSymbol> symbols, Span<uint> values, int valueBase, uint nameOffset)
    {
        var list = CollectionsMarshal.AsSpan(shard.Symbols);
        var fill = new int[list.Length];
        int at = 0;
        for (int i = 0; i < list.Length; i++)
        {
            var (file, n, count) = list[i];
            symbols[i] = new GdbSymbol(file, n.Section, n.Offset, n.Length, n.GdbHash, valueBase + at, count, nameOffset);
            fill[i] = at;
            at += count;
            nameOffset += (uint)n.Length + 1;
        }
        foreach (var (symbol, value) in shard.Values) values[fill[symbol]++] = value;
    }

    private readonly record struct NameKey(FileId File, int Section, int Offset, int Length, ulong Hash);

    private sealed class NameKeyComparer(ObjectFile[] objects) : IEqualityComparer<NameKey>
    {
        public bool Equals(NameKey a, NameKey b) =>
            a.Hash == b.Hash && a.Length == b.Length
            && objects[a.File].SectionContents(a.Section).Slice(a.Offset, a.Length)
                .SequenceEqual(objects[b.File].SectionContents(b.Section).Slice(b.Offset, b.Length));

        public int GetHashCode(NameKey key) => (int)key.Hash;
    }
}
