// Compresses one output section's bytes in fixed-size chunks that threads handle independently and that concatenate
// into one valid stream: zstd frames may simply follow each other; a zlib stream is one header, raw DEFLATE data
// in which every chunk but the last ends with a sync flush (a byte-aligned empty stored block) and the last with
// the final block, then the Adler-32 of everything. Chunk boundaries depend on the size alone, never on the thread
// count, so the output is the same bytes for any -threads.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Wild.Engine.Compression;

internal static class ChunkCompressor
{
    /// <summary>Bytes per chunk: big enough that a chunk's restart costs little ratio, small enough to spread a
    /// 100 MB .debug_info over every core.</summary>
    public const int ChunkSize = 1 << 20;

    // Level 1 for both (zlib's and zstd's fastest standard level): a debug link is done for speed, and the readers
    // (gdb, readelf) decompress any level alike. GNU ld uses each library's default (zlib 6, zstd 3).
    private const int ZlibLevel = 1, ZstdLevel = 1;

    public static int ChunkCount(long size) => (int)((size + ChunkSize - 1) / ChunkSize);

    /// <summary>Chunk <paramref name="index"/> of <paramref name="data"/> (a section of any size), compressed, and its
    /// Adler-32 (zlib only).</summary>
    public static (byte[] Bytes, uint Adler) Chunk(Writing.OutputImage data, int index, bool zstd)
    {
        ulong start = (ulong)index * ChunkSize;
        var chunk = data.Slice(start, (int)Math.Min((ulong)ChunkSize, data.Length - start));
        bool last = start + (ulong)chunk.Length == data.Length;
        if (zstd)
        {
            var frame = GC.AllocateUninitializedArray<byte>(Zstd.Bound(chunk.Length));
            int n = Zstd.CompressFrame(chunk, frame, ZstdLevel);
            return (frame.AsSpan(0, n).ToArray(), 0);
        }
        var buffer = new MemoryStream(chunk.Length / 2 + 64);
        long end;
        using (var deflate = new DeflateStream(buffer, new ZLibCompressionOptions { CompressionLevel = ZlibLevel }, leaveOpen: true))
        {
            deflate.Write(chunk);
            // Flush is zlib's Z_SYNC_FLUSH: the data so far, ending on a byte boundary, with no final block. What
            // Dispose adds after it (the final block) is kept only for the last chunk.
            deflate.Flush();
            end = buffer.Length;
        }
        if (last) end = buffer.Length;
        return (buffer.GetBuffer().AsSpan(0, (int)end).ToArray(), Adler32.Compute(chunk));
    }

    /// <summary>zlib's two-byte header (deflate, 32 KiB window, fastest level; the pair is a multiple of 31).</summary>
    public static ReadOnlySpan<byte> ZlibHeader => [0x78, 0x01];

    /// <summary>The zlib trailer: the big-endian Adler-32 of the whole uncompressed section.</summary>
    public static byte[] ZlibTrailer(uint adler)
    {
        var t = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(t, adler);
        return t;
    }
}
