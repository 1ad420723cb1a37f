// The output's .gdb_index (version 7, as lld writes it): the CU list, the address area, the symbol hash table
// and the constant pool, in the layout gdb's manual gives ("Index Section Format"). GdbIndexBuilder sized it and
// holds every entry; here the address area gets its output addresses and the whole section is written, into
// the mapped output, by the writer.
using System.Buffers.Binary;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

/// <summary>A name of the symbol table: its bytes (in an input's pubnames or pubtypes), gdb's hash of them, its
/// CU vector (<see cref="CuCount"/> entries of GdbIndex.CuValues from <see cref="CuStart"/>) and where its name
/// lands in the constant pool.</summary>
internal readonly record struct GdbSymbol(FileId File, int Section, int Offset, int Length, uint GdbHash, int CuStart, int CuCount, uint NameOffset);

internal sealed class GdbIndex
{
    /// <summary>lld writes version 7; gdb reads 7 and 8 alike (8 only promises gdb's own fix for type units,
    /// which this index does not hold).</summary>
    public const uint Version = 7;
    private const int HeaderSize = 24;

    private readonly ObjectFile[] _objects;

    internal GdbIndex(ObjectFile[] objects, GdbUnit[] units, GdbArea[] areas, GdbSymbol[] symbols, uint[] cuValues, int slots, ulong nameBytes)
    {
        _objects = objects;
        Units = units;
        Areas = areas;
        Symbols = symbols;
        CuValues = cuValues;
        Slots = slots;
        AddressOffset = HeaderSize + (ulong)units.Length * 16;
        SymbolTableOffset = AddressOffset + (ulong)areas.Length * 20;
        PoolOffset = SymbolTableOffset + (ulong)slots * 8;
        CuVectorBytes = ((ulong)symbols.Length + (ulong)cuValues.Length) * 4;
        Size = PoolOffset + CuVectorBytes + nameBytes;
    }

    /// <summary>The CU list: each unit's offset in the output .debug_info and its size.</summary>
    public GdbUnit[] Units { get; }
    /// <summary>The address area, in input order; Unit is an index into <see cref="Units"/>.</summary>
    public GdbArea[] Areas { get; }
    /// <summary>The symbol table's names, in constant-pool order.</summary>
    public GdbSymbol[] Symbols { get; }
    /// <summary>Every CU vector's entries, one symbol's after another's: attributes &lt;&lt; 24 | CU index.</summary>
    public uint[] CuValues { get; }
    /// <summary>Slots of the open-addressing hash table (a power of two, at least 1024, as lld sizes it).</summary>
    public int Slots { get; }
    public ulong AddressOffset { get; }
    public ulong SymbolTableOffset { get; }
    public ulong PoolOffset { get; }
    private ulong CuVectorBytes { get; }
    public ulong Size { get; }

    /// <summary>gdb's mapped_index_string_hash for index versions 5 and later: r = r * 67 + tolower(c) - 113,
    /// over the name's bytes, with C-locale tolower.</summary>
    public static uint GdbHash(ReadOnlySpan<byte> name)
    {
        uint r = 0;
        foreach (byte b in name)
        {
            uint c = b is >= (byte)'A' and <= (byte)'Z' ? b + 32u : b;
            r = r * 67 + c - 113;
        }
        return r;
    }

    /// <summary>The table size lld picks: the power of two above 4/3 of the symbols, at least 1024.</summary>
    public static int SlotCount(int symbols)
    {
        ulong wanted = (ulong)symbols * 4 / 3;
        ulong next = 1UL << (64 - System.Numerics.BitOperations.LeadingZeroCount(wanted)); // strictly above, as LLVM's NextPowerOf2
        return (int)Math.Max(1024UL, next);
    }

    /// <summary>Writes the whole section; <paramref name="dest"/> is exactly <see cref="Size"/> bytes.</summary>
    public void Write(Layout layout, Span<byte> dest)
    {
        if ((ulong)dest.Length != Size) throw new InvalidOperationException($"internal error: .gdb_index is {dest.Length} bytes, laid out as {Size}");
        BinaryPrimitives.WriteUInt32LittleEndian(dest, Version);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], (uint)AddressOffset); // no type units: the TU list is empty
        BinaryPrimitives.WriteUInt32LittleEndian(dest[12..], (uint)AddressOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[16..], (uint)SymbolTableOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[20..], (uint)PoolOffset);
        var at = dest[HeaderSize..];
        foreach (var u in Units)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at, u.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(at[8..], u.Length);
            at = at[16..];
        }
        foreach (var a in Areas)
        {
            ulong low = layout.InputAddress(a.File, a.Section, a.Low);
            BinaryPrimitives.WriteUInt64LittleEndian(at, low);
            BinaryPrimitives.WriteUInt64LittleEndian(at[8..], low + (a.High - a.Low));
            BinaryPrimitives.WriteUInt32LittleEndian(at[16..], (uint)a.Unit);
            at = at[20..];
        }

        // The hash table: open addressing with gdb's probe sequence (step ((hash * 17) & mask) | 1), filled in
        // constant-pool order; an empty slot is (0, 0), which no symbol writes since its name follows the CU vectors.
        var table = dest.Slice((int)SymbolTableOffset, Slots * 8);
        table.Clear();
        uint mask = (uint)Slots - 1;
        var pool = dest[(int)PoolOffset..];
        for (int i = 0; i < Symbols.Length; i++)
        {
            ref readonly var s = ref Symbols[i];
            uint h = s.GdbHash & mask, step = ((s.GdbHash * 17) & mask) | 1;
            while (BinaryPrimitives.ReadUInt64LittleEndian(table[(int)(h * 8)..]) != 0) h = (h + step) & mask;
            uint cuVector = (uint)(i + s.CuStart) * 4;
            BinaryPrimitives.WriteUInt32LittleEndian(table[(int)(h * 8)..], s.NameOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(table[(int)(h * 8 + 4)..], cuVector);

            var vector = pool[(int)cuVector..];
            BinaryPrimitives.WriteUInt32LittleEndian(vector, (uint)s.CuCount);
            for (int k = 0; k < s.CuCount; k++)
                BinaryPrimitives.WriteUInt32LittleEndian(vector[(4 + k * 4)..], CuValues[s.CuStart + k]);
            var name = _objects[s.File].SectionContents(s.Section).Slice(s.Offset, s.Length);
            name.CopyTo(pool[(int)s.NameOffset..]);
            pool[(int)s.NameOffset + s.Length] = 0;
        }
    }
}
