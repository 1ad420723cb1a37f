// SHA-1 in managed code, for build-ids of small outputs: the platform's implementation loads the system
// crypto library on first use, which costs more than hashing a hello-world. Large outputs still use the
// platform's (faster, hardware-assisted) SHA-1; both give the same digest, so the choice never shows.
using System.Buffers.Binary;
using System.Numerics;

namespace Wild.Engine.Writing;

internal static class Sha1
{
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Span<uint> h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
        Span<uint> w = stackalloc uint[80];
        int full = data.Length / 64;
        for (int b = 0; b < full; b++) Block(data.Slice(b * 64, 64), h, w);

        // Padding: 0x80, zeros, then the bit length, in one or two final blocks.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data[(full * 64)..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        int tailLength = rest.Length + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (int off = 0; off < tailLength; off += 64) Block(tail.Slice(off, 64), h, w);

        for (int i = 0; i < 5; i++) BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], h[i]);
    }

    private static void Block(ReadOnlySpan<byte> block, Span<uint> h, Span<uint> w)
    {
        for (int i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        for (int i = 16; i < 80; i++) w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint t = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    }
}
