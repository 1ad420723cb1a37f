// SHF_MERGE sections: each input is split into pieces (NUL-terminated strings, or fixed-size constants)
// and identical pieces are stored once per output section and kind. The first input of a kind carries
// the whole merged chunk; every input keeps a map from its piece offsets to offsets in that chunk, which
// symbol values and relocation targets go through. Inputs are split and hashed in parallel, identical
// pieces found by hash shard in parallel, and offsets given in input order, so the result does not depend
// on threads.
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class MergeGroup
{
    private readonly List<(int Flat, int File, int Section, MergeSplit Split)> _members = [];
    private uint[] _offsets = [];

    public required OutputSection Output { get; init; }
    public required InputSectionRef Carrier { get; init; }
    public List<(int File, int Section, int Start, int Length)> Unique { get; } = [];
    public ulong Size { get; private set; }

    public uint OffsetOf(int unique) => _offsets[unique];

    /// <summary>Adds an input (in input order); its pieces are deduplicated by <see cref="Deduplicate"/>.</summary>
    public void AddMember(int flat, int file, int section, MergeSplit split) => _members.Add((flat, file, section, split));

    /// <summary>
    /// Keeps the first of every run of identical pieces, in input order, and gives each member its map.
    /// Pieces are sharded by hash: each shard finds, in input order, the first piece equal to each of its
    /// pieces, so shards run in parallel and the result does not depend on how many there are. Offsets are
    /// then handed out in one ordered pass.
    /// </summary>
    public void Deduplicate(ObjectFile[] objects, ParallelWork work, MergeInput?[] mergeOf)
    {
        var memberBase = new int[_members.Count + 1];
        for (int k = 0; k < _members.Count; k++)
            memberBase[k + 1] = checked(memberBase[k] + _members[k].Split.Hashes.Length);
        int pieces = memberBase[^1];
        var first = GC.AllocateUninitializedArray<int>(pieces);
        int shards = pieces < 4096 ? 1 : Math.Clamp(work.Threads * 2, 1, 16);
        work.For(shards, shard => FindFirsts(objects, memberBase, first, shard, shards));

        // Unique pieces in input order of first appearance; a repeat takes its first's offset.
        var pieceOffset = GC.AllocateUninitializedArray<uint>(pieces);
        var offsets = new List<uint>();
        ulong size = 0;
        for (int k = 0; k < _members.Count; k++)
        {
            var (flat, file, section, split) = _members[k];
            var starts = split.Starts;
            var outs = new uint[split.Hashes.Length];
            for (int i = 0; i < outs.Length; i++)
            {
                int piece = memberBase[k] + i;
                if (first[piece] == piece)
                {
                    uint offset = checked((uint)size);
                    int length = starts[i + 1] - starts[i];
                    Unique.Add((file, section, starts[i], length));
                    offsets.Add(offset);
                    size += (ulong)length;
                    pieceOffset[piece] = offset;
                }
                else
                    pieceOffset[piece] = pieceOffset[first[piece]];
                outs[i] = pieceOffset[piece];
            }
            mergeOf[flat] = new MergeInput(this, starts, outs);
        }
        _offsets = offsets.ToArray();
        Size = size;
    }

    private void FindFirsts(ObjectFile[] objects, int[] memberBase, int[] first, int shard, int shards)
    {
        // Open addressing over this shard's distinct pieces: the piece (global index), its member and hash.
        var slots = Fill(new int[64]);
        var slotHashes = new ulong[64];
        var slotMembers = new int[64];
        int count = 0;
        for (int k = 0; k < _members.Count; k++)
        {
            var (_, file, section, split) = _members[k];
            var data = objects[file].SectionData(section);
            var hashes = split.Hashes;
            for (int i = 0; i < hashes.Length; i++)
            {
                ulong hash = hashes[i];
                if (shards > 1 && (int)((hash >> 32) % (uint)shards) != shard) continue;
                var bytes = data[split.Starts[i]..split.Starts[i + 1]];
                if (count * 2 >= slots.Length) (slots, slotHashes, slotMembers) = Grow(slots, slotHashes, slotMembers);
                int mask = slots.Length - 1;
                int piece = memberBase[k] + i;
                for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask)
                {
                    int existing = slots[slot];
                    if (existing < 0)
                    {
                        slots[slot] = piece;
                        slotHashes[slot] = hash;
                        slotMembers[slot] = k;
                        first[piece] = piece;
                        count++;
                        break;
                    }
                    if (slotHashes[slot] == hash && PieceBytes(objects, slotMembers[slot], existing - memberBase[slotMembers[slot]]).SequenceEqual(bytes))
                    {
                        first[piece] = existing;
                        break;
                    }
                }
            }
        }
    }

    private ReadOnlySpan<byte> PieceBytes(ObjectFile[] objects, int member, int index)
    {
        var (_, file, section, split) = _members[member];
        return objects[file].SectionData(section)[split.Starts[index]..split.Starts[index + 1]];
    }

    private static (int[], ulong[], int[]) Grow(int[] slots, ulong[] hashes, int[] members)
    {
        var newSlots = Fill(new int[slots.Length * 2]);
        var newHashes = new ulong[slots.Length * 2];
        var newMembers = new int[slots.Length * 2];
        int mask = newSlots.Length - 1;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] < 0) continue;
            int slot = (int)hashes[i] & mask;
            while (newSlots[slot] >= 0) slot = (slot + 1) & mask;
            newSlots[slot] = slots[i];
            newHashes[slot] = hashes[i];
            newMembers[slot] = members[i];
        }
        return (newSlots, newHashes, newMembers);
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

    private static int StringLength(ReadOnlySpan<byte> data, int charSize)
    {
        for (int i = 0; i + charSize <= data.Length; i += charSize)
            if (data.Slice(i, charSize).IndexOfAnyExcept((byte)0) < 0) return i + charSize;
        return -1;
    }
}
