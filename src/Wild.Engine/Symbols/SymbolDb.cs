// Phase 2 (index): gives every symbol a dense SymbolId and every distinct global name a NameId.
// Hashing and interning run in parallel per object, each writing its own slice of the per-symbol arrays;
// NameIds are numbered by first appearance in input order, so they are the same whatever the thread
// count. `name@@VER` is interned as `name` (see VersionedName). Choosing definitions is resolution's job.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;

namespace Wild.Engine.Symbols;

public sealed class SymbolDb
{
    private readonly int[] _fileFirstSymbol;
    private readonly int[] _fileOfSymbol;
    private readonly int[] _nameOfSymbol;
    private readonly int[] _nameFile;
    private readonly int[] _nameSymbol;
    private readonly ulong[] _tableHashes;
    private readonly int[] _tableNames;

    private SymbolDb(InputSet inputs, int[] fileFirstSymbol, int[] fileOfSymbol, int[] nameOfSymbol, int[] nameFile, int[] nameSymbol,
        int nameCount, ulong[] tableHashes, int[] tableNames)
    {
        Inputs = inputs;
        _fileFirstSymbol = fileFirstSymbol;
        _fileOfSymbol = fileOfSymbol;
        _nameOfSymbol = nameOfSymbol;
        _nameFile = nameFile;
        _nameSymbol = nameSymbol;
        NameCount = nameCount;
        _tableHashes = tableHashes;
        _tableNames = tableNames;
    }

    public InputSet Inputs { get; }
    public int FileCount => Inputs.Objects.Length;
    /// <summary>Symbols of all files; linker-defined symbols are numbered from here.</summary>
    public int FileSymbolCount => _fileFirstSymbol[^1];
    public int NameCount { get; }

    public int FirstSymbol(int fileId) => _fileFirstSymbol[fileId];

    public SymbolId Id(int fileId, int symbolIndex) => new(_fileFirstSymbol[fileId] + symbolIndex);

    /// <summary>The file that owns a (file) symbol id.</summary>
    public int FileOf(SymbolId id) => _fileOfSymbol[id.Value];

    public NameId NameOf(SymbolId id) => new(_nameOfSymbol[id.Value]);

    public ReadOnlySpan<byte> NameBytes(NameId name) => Inputs.Objects[_nameFile[name.Value]].InternedSymbolName(_nameSymbol[name.Value]);

    public string NameString(NameId name) => System.Text.Encoding.UTF8.GetString(NameBytes(name));


    /// <summary>Looks a name up; NameId.None if no object mentions it.</summary>
    public NameId Lookup(ReadOnlySpan<byte> name)
    {
        ulong hash = NameHash.Compute(name);
        int mask = _tableHashes.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            int n = _tableNames[slot];
            if (n < 0) return NameId.None;
            if (_tableHashes[slot] == hash && NameBytes(new NameId(n)).SequenceEqual(name))
                return new NameId(n);
        }
    }

    public NameId Lookup(string name) => Lookup(System.Text.Encoding.UTF8.GetBytes(name));

    public static SymbolDb Build(InputSet inputs, ParallelWork work)
    {
        var objects = inputs.Objects;
        var first = new int[objects.Length + 1];
        for (int f = 0; f < objects.Length; f++)
            first[f + 1] = checked(first[f] + objects[f].SymbolCount);
        int total = first[^1];

        // Each object fills its own slice of the big per-symbol arrays: its file id and its globals' hashes.
        var hashes = GC.AllocateUninitializedArray<ulong>(total);
        var fileOf = GC.AllocateUninitializedArray<int>(total);
        work.For(objects.Length, f =>
        {
            var obj = objects[f];
            fileOf.AsSpan(first[f], obj.SymbolCount).Fill(f);
            var slice = hashes.AsSpan(first[f], obj.SymbolCount);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
                slice[s] = NameHash.Compute(obj.InternedSymbolName(s));
        });

        int globals = 0;
        foreach (var o in objects) globals += Math.Max(0, o.SymbolCount - o.FirstGlobal);
        int capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(globals * 2 + 1)));
        int mask = capacity - 1;

        // Lock-free interning: objects insert in parallel; a slot holds the smallest SymbolId with its name,
        // so the representative (and with it every NameId) does not depend on which thread came first.
        var rep = new int[capacity];
        Array.Fill(rep, -1);
        var nameOf = GC.AllocateUninitializedArray<int>(total);
        work.For(objects.Length, f =>
        {
            var obj = objects[f];
            int baseId = first[f];
            nameOf.AsSpan(baseId, obj.FirstGlobal).Fill(-1);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
            {
                int id = baseId + s;
                ulong h = hashes[id];
                var name = obj.InternedSymbolName(s);
                int slot = (int)h & mask;
                while (true)
                {
                    int cur = Volatile.Read(ref rep[slot]);
                    if (cur < 0)
                    {
                        cur = Interlocked.CompareExchange(ref rep[slot], id, -1);
                        if (cur < 0) break;
                    }
                    if (hashes[cur] == h && objects[fileOf[cur]].InternedSymbolName(cur - first[fileOf[cur]]).SequenceEqual(name))
                    {
                        while (id < cur)
                        {
                            int seen = Interlocked.CompareExchange(ref rep[slot], id, cur);
                            if (seen == cur) break;
                            cur = seen;
                        }
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                nameOf[id] = slot; // a slot for now; renumbered below
            }
        });

        // NameIds in order of first appearance (the representative's SymbolId): each file counts the names it
        // represents, a prefix sum gives each file its first NameId, and files then number theirs in parallel.
        var represented = new int[objects.Length + 1];
        work.For(objects.Length, f =>
        {
            int count = 0;
            for (int id = first[f] + objects[f].FirstGlobal; id < first[f + 1]; id++)
                if (rep[nameOf[id]] == id) count++;
            represented[f + 1] = count;
        });
        for (int f = 0; f < objects.Length; f++)
            represented[f + 1] += represented[f];
        int nameCount = represented[^1];
        var slotName = new int[capacity];
        var nameFile = GC.AllocateUninitializedArray<int>(nameCount);
        var nameSym = GC.AllocateUninitializedArray<int>(nameCount);
        work.For(objects.Length, f =>
        {
            int next = represented[f];
            for (int s = objects[f].FirstGlobal; s < objects[f].SymbolCount; s++)
            {
                int id = first[f] + s;
                int slot = nameOf[id];
                if (rep[slot] != id) continue;
                slotName[slot] = next;
                nameFile[next] = f;
                nameSym[next++] = s;
            }
        });
        work.For(objects.Length, f =>
        {
            var slice = nameOf.AsSpan(first[f] + objects[f].FirstGlobal, Math.Max(0, objects[f].SymbolCount - objects[f].FirstGlobal));
            foreach (ref int v in slice) v = slotName[v];
        });
        var tableHashes = GC.AllocateUninitializedArray<ulong>(capacity);
        var tableNames = GC.AllocateUninitializedArray<int>(capacity);
        const int SlotsPerItem = 1 << 16;
        work.For((capacity + SlotsPerItem - 1) / SlotsPerItem, chunk =>
        {
            int end = Math.Min(capacity, (chunk + 1) * SlotsPerItem);
            for (int slot = chunk * SlotsPerItem; slot < end; slot++)
            {
                int r = rep[slot];
                tableNames[slot] = r < 0 ? -1 : slotName[slot];
                tableHashes[slot] = r < 0 ? 0 : hashes[r];
            }
        });
        return new SymbolDb(inputs, first, fileOf, nameOf, nameFile, nameSym, nameCount, tableHashes, tableNames);
    }
}
