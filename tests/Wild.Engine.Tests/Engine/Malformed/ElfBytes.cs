// Field-level access to a copy of a real ELF64 object or shared object, so each malformed-input row can
// name its damage precisely ("the first R_X86_64_PC32 in .rela.text points past the section") instead of
// poking at byte offsets. Offsets are the gABI's; nothing here validates, that is the engine's job.
using System.Buffers.Binary;
using System.Text;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Tests.Engine.Malformed;

internal sealed class ElfBytes(byte[] bytes)
{
    public byte[] Bytes { get; private set; } = bytes;

    // ---- ELF header
    public ulong ShOff { get => U64(40); set => U64(40, value); }
    public int ShNum { get => U16(60); set => U16(60, (ushort)value); }
    public int ShStrNdx { get => U16(62); set => U16(62, (ushort)value); }

    // ---- Section headers
    public int Shdr(int i) => checked((int)ShOff + i * 64);
    public uint SectionName(int i) => U32(Shdr(i));
    public void SetSectionName(int i, uint v) => U32(Shdr(i), v);
    public uint Type(int i) => U32(Shdr(i) + 4);
    public void SetType(int i, uint v) => U32(Shdr(i) + 4, v);
    public ulong Flags(int i) => U64(Shdr(i) + 8);
    public void SetFlags(int i, ulong v) => U64(Shdr(i) + 8, v);
    public ulong Offset(int i) => U64(Shdr(i) + 24);
    public void SetOffset(int i, ulong v) => U64(Shdr(i) + 24, v);
    public ulong Size(int i) => U64(Shdr(i) + 32);
    public void SetSize(int i, ulong v) => U64(Shdr(i) + 32, v);
    public uint Link(int i) => U32(Shdr(i) + 40);
    public void SetLink(int i, uint v) => U32(Shdr(i) + 40, v);
    public uint Info(int i) => U32(Shdr(i) + 44);
    public void SetInfo(int i, uint v) => U32(Shdr(i) + 44, v);
    public void SetAlign(int i, ulong v) => U64(Shdr(i) + 48, v);
    public ulong EntSize(int i) => U64(Shdr(i) + 56);
    public void SetEntSize(int i, ulong v) => U64(Shdr(i) + 56, v);

    public string NameOf(int i)
    {
        int table = (int)Offset(ShStrNdx) + (int)SectionName(i);
        int end = Array.IndexOf(Bytes, (byte)0, table);
        return Encoding.ASCII.GetString(Bytes, table, end - table);
    }

    public int Section(string name)
    {
        for (int i = 1; i < ShNum; i++)
            if (NameOf(i) == name) return i;
        throw new InvalidOperationException($"no section {name}");
    }

    public int SectionOfType(uint type)
    {
        for (int i = 1; i < ShNum; i++)
            if (Type(i) == type) return i;
        throw new InvalidOperationException($"no section of type 0x{type:x}");
    }

    /// <summary>The first section with all of <paramref name="flags"/>.</summary>
    public int SectionWithFlags(ulong flags)
    {
        for (int i = 1; i < ShNum; i++)
            if ((Flags(i) & flags) == flags) return i;
        throw new InvalidOperationException($"no section with flags 0x{flags:x}");
    }

    // ---- Symbols (of the SHT_SYMTAB, or SHT_DYNSYM for a shared object)
    public int Symtab => HasType(SHT_SYMTAB) ? SectionOfType(SHT_SYMTAB) : SectionOfType(SHT_DYNSYM);
    public int SymbolCount => (int)(Size(Symtab) / 24);
    public int FirstGlobal => (int)Info(Symtab);
    public int Sym(int index) => (int)Offset(Symtab) + index * 24;

    public int Symbol(string name)
    {
        int strtab = (int)Offset((int)Link(Symtab));
        for (int s = 1; s < SymbolCount; s++)
        {
            int start = strtab + (int)U32(Sym(s));
            int end = Array.IndexOf(Bytes, (byte)0, start);
            if (Encoding.ASCII.GetString(Bytes, start, end - start) == name) return s;
        }
        throw new InvalidOperationException($"no symbol {name}");
    }

    /// <summary>The STT_SECTION symbol of section <paramref name="name"/> (section symbols have no name of their own).</summary>
    public int SectionSymbol(string name)
    {
        int section = Section(name);
        for (int s = 1; s < SymbolCount; s++)
            if ((SymbolInfo(s) & 0xf) == STT_SECTION && SymbolShndx(s) == section) return s;
        throw new InvalidOperationException($"no section symbol for {name}");
    }

    public void SetSymbolName(int s, uint v) => U32(Sym(s), v);
    public byte SymbolInfo(int s) => Bytes[Sym(s) + 4];
    public void SetSymbolInfo(int s, byte v) => Bytes[Sym(s) + 4] = v;
    public ushort SymbolShndx(int s) => (ushort)U16(Sym(s) + 6);
    public void SetSymbolShndx(int s, ushort v) => U16(Sym(s) + 6, v);
    public void SetSymbolValue(int s, ulong v) => U64(Sym(s) + 8, v);

    // ---- Relocations
    public int Rela(int relaSection, int index) => (int)Offset(relaSection) + index * 24;
    public int RelaCount(int relaSection) => (int)(Size(relaSection) / 24);

    /// <summary>Index of the first relocation of <paramref name="type"/> in the section.</summary>
    public int FirstRela(int relaSection, uint type)
    {
        for (int r = 0; r < RelaCount(relaSection); r++)
            if (U32(Rela(relaSection, r) + 8) == type) return r;
        throw new InvalidOperationException($"no relocation of type {type} in section {relaSection}");
    }

    public ulong RelaOffset(int relaSection, int r) => U64(Rela(relaSection, r));
    public void SetRelaOffset(int relaSection, int r, ulong v) => U64(Rela(relaSection, r), v);
    public void SetRelaType(int relaSection, int r, uint v) => U32(Rela(relaSection, r) + 8, v);
    public void SetRelaSymbol(int relaSection, int r, uint v) => U32(Rela(relaSection, r) + 12, v);

    // ---- Dynamic section
    /// <summary>Byte position of the d_val of the first dynamic entry with <paramref name="tag"/>.</summary>
    public int DynamicValue(long tag)
    {
        int dyn = SectionOfType(SHT_DYNAMIC);
        for (int p = (int)Offset(dyn); p < (int)(Offset(dyn) + Size(dyn)); p += 16)
            if ((long)U64(p) == tag) return p + 8;
        throw new InvalidOperationException($"no dynamic entry {tag}");
    }

    /// <summary>Keeps only the first <paramref name="length"/> bytes (a truncated copy).</summary>
    public void Truncate(int length) => Bytes = Bytes[..length];

    public bool HasType(uint type)
    {
        for (int i = 1; i < ShNum; i++)
            if (Type(i) == type) return true;
        return false;
    }

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(at));
    public void U16(int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(at), v);
    public uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(at));
    public void U32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(at), v);
    public ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at));
    public void U64(int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan(at), v);
}
