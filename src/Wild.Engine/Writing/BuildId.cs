// Computes the build-id from the finished image (with the build-id bytes still zero): a 128-bit XXH3
// digest of each 1 MiB chunk, in parallel, then the requested algorithm over the digests in order, so the
// id depends only on the bytes. Like lld's and mold's, it is not the plain SHA-1 or MD5 of the file: a
// build-id names an output, and a cryptographic pass over every byte was a tenth of a large link.
using System.IO.Hashing;
using System.Security.Cryptography;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;

namespace Wild.Engine.Writing;

internal static class BuildId
{
    private const int Chunk = 1 << 20;
    private const int ChunkDigestSize = 16;

    public static void Fill(Span<byte> destination, OutputImage image, BuildIdKind kind, byte[]? hex, ParallelWork work)
    {
        switch (kind)
        {
            case BuildIdKind.Hex:
                hex.AsSpan().CopyTo(destination);
                return;
            case BuildIdKind.Uuid:
                Span<byte> g = stackalloc byte[16];
                // RFC 4122 byte order (big-endian fields), so the version 4 nibble is where readers look for it.
                Guid.NewGuid().TryWriteBytes(g, bigEndian: true, out _);
                g[..destination.Length].CopyTo(destination);
                return;
        }
        // Each chunk is a window of its own, so the image may be of any size.
        ulong length = image.Length;
        int chunks = (int)Math.Max(1, (length + Chunk - 1) / Chunk);
        var digests = new byte[chunks * ChunkDigestSize];
        work.For(chunks, i =>
        {
            ulong start = (ulong)i * Chunk;
            var part = image.Slice(start, (int)Math.Min(Chunk, length - start));
            XxHash128.Hash(part, digests.AsSpan(i * ChunkDigestSize, ChunkDigestSize));
        });
        Span<byte> final = stackalloc byte[20];
        HashInto(kind, digests, final);
        final[..destination.Length].CopyTo(destination);
    }

    // The digests are a few KiB at most: the managed SHA-1 spares loading the platform library for them.
    private static void HashInto(BuildIdKind kind, ReadOnlySpan<byte> digests, Span<byte> output)
    {
        switch (kind)
        {
            case BuildIdKind.Md5: MD5.HashData(digests, output); break;
            case BuildIdKind.Fast: BitConverter.TryWriteBytes(output, NameHash.Compute(digests)); break;
            default: Sha1.HashData(digests, output); break;
        }
    }
}
