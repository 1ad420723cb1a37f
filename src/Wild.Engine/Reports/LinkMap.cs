// The link map as data: output sections with the input sections placed in them and the symbols each
// defines, the archive members resolution loaded (and for which symbol), the sections --gc-sections removed,
// and a cross-reference of global names. Built from a finished Layout by LinkMapBuilder, and only when asked;
// rendering it as text (-Map) is LinkMapText's job, the cmdlets hand these records out as they are.
namespace Wild.Engine.Reports;

/// <summary>Why an input section of a loaded file is not in the output.</summary>
public enum LinkMapDiscard
{
    /// <summary>The section is in the output.</summary>
    None,
    /// <summary>Removed by --gc-sections: nothing live referred to it.</summary>
    GarbageCollected,
}

/// <summary>A symbol defined in an input section, at its output address.</summary>
public sealed record LinkMapSymbol(string Name, ulong Address, ulong Size, bool IsGlobal, string InputFile, string InputSection);

/// <summary>One input section of a loaded file: where it went, or why it did not.</summary>
public sealed record LinkMapInputSection
{
    /// <summary>Output section name; null when the section was discarded.</summary>
    public string? OutputSection { get; init; }
    /// <summary>The file as ld names it: <c>main.o</c>, or <c>libfoo.a(member.o)</c> for an archive member.</summary>
    public required string InputFile { get; init; }
    /// <summary>The archive the member came from (null for a plain object).</summary>
    public string? Archive { get; init; }
    /// <summary>The member name inside <see cref="Archive"/>.</summary>
    public string? Member { get; init; }
    public required string InputSection { get; init; }
    /// <summary>Output address (0 when discarded or not allocated).</summary>
    public ulong Address { get; init; }
    public ulong Size { get; init; }
    public ulong Align { get; init; }
    public LinkMapDiscard Discarded { get; init; }
    /// <summary>For an archive member, the symbol whose reference made resolution load it.</summary>
    public string? PulledInBy { get; init; }
    public IReadOnlyList<LinkMapSymbol> Symbols { get; init; } = [];
}

/// <summary>An output section with its inputs, in address order.</summary>
public sealed record LinkMapOutputSection(
    string Name, ulong Address, ulong FileOffset, ulong Size, ulong Align, uint Type, ulong Flags,
    IReadOnlyList<LinkMapInputSection> Inputs)
{
    public bool IsAlloc => (Flags & Elf.ElfConstants.SHF_ALLOC) != 0;
    public bool IsNoBits => Type == Elf.ElfConstants.SHT_NOBITS;
}

/// <summary>An archive member resolution loaded: the reference that wanted it and the symbol it provided.</summary>
/// <param name="ReferencedBy">The file whose reference came first, or <c>--entry</c> / <c>-u</c> for a root; null
/// for --whole-archive members.</param>
public sealed record LinkMapArchiveMember(string Archive, string Member, string InputFile, string? Symbol, string? ReferencedBy);

/// <summary>A global name: the file whose definition won and every loaded file that refers to it.</summary>
public sealed record LinkMapCrossReference(string Symbol, string? DefinedIn, IReadOnlyList<string> ReferencedBy);

public sealed class LinkMap
{
    internal LinkMap(string outputPath, IReadOnlyList<LinkMapOutputSection> outputSections,
        IReadOnlyList<LinkMapInputSection> discarded, IReadOnlyList<LinkMapArchiveMember> members,
        IReadOnlyList<LinkMapCrossReference> crossReferences)
    {
        OutputPath = outputPath;
        OutputSections = outputSections;
        DiscardedSections = discarded;
        ArchiveMembers = members;
        CrossReferences = crossReferences;
    }

    public string OutputPath { get; }
    /// <summary>Output sections in section-header order.</summary>
    public IReadOnlyList<LinkMapOutputSection> OutputSections { get; }
    /// <summary>Input sections of loaded files that are not in the output, in input order.</summary>
    public IReadOnlyList<LinkMapInputSection> DiscardedSections { get; }
    /// <summary>Archive members that joined the link, in the order resolution loaded them.</summary>
    public IReadOnlyList<LinkMapArchiveMember> ArchiveMembers { get; }
    /// <summary>Global names defined or referenced by loaded files, sorted by name (empty unless built for --cref or the cmdlets).</summary>
    public IReadOnlyList<LinkMapCrossReference> CrossReferences { get; }

    /// <summary>Every input section: those in the output in address order, then the discarded ones.</summary>
    public IEnumerable<LinkMapInputSection> InputSections =>
        OutputSections.SelectMany(s => s.Inputs).Concat(DiscardedSections);
}
