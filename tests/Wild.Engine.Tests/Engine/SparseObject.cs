// Writes an x86-64 ET_REL object whose sections may be of any size, sparse: a section is its size and the few byte
// runs a test places in it, everything else a hole in the file, so a 2 GiB section costs no disk traffic. For the
// tests of issue 18's sizes (WideDebugTests, HugeTableTests); the section name table is added, the rest (symbols, relocations) is
// given as bytes by the test.
using System.Buffers.Binary;
using System.Text;

namespace Wild.Engine.Tests.Engine;

internal sealed class SparseObject
{
    private sealed record Section(string Name, uint Type, ulong Flags, ulong Size, ulong Align, ulong EntSize, uint Link, uint Info)
    {
        public List<(ulong Offset, byte[] Bytes)> Runs { get; } = [];
        /// <summary>Writes the section's contents, the stream at its first byte: for contents too big to hold (GiBs of
        /// strings, tens of millions of table entries).</summary>
        public Action<FileStream>? Stream { get; init; }
    }

    private readonly List<Section> _sections = [];

    /// <summary>Adds a section and returns its index (from 1).</summary>
    public int Add(string name, uint type, ulong flags, ulong size, ulong align = 1, ulong entSize = 0, uint link = 0, uint info = 0)
    {
        _sections.Add(new Section(name, type, flags, size, align, entSize, link, info));
        return _sections.Count;
    }

    /// <summary>Adds a section holding <paramref name="bytes"/>.</summary>
    public int Add(string name, uint type, ulong flags, byte[] bytes, ulong align = 1, ulong entSize = 0, uint link = 0, uint info = 0)
    {
        int index = Add(name, type, flags, (ulong)bytes.Length, align, entSize, link, info);
        Put(index, 0, bytes);
        return index;
    }

    /// <summary>Adds a section whose contents <paramref name="write"/> streams into the file, from the section's
    /// first byte; what it leaves unwritten is a hole.</summary>
    public int Add(string name, uint type, ulong flags, ulong size, ulong align, ulong entSize, uint link, uint info, Action<FileStream> write)
    {
        _sections.Add(new Section(name, type, flags, size, align, entSize, link, info) { Stream = write });
        return _sections.Count;
    }

    public void Put(int section, ulong offset, byte[] bytes) => _sections[section - 1].Runs.Add((offset, bytes));

    /// <summary>SHT_RELA entries.</summary>
    public static byte[] Rela(params (ulong Offset, uint Symbol, uint Type, long Addend)[] relocs)
    {
        var bytes = new byte[relocs.Length * 24];
        for (int i = 0; i < relocs.Length; i++)
        {
            var (offset, symbol, type, addend) = relocs[i];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 24), offset);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 24 + 8), ((ulong)symbol << 32) | type);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 24 + 16), addend);
        }
        return bytes;
    }

    /// <summary>A symbol table (its null entry first, then these) and its string table.</summary>
    public static (byte[] Symtab, byte[] Strtab) Symbols(params (string Name, byte Info, ushort Section, ulong Value)[] symbols)
    {
        var symtab = new byte[(symbols.Length + 1) * 24];
        var strtab = new MemoryStream();
        strtab.WriteByte(0);
        for (int i = 0; i < symbols.Length; i++)
        {
            var (name, info, section, value) = symbols[i];
            var at = symtab.AsSpan((i + 1) * 24);
            if (name.Length > 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)strtab.Length);
                strtab.Write(Encoding.ASCII.GetBytes(name + "\0"));
            }
            at[4] = info;
            BinaryPrimitives.WriteUInt16LittleEndian(at[6..], section);
            BinaryPrimitives.WriteUInt64LittleEndian(at[8..], value);
        }
        return (symtab, strtab.ToArray());
    }

    public void Write(string path)
    {
        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<uint>();
        foreach (var s in _sections)
        {
            nameOffsets.Add((uint)names.Length);
            names.Write(Encoding.ASCII.GetBytes(s.Name + "\0"));
        }
        uint shstrtabName = (uint)names.Length;
        names.Write(".shstrtab\0"u8);
        var shstrtab = names.ToArray();

        ulong at = 64;
        var offsets = new List<ulong>();
        foreach (var s in _sections)
        {
            at = (at + Math.Max(s.Align, 8) - 1) & ~(Math.Max(s.Align, 8) - 1);
            offsets.Add(at);
            if (s.Type != 8) at += s.Size; // SHT_NOBITS takes no file bytes
        }
        ulong shstrtabAt = at;
        ulong shdrAt = (shstrtabAt + (ulong)shstrtab.Length + 7) & ~7UL;
        int count = _sections.Count + 2;

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var header = new byte[64];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(16), 1); // ET_REL
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(18), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), shdrAt);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(60), (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(62), (ushort)(count - 1));
        file.Write(header);
        for (int i = 0; i < _sections.Count; i++)
        {
            if (_sections[i].Stream is { } stream)
            {
                file.Position = (long)offsets[i];
                stream(file);
            }
            foreach (var (offset, bytes) in _sections[i].Runs)
            {
                file.Position = (long)(offsets[i] + offset);
                file.Write(bytes);
            }
        }
        file.Position = (long)shstrtabAt;
        file.Write(shstrtab);
        file.Position = (long)shdrAt;
        var shdr = new byte[64];
        file.Write(shdr); // SHN_UNDEF
        for (int i = 0; i <= _sections.Count; i++)
        {
            var s = i < _sections.Count ? _sections[i] : new Section(".shstrtab", 3, 0, (ulong)shstrtab.Length, 1, 0, 0, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr, i < _sections.Count ? nameOffsets[i] : shstrtabName);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(4), s.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(8), s.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(16), 0);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(24), i < _sections.Count ? offsets[i] : shstrtabAt);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(32), s.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(40), s.Link);
            BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(44), s.Info);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(48), s.Align);
            BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(56), s.EntSize);
            file.Write(shdr);
        }
    }
}
