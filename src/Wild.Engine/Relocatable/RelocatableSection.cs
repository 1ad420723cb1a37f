// The records of a relocatable output's layout (RelocatableLayout): one output section made of input pieces, one
// input piece, one kept COMDAT group. Built by RelocatableSectionPlan and RelocatableLayout, read by the writer.
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

/// <summary>One input section placed in an output section: where its bytes go and where its relocations go.</summary>
/// <param name="Output">The output section (index into RelocatableLayout.Sections).</param>
/// <param name="File">FileId of the object.</param>
/// <param name="Section">The input section's index in its object.</param>
/// <param name="Offset">Offset of the input section inside the output section.</param>
/// <param name="Rela">The input's SHT_RELA section for it (0: none).</param>
/// <param name="RelaStart">Index of its first relocation in the output section's .rela table.</param>
/// <param name="RelaCount">How many relocations it writes there: all of the input's, less (with --gc-sections) those of a
/// debug section that name a removed section, which GNU ld -r deletes.</param>
internal readonly record struct RelocatablePiece(int Output, FileId File, int Section, ulong Offset, int Rela, int RelaStart, int RelaCount);

/// <summary>One output section: a name, merged flags, and its pieces (a range of RelocatableLayout.Pieces), or bytes the
/// linker made (.note.gnu.property, .note.GNU-stack). Its relocations, if any, follow it as .rela&lt;name&gt;.</summary>
internal sealed record RelocatableSection(RelocatableName Name, uint Type, ulong Flags, ulong Align, ulong EntrySize, ulong Size,
    int FirstPiece, int PieceCount, int RelaCount, int Group, int LinkFile, int LinkSection, byte[]? Contents)
{
    /// <summary>Section header index (set when the layout numbers the sections).</summary>
    public int HeaderIndex { get; init; }
    /// <summary>Header index of .rela&lt;name&gt;; 0 when the section has no relocations.</summary>
    public int RelaHeaderIndex { get; init; }
    public ulong FileOffset { get; init; }
    public ulong RelaFileOffset { get; init; }
    /// <summary>With --compress-debug-sections: the uncompressed size of a section whose <see cref="CompressedParts"/> are
    /// its compressed form (its pieces' bytes are then not copied); 0 for every other section.</summary>
    public ulong CompressedFrom { get; init; }
    /// <summary>With --compress-debug-sections: the compressed form, as parts written one after another (their total
    /// is <see cref="Size"/>, which may pass 2 GiB); null for every other section.</summary>
    public byte[][]? CompressedParts { get; init; }
}

/// <summary>A kept section group (COMDAT or not) of one input: the output sections of its members (and their .rela
/// sections) form the output's group, under the same signature symbol.</summary>
internal sealed record RelocatableGroup(FileId File, int Section, uint Flags, int[] Members)
{
    public int HeaderIndex { get; init; }
    public ulong FileOffset { get; init; }
    /// <summary>Size in bytes: the flag word and one word per member section and per member's .rela section.</summary>
    public ulong Size { get; init; }
}

/// <summary>An output section's name without a string per section: the bytes of an input section's name (less
/// <see cref="Skip"/> bytes after the first, so .zdebug_info reads .debug_info), or a name the linker chose.</summary>
internal readonly record struct RelocatableName(Input.ObjectFile? Object, int Section, int Skip, string? Made)
{
    public static RelocatableName Of(string made) => new(null, 0, 0, made);

    public int Length => Object is null ? Made!.Length : Math.Max(0, Object.SectionName(Section).Length - Skip);

    public void CopyTo(Span<byte> target)
    {
        if (Object is null)
        {
            System.Text.Encoding.ASCII.GetBytes(Made!, target);
            return;
        }
        var name = Object.SectionName(Section);
        if (name.Length == 0) return;
        target[0] = name[0];
        name[(1 + Skip)..].CopyTo(target[1..]);
    }

    public override string ToString()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
