// SHF_MERGE sections: each input is split into pieces (NUL-terminated strings, or fixed-size constants)
// and identical pieces are stored once per output section and kind. The first input of a kind carries
// the whole merged chunk; every input keeps a map from its piece offsets to offsets in that chunk, which
// symbol values and relocation targets go through. Inputs are split and hashed in parallel, identical
// pieces found by hash shard in parallel, and offsets given in input order, so the result does not depend
// on threads.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed unsafe class MergeGroup
{
    private readonly List<Member> _members = [];
    private int[] _memberBase = [];   // member k's pieces are [_memberBase[k], _memberBase[k + 1])
    private int[] _first = [];        // per piece: the first piece equal to it, in input order
    private uint[] _pieceOffset = []; // per piece: where it (or its first) lies in the merged chunk, under 4 GiB
    private ulong[]? _wideOffset;     // instead of _pieceOffset for a chunk of 4 GiB or more (.debug_str of DWARF64)

    public required OutputSection Output { get; init; }
    public required InputSectionRef Carrier { get; init; }
    public ulong Size { get; private set; }
    public int MemberCount => _members.Count;

    private readonly record struct Member(int Flat, FileId File, int Section, MergeSplit Split);

    // Pieces per shard: a shard's table (24 bytes a slot) then stays in the cache while it is probed.
    private const int PiecesPerShard = 1 << 15;
    private const int MaxShards = 1 << 10;

    /// <summary>A piece routed to its shard, and a slot of that shard's table: its key (its hash, or its
    /// bytes when short), its bytes in the mapped input, its length (negated for a packed key) and its
    /// index. Length 0 marks an empty slot (no piece is empty).</summary>
    private struct PieceKey
    {
        public ulong Key;
        public byte* Bytes;
        public int Length;
        public int Piece;
    }

    /// <summary>Adds an input (in input order); its pieces are deduplicated by <see cref="Deduplicate"/>.</summary>
    public void AddMember(SectionId flat, FileId file, int section, MergeSplit split) => _members.Add(new Member(flat, file, section, split));

    /// <summary>
    /// Keeps the first of every run of identical pieces, in input order, and gives each member its map.
    /// Pieces are sharded by hash: each shard finds, in input order, the first piece equal to each of its
    /// pieces, so shards run in parallel and the result does not depend on how many there are. Each member
    /// then sums the pieces it keeps; a prefix sum over members places them, so the offsets are those of
    /// one pass in input order while every member is placed and mapped in parallel.
    /// </summary>
    public void Deduplicate(ObjectFile[] objects, ParallelWork work, MergeInput?[] mergeOf)
    {
        int members = _members.Count;
        var memberBase = new int[members + 1];
        // The inputs are mapped for the whole session, so their bytes can be addressed directly.
        var memberBytes = new nint[members];
        for (int k = 0; k < members; k++)
        {
            var m = _members[k];
            memberBase[k + 1] = checked(memberBase[k] + m.Split.Hashes.Length);
            fixed (byte* p = objects[m.File].SectionContents(m.Section)) memberBytes[k] = (nint)p;
        }
        int pieces = memberBase[^1];
        var first = GC.AllocateUninitializedArray<int>(pieces);
        FindFirsts(memberBase, memberBytes, first, work);
        _memberBase = memberBase;
        _first = first;

        var kept = new ulong[members];
        work.For(members, k => kept[k] = KeptBytes(k));
        var memberStart = new ulong[members];
        ulong size = 0;
        for (int k = 0; k < members; k++)
        {
            memberStart[k] = size;
            size += kept[k];
        }
        Size = size;

        // Pieces are placed at 32-bit offsets while the chunk is under 4 GiB (half the memory per piece); a chunk of
        // 4 GiB or more of distinct pieces (DWARF64's .debug_str may be one) takes 64-bit offsets instead.
        if (size > uint.MaxValue)
            _wideOffset = GC.AllocateUninitializedArray<ulong>(pieces);
        else
            _pieceOffset = GC.AllocateUninitializedArray<uint>(pieces);
        work.For(members, k => PlaceKept(k, memberStart[k]));
        // A repeat takes its first's offset, which may belong to any earlier member: placed above, read here.
        work.For(members, k =>
        {
            var m = _members[k];
            int from = memberBase[k], to = memberBase[k + 1];
            if (_wideOffset is { } wide)
            {
                for (int piece = from; piece < to; piece++)
                    if (first[piece] != piece) wide[piece] = wide[first[piece]];
            }
            else
            {
                for (int piece = from; piece < to; piece++)
                    if (first[piece] != piece) _pieceOffset[piece] = _pieceOffset[first[piece]];
            }
            mergeOf[m.Flat] = new MergeInput(this, m.Split.Starts, _pieceOffset, _wideOffset, from, to - from, m.Split.FixedSize);
        });
    }

    /// <summary>
    /// Sets first[p] for every piece. The pieces are routed by hash to shards small enough that a shard's
    /// table stays in the cache (one table for all pieces missed the cache on nearly every probe). Chunks of
    /// members count, then copy, their pieces into each shard, chunk after chunk, so a shard holds its
    /// pieces in input order and the first of equal pieces is the first it meets; the shards then run in
    /// parallel, and their answers are routed back the same way. Nothing depends on the thread count.
    /// </summary>
    private void FindFirsts(int[] memberBase, nint[] memberBytes, int[] first, ParallelWork work)
    {
        int members = _members.Count, pieces = memberBase[^1];
        if (pieces == 0) return;
        int shards = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(pieces / PiecesPerShard, 1, MaxShards));
        int chunks = Math.Clamp(members, 1, work.Threads * 4);
        var counts = new int[chunks * shards];
        work.For(chunks, c =>
        {
            var count = counts.AsSpan(c * shards, shards);
            for (int k = ChunkStart(c, chunks); k < ChunkStart(c + 1, chunks); k++)
                foreach (ulong hash in _members[k].Split.Hashes) count[ShardOf(hash, shards)]++;
        });
        // Shard-major, chunk-minor: inside a shard, each chunk's pieces follow the previous chunk's.
        var cursors = new int[chunks * shards];
        var shardStart = new int[shards + 1];
        int at = 0;
        for (int s = 0; s < shards; s++)
        {
            shardStart[s] = at;
            for (int c = 0; c < chunks; c++)
            {
                cursors[c * shards + s] = at;
                at += counts[c * shards + s];
            }
        }
        shardStart[shards] = at;

        // Outside the managed heap, so they are returned when the pieces are matched, not when the link ends.
        var routed = (PieceKey*)NativeMemory.Alloc((nuint)pieces, (nuint)sizeof(PieceKey));
        var routedFirst = (int*)NativeMemory.Alloc((nuint)pieces, sizeof(int));
        try
        {
            work.For(chunks, c =>
            {
                var cursor = cursors.AsSpan(c * shards, shards).ToArray();
                for (int k = ChunkStart(c, chunks); k < ChunkStart(c + 1, chunks); k++)
                {
                    var split = _members[k].Split;
                    var starts = split.Starts;
                    byte* bytes = (byte*)memberBytes[k];
                    for (int i = 0; i < split.Hashes.Length; i++)
                        routed[cursor[ShardOf(split.Hashes[i], shards)]++] = KeyOf(split.Hashes[i], bytes + starts[i], starts[i + 1] - starts[i], memberBase[k] + i);
                }
            });
            work.For(shards, s => FindFirstsInShard(routed + shardStart[s], shardStart[s + 1] - shardStart[s], routedFirst + shardStart[s]));
            work.For(chunks, c =>
            {
                var cursor = cursors.AsSpan(c * shards, shards).ToArray();
                for (int k = ChunkStart(c, chunks); k < ChunkStart(c + 1, chunks); k++)
                {
                    var hashes = _members[k].Split.Hashes;
                    for (int i = 0; i < hashes.Length; i++)
                        first[memberBase[k] + i] = routedFirst[cursor[ShardOf(hashes[i], shards)]++];
                }
            });
        }
        finally
        {
            NativeMemory.Free(routed);
            NativeMemory.Free(routedFirst);
        }

        int ChunkStart(int c, int of) => (int)((long)members * c / of);
    }

    private static int ShardOf(ulong hash, int shards) => (int)(hash >> 32) & (shards - 1);

    /// <summary>Matches a shard's pieces, in input order, against the distinct ones seen before them.</summary>
    private static void FindFirstsInShard(PieceKey* pieces, int count, int* firstOut)
    {
        // At most three quarters full, so it never grows.
        int capacity = count + count / 3 + 16;
        var table = (PieceKey*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(PieceKey));
        try
        {
            // Fresh pages first read map the shared zero page, and the first write then costs a copy-on-write
            // fault with a TLB shootdown on every core; writing each page first faults once.
            for (int i = 0; i < capacity; i += Environment.SystemPageSize / sizeof(PieceKey)) table[i].Length = 0;
            for (int r = 0; r < count; r++)
            {
                ref var p = ref pieces[r];
                // Fibonacci hashing spreads a packed key's bytes (often a shared prefix) over the table.
                ulong mixed = (p.Key * 0x9E3779B97F4A7C15UL) >> 32;
                for (int slot = (int)(mixed * (ulong)capacity >> 32); ; slot = slot + 1 == capacity ? 0 : slot + 1)
                {
                    ref var s = ref table[slot];
                    if (s.Length == 0)
                    {
                        s = p;
                        firstOut[r] = p.Piece;
                        break;
                    }
                    if (s.Key == p.Key && s.Length == p.Length
                        && (p.Length < 0 || new ReadOnlySpan<byte>(s.Bytes, p.Length).SequenceEqual(new ReadOnlySpan<byte>(p.Bytes, p.Length))))
                    {
                        firstOut[r] = s.Piece;
                        break;
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(table);
        }
    }

    /// <summary>A short piece is its own key: equal keys then mean equal bytes, and matching never reads the
    /// other piece, which lies in another object (a cache miss per repeat). Its length is stored negated so
    /// that a packed key never meets a hash.</summary>
    private static PieceKey KeyOf(ulong hash, byte* at, int length, int piece) =>
        TryPack(at, length, out ulong packed)
            ? new PieceKey { Key = packed, Bytes = at, Length = -length, Piece = piece }
            : new PieceKey { Key = hash, Bytes = at, Length = length, Piece = piece };

    /// <summary>Packs a piece of at most 8 bytes, or of 9 whose last is NUL (a string of 8 characters),
    /// into one word; those bytes and the length then say exactly which piece it is.</summary>
    private static bool TryPack(byte* at, int length, out ulong packed)
    {
        packed = 0;
        if (length >= 8)
        {
            if (length > 9 || (length == 9 && at[8] != 0)) return false;
            packed = Unsafe.ReadUnaligned<ulong>(at);
            return true;
        }
        // Not one wide read: the piece may end where the mapping does.
        for (int i = 0; i < length; i++) packed |= (ulong)at[i] << (8 * i);
        return true;
    }

    /// <summary>The bytes of the pieces member k keeps (those that are their own first).</summary>
    private ulong KeptBytes(int k)
    {
        var starts = _members[k].Split.Starts;
        int from = _memberBase[k];
        ulong bytes = 0;
        for (int i = 0; i < starts.Length - 1; i++)
            if (_first[from + i] == from + i) bytes += (ulong)(starts[i + 1] - starts[i]);
        return bytes;
    }

    private void PlaceKept(int k, ulong offset)
    {
        var starts = _members[k].Split.Starts;
        int from = _memberBase[k];
        if (_wideOffset is { } wide)
        {
            for (int i = 0; i < starts.Length - 1; i++)
                if (_first[from + i] == from + i)
                {
                    wide[from + i] = offset;
                    offset += (ulong)(starts[i + 1] - starts[i]);
                }
            return;
        }
        uint at = (uint)offset;
        for (int i = 0; i < starts.Length - 1; i++)
            if (_first[from + i] == from + i)
            {
                _pieceOffset[from + i] = at;
                at += (uint)(starts[i + 1] - starts[i]);
            }
    }

    /// <summary>Copies the pieces members [from, to) keep into the merged chunk; a run of kept pieces is
    /// contiguous both in its input and in the chunk, so it is one copy.</summary>
    public void WriteKept(ObjectFile[] objects, int from, int to, Writing.OutputImage chunk)
    {
        for (int k = from; k < to; k++)
        {
            var m = _members[k];
            var data = objects[m.File].SectionContents(m.Section);
            var starts = m.Split.Starts;
            int pieces = starts.Length - 1, b = _memberBase[k];
            for (int i = 0; i < pieces;)
            {
                if (_first[b + i] != b + i)
                {
                    i++;
                    continue;
                }
                int end = i + 1;
                while (end < pieces && _first[b + end] == b + end) end++;
                ulong at = _wideOffset is { } wide ? wide[b + i] : _pieceOffset[b + i];
                data[starts[i]..starts[end]].CopyTo(chunk.Slice(at, starts[end] - starts[i]));
                i = end;
            }
        }
    }
}

/// <summary>An input's pieces: piece i is [Starts[i], Starts[i+1]), with its hash. FixedSize is the size of
/// every piece of a constant section and 0 for strings.</summary>
internal readonly record struct MergeSplit(int[] Starts, ulong[] Hashes, int FixedSize);

/// <summary>One merged input section: where each of its pieces went.</summary>
internal sealed class MergeInput
{
    // Relocations ask for offsets in no useful order (DWARF string references follow the DIEs), so finding a
    // string piece goes through an index of the piece holding every 16th byte, then a step or two forward.
    private const int IndexShift = 4;
    private const int IndexedPieces = 16;

    private readonly int[] _starts;
    private readonly uint[] _offsets;
    private readonly ulong[]? _wideOffsets; // instead of _offsets, when the merged chunk is 4 GiB or more
    private readonly int _first;
    private readonly int _count;
    private readonly int _fixedSize;
    private readonly int[]? _pieceAt;

    public MergeInput(MergeGroup group, int[] starts, uint[] pieceOffsets, ulong[]? wideOffsets, int first, int count, int fixedSize)
    {
        Group = group;
        _starts = starts;
        _offsets = pieceOffsets;
        _wideOffsets = wideOffsets;
        _first = first;
        _count = count;
        _fixedSize = fixedSize;
        if (fixedSize == 0 && count > IndexedPieces)
        {
            _pieceAt = new int[((starts[count] - 1) >> IndexShift) + 1];
            int piece = 0;
            for (int slot = 0; slot < _pieceAt.Length; slot++)
            {
                while (starts[piece + 1] <= slot << IndexShift) piece++;
                _pieceAt[slot] = piece;
            }
        }
    }

    public MergeGroup Group { get; }

    /// <summary>Maps an offset in the input section to an offset in the merged chunk; an offset past the
    /// end counts from the last piece.</summary>
    public ulong Map(ulong offset)
    {
        if (_count == 0) return offset;
        int i = PieceAt(offset);
        ulong at = _wideOffsets is { } wide ? wide[_first + i] : _offsets[_first + i];
        return at + (offset - (ulong)_starts[i]);
    }

    private int PieceAt(ulong offset)
    {
        if (offset >= (ulong)_starts[_count]) return _count - 1;
        if (_fixedSize > 0) return (int)(offset / (ulong)_fixedSize);
        if (_pieceAt is null)
        {
            // starts has one more entry (the end of the last piece) than there are pieces.
            int found = Array.BinarySearch(_starts, 0, _count, (int)offset);
            return found < 0 ? ~found - 1 : found;
        }
        int piece = _pieceAt[(int)offset >> IndexShift];
        while ((ulong)_starts[piece + 1] <= offset) piece++;
        return piece;
    }

    /// <summary>Splits an input into pieces and hashes them; independent of every other input, so the
    /// inputs are split in parallel and only adding them to their groups (<see cref="MergeGroup.AddMember"/>) runs in input order.</summary>
    public static MergeSplit Split(ObjectFile[] objects, FileId file, int section, bool strings, int entrySize)
    {
        var obj = objects[file];
        var data = obj.SectionContents(section);
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
            return new MergeSplit(starts, hashes, 0);
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
        return new MergeSplit(fixedStarts, fixedHashes, entrySize);
    }

    private static int StringLength(ReadOnlySpan<byte> data, int charSize)
    {
        for (int i = 0; i + charSize <= data.Length; i += charSize)
            if (data.Slice(i, charSize).IndexOfAnyExcept((byte)0) < 0) return i + charSize;
        return -1;
    }
}
