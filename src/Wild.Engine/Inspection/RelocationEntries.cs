// The entries of one relocation section as inspection lists them: SHT_RELA or SHT_REL, of an ELF64 or an ELF32
// file, as Elf64_Rela records (read in place for ELF64 RELA, the only kind the link reads; widened otherwise).
// A REL entry has no addend field: its addend is the value already in the patched bytes, which only the
// machine's psABI says how to read, so it is reported as absent (HasAddends false), not as 0. Applying them is
// the link's (Arch/); naming their types is RelocationNames'. A packed SHT_RELR table (ELF64) is decoded into
// the RELATIVE relocations it stands for, as readelf -r lists them: offsets only, the addend being in the word.
using System.Runtime.InteropServices;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Inspection;

public static class RelocationEntries
{
    /// <summary>Whether section header <paramref name="h"/> holds relocations inspection lists.</summary>
    public static bool IsRelocationSection(in Elf64SectionHeader h) => h.Type is SHT_RELA or SHT_REL;

    /// <summary>Whether the entries carry their addend (SHT_RELA); SHT_REL's addend is in the patched bytes.</summary>
    public static bool HasAddends(in Elf64SectionHeader h) => h.Type == SHT_RELA;

    /// <summary>The size of one entry of a section of type <paramref name="sectionType"/> (SHT_RELA or SHT_REL).</summary>
    public static int EntrySize(bool elf32, uint sectionType) => (elf32, sectionType == SHT_RELA) switch
    {
        (false, true) => RelaSize,
        (false, false) => 16,
        (true, true) => Elf32Records.RelaSize,
        (true, false) => Elf32Records.RelSize,
    };

    /// <summary>The entries of <paramref name="table"/>, whole entries of <see cref="EntrySize"/> bytes.</summary>
    public static ReadOnlySpan<Elf64Rela> Decode(ReadOnlySpan<byte> table, bool elf32, uint sectionType) => (elf32, sectionType == SHT_RELA) switch
    {
        (false, true) => MemoryMarshal.Cast<byte, Elf64Rela>(table),
        (false, false) => Elf32Records.Elf64Rel(table),
        (true, var rela) => Elf32Records.Relocations(table, rela),
    };

    /// <summary>Whether section header <paramref name="h"/> is a packed table of relative relocations (.relr.dyn).</summary>
    public static bool IsRelrSection(in Elf64SectionHeader h) => h.Type == SHT_RELR;

    /// <summary>The machine's RELATIVE relocation type, which every entry of an SHT_RELR table stands for (0 unknown).</summary>
    public static uint RelativeType(ushort machine) => machine switch
    {
        EM_X86_64 or EM_386 => 8,
        EM_AARCH64 => 1027,
        EM_RISCV => 3,
        _ => 0,
    };

    /// <summary>The RELATIVE relocations an ELF64 SHT_RELR section of <paramref name="obj"/> encodes, in table order,
    /// with no symbol and no addend (it is the relocated word itself); a section of partial entries is MalformedElf.</summary>
    public static Elf64Rela[] ReadRelr(ObjectFile obj, int section)
    {
        ref readonly var h = ref obj.SectionHeaders[section];
        if (h.EntrySize != 8 || h.Size % 8 != 0)
            throw obj.Malformed($"SHT_RELR section [{section}] {obj.SectionNameString(section)} has sh_entsize {h.EntrySize} and size {h.Size}, not whole 8-byte entries");
        var addresses = RelrEncoding.Decode(MemoryMarshal.Cast<byte, ulong>(obj.SectionData(section)));
        ulong info = Elf64Rela.MakeInfo(0, RelativeType(obj.Machine));
        var relocations = new Elf64Rela[addresses.Count];
        for (int i = 0; i < relocations.Length; i++) relocations[i] = new Elf64Rela { Offset = addresses[i], Info = info };
        return relocations;
    }

    /// <summary>The entries of relocation section <paramref name="section"/> of <paramref name="obj"/>, after checking
    /// that it holds whole entries of its class and type; a section that does not is a MalformedElf error.</summary>
    public static ReadOnlySpan<Elf64Rela> Read(ObjectFile obj, int section)
    {
        ref readonly var h = ref obj.SectionHeaders[section];
        int size = EntrySize(obj.Is32Bit, h.Type);
        if (h.EntrySize != (ulong)size || h.Size % (ulong)size != 0)
            throw obj.Malformed($"relocation section [{section}] {obj.SectionNameString(section)} has sh_entsize {h.EntrySize} and size {h.Size}, not whole {size}-byte entries");
        return Decode(obj.SectionData(section), obj.Is32Bit, h.Type);
    }
}
