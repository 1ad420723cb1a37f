// One dynamic section entry as Get-ElfDynamicEntry emits it: the tag, the raw value, and the value
// decoded where readelf -d decodes it (library names, paths, flag names).
namespace Wild.PowerShell;

public sealed class ElfDynamicEntry
{
    internal ElfDynamicEntry(string file, int index, DynamicTag tag, ulong value, string? text)
    {
        File = file;
        Index = index;
        Tag = tag;
        Value = value;
        Text = text;
    }

    public string File { get; }
    public int Index { get; }
    public DynamicTag Tag { get; }
    public ulong Value { get; }
    /// <summary>The decoded value: the string for NEEDED, SONAME, RPATH, RUNPATH; flag names for FLAGS and
    /// FLAGS_1; null where the number is the whole story.</summary>
    public string? Text { get; }

    public override string ToString() => Text is null ? $"{Tag} 0x{Value:x}" : $"{Tag} {Text}";
}
