// .ctors/.dtors input sections placed into .init_array/.fini_array: their entries are copied in reverse order, as
// GNU ld does, because crtstuff ran .ctors from the last entry to the first while .init_array runs first to last.
// This file says which sections reverse and where a byte lands; the scan (RELR sites) and the writer (copy and
// relocations) both use it, so a relocation and the word it patches always move together.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class ReversedEntries
{
    /// <summary>The size of an entry: a pointer.</summary>
    public const ulong EntrySize = 8;

    /// <summary>Whether input section <paramref name="inputName"/> in output section <paramref name="outputName"/> is
    /// copied entry by entry in reverse: .ctors(.N) into .init_array, .dtors(.N) into .fini_array.</summary>
    public static bool IsReversed(ReadOnlySpan<byte> inputName, string? outputName) =>
        outputName switch
        {
            ".init_array" => Family(inputName, ".ctors"u8),
            ".fini_array" => Family(inputName, ".dtors"u8),
            _ => false,
        };

    /// <summary>The size of section <paramref name="section"/> of <paramref name="obj"/> if it is reversed, else 0;
    /// a reversed section whose size is not a whole number of entries is refused, as GNU ld refuses it.</summary>
    public static ulong ReversedSize(ObjectFile obj, int section, string? outputName)
    {
        if (!IsReversed(obj.SectionName(section), outputName)) return 0;
        ulong size = obj.SectionHeaders[section].Size;
        if (size % EntrySize != 0)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"{obj.DisplayName}: size of section {obj.SectionNameString(section)} (0x{size:x}) is not a multiple of the address size; " +
                "its entries cannot be reversed into " + outputName, obj.DisplayName);
        return size;
    }

    /// <summary>Where byte <paramref name="offset"/> of a reversed section of <paramref name="size"/> bytes lands:
    /// its entry moves to the mirror position, the byte keeps its place inside the entry.</summary>
    public static ulong Mirror(ulong size, ulong offset) => size - EntrySize - (offset & ~(EntrySize - 1)) + (offset & (EntrySize - 1));

    private static bool Family(ReadOnlySpan<byte> name, ReadOnlySpan<byte> bas) =>
        name.StartsWith(bas) && (name.Length == bas.Length || name[bas.Length] == (byte)'.');
}
