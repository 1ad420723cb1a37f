// Phase 2 (index): gives every symbol a dense SymbolId and every distinct global name a NameId.
// Interning runs in parallel per object, each writing its own slice of the per-symbol arrays, into one
// lock-free table; NameIds are numbered by first appearance in input order, so they are the same whatever
// the thread count. `name@@VER` is interned as `name` (see VersionedName). Names that only the link itself gives
// (-u, --defsym, _end) follow the inputs' names, so they have a NameId to be defined or listed in .symtab by.
// Choosing definitions is resolution's job.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;

namespace Wild.Engine.Symbols;

public sealed unsafe class SymbolDb
{
    private readonly int[] _fileFirstSymbol;
    private readonly int[] _fileOfSymbol;
    private readonly int[] _nameOfSymbol;
    private readonly ulong[] _nameBytes;
    private readonly int[] _nameRepresentative;
    // Names no input mentions (-u, --defsym, the linker's own); NameIds from ObjectNameCount on.
    private readonly byte[][] _commandLineNames;
    // Open addressing, a power of two long: (upper 32 bits of the name's hash << 32) | NameId, or Empty.
    private readonly long[] _table;

    private SymbolDb(InputSet inputs, int[] fileFirstSymbol, int[] fileOfSymbol, int[] nameOfSymbol, ulong[] nameBytes,
        int[] nameRepresentative, long[] table, byte[][] commandLineNames)
    {
        Inputs = inputs;
        _fileFirstSymbol = fileFirstSymbol;
        _fileOfSymbol = fileOfSymbol;
        _nameOfSymbol = nameOfSymbol;
        _nameBytes = nameBytes;
        _nameRepresentative = nameRepresentative;
        ObjectNameCount = nameBytes.Length;
        _commandLineNames = commandLineNames;
        NameCount = ObjectNameCount + commandLineNames.Length;
        _table = table;
    }

    public InputSet Inputs { get; }
    public int FileCount => Inputs.Objects.Length;
    /// <summary>Symbols of all files; linker-defined symbols are numbered from here.</summary>
    public int FileSymbolCount => _fileFirstSymbol[^1];
    public int NameCount { get; }
    /// <summary>Names some input mentions; the ones from here to NameCount only the link itself names (-u, --defsym, _end).</summary>
    public int ObjectNameCount { get; }

    public int FirstSymbol(FileId fileId) => _fileFirstSymbol[fileId];

    public SymbolId Id(FileId fileId, int symbolIndex) => new(_fileFirstSymbol[fileId] + symbolIndex);

    /// <summary>The file that owns a (file) symbol id.</summary>
    public FileId FileOf(SymbolId id) => new(_fileOfSymbol[id.Value]);

    public NameId NameOf(SymbolId id) => new(_nameOfSymbol[id.Value]);

    /// <summary>A (file) symbol's entry in its object's symbol table.</summary>
    public ref readonly Elf.Elf64Symbol Symbol(SymbolId id)
    {
        int f = _fileOfSymbol[id.Value];
        return ref Inputs.Objects[f].Symbols[id.Value - _fileFirstSymbol[f]];
    }

    public ReadOnlySpan<byte> NameBytes(NameId name) =>
        name.Value >= ObjectNameCount ? _commandLineNames[name.Value - ObjectNameCount] : NameRef.Resolve(_nameBytes[name.Value], Inputs.Objects, _fileFirstSymbol, _fileOfSymbol, _nameRepresentative[name.Value]);

    public string NameString(NameId name) => System.Text.Encoding.UTF8.GetString(NameBytes(name));

    private const long Empty = -1;

    /// <summary>Looks a name up; NameId.None if no object mentions it.</summary>
    public NameId Lookup(ReadOnlySpan<byte> name)
    {
        ulong hash = NameHash.Compute(name);
        long tag = (long)(hash >> 32) << 32;
        int mask = _table.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            long entry = _table[slot];
            if (entry == Empty) return NameId.None;
            if ((entry & ~0xFFFFFFFFL) == tag && NameBytes(new NameId((int)entry)).SequenceEqual(name))
                return new NameId((int)entry);
        }
    }

    public NameId Lookup(string name) => Lookup(System.Text.Encoding.UTF8.GetBytes(name));

    /// <summary>
    /// A global's interned name as one word, so comparing against another file's name costs one read of the
    /// per-symbol array and one of the bytes: the address in the mapped input (below 2^48 in user space) and
    /// the length, or LongLength when the name is too long to pack and must be measured again.
    /// </summary>
    private static class NameRef
    {
        private const int LongLength = 0xFFFF;

        public static ulong Of(ReadOnlySpan<byte> name)
        {
            ulong address = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(name));
            if (address >> 48 != 0)
                throw new LinkException(ErrorId.UnsupportedInput, $"internal error: an input is mapped at 0x{address:x}, above the 48-bit user address space");
            return address << 16 | (uint)Math.Min(name.Length, LongLength);
        }

        public static bool IsLong(ulong reference) => (reference & 0xFFFF) == LongLength;

        /// <summary>The name a reference stands for: its packed bytes, or symbol <paramref name="id"/>'s name
        /// read again from its object when it was too long to pack.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ReadOnlySpan<byte> Resolve(ulong reference, ObjectFile[] objects, int[] first, int[] fileOf, int id) =>
            IsLong(reference) ? Measure(objects, first, fileOf, id) : new((void*)(reference >> 16), (int)(reference & 0xFFFF));

        private static ReadOnlySpan<byte> Measure(ObjectFile[] objects, int[] first, int[] fileOf, int id) =>
            objects[fileOf[id]].InternedSymbolName(id - first[fileOf[id]]);
    }

    /// <param name="commandLineNames">Names the link defines or references beyond its inputs (-u, --defsym, _end):
    /// those no input mentions get NameIds after the inputs' names, in the order given.</param>
    public static SymbolDb Build(InputSet inputs, IReadOnlyList<string> commandLineNames, ParallelWork work)
    {
        var objects = inputs.Objects;
        var first = new int[objects.Length + 1];
        foreach (var f in FileId.All(objects.Length))
            first[f + 1] = checked(first[f] + objects[f].SymbolCount);
        int total = first[^1];

        // Each object fills its own slice of the per-symbol arrays: its file id and its globals' names.
        var nameRef = GC.AllocateUninitializedArray<ulong>(total);
        var fileOf = GC.AllocateUninitializedArray<int>(total);
        work.For(objects.Length, f =>
        {
            var obj = objects[f];
            fileOf.AsSpan(first[f], obj.SymbolCount).Fill(f);
            var slice = nameRef.AsSpan(first[f], obj.SymbolCount);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
                slice[s] = NameRef.Of(obj.InternedSymbolName(s));
        });

        int globals = 0;
        foreach (var o in objects) globals += Math.Max(0, o.SymbolCount - o.FirstGlobal);
        globals += commandLineNames.Count;
        // At most two thirds full even if every global had a name of its own; usually about a third.
        int capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(globals + globals / 2 + 1)));
        int mask = capacity - 1;

        // Lock-free interning: objects insert in parallel; a slot holds the name's hash tag and the smallest
        // SymbolId with that name, so the representative (and with it every NameId) does not depend on which
        // thread came first. Names are compared only when the tags agree.
        var table = GC.AllocateUninitializedArray<long>(capacity);
        Array.Fill(table, Empty);
        var nameOf = GC.AllocateUninitializedArray<int>(total);
        work.For(objects.Length, f =>
        {
            var obj = objects[f];
            int baseId = first[f];
            nameOf.AsSpan(baseId, obj.FirstGlobal).Fill(-1);
            for (int s = obj.FirstGlobal; s < obj.SymbolCount; s++)
            {
                int id = baseId + s;
                var name = NameRef.Resolve(nameRef[id], objects, first, fileOf, id);
                ulong h = NameHash.Compute(name);
                long tag = (long)(h >> 32) << 32;
                int slot = (int)h & mask;
                while (true)
                {
                    long cur = Volatile.Read(ref table[slot]);
                    if (cur == Empty)
                    {
                        cur = Interlocked.CompareExchange(ref table[slot], tag | (uint)id, Empty);
                        if (cur == Empty) break;
                    }
                    if ((cur & ~0xFFFFFFFFL) == tag && NameRef.Resolve(nameRef[(int)cur], objects, first, fileOf, (int)cur).SequenceEqual(name))
                    {
                        while (id < (int)cur)
                        {
                            long seen = Interlocked.CompareExchange(ref table[slot], tag | (uint)id, cur);
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
        // represents (marking its representatives ~slot), a prefix sum gives each file its first NameId, and
        // files then number theirs in parallel, writing the NameId over the SymbolId in the table.
        var represented = new int[objects.Length + 1];
        work.For(objects.Length, f =>
        {
            int count = 0;
            for (int id = first[f] + objects[f].FirstGlobal; id < first[f + 1]; id++)
            {
                int slot = nameOf[id];
                if ((int)table[slot] != id) continue;
                nameOf[id] = ~slot;
                count++;
            }
            represented[f + 1] = count;
        });
        foreach (var f in FileId.All(objects.Length))
            represented[f + 1] += represented[f];
        int nameCount = represented[^1];
        var nameBytes = GC.AllocateUninitializedArray<ulong>(nameCount);
        var nameRepresentative = GC.AllocateUninitializedArray<int>(nameCount);
        work.For(objects.Length, f =>
        {
            int next = represented[f];
            for (int id = first[f] + objects[f].FirstGlobal; id < first[f + 1]; id++)
            {
                if (nameOf[id] >= 0) continue;
                int slot = ~nameOf[id];
                table[slot] = (table[slot] & ~0xFFFFFFFFL) | (uint)next;
                nameBytes[next] = nameRef[id];
                nameRepresentative[next++] = id;
            }
        });
        work.For(objects.Length, f =>
        {
            var slice = nameOf.AsSpan(first[f] + objects[f].FirstGlobal, Math.Max(0, objects[f].SymbolCount - objects[f].FirstGlobal));
            foreach (ref int v in slice) v = (int)table[v < 0 ? ~v : v];
        });
        return AddCommandLineNames(new SymbolDb(inputs, first, fileOf, nameOf, nameBytes, nameRepresentative, table, []), commandLineNames);
    }

    /// <summary>The database with the command-line names no input mentions appended (itself when there are none).
    /// The table has room: its capacity counted them.</summary>
    private static SymbolDb AddCommandLineNames(SymbolDb db, IReadOnlyList<string> names)
    {
        // Which are new is decided before any is inserted: the lookups read only the inputs' names.
        var added = names.Distinct(StringComparer.Ordinal).Select(System.Text.Encoding.UTF8.GetBytes)
            .Where(bytes => db.Lookup(bytes).IsNone).ToArray();
        var table = db._table;
        int mask = table.Length - 1;
        for (int i = 0; i < added.Length; i++)
        {
            ulong h = NameHash.Compute(added[i]);
            int slot = (int)h & mask;
            while (table[slot] != Empty) slot = (slot + 1) & mask;
            table[slot] = (long)(h >> 32) << 32 | (uint)(db.ObjectNameCount + i);
        }
        return added.Length == 0 ? db
            : new SymbolDb(db.Inputs, db._fileFirstSymbol, db._fileOfSymbol, db._nameOfSymbol, db._nameBytes, db._nameRepresentative, table, added);
    }
}
