// Bytes a linker script puts into an output section itself: BYTE/SHORT/LONG/QUAD/SQUAD values and the fill
// pattern (=fill, FILL) of the gaps between inputs. The address walk (ScriptAddressAssigner) decides them; the
// writer copies them to their ranges, which no input section covers.
namespace Wild.Engine.Layout;

/// <summary><paramref name="Length"/> bytes at <paramref name="Offset"/> in <paramref name="Section"/>: <paramref name="Pattern"/>
/// repeated from its first byte (a data value is one pattern of its own length).</summary>
internal readonly record struct ScriptBytes(OutputSection Section, ulong Offset, ulong Length, byte[] Pattern)
{
    public void WriteTo(Span<byte> dest)
    {
        dest = dest[..checked((int)Length)];
        for (int at = 0; at < dest.Length; at += Pattern.Length)
            Pattern.AsSpan(0, Math.Min(Pattern.Length, dest.Length - at)).CopyTo(dest[at..]);
    }
}
