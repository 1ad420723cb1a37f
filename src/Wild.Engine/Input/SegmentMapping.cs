// Decides which sections of a linked image a segment holds (readelf -l's "section to segment mapping"):
// by address, for allocated sections only. Reading the headers themselves is
// ProgramHeaderTable's and ObjectFile's job.
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

public static class SegmentMapping
{
    public static bool Contains(in Elf64ProgramHeader segment, in Elf64SectionHeader section)
    {
        if (section.Type == SHT_NULL)
            return false;
        // .tbss occupies no address space outside the TLS template: only PT_TLS holds it.
        bool tbss = section.IsTls && section.IsNoBits;
        if (tbss && segment.Type != PT_TLS)
            return false;
        // Only PT_TLS, PT_LOAD and PT_GNU_RELRO can hold TLS sections.
        if (section.IsTls && segment.Type is not (PT_TLS or PT_LOAD or PT_GNU_RELRO))
            return false;
        if (!section.IsTls && segment.Type == PT_TLS)
            return false;
        // Non-allocated sections (.comment, .symtab) are not part of the memory image.
        if (!section.IsAlloc || section.Address < segment.VirtualAddress)
            return false;
        ulong start = section.Address - segment.VirtualAddress;
        ulong limit = section.IsNoBits ? segment.MemorySize : segment.FileSize;
        // An empty section at a segment's end is not inside it.
        return section.Size == 0 ? start < limit : start < limit && section.Size <= limit - start;
    }
}
