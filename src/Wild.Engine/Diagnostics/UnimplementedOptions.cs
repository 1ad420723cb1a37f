// Options the engine accepts but that have no effect on this output: a warning says so, so build systems that always
// pass them keep working and the user still hears of it. (Options it does not implement at all are refused by the
// CLI's option table, by name; options that contradict the output kind are OptionConflicts'.)
namespace Wild.Engine.Diagnostics;

internal static class UnimplementedOptions
{
    public static void Check(LinkOptions o, DiagnosticBag diagnostics)
    {
        // Export control only means something to a dynamic output; a static link has nothing to export.
        bool exportControl = o.VersionScripts.Count > 0 || o.LinkerScript?.VersionNodes.Count > 0 || o.InputScriptVersionNodes.Count > 0 || o.DynamicLists.Count > 0 || o.ExportDynamicSymbols.Count > 0
                             || o.ExportDynamicSymbolLists.Count > 0 || o.ExcludeLibs.Count > 0;
        if (exportControl && o.Kind is OutputKind.Static or OutputKind.StaticPie)
            diagnostics.Warn("--version-script / --dynamic-list / --exclude-libs have no effect on a static executable");
    }
}
