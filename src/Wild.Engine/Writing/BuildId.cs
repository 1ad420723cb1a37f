// Computes the build-id from the finished image (with the build-id bytes still zero), hashing 1 MiB
// chunks in parallel and then the chunk digests in order, so the id depends only on the bytes.
using System.Security.Cryptography;
using Wild.Engine.Parallel;
using Wild.Engine.Symbols;

namespace Wild.Engine.Writing;

internal static class BuildId
{
    private const int Chunk = 1 << 20;
    private const int SmallOutput = 4 << 20;

    public static void Fill(Span<byte> destination, ReadOnlySpan<byte> image, BuildIdKind kind, byte[]? hex, ParallelWork work)
    {
        switch (kind)
        {
            case BuildIdKind.Hex:
                hex.AsSpan().CopyTo(destination);
                return;
            case BuildIdKind.Uuid:
                Span<byte> g = stackalloc byte[16];
                Guid.NewGuid().TryWriteBytes(g);
                g[..destination.Length].CopyTo(destination);
                return;
        }
        int chunks = Math.Max(1, (image.Length + Chunk - 1) / Chunk);
        bool small = image.Length < SmallOutput;
        int digestSize = kind == BuildIdKind.Md5 ? 16 : kind == BuildIdKind.Fast ? 8 : 20;
        var digests = new byte[chunks * digestSize];
        unsafe
        {
            fixed (byte* p = image)
            {
                nint basePtr = (nint)p;
                int length = image.Length;
                work.For(chunks, i =>
                {
                    var part = new ReadOnlySpan<byte>((byte*)basePtr + (long)i * Chunk, Math.Min(Chunk, length - i * Chunk));
                    HashInto(kind, part, digests.AsSpan(i * digestSize, digestSize), small);
                });
            }
        }
        Span<byte> final = stackalloc byte[digestSize];
        HashInto(kind, digests, final, small);
        final[..destination.Length].CopyTo(destination);
    }

    private static void HashInto(BuildIdKind kind, ReadOnlySpan<byte> data, Span<byte> output, bool small)
    {
        switch (kind)
        {
            case BuildIdKind.Md5: MD5.HashData(data, output); break;
            case BuildIdKind.Fast: BitConverter.TryWriteBytes(output, NameHash.Compute(data)); break;
            // Below a few MiB the platform library's start-up costs more than the hashing itself.
            default:
                if (small) Sha1.HashData(data, output);
                else SHA1.HashData(data, output);
                break;
        }
    }
}
