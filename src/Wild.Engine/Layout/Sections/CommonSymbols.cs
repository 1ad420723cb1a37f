// The result of "Common symbols": where the tentative definitions (COMMON symbols) and the copies of shared-object
// data an executable refers to directly (copy relocations) live, as offsets from a base in their section (.bss, or
// .data.rel.ro for read-only data, as GNU ld places them, so RELRO protects them after the copy); and which other names of a copied variable (environ and __environ) must resolve to the same copy.
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class CommonSymbols(Dictionary<int, ulong> commonOffset, OutputSection? commonSection, ulong commonBase,
    Dictionary<int, ulong> copyOffset, OutputSection? copySection, ulong copyBase,
    HashSet<int> readOnlyCopies, OutputSection? readOnlyCopySection, ulong readOnlyCopyBase, SymbolId[] copyAliases)
{
    private readonly HashSet<int> _readOnlyCopies = readOnlyCopies;
    private readonly Dictionary<int, ulong> _commonOffset = commonOffset;
    private readonly Dictionary<int, ulong> _copyOffset = copyOffset;

    /// <summary>The .bss holding the commons (null when there are none) and where in it they start.</summary>
    public OutputSection? CommonSection { get; } = commonSection;
    public ulong CommonBase { get; } = commonBase;
    /// <summary>The .bss holding the copies (null when there are none) and where in it they start.</summary>
    public OutputSection? CopySection { get; } = copySection;
    public ulong CopyBase { get; } = copyBase;
    /// <summary>The .data.rel.ro holding the copies of read-only data (null when there are none) and where they start.</summary>
    public OutputSection? ReadOnlyCopySection { get; } = readOnlyCopySection;
    public ulong ReadOnlyCopyBase { get; } = readOnlyCopyBase;

    /// <summary>Aliases of copied symbols, in the order they were found: exported as defined at their copy.</summary>
    public SymbolId[] CopyAliases { get; } = copyAliases;

    public bool TryGetCommonOffset(SymbolId id, out ulong offset) => _commonOffset.TryGetValue(id.Value, out offset);

    public bool TryGetCopyOffset(SymbolId id, out ulong offset) => _copyOffset.TryGetValue(id.Value, out offset);

    /// <summary>The address of <paramref name="id"/>'s copy, or 0 if it has none (addresses are assigned by then).</summary>
    public ulong CopyAddress(SymbolId id)
    {
        if (!_copyOffset.TryGetValue(id.Value, out var offset)) return 0;
        return _readOnlyCopies.Contains(id.Value)
            ? ReadOnlyCopySection!.Address + ReadOnlyCopyBase + offset
            : CopySection!.Address + CopyBase + offset;
    }
}
