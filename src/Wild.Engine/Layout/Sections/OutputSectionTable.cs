// The output sections of a link by name, in order of first appearance. "Output sections" fills it from the
// inputs, "Common symbols" grows .bss, "Linker-made sections" adds the GOT, PLT, dynamic tables and notes, and
// "Addresses" orders and places them; after that the sections are frozen. The one builder those phases share:
// each phase's own decisions are in its own result.
namespace Wild.Engine.Layout;

internal sealed class OutputSectionTable
{
    private readonly List<OutputSection> _outputs = [];
    private readonly Dictionary<string, OutputSection> _byName = new(StringComparer.Ordinal);

    /// <summary>Every output section so far, in order of first appearance.</summary>
    public IReadOnlyList<OutputSection> All => _outputs;

    /// <summary>The output section called <paramref name="name"/>, created (ranked by GNU ld's default script)
    /// with these attributes if it does not exist yet.</summary>
    public OutputSection GetOrAdd(string name, uint type, ulong flags, SyntheticContent synthetic = SyntheticContent.None)
    {
        if (!_byName.TryGetValue(name, out var os))
        {
            os = new OutputSection { Name = name, Type = type, Flags = flags, Synthetic = synthetic, FirstSeen = _outputs.Count };
            os.Rank = OutputSectionRules.RankOf(name, type, flags);
            _byName[name] = os;
            _outputs.Add(os);
        }
        return os;
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public OutputSection? Find(string name) => _byName.TryGetValue(name, out var os) ? os : null;
}
