// A fast, allocation-free 64-bit hash over a symbol name's bytes (read 8 bytes at a time). Names are
// hashed once, in parallel per object; the table never rehashes a name.
using System.Buffers.Binary;
using System.Numerics;

namespace Wild.Engine.Symbols;

internal static class NameHash
{
    private const ulong K = 0x9E3779B97F4A7C15UL;

    public static ulong Compute(ReadOnlySpan<byte> name)
    {
        ulong h = (ulong)name.Length * K;
        while (name.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * K, 31);
            name = name[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < name.Length; i++)
            tail |= (ulong)name[i] << (8 * i);
        h = (h ^ tail) * K;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 32);
    }
}
