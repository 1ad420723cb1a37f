// Adler-32 (RFC 1950), the checksum that ends a zlib stream, and how two checksums combine: an output section is
// deflated in chunks on many threads, each chunk summed on its own thread, and the sums joined in chunk order.
namespace Wild.Engine.Compression;

internal static class Adler32
{
    private const uint Modulus = 65521;
    // The most bytes summed before b can overflow 32 bits (zlib's NMAX, a property of the arithmetic).
    private const int Block = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(Block, data.Length);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }
        return (b << 16) | a;
    }

    /// <summary>The checksum of first-then-second, from each one's checksum and the second's length: summing the
    /// second part from a = a1 instead of 1 adds a1 - 1 to its a and length × (a1 - 1) to its b.</summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ulong a1 = first & 0xffff, b1 = first >> 16, a2 = second & 0xffff, b2 = second >> 16;
        ulong len = (ulong)(secondLength % Modulus);
        ulong a = (a1 + a2 + Modulus - 1) % Modulus;
        ulong b = (b1 + b2 + len * ((a1 + Modulus - 1) % Modulus)) % Modulus;
        return (uint)((b << 16) | a);
    }
}
