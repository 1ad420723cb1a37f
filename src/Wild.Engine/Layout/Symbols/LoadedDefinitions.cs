// The walk that fills the per-symbol caches (traits, values): every global a loaded object defines, each
// object's in one sequential walk, the objects in parallel. Asked first from a relocation in another object, a
// definition costs a jump to its file's symbols (a cache and TLB miss); filled this way, it costs none.
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class LoadedDefinitions
{
    /// <summary>Runs <paramref name="visit"/> on the SymbolId value of every global a loaded object defines.</summary>
    public static void ForEach(SymbolResolution res, ParallelWork work, Action<int> visit)
    {
        var loaded = res.LoadedFiles;
        var db = res.Db;
        work.For(loaded.Length, p =>
        {
            var f = loaded[p];
            var obj = res.Objects[f];
            var symbols = obj.Symbols;
            int first = db.FirstSymbol(f);
            for (int i = obj.FirstGlobal; i < symbols.Length; i++)
                if (!symbols[i].IsUndefined) visit(first + i);
        });
    }
}
