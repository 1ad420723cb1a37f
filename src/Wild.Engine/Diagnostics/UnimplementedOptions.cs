// Options the command line accepts but the engine does not implement yet. Those that would change the
// output are errors naming the option; those that only produce extra reports (maps, traces, depfiles)
// are warnings, so build systems that always pass them keep working and the user still hears of it.
namespace Wild.Engine.Diagnostics;

internal static class UnimplementedOptions
{
    public static void Check(LinkOptions o, DiagnosticBag diagnostics)
    {
        void Warn(string option) => diagnostics.Warn($"{option} is not implemented yet; ignored");
        if (o.Z.PackRelativeRelocs && o.Kind != OutputKind.Static)
            Warn("-z pack-relative-relocs (no DT_RELR: relative relocations stay in .rela.dyn, which is correct, only larger)");
        // Export control only means something to a dynamic output; a static link has nothing to export.
        bool exportControl = o.VersionScripts.Count > 0 || o.DynamicLists.Count > 0 || o.ExportDynamicSymbols.Count > 0
                             || o.ExportDynamicSymbolLists.Count > 0 || o.ExcludeLibs.Count > 0;
        if (exportControl && o.Kind is OutputKind.Static or OutputKind.StaticPie)
            diagnostics.Warn("--version-script / --dynamic-list / --exclude-libs have no effect on a static executable");
    }
}
