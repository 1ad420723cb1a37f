// The SHT_RELR format (gABI, DT_RELR): a list of 64-bit words, each either an address (even: the word there is
// relocated, and the next bitmap starts one word after it) or a bitmap (odd: bit i of the 63 high bits relocates
// the i-th word from where the previous entry left off, which then moves on 63 words). Encoding, the size an
// encoding takes, and decoding, for the layout (sizes), the writer (bytes) and the inspection reader (rows).
namespace Wild.Engine.Elf;

internal static class RelrEncoding
{
    private const int WordSize = 8;
    private const int BitsPerBitmap = 63;

    /// <summary>
    /// Encodes <paramref name="offsets"/> (ascending, each even, no two equal) relocated at
    /// <paramref name="baseAddress"/> + offset into <paramref name="dest"/>, greedily: an address entry, then as
    /// many bitmaps as keep finding a word to relocate. An empty <paramref name="dest"/> only counts. Only the
    /// differences between offsets shape the encoding, so the count is known before <paramref name="baseAddress"/>
    /// is (the layout sizes .relr.dyn with it). Returns the entries used.
    /// </summary>
    public static int Encode(ReadOnlySpan<ulong> offsets, ulong baseAddress, Span<ulong> dest)
    {
        bool write = !dest.IsEmpty;
        int used = 0;
        for (int i = 0; i < offsets.Length;)
        {
            if (write) dest[used] = baseAddress + offsets[i];
            used++;
            // The first word a following bitmap can describe.
            ulong where = offsets[i] + WordSize;
            i++;
            while (i < offsets.Length)
            {
                ulong bitmap = 0;
                for (; i < offsets.Length; i++)
                {
                    ulong delta = offsets[i] - where;
                    // Below `where` cannot happen for ascending offsets; an odd word distance (an offset that is
                    // even but not word-aligned relative to the run) needs its own address entry.
                    if (offsets[i] < where || delta >= BitsPerBitmap * WordSize || delta % WordSize != 0) break;
                    bitmap |= 1UL << (int)(delta / WordSize);
                }
                if (bitmap == 0) break;
                if (write) dest[used] = (bitmap << 1) | 1;
                used++;
                where += BitsPerBitmap * WordSize;
            }
        }
        return used;
    }

    /// <summary>Calls <paramref name="visit"/> with every address an encoded table relocates, in table order.</summary>
    public static void Decode<TState>(ReadOnlySpan<ulong> entries, ref TState state, DecodeVisitor<TState> visit)
    {
        ulong where = 0;
        foreach (ulong entry in entries)
        {
            if ((entry & 1) == 0)
            {
                visit(ref state, entry);
                where = entry + WordSize;
                continue;
            }
            ulong bits = entry >> 1;
            for (int bit = 0; bits != 0; bit++, bits >>= 1)
                if ((bits & 1) != 0) visit(ref state, where + (ulong)bit * WordSize);
            where += BitsPerBitmap * WordSize;
        }
    }

    public delegate void DecodeVisitor<TState>(ref TState state, ulong address);

    /// <summary>Every address an encoded table relocates, in table order.</summary>
    public static List<ulong> Decode(ReadOnlySpan<ulong> entries)
    {
        var list = new List<ulong>();
        Decode(entries, ref list, static (ref List<ulong> l, ulong a) => l.Add(a));
        return list;
    }
}
