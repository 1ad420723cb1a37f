// GNU ld's bridge between the two generations of COMDAT: a .gnu.linkonce.<type>.<key> section and a COMDAT
// group of one member whose signature is <key> are one definition when they define the same global symbols, so
// the one loaded later is discarded (mixing old objects with new ones links, instead of failing on a duplicate).
// Which sections the groups and names keep among themselves stays with Resolver.SelectComdatGroups.
using System.Text;
using Wild.Engine.Elf;
using Wild.Engine.Input;

namespace Wild.Engine.Resolution;

internal sealed class LinkOnceMatches
{
    // The first kept section of each kind per key.
    private readonly Dictionary<string, (ObjectFile Obj, int Section)> _linkOnce = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ObjectFile Obj, int Section)> _singleGroups = new(StringComparer.Ordinal);
    // Until the first linkonce section shows up (most links have none), kept single-member groups are only listed,
    // without making their signature strings.
    private readonly List<(ObjectFile Obj, int SignatureSymbol, int Member)> _pendingGroups = [];

    /// <summary>The key of a .gnu.linkonce section: what follows ".gnu.linkonce.&lt;type&gt;.", or the name after
    /// ".gnu.linkonce." when there is no type part.</summary>
    public static string Key(ReadOnlySpan<byte> name)
    {
        var rest = name[".gnu.linkonce.".Length..];
        int dot = rest.IndexOf((byte)'.');
        return Encoding.UTF8.GetString(dot < 0 ? rest : rest[(dot + 1)..]);
    }

    /// <summary>A kept linkonce section: false when a single-member group of the same key and symbols came first
    /// (the section is then discarded).</summary>
    public bool KeepLinkOnce(ObjectFile obj, int section)
    {
        foreach (var (o, sig, member) in _pendingGroups) _singleGroups.TryAdd(SignatureName(o, sig), (o, member));
        _pendingGroups.Clear();
        string key = Key(obj.SectionName(section));
        if (_singleGroups.TryGetValue(key, out var group) && SameGlobals(group.Obj, group.Section, obj, section)) return false;
        _linkOnce.TryAdd(key, (obj, section));
        return true;
    }

    /// <summary>A kept COMDAT group: false when it has one member besides relocation sections (as GNU ld counts
    /// them) and a linkonce section of the signature's key and the same symbols came first (the group is then
    /// discarded).</summary>
    public bool KeepGroup(ObjectFile obj, int signatureSymbol, ReadOnlySpan<uint> members)
    {
        int member = -1;
        foreach (uint m in members)
        {
            if (obj.SectionHeaders[(int)m].Type is ElfConstants.SHT_RELA or ElfConstants.SHT_REL) continue;
            if (member >= 0) return true;
            member = (int)m;
        }
        if (member < 0) return true;
        if (_linkOnce.Count == 0)
        {
            _pendingGroups.Add((obj, signatureSymbol, member));
            return true;
        }
        string signature = SignatureName(obj, signatureSymbol);
        if (_linkOnce.TryGetValue(signature, out var linkOnce) && SameGlobals(linkOnce.Obj, linkOnce.Section, obj, member)) return false;
        _singleGroups.TryAdd(signature, (obj, member));
        return true;
    }

    private static string SignatureName(ObjectFile obj, int sigSym) => Encoding.UTF8.GetString(
        obj.Symbols[sigSym].Type == ElfConstants.STT_SECTION ? obj.SectionName(obj.SymbolSection(sigSym)) : obj.SymbolName(sigSym));

    /// <summary>Whether two sections define the same set of global symbol names (and at least one), as GNU ld
    /// requires before it lets one stand for the other.</summary>
    private static bool SameGlobals(ObjectFile a, int sa, ObjectFile b, int sb)
    {
        var na = GlobalsIn(a, sa);
        var nb = GlobalsIn(b, sb);
        return na.Count > 0 && na.SetEquals(nb);
    }

    private static HashSet<string> GlobalsIn(ObjectFile obj, int section)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var syms = obj.Symbols;
        for (int s = obj.FirstGlobal; s < syms.Length; s++)
            if (!syms[s].IsUndefined && obj.SymbolSection(s) == section) names.Add(Encoding.UTF8.GetString(obj.SymbolName(s)));
        return names;
    }
}
