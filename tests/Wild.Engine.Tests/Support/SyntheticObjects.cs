// Writes relocatable x86-64 objects directly, for links far larger than gcc could compile in a test run:
// object i defines functions f<i>_<j> that each call f<i+1>_<j> (a PLT32 relocation to an undefined symbol)
// and return, and object 0 also has a _start that walks every chain and exits 42. Only what the linker
// reads is written: .text, .rela.text, .symtab, .strtab, .shstrtab and a non-executable-stack note.
using System.Buffers.Binary;
using System.Text;

namespace Wild.Engine.Tests.Support;

public static class SyntheticObjects
{
    private const int FunctionSize = 6; // call rel32; ret

    /// <summary>Writes <paramref name="objects"/> files of <paramref name="functions"/> functions; returns their paths in link order.</summary>
    public static List<string> WriteCallChains(string directory, int objects, int functions)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>(objects);
        for (int i = 0; i < objects; i++)
        {
            string path = Path.Combine(directory, $"o{i}.o");
            File.WriteAllBytes(path, Build(i, objects, functions));
            paths.Add(path);
        }
        return paths;
    }

    private static byte[] Build(int index, int objects, int functions)
    {
        bool last = index == objects - 1;
        bool first = index == 0;
        // _start: for each chain, call f0_j; then exit(42) through the syscall.
        int startSize = first ? functions * 5 + 12 : 0;
        var text = new byte[functions * FunctionSize + startSize];
        var strtab = new StringBuilder("\0");
        var symbols = new List<(int Name, byte Info, ushort Section, ulong Value, ulong Size)> { (0, 0, 0, 0, 0) };
        var relocations = new List<(ulong Offset, int Symbol, long Addend)>();
        int AddName(string name)
        {
            int at = strtab.Length; // names are ASCII: characters are bytes
            strtab.Append(name).Append('\0');
            return at;
        }
        const byte GlobalFunc = 0x12, GlobalNoType = 0x10;
        // Definitions first (all global), then the undefined callees.
        for (int j = 0; j < functions; j++)
            symbols.Add((AddName($"f{index}_{j}"), GlobalFunc, 1, (ulong)(j * FunctionSize), FunctionSize));
        int firstCallee = symbols.Count;
        if (!last)
            for (int j = 0; j < functions; j++)
                symbols.Add((AddName($"f{index + 1}_{j}"), GlobalNoType, 0, 0, 0));
        for (int j = 0; j < functions; j++)
        {
            int at = j * FunctionSize;
            if (last)
            {
                text.AsSpan(at, 5).Fill(0x90);
            }
            else
            {
                text[at] = 0xe8;
                relocations.Add(((ulong)at + 1, firstCallee + j, -4));
            }
            text[at + 5] = 0xc3;
        }
        if (first)
        {
            int start = functions * FunctionSize;
            symbols.Add((AddName("_start"), GlobalFunc, 1, (ulong)start, (ulong)startSize));
            for (int j = 0; j < functions; j++)
            {
                text[start + j * 5] = 0xe8;
                relocations.Add(((ulong)(start + j * 5 + 1), 1 + j, -4));
            }
            // mov $60, %eax; mov $42, %edi; syscall
            ReadOnlySpan<byte> exit = [0xb8, 60, 0, 0, 0, 0xbf, 42, 0, 0, 0, 0x0f, 0x05];
            exit.CopyTo(text.AsSpan(start + functions * 5));
        }

        byte[] strtabBytes = Encoding.ASCII.GetBytes(strtab.ToString());
        byte[] shstrtab = "\0.text\0.rela.text\0.symtab\0.strtab\0.shstrtab\0.note.GNU-stack\0"u8.ToArray();
        var symtab = new byte[symbols.Count * 24];
        for (int s = 0; s < symbols.Count; s++)
        {
            var span = symtab.AsSpan(s * 24);
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)symbols[s].Name);
            span[4] = symbols[s].Info;
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], symbols[s].Section);
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], symbols[s].Value);
            BinaryPrimitives.WriteUInt64LittleEndian(span[16..], symbols[s].Size);
        }
        var rela = new byte[relocations.Count * 24];
        for (int r = 0; r < relocations.Count; r++)
        {
            var span = rela.AsSpan(r * 24);
            BinaryPrimitives.WriteUInt64LittleEndian(span, relocations[r].Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], ((ulong)relocations[r].Symbol << 32) | 4 /* R_X86_64_PLT32 */);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], relocations[r].Addend);
        }

        // Layout: header, then section contents, then the section headers.
        var parts = new[] { text, rela, symtab, strtabBytes, shstrtab };
        var offsets = new long[parts.Length];
        long pos = 64;
        for (int p = 0; p < parts.Length; p++)
        {
            pos = (pos + 7) & ~7L;
            offsets[p] = pos;
            pos += parts[p].Length;
        }
        long shoff = (pos + 7) & ~7L;
        const int sectionCount = 7;
        var file = new byte[shoff + sectionCount * 64];
        var h = file.AsSpan();
        ReadOnlySpan<byte> magic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
        magic.CopyTo(h);
        h[4] = 2; h[5] = 1; h[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], 1);      // ET_REL
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], 62);     // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[60..], sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(h[62..], 5);      // .shstrtab
        for (int p = 0; p < parts.Length; p++) parts[p].CopyTo(file, offsets[p]);

        void Section(int i, uint name, uint type, ulong flags, long offset, long size, uint link, uint info, ulong align, ulong entsize)
        {
            var s = file.AsSpan((int)(shoff + i * 64));
            BinaryPrimitives.WriteUInt32LittleEndian(s, name);
            BinaryPrimitives.WriteUInt32LittleEndian(s[4..], type);
            BinaryPrimitives.WriteUInt64LittleEndian(s[8..], flags);
            BinaryPrimitives.WriteUInt64LittleEndian(s[24..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(s[32..], (ulong)size);
            BinaryPrimitives.WriteUInt32LittleEndian(s[40..], link);
            BinaryPrimitives.WriteUInt32LittleEndian(s[44..], info);
            BinaryPrimitives.WriteUInt64LittleEndian(s[48..], align);
            BinaryPrimitives.WriteUInt64LittleEndian(s[56..], entsize);
        }
        Section(1, 1, 1 /* PROGBITS */, 0x6 /* ALLOC|EXEC */, offsets[0], text.Length, 0, 0, 16, 0);
        Section(2, 7, 4 /* RELA */, 0x40 /* INFO_LINK */, offsets[1], rela.Length, 3, 1, 8, 24);
        // sh_info of .symtab: one past the last local (only the null symbol is local).
        Section(3, 18, 2 /* SYMTAB */, 0, offsets[2], symtab.Length, 4, 1, 8, 24);
        Section(4, 26, 3 /* STRTAB */, 0, offsets[3], strtabBytes.Length, 0, 0, 1, 0);
        Section(5, 34, 3 /* STRTAB */, 0, offsets[4], shstrtab.Length, 0, 0, 1, 0);
        Section(6, 44, 1 /* PROGBITS */, 0, offsets[4], 0, 0, 0, 1, 0);
        return file;
    }
}
