// Options the command line accepts but the engine does not implement yet. Those that would change the
// output are errors naming the option; those that only produce extra reports (maps, traces, depfiles)
// are warnings, so build systems that always pass them keep working and the user still hears of it.
namespace Wild.Engine.Diagnostics;

internal static class UnimplementedOptions
{
    public static void Check(LinkOptions o, DiagnosticBag diagnostics)
    {
        void Fail(string option) =>
            throw new LinkException(ErrorId.InvalidOption, $"option {option} is not implemented yet");
        if (o.Wrap.Count > 0) Fail("--wrap");
        if (o.Z.MulDefs) Fail("-z muldefs / --allow-multiple-definition");
        if (o.CompressDebugSections != DebugCompression.None) Fail("--compress-debug-sections");
        // Export control decides what a shared library offers; ignoring it would expose what was meant hidden.
        if (o.Kind == OutputKind.Shared && o.VersionScripts.Count > 0) Fail("--version-script");
        if (o.Kind == OutputKind.Shared && (o.DynamicLists.Count > 0 || o.ExportDynamicSymbols.Count > 0 || o.ExportDynamicSymbolLists.Count > 0))
            Fail("--dynamic-list / --export-dynamic-symbol");
        if (o.Kind == OutputKind.Shared && o.ExcludeLibs.Count > 0) Fail("--exclude-libs");

        void Warn(string option) => diagnostics.Warn($"{option} is not implemented yet; ignored");
        if (o.MapFile is not null) Warn("-Map");
        if (o.WhyExtract is not null) Warn("--why-extract");
        if (o.DependencyFile is not null) Warn("--dependency-file");
        if (o.Trace) Warn("-t/--trace");
        if (o.TraceSymbols.Count > 0) Warn("-y/--trace-symbol");
        if (o.Cref) Warn("--cref");
        if (o.DiscardLocals != DiscardLocals.Default) Warn("-x/-X/--discard-*");
        if (!o.Relax) Warn("--no-relax (relaxations are always applied; the output is still correct)");
        if (o.Kind != OutputKind.Shared && o.VersionScripts.Count > 0) Warn("--version-script");
        if (o.Kind != OutputKind.Shared && (o.DynamicLists.Count > 0 || o.ExportDynamicSymbols.Count > 0 || o.ExportDynamicSymbolLists.Count > 0))
            Warn("--dynamic-list / --export-dynamic-symbol");
    }
}
