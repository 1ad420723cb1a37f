// Finds the bytes to disassemble in an ELF file: the extent of each function symbol (st_value, st_size in its
// section), or an address range inside one section, plus the relocations that patch a relocatable object's
// code (a call in a .o reads `call 0` until the linker fills it in). Decoding the bytes is the caller's.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Inspection;

/// <summary>Bytes of one section at <see cref="Address"/> (a section offset in a relocatable object).</summary>
public sealed record CodeRange(string? Symbol, int Section, string SectionName, ulong Address, byte[] Bytes);

public static class CodeRanges
{
    /// <summary>Every defined function (or IFUNC) whose name <paramref name="match"/> accepts, in symbol table order.</summary>
    public static List<CodeRange> ForSymbols(ObjectFile obj, Func<string, bool> match)
    {
        var found = new List<CodeRange>();
        for (int i = 1; i < obj.SymbolCount; i++)
        {
            ref readonly var sym = ref obj.Symbols[i];
            if (sym.Type is not (STT_FUNC or STT_GNU_IFUNC) || sym.IsUndefined || sym.Size == 0) continue;
            int section = obj.SymbolSection(i);
            if (section <= 0 || section >= obj.SectionCount) continue;
            string name = Encoding.UTF8.GetString(obj.SymbolName(i));
            if (!match(name)) continue;
            if (Slice(obj, section, sym.Value, sym.Size) is { } bytes)
                found.Add(new CodeRange(name, section, obj.SectionNameString(section), sym.Value, bytes));
        }
        return found;
    }

    /// <summary>The <paramref name="length"/> bytes at <paramref name="address"/>, in the section that holds it.</summary>
    public static CodeRange ForAddress(ObjectFile obj, ulong address, int length)
    {
        for (int s = 1; s < obj.SectionCount; s++)
        {
            ref readonly var h = ref obj.SectionHeaders[s];
            if (h.Type == SHT_NOBITS || !h.IsAlloc || address < h.Address || address - h.Address >= h.Size) continue;
            // In an object every section starts at 0; only an executable one can hold code there.
            if (obj.ElfType == ET_REL && !h.IsExecutable) continue;
            ulong take = Math.Min((ulong)length, h.Size - (address - h.Address));
            return new CodeRange(null, s, obj.SectionNameString(s), address, Slice(obj, s, address, take)!);
        }
        throw new LinkException(ErrorId.InvalidOption, $"{obj.DisplayName}: no section holds address 0x{address:x}", obj.DisplayName);
    }

    /// <summary>Relocations patching section <paramref name="section"/> of a relocatable object, by offset, each as
    /// "TYPE symbol+addend" (no addend for SHT_REL entries, whose addend is in the code itself).</summary>
    public static SortedList<ulong, string> Relocations(ObjectFile obj, int section)
    {
        var patches = new SortedList<ulong, string>();
        if (obj.ElfType != ET_REL) return patches;
        for (int s = 1; s < obj.SectionCount; s++)
        {
            ref readonly var h = ref obj.SectionHeaders[s];
            if (!RelocationEntries.IsRelocationSection(h) || h.Info != (uint)section || h.Link != (uint)obj.SymtabIndex) continue;
            foreach (var r in RelocationEntries.Read(obj, s))
            {
                uint index = r.SymbolIndex;
                string target = index == 0 || index >= (uint)obj.SymbolCount ? ""
                    : obj.Symbols[(int)index].Type == STT_SECTION && obj.SymbolSection((int)index) is int sec and > 0 ? obj.SectionNameString(sec)
                    : Encoding.UTF8.GetString(obj.SymbolName((int)index));
                string addend = r.Addend == 0 ? "" : r.Addend < 0 ? $"-0x{-r.Addend:x}" : $"+0x{r.Addend:x}";
                patches.TryAdd(r.Offset, $"{RelocationNames.Name(obj.Machine, r.Type)} {target}{addend}");
            }
        }
        return patches;
    }

    private static byte[]? Slice(ObjectFile obj, int section, ulong address, ulong size)
    {
        ref readonly var h = ref obj.SectionHeaders[section];
        // A symbol's st_value is a section offset in an object and an address in a linked file.
        ulong offset = obj.ElfType == ET_REL ? address : address - h.Address;
        if (h.Type == SHT_NOBITS || offset > h.Size || size > h.Size - offset) return null;
        return obj.SectionData(section).Slice((int)offset, (int)size).ToArray();
    }
}
