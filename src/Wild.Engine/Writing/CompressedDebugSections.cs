// Phase "Compress debug sections" (--compress-debug-sections=zlib|zstd): renders each .debug_* output section that
// layout set aside (Placement.Compressed) into a buffer of its own, copied and relocated exactly as the writer would
// (ElfWriter.WriteObjectSections, merged .debug_str pieces), compresses it in fixed chunks on every core
// (ChunkCompressor), and keeps the result only when Elf64_Chdr + payload is smaller than the bytes, as GNU ld does.
// The buffers are native memory seen through OutputImage windows, so a section may be of any size (mold and lld
// also hold a section's uncompressed bytes while they compress it); they are freed before this phase returns.
// The sections then go after the section header table, so nothing layout placed moves; the writer copies them there.
using System.Buffers.Binary;
using Wild.Engine.Compression;
using Wild.Engine.Diagnostics;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Writing;

internal sealed class CompressedDebugSections
{
    /// <summary>One section after the section header table: its header's offset, size, flags and alignment, and its
    /// bytes as parts to copy in order (Elf64_Chdr, zlib header, chunks, trailer; or the uncompressed bytes).</summary>
    internal sealed record Entry(OutputSection Section, ulong Offset, ulong Size, ulong Flags, ulong Align, byte[][] Parts);

    private const int ChdrSize = 24;
    private readonly bool[] _byHeader;

    private CompressedDebugSections(Entry[] entries, ulong fileSize, int headerCount)
    {
        Entries = entries;
        FileSize = fileSize;
        _byHeader = new bool[headerCount + 1];
        foreach (var e in entries) _byHeader[e.Section.HeaderIndex] = true;
    }

    public Entry[] Entries { get; }

    /// <summary>The size of the whole output file, these sections included.</summary>
    public ulong FileSize { get; }

    /// <summary>Whether the writer leaves this section's bytes to this phase.</summary>
    public bool IsCompressed(OutputSection os) => _byHeader[os.HeaderIndex];

    public static CompressedDebugSections? Build(Layout.Layout layout, ParallelWork work)
    {
        var sections = layout.Placement.Compressed;
        if (sections.Length == 0) return null;
        bool zstd = layout.Options.CompressDebugSections == DebugCompression.Zstd;

        // 1. Each section's uncompressed bytes, relocated: per input file, and per slice of merged pieces.
        var scratch = new OutputImage?[layout.Sections.Length + 1];
        try
        {
            foreach (var os in sections) scratch[os.HeaderIndex] = Allocate(layout, os); // zeroed: alignment gaps read as 0
            return Compress(layout, work, sections, scratch, zstd);
        }
        finally
        {
            foreach (var image in scratch)
                if (image is { } i) Free(i);
        }
    }

    private static CompressedDebugSections Compress(Layout.Layout layout, ParallelWork work, OutputSection[] sections, OutputImage?[] scratch, bool zstd)
    {
        var merges = layout.Outputs.MergeGroups.Where(g => scratch[g.Output.HeaderIndex] is not null).ToArray();
        int files = layout.Resolution.LoadedFiles.Length;
        work.For(files + merges.Length, item =>
        {
            if (item < files)
                ElfWriter.WriteObjectSections(layout, item, default, null, scratch);
            else
            {
                var g = merges[item - files];
                ElfWriter.WriteMergedPiecesTo(layout, g, 0, g.MemberCount, scratch[g.Output.HeaderIndex]!.Value);
            }
        });

        // 2. Every chunk of every section, compressed in parallel; chunk boundaries depend on sizes alone.
        var firstChunk = new int[sections.Length + 1];
        for (int i = 0; i < sections.Length; i++) firstChunk[i + 1] = firstChunk[i] + ChunkCompressor.ChunkCount((long)sections[i].Size);
        var chunks = new (byte[] Bytes, uint Adler)[firstChunk[^1]];
        var owner = new int[chunks.Length];
        for (int i = 0; i < sections.Length; i++)
            for (int c = firstChunk[i]; c < firstChunk[i + 1]; c++) owner[c] = i;
        work.For(chunks.Length, c =>
        {
            int i = owner[c];
            chunks[c] = ChunkCompressor.Chunk(scratch[sections[i].HeaderIndex]!.Value, c - firstChunk[i], zstd);
        });

        // 3. Each section as Elf64_Chdr + payload when that is smaller, else as it is; placed in header order.
        var entries = new Entry[sections.Length];
        ulong offset = layout.FileSize;
        for (int i = 0; i < sections.Length; i++)
        {
            var os = sections[i];
            Entry entry;
            if (Frame(os.Size, os.Align, chunks.AsSpan(firstChunk[i], firstChunk[i + 1] - firstChunk[i]), zstd, out ulong total) is { } parts)
            {
                offset = AlignUp(offset, 8);
                entry = new Entry(os, offset, total, os.Flags | SHF_COMPRESSED, 8, parts);
            }
            else
            {
                // GNU ld's rule: compression that does not shrink the section is dropped. Its bytes are kept as parts
                // of at most UncompressedPart bytes (the scratch buffer is freed on return).
                offset = AlignUp(offset, os.Align);
                entry = new Entry(os, offset, os.Size, os.Flags, os.Align, Parts(scratch[os.HeaderIndex]!.Value));
            }
            entries[i] = entry;
            offset += entry.Size;
        }
        return new CompressedDebugSections(entries, offset, layout.Sections.Length);
    }

    /// <summary>A section's compressed form as parts to write in order (Elf64_Chdr, zlib header, the chunks, zlib
    /// trailer; zstd frames need neither) and its size; null when that is not smaller than the <paramref name="size"/>
    /// bytes, which GNU ld then keeps as they are. Shared with the relocatable output (RelocatableDebugCompression).</summary>
    internal static byte[][]? Frame(ulong size, ulong align, ReadOnlySpan<(byte[] Bytes, uint Adler)> chunks, bool zstd, out ulong total)
    {
        long payload = 0;
        uint adler = 1;
        for (int c = 0; c < chunks.Length; c++)
        {
            payload += chunks[c].Bytes.Length;
            if (!zstd)
            {
                long chunkLength = Math.Min(ChunkCompressor.ChunkSize, (long)size - (long)c * ChunkCompressor.ChunkSize);
                adler = c == 0 ? chunks[c].Adler : Adler32.Combine(adler, chunks[c].Adler, chunkLength);
            }
        }
        total = ChdrSize + (ulong)payload + (zstd ? 0UL : 6UL);
        if (total >= size) return null;
        var parts = new List<byte[]>(chunks.Length + 3);
        var chdr = new byte[ChdrSize];
        BinaryPrimitives.WriteUInt32LittleEndian(chdr, zstd ? 2u : 1u); // ELFCOMPRESS_ZSTD / ELFCOMPRESS_ZLIB
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(8), size);
        BinaryPrimitives.WriteUInt64LittleEndian(chdr.AsSpan(16), align);
        parts.Add(chdr);
        if (!zstd) parts.Add(ChunkCompressor.ZlibHeader.ToArray());
        foreach (var chunk in chunks) parts.Add(chunk.Bytes);
        if (!zstd) parts.Add(ChunkCompressor.ZlibTrailer(adler));
        return [.. parts];
    }

    // The largest part an uncompressed section is kept in: a byte[] cannot pass 2 GiB.
    private const int UncompressedPart = 1 << 30;

    private static byte[][] Parts(OutputImage bytes)
    {
        var parts = new byte[(int)((bytes.Length + UncompressedPart - 1) / UncompressedPart)][];
        for (int p = 0; p < parts.Length; p++)
        {
            ulong at = (ulong)p * UncompressedPart;
            parts[p] = bytes.Slice(at, (int)Math.Min(UncompressedPart, bytes.Length - at)).ToArray();
        }
        return parts;
    }

    private static unsafe OutputImage Allocate(Layout.Layout layout, OutputSection os)
    {
        try
        {
            return new OutputImage((byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)Math.Max(os.Size, 1)), os.Size);
        }
        catch (OutOfMemoryException e)
        {
            throw new LinkException(ErrorId.OutOfMemory,
                $"{layout.Options.OutputPath}: out of memory: {os.Name} needs {os.Size} bytes to be compressed", layout.Options.OutputPath, e);
        }
    }

    private static unsafe void Free(OutputImage image) => System.Runtime.InteropServices.NativeMemory.Free(image.Pointer);

    private static ulong AlignUp(ulong value, ulong align) => align <= 1 ? value : (value + align - 1) & ~(align - 1);
}
