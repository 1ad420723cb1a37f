// SHF_MERGE sections: each input is split into pieces (NUL-terminated strings, or fixed-size constants)
// and identical pieces are stored once per output section and kind. The first input of a kind carries
// the whole merged chunk; every input keeps a map from its piece offsets to offsets in that chunk, which
// symbol values and relocation targets go through. Pieces are taken in input order, so the result does
// not depend on threads.
using Wild.Engine.Input;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class MergeGroup
{
    private ulong[] _hashes = new ulong[64];
    private int[] _slots = Fill(new int[64]);

    public required OutputSection Output { get; init; }
    public required InputSectionRef Carrier { get; init; }
    public List<(int File, int Section, int Start, int Length)> Unique { get; } = [];
    public ulong Size { get; private set; }

    /// <summary>Adds a piece and returns its offset inside the merged chunk.</summary>
    public uint Add(ObjectFile[] objects, int file, int section, int start, int length, ulong hash)
    {
        var bytes = objects[file].SectionData(section).Slice(start, length);
        if (Unique.Count * 2 >= _slots.Length) Grow(objects);
        int mask = _slots.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            int u = _slots[slot];
            if (u < 0)
            {
                _slots[slot] = Unique.Count;
                _hashes[slot] = hash;
                uint offset = checked((uint)Size);
                Unique.Add((file, section, start, length));
                _offsets.Add(offset);
                Size += (ulong)length;
                return offset;
            }
            if (_hashes[slot] == hash && PieceBytes(objects, u).SequenceEqual(bytes))
                return _offsets[u];
        }
    }

    private readonly List<uint> _offsets = [];

    public uint OffsetOf(int unique) => _offsets[unique];

    private ReadOnlySpan<byte> PieceBytes(ObjectFile[] objects, int u)
    {
        var (f, s, start, length) = Unique[u];
        return objects[f].SectionData(s).Slice(start, length);
    }

    private void Grow(ObjectFile[] objects)
    {
        var hashes = new ulong[_slots.Length * 2];
        var slots = Fill(new int[_slots.Length * 2]);
        int mask = slots.Length - 1;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] < 0) continue;
            int slot = (int)_hashes[i] & mask;
            while (slots[slot] >= 0) slot = (slot + 1) & mask;
            slots[slot] = _slots[i];
            hashes[slot] = _hashes[i];
        }
        _hashes = hashes;
        _slots = slots;
    }

    private static int[] Fill(int[] a)
    {
        Array.Fill(a, -1);
        return a;
    }
}

/// <summary>An input's pieces: piece i is [Starts[i], Starts[i+1]), with its hash.</summary>
internal readonly record struct MergeSplit(int[] Starts, ulong[] Hashes);

/// <summary>One merged input section: where each of its pieces went.</summary>
internal sealed class MergeInput(MergeGroup group, int[] starts, uint[] outOffsets)
{
    public MergeGroup Group { get; } = group;

    /// <summary>Maps an offset in the input section to an offset in the merged chunk.</summary>
    public ulong Map(ulong offset)
    {
        // starts has one more entry (the end of the last piece) than there are pieces.
        int i = Array.BinarySearch(starts, 0, outOffsets.Length, (int)Math.Min(offset, int.MaxValue));
        if (i < 0) i = ~i - 1;
        if (i < 0) return offset;
        return outOffsets[i] + (offset - (ulong)starts[i]);
    }

    /// <summary>Splits an input into pieces and hashes them; independent of every other input, so the
    /// inputs are split in parallel and only the adding (<see cref="Build"/>) runs in input order.</summary>
    public static MergeSplit Split(ObjectFile[] objects, int file, int section, bool strings, int entrySize)
    {
        var obj = objects[file];
        var data = obj.SectionData(section);
        if (strings)
        {
            if (data.Length > 0 && data[^1] != 0)
                throw obj.Malformed($"SHF_MERGE|SHF_STRINGS section {obj.SectionNameString(section)} is not NUL-terminated");
            int count = 0;
            if (entrySize == 1)
                count = data.Count((byte)0);
            else
                for (int pos = 0; pos < data.Length; count++)
                {
                    int len = StringLength(data[pos..], entrySize);
                    if (len <= 0)
                        throw obj.Malformed($"SHF_MERGE|SHF_STRINGS section {obj.SectionNameString(section)} is not NUL-terminated");
                    pos += len;
                }
            var starts = new int[count + 1];
            var hashes = new ulong[count];
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                int len = entrySize == 1 ? data[at..].IndexOf((byte)0) + 1 : StringLength(data[at..], entrySize);
                starts[i] = at;
                hashes[i] = NameHash.Compute(data.Slice(at, len));
                at += len;
            }
            starts[count] = at;
            return new MergeSplit(starts, hashes);
        }
        if (data.Length % entrySize != 0)
            throw obj.Malformed($"SHF_MERGE section {obj.SectionNameString(section)} size {data.Length} is not a multiple of its entry size {entrySize}");
        int entries = data.Length / entrySize;
        var fixedStarts = new int[entries + 1];
        var fixedHashes = new ulong[entries];
        for (int i = 0; i < entries; i++)
        {
            fixedStarts[i] = i * entrySize;
            fixedHashes[i] = NameHash.Compute(data.Slice(i * entrySize, entrySize));
        }
        fixedStarts[entries] = data.Length;
        return new MergeSplit(fixedStarts, fixedHashes);
    }

    /// <summary>Adds the pieces of a split input to <paramref name="group"/>, in order.</summary>
    public static MergeInput Build(ObjectFile[] objects, int file, int section, MergeGroup group, MergeSplit split)
    {
        var starts = split.Starts;
        var outs = new uint[split.Hashes.Length];
        for (int i = 0; i < outs.Length; i++)
            outs[i] = group.Add(objects, file, section, starts[i], starts[i + 1] - starts[i], split.Hashes[i]);
        return new MergeInput(group, starts, outs);
    }

    private static int StringLength(ReadOnlySpan<byte> data, int charSize)
    {
        for (int i = 0; i + charSize <= data.Length; i += charSize)
            if (data.Slice(i, charSize).IndexOfAnyExcept((byte)0) < 0) return i + charSize;
        return -1;
    }
}
