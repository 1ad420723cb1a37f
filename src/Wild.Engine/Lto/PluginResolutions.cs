// What get_symbols answers for each symbol of a claimed file, read off the first resolution (the one over the
// stub objects): whether the file's definition prevails, and if so whether regular code or a dynamic object
// may still need it, or which kind of file a reference was bound to. These are GNU ld's answers; where the
// rules leave a choice (a definition that may be exported), the answer that keeps the symbol is given, since
// a kept symbol costs only optimisation while a dropped one breaks the program.
using Wild.Engine.Input;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Lto;

internal sealed class PluginResolutions
{
    private readonly SymbolResolution _resolution;
    private readonly bool[] _claimed;
    // Per name: some regular object or shared object mentions it, or the command line roots it.
    private readonly bool[] _seenOutsideIr;
    private readonly bool _exportsDefault;

    public PluginResolutions(SymbolResolution resolution, IEnumerable<FileId> claimedFiles)
    {
        _resolution = resolution;
        var db = resolution.Db;
        _claimed = new bool[db.FileCount];
        foreach (var f in claimedFiles) _claimed[f] = true;
        _seenOutsideIr = new bool[db.NameCount];
        // A regular object that mentions a name (even as its own weak definition) has code bound to whichever
        // definition prevails, so an IR definition of it must survive as a symbol.
        foreach (var f in resolution.LoadedFiles)
        {
            if (_claimed[f] || resolution.Objects[f].IsShared) continue;
            int count = resolution.Objects[f].SymbolCount;
            for (int s = resolution.Objects[f].FirstGlobal; s < count; s++)
                _seenOutsideIr[db.NameOf(db.Id(f, s)).Value] = true;
        }
        var options = resolution.Options;
        void Root(string name)
        {
            var id = db.Lookup(name);
            if (!id.IsNone) _seenOutsideIr[id.Value] = true;
        }
        Root(options.Entry ?? "_start");
        foreach (string u in options.Undefined.Concat(options.RequireDefined)) Root(u);
        Root(options.InitSymbol);
        Root(options.FiniSymbol);
        foreach (var (name, value) in options.DefSym)
        {
            Root(name);
            foreach (string symbol in Resolution.DefSymExpression.Parse(name, value).Symbols) Root(symbol);
        }
        foreach (string w in options.Wrap) { Root(w); Root("__wrap_" + w); Root("__real_" + w); }
        // A shared object's output exports its default-visibility definitions; so does an executable asked to.
        _exportsDefault = options.Kind == OutputKind.Shared
            || (options.Kind is OutputKind.Pie or OutputKind.Dynamic
                && (options.ExportDynamic || options.DynamicLists.Count > 0 || options.DynamicListData
                    || options.ExportDynamicSymbols.Count > 0 || options.ExportDynamicSymbolLists.Count > 0));
    }

    /// <summary>The LDPR_ answer for symbol <paramref name="index"/> (0-based, the plugin's order) of the claimed file
    /// <paramref name="fileId"/>, asked through get_symbols <paramref name="version"/>. v1 has no IRONLY_EXP; v2 (GCC 12
    /// and older) is given PREVAILING_DEF for an exported definition as well, the answer that keeps it.</summary>
    public int Of(FileId fileId, int index, int version)
    {
        var db = _resolution.Db;
        var obj = _resolution.Objects[fileId];
        int symbolIndex = index + 1;
        if (symbolIndex >= obj.SymbolCount) return PluginAbi.LDPR_UNDEF;
        ref readonly var sym = ref obj.Symbols[symbolIndex];
        var id = db.Id(fileId, symbolIndex);
        // Resolve applies --wrap to references, as the final link will.
        var def = _resolution.Resolve(fileId, symbolIndex);
        if (sym.IsUndefined)
        {
            if (def.IsNone) return PluginAbi.LDPR_UNDEF;
            if (_resolution.IsSynthetic(def)) return PluginAbi.LDPR_RESOLVED_EXEC;
            var owner = db.FileOf(def);
            if (_resolution.Objects[owner].IsShared) return PluginAbi.LDPR_RESOLVED_DYN;
            return _claimed[owner] ? PluginAbi.LDPR_RESOLVED_IR : PluginAbi.LDPR_RESOLVED_EXEC;
        }
        if (def.IsNone) return PluginAbi.LDPR_PREEMPTED_IR;
        if (_resolution.IsSynthetic(def)) return PluginAbi.LDPR_PREEMPTED_REG;
        int definer = db.FileOf(def);
        if (definer != fileId)
            return _claimed[definer] && !_resolution.Objects[definer].IsShared ? PluginAbi.LDPR_PREEMPTED_IR : PluginAbi.LDPR_PREEMPTED_REG;
        var name = db.NameOf(id);
        if (_seenOutsideIr[name.Value] || (_resolution.References(name) & SymbolResolution.ReferencedByShared) != 0)
            return PluginAbi.LDPR_PREVAILING_DEF;
        bool exported = _exportsDefault && sym.Visibility is STV_DEFAULT or STV_PROTECTED;
        if (!exported) return PluginAbi.LDPR_PREVAILING_DEF_IRONLY;
        return version >= 3 ? PluginAbi.LDPR_PREVAILING_DEF_IRONLY_EXP : PluginAbi.LDPR_PREVAILING_DEF;
    }
}
