// The records of a relocatable output's layout (RelocatableLayout): one output section made of input pieces, one
// input piece, one kept COMDAT group. Built by RelocatableSectionPlan and RelocatableLayout, read by the writer.
namespace Wild.Engine.Relocatable;

/// <summary>One input section placed in an output section: where its bytes go and where its relocations go.</summary>
/// <param name="Output">The output section (index into RelocatableLayout.Sections).</param>
/// <param name="File">FileId of the object.</param>
/// <param name="Section">The input section's index in its object.</param>
/// <param name="Offset">Offset of the input section inside the output section.</param>
/// <param name="Rela">The input's SHT_RELA section for it (0: none).</param>
/// <param name="RelaStart">Index of its first relocation in the output section's .rela table.</param>
internal readonly record struct RelocatablePiece(int Output, int File, int Section, ulong Offset, int Rela, int RelaStart);

/// <summary>One output section: a name, merged flags, and its pieces (a range of RelocatableLayout.Pieces), or bytes the
/// linker made (.note.gnu.property, .note.GNU-stack). Its relocations, if any, follow it as .rela&lt;name&gt;.</summary>
internal sealed record RelocatableSection(string Name, uint Type, ulong Flags, ulong Align, ulong EntrySize, ulong Size,
    int FirstPiece, int PieceCount, int RelaCount, int Group, int LinkFile, int LinkSection, byte[]? Contents)
{
    /// <summary>Section header index (set when the layout numbers the sections).</summary>
    public int HeaderIndex { get; init; }
    /// <summary>Header index of .rela&lt;name&gt;; 0 when the section has no relocations.</summary>
    public int RelaHeaderIndex { get; init; }
    public ulong FileOffset { get; init; }
    public ulong RelaFileOffset { get; init; }
}

/// <summary>A kept section group (COMDAT or not) of one input: the output sections of its members (and their .rela
/// sections) form the output's group, under the same signature symbol.</summary>
internal sealed record RelocatableGroup(int File, int Section, uint Flags, int[] Members)
{
    public int HeaderIndex { get; init; }
    public ulong FileOffset { get; init; }
    /// <summary>Size in bytes: the flag word and one word per member section and per member's .rela section.</summary>
    public ulong Size { get; init; }
}
