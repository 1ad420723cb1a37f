// Reads the dynamic section of a linked image in place, the way the dynamic loader finds it: through
// PT_DYNAMIC, with string values (DT_NEEDED, DT_SONAME, DT_RUNPATH...) looked up in the DT_STRTAB the
// entries name. What each tag means is left to the caller; writing .dynamic is Layout/DynamicTables.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

public readonly ref struct DynamicSection
{
    private readonly ReadOnlySpan<byte> _strings;

    private DynamicSection(ReadOnlySpan<Elf64Dyn> entries, ReadOnlySpan<byte> strings)
    {
        Entries = entries;
        _strings = strings;
    }

    /// <summary>The entries before the first DT_NULL (the terminator and any padding after it are left out).</summary>
    public ReadOnlySpan<Elf64Dyn> Entries { get; }

    /// <summary>False when the image has no string table the entries could name (no DT_STRTAB, or outside the file).</summary>
    public bool HasStrings => !_strings.IsEmpty;

    /// <summary>Reads the dynamic section of <paramref name="image"/>; empty when there is none (static
    /// executables, relocatable objects).</summary>
    public static DynamicSection Read(ReadOnlySpan<byte> image, string name)
    {
        var headers = ProgramHeaderTable.Read(image, name);
        foreach (ref readonly var h in headers)
        {
            if (h.Type != PT_DYNAMIC) continue;
            if (h.Offset > (ulong)image.Length || h.FileSize > (ulong)image.Length - h.Offset)
                throw new LinkException(ErrorId.MalformedElf,
                    $"{name}: malformed ELF file: PT_DYNAMIC (offset 0x{h.Offset:x}, size 0x{h.FileSize:x}) extends beyond the end of the file", name);
            // An inspected ELF32 image's Elf32_Dyn entries are widened; an ELF64 image's are read in place.
            int size = Elf32Records.IsElf32(image) ? Elf32Records.DynSize : DynSize;
            var bytes = image.Slice((int)h.Offset, (int)(h.FileSize / (ulong)size * (ulong)size));
            ReadOnlySpan<Elf64Dyn> all = size == DynSize ? MemoryMarshal.Cast<byte, Elf64Dyn>(bytes) : Elf32Records.Dynamic(bytes);
            int count = 0;
            while (count < all.Length && all[count].Tag != DT_NULL) count++;
            var entries = all[..count];
            return new DynamicSection(entries, StringTable(image, headers, entries));
        }
        return default;
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in DT_STRTAB, without the NUL;
    /// empty when the offset is outside the table.</summary>
    public ReadOnlySpan<byte> String(ulong offset)
    {
        if (offset >= (ulong)_strings.Length) return default;
        var rest = _strings[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>True for the tags whose value is an offset into DT_STRTAB.</summary>
    public static bool IsStringTag(long tag) =>
        tag is DT_NEEDED or DT_SONAME or DT_RPATH or DT_RUNPATH or DT_AUXILIARY or DT_FILTER or DT_AUDIT or DT_DEPAUDIT;

    private static ReadOnlySpan<byte> StringTable(ReadOnlySpan<byte> image, ReadOnlySpan<Elf64ProgramHeader> headers, ReadOnlySpan<Elf64Dyn> entries)
    {
        ulong address = 0, size = 0;
        bool hasAddress = false;
        foreach (var e in entries)
        {
            if (e.Tag == DT_STRTAB) { address = e.Value; hasAddress = true; }
            else if (e.Tag == DT_STRSZ) size = e.Value;
        }
        if (!hasAddress || !ProgramHeaderTable.TryFileOffset(headers, address, out ulong offset, out ulong available))
            return default;
        ulong length = Math.Min(size == 0 ? available : size, available);
        if (offset > (ulong)image.Length || length > (ulong)image.Length - offset)
            return default;
        return image.Slice((int)offset, (int)length);
    }
}
