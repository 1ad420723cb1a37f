// Bytes a linker script puts into an output section itself: BYTE/SHORT/LONG/QUAD/SQUAD values and the fill
// pattern (=fill, FILL) of the gaps between inputs, or, without one, GNU ld's default fill: the architecture's no-ops
// in a code section (each gap its own run of them: two gaps side by side are not one), zeros elsewhere. The address walk (ScriptAddressAssigner) decides them; the
// writer copies them to their ranges, which no input section covers.
namespace Wild.Engine.Layout;

/// <summary><paramref name="Length"/> bytes at <paramref name="Offset"/> in <paramref name="Section"/>: <paramref name="Pattern"/>
/// repeated from its first byte (a data value is one pattern of its own length); <see cref="DefaultFill"/>: no-ops in
/// code, zeros elsewhere (decided when written, with the section's final flags).</summary>
internal readonly record struct ScriptBytes(OutputSection Section, ulong Offset, ulong Length, byte[] Pattern)
{
    /// <summary>The pattern that stands for GNU ld's default fill (no script can give an empty one).</summary>
    public static readonly byte[] DefaultFill = new byte[0];

    public void WriteTo(Span<byte> dest, Arch.Architecture arch)
    {
        if (ReferenceEquals(Pattern, DefaultFill))
        {
            // The file starts zeroed: only code needs writing.
            if ((Section.Flags & Elf.ElfConstants.SHF_EXECINSTR) != 0) arch.FillCodeGap(dest);
            return;
        }
        for (int at = 0; at < dest.Length; at += Pattern.Length)
            Pattern.AsSpan(0, Math.Min(Pattern.Length, dest.Length - at)).CopyTo(dest[at..]);
    }
}
