// --unique with -r: which input sections get an output section of their own instead of joining the one of their name.
// --unique=GLOB names them; plain --unique names every orphan, a section GNU ld's default -r script (ld -r --verbose)
// (of the output's machine) does not place by name, so .text, .data, .eh_frame, .comment and the DWARF sections still
// merge while .text.foo and .rodata.str1.1 stay one per input. RelocatableSectionPlan asks this per input section.
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

internal static class RelocatableUnique
{
    /// <summary>The output sections GNU ld 2.40's -r script names (elf_x86_64.xr), each placing inputs of that name.</summary>
    private static readonly HashSet<string> ScriptNames = new(StringComparer.Ordinal)
    {
        ".interp", ".note.gnu.build-id", ".hash", ".gnu.hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d",
        ".gnu.version_r", ".rela.init", ".rela.text", ".rela.fini", ".rela.rodata", ".rela.data.rel.ro", ".rela.data",
        ".rela.tdata", ".rela.tbss", ".rela.ctors", ".rela.dtors", ".rela.got", ".rela.bss", ".rela.ldata", ".rela.lbss",
        ".rela.lrodata", ".rela.ifunc", ".rela.plt", ".relr.dyn", ".init", ".plt", ".plt.got", ".plt.sec", ".text", ".stub",
        ".gnu.warning", ".fini", ".rodata", ".rodata1", ".eh_frame_hdr", ".eh_frame", ".sframe", ".gcc_except_table",
        ".exception_ranges", ".tdata", ".tbss", ".jcr", ".dynamic", ".got", ".got.plt", ".data", ".data1", ".bss",
        ".lbss", ".lrodata", ".ldata", ".stab", ".stabstr", ".stab.excl", ".stab.exclstr", ".stab.index",
        ".stab.indexstr", ".comment", ".gnu.build.attributes", ".debug", ".line", ".debug_srcinfo", ".debug_sfnames",
        ".debug_aranges", ".debug_pubnames", ".debug_info", ".debug_abbrev", ".debug_line", ".debug_frame", ".debug_str",
        ".debug_loc", ".debug_macinfo", ".debug_weaknames", ".debug_funcnames", ".debug_typenames", ".debug_varnames",
        ".debug_pubtypes", ".debug_ranges", ".debug_addr", ".debug_line_str", ".debug_loclists", ".debug_macro",
        ".debug_names", ".debug_rnglists", ".debug_str_offsets", ".debug_sup", ".gnu.attributes",
    };

    // GNU ld 2.40's AArch64 -r script (aarch64linux.xr) has no large-model (.ldata...), .plt.got/.plt.sec or .relr.dyn
    // sections, and keeps the Arm attribute and identification sections by name.
    private static readonly HashSet<string> AArch64ScriptNames = new(
        ScriptNames.Except([".lbss", ".ldata", ".lrodata", ".rela.lbss", ".rela.ldata", ".rela.lrodata", ".plt.got", ".plt.sec", ".relr.dyn"])
            .Concat([".ARM.attributes", ".note.gnu.arm.ident"]),
        StringComparer.Ordinal);

    public static bool IsUnique(LinkOptions options, ushort machine, ReadOnlySpan<byte> name)
    {
        foreach (string glob in options.UniqueSections)
            if (Glob.Matches(System.Text.Encoding.UTF8.GetBytes(glob), name)) return true;
        if (!options.UniqueOrphans) return false;
        // .gnu_extab* is the script's one glob.
        var names = machine == Elf.ElfConstants.EM_AARCH64 ? AArch64ScriptNames : ScriptNames;
        return !name.StartsWith(".gnu_extab"u8) && !names.Contains(System.Text.Encoding.UTF8.GetString(name));
    }
}
