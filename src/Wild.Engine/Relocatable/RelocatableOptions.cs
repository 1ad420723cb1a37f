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
        // GNU ld -r collects garbage only from -e/-u roots (RelocatableGc). lld refuses --icf with -r (GNU ld has none).
        if (o.GcSections && o.Entry is null && o.Undefined.Count == 0 && o.RequireDefined.Count == 0)
            Fail("--gc-sections requires a defined symbol root specified by -e or -u");
        if (o.Icf != IcfMode.None) Fail("-r and --icf may not be used together");
        // The cmdlets' check of what the command line refuses (LinkOptionsBuilder.DecideKind).
        if (o.EmitRelocs) Fail("-r and --emit-relocs may not be used together");
        // GNU ld -r renames the locals too; the relocatable writer does not yet, and must not drop the option silently.
        if (o.Z.UniqueSymbol) Fail("-z unique-symbol with -r (relocatable output) is not implemented; give it to the final link");
        // GNU ld -r reads a --version-script or a script's VERSION (its errors are errors) and applies none of it: no
        // versions, no local:, no version-name symbols; the relocatable writer reads neither.
    }

    private static void Fail(string message) => throw new LinkException(ErrorId.InvalidOption, message);
}
