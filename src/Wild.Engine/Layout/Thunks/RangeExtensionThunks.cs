// The range-extension thunks of a link (AArch64's veneers): where each group of thunks sits and which branch targets
// it holds. A group is a run of input sections of one executable output section, no longer than the branch reaches,
// and its thunks follow its last input section, so every caller in the group reaches them (as GNU ld's stub groups
// and lld's thunk sections). ThunkPlanner decides them over the laid-out image; the output-section phase leaves room
// for them, the architecture writes them and sends an out-of-range branch to its group's thunk.
using Wild.Engine.Symbols;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

/// <summary>One thunk: a jump to <see cref="Target"/> + <see cref="Addend"/>, the symbol as the first caller's
/// relocation names it (its object and symbol index, so a local symbol's value is found as the writer finds it).</summary>
internal readonly record struct Thunk(SymbolId Target, long Addend, FileId File, int SymbolIndex);

internal sealed class RangeExtensionThunks
{
    /// <summary>Thunk areas start 4-byte aligned after their group's last input section (instructions).</summary>
    public const ulong AreaAlign = 4;

    // By flat input section: the group it belongs to (-1: none), and the group whose thunks follow it (-1: none).
    private readonly int[] _groupOf;
    private readonly int[] _areaAfter;
    private readonly InputSectionRef[] _last;
    private readonly List<Thunk>[] _thunks;
    private readonly Dictionary<(int Target, long Addend), int>[] _index;

    private RangeExtensionThunks(int[] groupOf, int[] areaAfter, InputSectionRef[] last, List<Thunk>[] thunks,
        Dictionary<(int, long), int>[] index, ulong thunkSize)
    {
        _groupOf = groupOf;
        _areaAfter = areaAfter;
        _last = last;
        _thunks = thunks;
        _index = index;
        ThunkSize = thunkSize;
    }

    /// <summary>A plan with these groups (by flat input section; <paramref name="last"/>: each group's last input
    /// section, <paramref name="lastFlat"/> its flat index) and no thunk yet.</summary>
    public static RangeExtensionThunks Empty(int[] groupOf, InputSectionRef[] last, int[] lastFlat, ulong thunkSize)
    {
        var areaAfter = new int[groupOf.Length];
        Array.Fill(areaAfter, -1);
        for (int g = 0; g < lastFlat.Length; g++) areaAfter[lastFlat[g]] = g;
        return new RangeExtensionThunks(groupOf, areaAfter, last, [.. last.Select(_ => new List<Thunk>())],
            [.. last.Select(_ => new Dictionary<(int, long), int>())], thunkSize);
    }

    /// <summary>Bytes of one thunk.</summary>
    public ulong ThunkSize { get; }

    public int GroupCount => _last.Length;

    /// <summary>The group an input section (by flat index) belongs to; -1 for none.</summary>
    public int GroupOf(SectionId flat) => (uint)flat.Value < (uint)_groupOf.Length ? _groupOf[flat] : -1;

    /// <summary>Bytes of the thunks that follow an input section (by flat index); 0 when none do.</summary>
    public ulong AreaSizeAfter(SectionId flat) => _areaAfter[flat] is >= 0 and var g ? (ulong)_thunks[g].Count * ThunkSize : 0;

    /// <summary>Where a thunk area starts, given where its group's last input section ends (address or offset).</summary>
    public static ulong AreaStart(ulong end) => (end + AreaAlign - 1) & ~(AreaAlign - 1);

    public IReadOnlyList<Thunk> Thunks(int group) => _thunks[group];

    /// <summary>The input section group <paramref name="group"/>'s thunks follow.</summary>
    public InputSectionRef Last(int group) => _last[group];

    /// <summary>The address of group <paramref name="group"/>'s first thunk.</summary>
    public ulong AreaAddress(Layout layout, int group)
    {
        var last = _last[group];
        return AreaStart(layout.SectionAddress(last.File, last.Section) + layout.Objects[last.File].ContentSize(last.Section));
    }

    /// <summary>The address of the thunk to <paramref name="target"/> + <paramref name="addend"/> in the group of the
    /// calling input section; false when that group has none.</summary>
    public bool TryFind(Layout layout, SectionId callerFlat, SymbolId target, long addend, out ulong address)
    {
        address = 0;
        int g = GroupOf(callerFlat);
        if (g < 0 || !_index[g].TryGetValue((target.Value, addend), out int i)) return false;
        address = AreaAddress(layout, g) + (ulong)i * ThunkSize;
        return true;
    }

    public bool Contains(int group, SymbolId target, long addend) => _index[group].ContainsKey((target.Value, addend));

    /// <summary>This plan with <paramref name="added"/> thunks (group, thunk) appended in their order; the groups stay.</summary>
    public RangeExtensionThunks With(List<(int Group, Thunk Thunk)> added)
    {
        var thunks = _thunks.Select(l => new List<Thunk>(l)).ToArray();
        var index = _index.Select(d => new Dictionary<(int, long), int>(d)).ToArray();
        foreach (var (g, t) in added)
            if (index[g].TryAdd((t.Target.Value, t.Addend), thunks[g].Count)) thunks[g].Add(t);
        return new RangeExtensionThunks(_groupOf, _areaAfter, _last, thunks, index, ThunkSize);
    }

    public int Count => _thunks.Sum(l => l.Count);

    /// <summary>A thunk's symbol is GNU ld's AArch64 veneer name, `__` + the name of the symbol the first caller's
    /// relocation gives (empty for a section symbol) + `_veneer`; the .symtab and the link map both show it.</summary>
    public static ReadOnlySpan<byte> VeneerPrefix => "__"u8;
    public static ReadOnlySpan<byte> VeneerSuffix => "_veneer"u8;

    public static ReadOnlySpan<byte> TargetName(Resolution.SymbolResolution res, in Thunk thunk) =>
        res.Objects[thunk.File].SymbolName(thunk.SymbolIndex);

    public static string VeneerName(Resolution.SymbolResolution res, in Thunk thunk) =>
        System.Text.Encoding.UTF8.GetString([.. VeneerPrefix, .. TargetName(res, thunk), .. VeneerSuffix]);
}
