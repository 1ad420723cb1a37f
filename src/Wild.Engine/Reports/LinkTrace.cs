// -t/--trace and -y/--trace-symbol: reports, in the order resolution loaded files, each file that joined
// the link (archive members as lib.a(member.o)) and each file that defines or refers to a traced name,
// in GNU ld's wording. Runs after resolution and only when asked; it reads the resolution, never changes it.
// A link that fails in resolution (undefined or duplicate symbols) prints its trace first, as GNU ld's does.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Reports;

internal static class LinkTrace
{
    public static void Report(SymbolResolution res, DiagnosticBag diagnostics) =>
        Report(res.Options, res.Db, res.LoadOrder, res.Objects, diagnostics);

    internal static void Report(LinkOptions o, Symbols.SymbolDb db, IReadOnlyList<FileId> loadOrder, Input.ObjectFile[] objects, DiagnosticBag diagnostics)
    {
        if (o.Trace)
            foreach (var f in loadOrder)
                diagnostics.Info(objects[f].DisplayName);
        // GNU ld's order: file by file as they joined the link, each file's traced symbols in its symbol order.
        var traced = new Dictionary<Symbols.NameId, string>();
        foreach (string t in o.TraceSymbols)
            if (db.Lookup(t) is { IsNone: false } name) traced.TryAdd(name, t);
        if (traced.Count == 0) return;
        foreach (var f in loadOrder)
        {
            var obj = objects[f];
            var syms = obj.Symbols;
            for (int i = obj.FirstGlobal; i < syms.Length; i++)
            {
                if (!traced.TryGetValue(db.NameOf(db.Id(f, i)), out string? t)) continue;
                diagnostics.Info(syms[i].IsUndefined ? $"{obj.DisplayName}: reference to {t}" : $"{obj.DisplayName}: definition of {t}");
            }
        }
    }
}
