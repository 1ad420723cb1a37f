// The result of "Common symbols": where the tentative definitions (COMMON symbols; thread-local ones in .tbss) and the
// copies of shared-object data an executable refers to directly (copy relocations: .bss, or .data.rel.ro for read-only
// data, as GNU ld places them, so RELRO protects them after the copy) live, as runs from a base in their section; and
// which other names of a copied variable (environ and __environ) must resolve to the same copy.
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

/// <summary>Symbols placed one after another in one output section, from a base offset in it.</summary>
internal sealed class PlacedSymbols(Dictionary<int, ulong> offsets, OutputSection? section, ulong start)
{
    /// <summary>The section holding them (null when there are none) and where in it they start.</summary>
    public OutputSection? Section { get; } = section;
    public ulong Start { get; } = start;

    public bool TryGetAddress(SymbolId id, out ulong address)
    {
        bool found = offsets.TryGetValue(id.Value, out ulong offset);
        address = found ? Section!.Address + Start + offset : 0;
        return found;
    }

    public bool Contains(SymbolId id) => offsets.ContainsKey(id.Value);
}

internal sealed class CommonSymbols(PlacedSymbols commons, PlacedSymbols tlsCommons, PlacedSymbols copies, PlacedSymbols readOnlyCopies,
    SymbolId[] copyAliases, PlacedSymbols largeCommons)
{
    /// <summary>Commons in .bss.</summary>
    public PlacedSymbols Commons { get; } = commons;
    /// <summary>Thread-local commons (.tls_common) in .tbss.</summary>
    public PlacedSymbols TlsCommons { get; } = tlsCommons;
    /// <summary>x86-64 large commons (SHN_X86_64_LCOMMON) in .lbss.</summary>
    public PlacedSymbols LargeCommons { get; } = largeCommons;
    /// <summary>Copies of writable shared-object data, in .bss.</summary>
    public PlacedSymbols Copies { get; } = copies;
    /// <summary>Copies of read-only shared-object data, in .data.rel.ro.</summary>
    public PlacedSymbols ReadOnlyCopies { get; } = readOnlyCopies;

    /// <summary>Aliases of copied symbols, in the order they were found: exported as defined at their copy.</summary>
    public SymbolId[] CopyAliases { get; } = copyAliases;

    /// <summary>The section a common symbol was placed in (.bss, .tbss for a thread-local one, .lbss for a large one).</summary>
    public OutputSection? SectionOfCommon(SymbolId id) =>
        TlsCommons.Contains(id) ? TlsCommons.Section : LargeCommons.Contains(id) ? LargeCommons.Section : Commons.Section;

    public bool TryGetCommonAddress(SymbolId id, out ulong address) =>
        Commons.TryGetAddress(id, out address) || TlsCommons.TryGetAddress(id, out address) || LargeCommons.TryGetAddress(id, out address);

    /// <summary>The address of <paramref name="id"/>'s copy, or 0 if it has none (addresses are assigned by then).</summary>
    public ulong CopyAddress(SymbolId id) =>
        Copies.TryGetAddress(id, out ulong address) || ReadOnlyCopies.TryGetAddress(id, out address) ? address : 0;
}
