// One ELF file an inspection cmdlet looks at: a whole file, or one member of an archive, as a view of the
// mapped archive. It only locates the bytes; the engine's readers (ObjectFile, ProgramHeaderTable,
// DynamicSection) parse them.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

internal readonly record struct ElfUnit(string Path, string? Member, MappedFile File, long Offset, long Length)
{
    /// <summary>How errors name the unit: path, or path(member) as ld and nm write it.</summary>
    public string DisplayName => Member is null ? Path : $"{Path}({Member})";

    public ReadOnlySpan<byte> Data => File.Slice(Offset, Length);

    public LinkException Malformed(string what) =>
        new(ErrorId.MalformedElf, $"{DisplayName}: malformed ELF file: {what}", DisplayName);

    public ObjectFile Open(SymbolTableChoice table) => new(File, Offset, Length, DisplayName, archive: null, table);
}
