// Settings that contradict the output kind and that GNU ld refuses before reading any input, with its wording,
// so the CLI and the cmdlets fail the same way. Options Wild does not implement at all are UnimplementedOptions'.
namespace Wild.Engine.Diagnostics;

internal static class OptionConflicts
{
    public static void Check(LinkOptions o)
    {
        // A filter is a shared object whose symbols ld.so looks up in another one first: an executable cannot be one.
        if (o.Kind != OutputKind.Shared)
        {
            if (o.AuxiliaryFilters.Count > 0) Fail("-f may not be used without -shared");
            if (o.Filter is not null) Fail("-F may not be used without -shared");
        }
        if (o.EmitRelocs)
        {
            // Kept relocations name .symtab entries: GNU ld fails "final link failed: invalid operation" with -q -s.
            if (o.StripAll) Fail("--emit-relocs needs the symbol table: it may not be used with -s/--strip-all");
            // Not implemented: a relocation naming a symbol the file leaves out would need GNU ld's late additions.
            if (o.RetainSymbolsFile is not null) Fail("--emit-relocs may not be used with --retain-symbols-file (not implemented)");
        }
        // GNU ld also places orphans of a final link one per input section with --unique; Wild's final layout does not.
        if (o.Kind != OutputKind.Relocatable && (o.UniqueOrphans || o.UniqueSections.Count > 0))
            throw new LinkException(ErrorId.InvalidOption, "--unique without -r (relocatable output) is not implemented");
        // GNU ld's -r has a script of its own whose orphans differ from a final link's; not done for -r yet.
        if (o.Kind == OutputKind.Relocatable && o.OrphanHandling != OrphanHandling.Place)
            Fail("--orphan-handling with -r (relocatable output) is not implemented");
        Relocatable.RelocatableOptions.Check(o);
    }

    private static void Fail(string message) => throw new LinkException(ErrorId.InvalidOption, message);
}
