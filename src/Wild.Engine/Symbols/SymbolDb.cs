// Phase 2 (index): gives every symbol a dense SymbolId and every distinct global name a NameId.
// Hashing runs in parallel per object into that object's slice; interning then walks objects in input
// order so NameIds are the same whatever the thread count. Choosing definitions is resolution's job.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;

namespace Wild.Engine.Symbols;

public sealed class SymbolDb
{
    private readonly int[] _fileFirstSymbol;
    private readonly int[] _nameOfSymbol;
    private readonly int[] _nameFile;
    private readonly int[] _nameSymbol;
    private readonly ulong[] _tableHashes;
    private readonly int[] _tableNames;

    private SymbolDb(InputSet inputs, int[] fileFirstSymbol, int[] nameOfSymbol, int[] nameFile, int[] nameSymbol,
        int nameCount, ulong[] tableHashes, int[] tableNames)
    {
        Inputs = inputs;
        _fileFirstSymbol = fileFirstSymbol;
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

    /// <summary>The file that owns a (file) symbol id: a binary search over the per-file starts.</summary>
    public int FileOf(SymbolId id)
    {
        int i = Array.BinarySearch(_fileFirstSymbol, id.Value);
        if (i < 0) i = ~i - 1;
        // Empty files share a start with their successor: step to the last file starting here.
        while (i + 1 < _fileFirstSymbol.Length - 1 && _fileFirstSymbol[i + 1] == id.Value) i++;
        return i;
    }

    public NameId NameOf(SymbolId id) => new(_nameOfSymbol[id.Value]);

    public ReadOnlySpan<byte> NameBytes(NameId name) =>
        Inputs.Objects[_nameFile[name.Value]].SymbolName(_nameSymbol[name.Value]);

    public string NameString(NameId name) => Inputs.Objects[_nameFile[name.Value]].SymbolNameString(_nameSymbol[name.Value]);

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

        // Each object hashes its globals into its own slice of one big array.
        var hashes = GC.AllocateUninitializedArray<ulong>(total);
        work.For(objects.Length, f =>
        {
            var obj = objects[f];
            var slice = hashes.AsSpan(first[f], obj.SymbolCount);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
                slice[s] = NameHash.Compute(obj.SymbolName(s));
        });

        int globals = 0;
        foreach (var o in objects) globals += Math.Max(0, o.SymbolCount - o.FirstGlobal);
        int capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(globals * 2 + 1)));
        var tableHashes = new ulong[capacity];
        var tableNames = new int[capacity];
        Array.Fill(tableNames, -1);
        var nameOf = GC.AllocateUninitializedArray<int>(total);
        var nameFile = new List<int>(globals / 2 + 16);
        var nameSym = new List<int>(globals / 2 + 16);
        int mask = capacity - 1;

        for (int f = 0; f < objects.Length; f++)
        {
            var obj = objects[f];
            int baseId = first[f];
            nameOf.AsSpan(baseId, obj.FirstGlobal).Fill(-1);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
            {
                ulong h = hashes[baseId + s];
                var name = obj.SymbolName(s);
                int slot = (int)h & mask;
                int found;
                while (true)
                {
                    int n = tableNames[slot];
                    if (n < 0)
                    {
                        found = nameFile.Count;
                        nameFile.Add(f);
                        nameSym.Add(s);
                        tableNames[slot] = found;
                        tableHashes[slot] = h;
                        break;
                    }
                    if (tableHashes[slot] == h && objects[nameFile[n]].SymbolName(nameSym[n]).SequenceEqual(name))
                    {
                        found = n;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                nameOf[baseId + s] = found;
            }
        }
        return new SymbolDb(inputs, first, nameOf, nameFile.ToArray(), nameSym.ToArray(), nameFile.Count, tableHashes, tableNames);
    }
}
