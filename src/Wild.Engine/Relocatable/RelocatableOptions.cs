// The settings a relocatable output (-r) refuses before any input is read: those GNU ld also refuses with -r, and those
// Wild has not implemented for -r, each named, so a partial link never silently drops what was asked for. Options that
// only shape a final image (--eh-frame-hdr, --hash-style, -dynamic-linker, -z keywords...) are ignored, as GNU ld does.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Relocatable;

internal static class RelocatableOptions
{
    public static void Check(LinkOptions o)
    {
        if (o.Kind != OutputKind.Relocatable) return;
        // GNU ld -r collects garbage only from -e/-u roots, and then also drops the FDEs of removed code from .eh_frame,
        // which this writer copies whole: refused by name until it does. lld refuses --icf with -r (GNU ld has none).
        if (o.GcSections && o.Entry is null && o.Undefined.Count == 0 && o.RequireDefined.Count == 0)
            Fail("--gc-sections requires a defined symbol root specified by -e or -u");
        if (o.GcSections) NotImplemented("--gc-sections (with -e/-u roots)");
        if (o.Icf != IcfMode.None) Fail("-r and --icf may not be used together");
        // The cmdlets' check of what the command line refuses (LinkOptionsBuilder.DecideKind).
        if (o.EmitRelocs) Fail("-r and --emit-relocs may not be used together");
        if (o.CompressDebugSections != DebugCompression.None) NotImplemented("--compress-debug-sections");
        // GNU ld -r reads a --version-script (its errors are errors) and applies none of it: no versions, no local:.
        if (o.LinkerScript?.VersionNodes.Count > 0 || o.InputScriptVersionNodes.Count > 0)
            NotImplemented("VERSION in a linker script");
        if (o.RetainSymbolsFile is not null) NotImplemented("--retain-symbols-file");
        if (o.MapFile is not null || o.WhyExtract is not null || o.DependencyFile is not null || o.Cref)
            NotImplemented("-Map / --why-extract / --dependency-file / --cref");
    }

    private static void NotImplemented(string option) =>
        throw new LinkException(ErrorId.InvalidOption, $"{option} with -r (relocatable output) is not implemented");

    private static void Fail(string message) => throw new LinkException(ErrorId.InvalidOption, message);
}
