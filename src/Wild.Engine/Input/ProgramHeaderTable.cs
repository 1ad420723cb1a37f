// Reads the program header table of a linked image (executable or shared object) in place (an ELF32 one
// widened, for inspection), as the loader sees it, and maps virtual addresses back to file offsets through the PT_LOAD segments. Which sections
// a segment holds is SegmentMapping's concern; the dynamic section is read by DynamicSection.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

public static class ProgramHeaderTable
{
    /// <summary>e_phnum's escape value: the real count is in section 0's sh_info.</summary>
    private const ushort PN_XNUM = 0xffff;

    /// <summary>The program headers of <paramref name="image"/>, of any machine and either class (an ELF32 table is
    /// widened to Elf64_Phdr records); empty for a relocatable object.
    /// Throws LinkException naming <paramref name="name"/> if the table lies outside the file.</summary>
    public static ReadOnlySpan<Elf64ProgramHeader> Read(ReadOnlySpan<byte> image, string name)
    {
        // Inspection, reports, and a shared object's PT_GNU_RELRO for copy relocations: any machine will do.
        ElfIdentity.Check(image, name, anyMachine: true);
        bool elf32 = Elf32Records.IsElf32(image);
        var header = elf32 ? Elf32Records.Header(image) : MemoryMarshal.Read<Elf64Header>(image);
        int entrySize = elf32 ? Elf32Records.ProgramHeaderSize : ProgramHeaderSize;
        ulong count = header.ProgramHeaderCount;
        if (header.ProgramHeaderOffset == 0 || count == 0)
            return default;
        if (header.ProgramHeaderEntrySize != entrySize)
            throw Malformed(name, $"invalid e_phentsize {header.ProgramHeaderEntrySize}");
        if (count == PN_XNUM)
        {
            ulong shoff = header.SectionHeaderOffset;
            int sectionHeaderSize = elf32 ? Elf32Records.SectionHeaderSize : SectionHeaderSize;
            if (shoff == 0 || shoff > (ulong)image.Length || (ulong)image.Length - shoff < (ulong)sectionHeaderSize)
                throw Malformed(name, "e_phnum is PN_XNUM but there is no section header 0 to hold the count");
            count = elf32
                ? Elf32Records.SectionHeaders(image.Slice((int)shoff, sectionHeaderSize))[0].Info
                : MemoryMarshal.Read<Elf64SectionHeader>(image[(int)shoff..]).Info;
        }
        ulong offset = header.ProgramHeaderOffset;
        if (offset > (ulong)image.Length || count > ((ulong)image.Length - offset) / (ulong)entrySize)
            throw Malformed(name, $"program header table (e_phoff 0x{offset:x}, {count} entries) is beyond the end of the file");
        var table = image.Slice((int)offset, (int)count * entrySize);
        return elf32 ? Elf32Records.ProgramHeaders(table) : MemoryMarshal.Cast<byte, Elf64ProgramHeader>(table);
    }

    /// <summary>The file offset holding <paramref name="address"/> and how many bytes of the file follow it
    /// inside the same PT_LOAD; false when no loaded segment has file bytes at that address.</summary>
    public static bool TryFileOffset(ReadOnlySpan<Elf64ProgramHeader> headers, ulong address, out ulong offset, out ulong available)
    {
        foreach (ref readonly var h in headers)
        {
            if (h.Type != PT_LOAD || address < h.VirtualAddress || address - h.VirtualAddress >= h.FileSize)
                continue;
            ulong delta = address - h.VirtualAddress;
            offset = h.Offset + delta;
            available = h.FileSize - delta;
            return true;
        }
        offset = available = 0;
        return false;
    }

    private static LinkException Malformed(string name, string what) =>
        new(ErrorId.MalformedElf, $"{name}: malformed ELF file: {what}", name);
}
