// Checks the headers of a relocatable object's SHT_RELA sections when it is read: each applies to one
// real section, through the object's symbol table, with 24-byte entries. The entries themselves (symbol
// index, offset, type) are checked by layout, which reads them for the objects that join the link.
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

internal static class RelocationSections
{
    public static void Check(ObjectFile obj)
    {
        var sections = obj.SectionHeaders;
        bool[]? relocated = null; // allocated only for objects that have relocation sections
        for (int s = 1; s < sections.Length; s++)
        {
            ref readonly var h = ref sections[s];
            // Compact relocations (clang -Wa,--crel) would be ignored as an unknown section: the program would
            // run with none of them applied. Refused by name instead.
            if (h.Type == SHT_CREL)
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.UnsupportedRelocation,
                    $"{obj.DisplayName}: section [{s}] {obj.SectionNameString(s)} holds CREL (compact) relocations, which are not supported; rebuild without -Wa,--crel",
                    obj.DisplayName);
            if (h.Type != SHT_RELA) continue;
            uint target = h.Info;
            if (target == 0 || target >= (uint)sections.Length)
                throw obj.Malformed($"relocation section [{s}] has invalid target section index {target}");
            // Relocating a table the linker itself interprets (or another relocation section) is meaningless,
            // and would let one section's fixes silently vanish.
            if (sections[(int)target].Type is SHT_NULL or SHT_RELA or SHT_REL or SHT_SYMTAB or SHT_STRTAB or SHT_GROUP or SHT_SYMTAB_SHNDX)
                throw obj.Malformed($"relocation section [{s}] applies to section [{target}] {obj.SectionNameString((int)target)}, which cannot be relocated");
            if (h.Link != (uint)obj.SymtabIndex || obj.SymtabIndex == 0)
                throw obj.Malformed($"relocation section [{s}] does not use the symbol table (sh_link {h.Link})");
            if (h.EntrySize != RelaSize)
                throw obj.Malformed($"relocation section [{s}] has invalid sh_entsize {h.EntrySize} (expected {RelaSize})");
            if (h.Size % RelaSize != 0)
                throw obj.Malformed($"relocation section [{s}] size {h.Size} is not a multiple of {RelaSize}");
            // Read as one span of entries (ObjectFile.Relocations), counted by an int: 2^31 entries is 48 GiB.
            if (h.Size / RelaSize > int.MaxValue)
                throw new Diagnostics.LinkException(Diagnostics.ErrorId.UnsupportedInput,
                    $"{obj.DisplayName}: relocation section [{s}] {obj.SectionNameString(s)} holds {h.Size / RelaSize} relocations; more than {int.MaxValue} in one section are not supported",
                    obj.DisplayName);
            relocated ??= new bool[sections.Length];
            if (relocated[target])
                throw obj.Malformed($"section [{target}] {obj.SectionNameString((int)target)} has more than one relocation section");
            relocated[target] = true;
        }
    }
}
