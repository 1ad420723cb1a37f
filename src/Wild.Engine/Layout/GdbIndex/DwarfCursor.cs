// A bounds-checked little-endian reader over one DWARF section's bytes (ULEB/SLEB128, fixed-size integers,
// C strings), used by the .gdb_index readers. It only reads raw bytes: values that relocations fill in an object
// file are RelocatedSection's business.
using System.Buffers.Binary;

namespace Wild.Engine.Layout;

internal ref struct DwarfCursor(ReadOnlySpan<byte> bytes, int offset)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Offset = offset;

    public readonly int Length => _bytes.Length;
    public readonly bool AtEnd => Offset >= _bytes.Length;

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>An unsigned integer of 1, 2, 3, 4 or 8 bytes (DW_FORM_strx3/addrx3 are 3).</summary>
    public ulong Fixed(int size) => size switch
    {
        1 => U8(),
        2 => U16(),
        3 => U16() | ((ulong)U8() << 16),
        4 => U32(),
        _ => U64(),
    };

    public ulong Uleb()
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = U8();
            if (shift < 64) value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    public long Sleb()
    {
        long value = 0;
        int shift = 0;
        byte b;
        do
        {
            b = U8();
            if (shift < 64) value |= (long)(b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) value |= -1L << shift;
        return value;
    }

    /// <summary>The bytes of a NUL-terminated string (without the NUL); the cursor moves past the NUL.</summary>
    public ReadOnlySpan<byte> CString()
    {
        var rest = Rest;
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw new FormatException($"unterminated string at offset 0x{Offset:x}");
        Offset += end + 1;
        return rest[..end];
    }

    public void Skip(ulong count)
    {
        if (count > (ulong)(_bytes.Length - Offset)) throw new FormatException($"{count} bytes at offset 0x{Offset:x} run past the section's end");
        Offset += (int)count;
    }

    private readonly ReadOnlySpan<byte> Rest => (uint)Offset <= (uint)_bytes.Length ? _bytes[Offset..] : default;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (Offset < 0 || count > _bytes.Length - Offset)
            throw new FormatException($"reading {count} bytes at offset 0x{Offset:x} runs past the section's end (0x{_bytes.Length:x})");
        var s = _bytes.Slice(Offset, count);
        Offset += count;
        return s;
    }
}
