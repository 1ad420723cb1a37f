// --compress-debug-sections=zlib|zstd with -r: each .debug_* output section of the partial object written as
// SHF_COMPRESSED (Elf64_Chdr and the payload, sh_addralign 8), as GNU ld -r writes it, when that is smaller. A -r
// output's debug bytes are its inputs' bytes as they are (relocations stay in .rela.debug_*, uncompressed, with offsets
// into the uncompressed bytes), so they are known before layout: rendered here, compressed in chunks on every core
// (ChunkCompressor, framed as a final link frames them), and given to the layout as the section's contents.
using Wild.Engine.Compression;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Writing;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Relocatable;

internal static class RelocatableDebugCompression
{
    /// <summary>The plan's sections, the compressible ones replaced by their compressed form (the same array when the
    /// option is not given).</summary>
    public static RelocatableSection[] Apply(SymbolResolution res, RelocatableSectionPlan plan, ParallelWork work)
    {
        var sections = plan.Sections;
        if (res.Options.CompressDebugSections == DebugCompression.None) return sections;
        bool zstd = res.Options.CompressDebugSections == DebugCompression.Zstd;
        var result = (RelocatableSection[])sections.Clone();
        for (int i = 0; i < sections.Length; i++)
        {
            var s = sections[i];
            if ((s.Flags & SHF_ALLOC) != 0 || s.Type == SHT_NOBITS || s.Size == 0 || s.Contents is not null || !IsDebug(s.Name)) continue;
            if (Compress(res, plan, s, zstd, work, out ulong total) is { } parts)
                result[i] = s with
                {
                    Size = total, Align = 8, Flags = s.Flags | SHF_COMPRESSED, CompressedParts = parts, CompressedFrom = s.Size,
                };
        }
        return result;
    }

    private static bool IsDebug(RelocatableName name)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(name.Length, 256)];
        if (name.Length > bytes.Length) return name.ToString().StartsWith(".debug_", StringComparison.Ordinal);
        name.CopyTo(bytes);
        return bytes.StartsWith(".debug_"u8);
    }

    /// <summary>The section's compressed form as parts to write in order (Elf64_Chdr, the chunks: see
    /// CompressedDebugSections.Frame) and its size, of any size; null when compression would not make it smaller.</summary>
    private static unsafe byte[][]? Compress(SymbolResolution res, RelocatableSectionPlan plan, RelocatableSection s, bool zstd, ParallelWork work, out ulong total)
    {
        var image = new OutputImage((byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)s.Size), s.Size);
        try
        {
            work.For(s.PieceCount, p =>
            {
                var piece = plan.Pieces[s.FirstPiece + p];
                var obj = res.Objects[piece.File];
                if (obj.SectionHeaders[piece.Section].Type == SHT_NOBITS) return;
                SectionCopy.To(obj, piece.Section, image, piece.Offset);
            });
            var chunks = new (byte[] Bytes, uint Adler)[ChunkCompressor.ChunkCount((long)s.Size)];
            work.For(chunks.Length, c => chunks[c] = ChunkCompressor.Chunk(image, c, zstd));
            return CompressedDebugSections.Frame(s.Size, s.Align, chunks, zstd, out total);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(image.Pointer);
        }
    }
}
