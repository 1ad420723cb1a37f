// The result of "Common symbols": where the tentative definitions (COMMON symbols) and the copies of shared-object
// data an executable refers to directly (copy relocations) live in .bss, as offsets from a base in that section;
// and which other names of a copied variable (environ and __environ) must resolve to the same copy.
using Wild.Engine.Symbols;

namespace Wild.Engine.Layout;

internal sealed class CommonSymbols(Dictionary<int, ulong> commonOffset, OutputSection? commonSection, ulong commonBase,
    Dictionary<int, ulong> copyOffset, OutputSection? copySection, ulong copyBase, SymbolId[] copyAliases)
{
    private readonly Dictionary<int, ulong> _commonOffset = commonOffset;
    private readonly Dictionary<int, ulong> _copyOffset = copyOffset;

    /// <summary>The .bss holding the commons (null when there are none) and where in it they start.</summary>
    public OutputSection? CommonSection { get; } = commonSection;
    public ulong CommonBase { get; } = commonBase;
    /// <summary>The .bss holding the copies (null when there are none) and where in it they start.</summary>
    public OutputSection? CopySection { get; } = copySection;
    public ulong CopyBase { get; } = copyBase;

    /// <summary>Aliases of copied symbols, in the order they were found: exported as defined at their copy.</summary>
    public SymbolId[] CopyAliases { get; } = copyAliases;

    public bool TryGetCommonOffset(SymbolId id, out ulong offset) => _commonOffset.TryGetValue(id.Value, out offset);

    public bool TryGetCopyOffset(SymbolId id, out ulong offset) => _copyOffset.TryGetValue(id.Value, out offset);
}
