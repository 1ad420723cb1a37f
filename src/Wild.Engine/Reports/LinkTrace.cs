// -t/--trace and -y/--trace-symbol: reports, in the order resolution loaded files, each file that joined
// the link (archive members as lib.a(member.o)) and each file that defines or refers to a traced name,
// in GNU ld's wording. Runs after resolution and only when asked; it reads the resolution, never changes it.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;

namespace Wild.Engine.Reports;

public static class LinkTrace
{
    public static void Report(SymbolResolution res, DiagnosticBag diagnostics)
    {
        var o = res.Options;
        if (o.Trace)
            foreach (int f in res.LoadOrder)
                diagnostics.Info(res.Objects[f].DisplayName);
        foreach (string traced in o.TraceSymbols)
        {
            var name = res.Db.Lookup(traced);
            if (name.IsNone) continue;
            foreach (int f in res.LoadOrder)
            {
                var obj = res.Objects[f];
                var syms = obj.Symbols;
                for (int i = obj.FirstGlobal; i < syms.Length; i++)
                {
                    if (res.Db.NameOf(res.Db.Id(f, i)) != name) continue;
                    diagnostics.Info(syms[i].IsUndefined
                        ? $"{obj.DisplayName}: reference to {traced}"
                        : $"{obj.DisplayName}: definition of {traced}");
                    break;
                }
            }
        }
    }
}
