// The input section names GNU ld 2.40's built-in x86-64 scripts (executable, PIE and shared object alike) name in
// some rule, as globs: an input section matching none is an orphan of a link without -T, which is what
// --orphan-handling reports or discards. Where each named section goes is OutputSectionRules' business, not this one's.
namespace Wild.Engine.Layout;

internal static class GnuDefaultSectionNames
{
    // The names from `ld --verbose`'s SECTIONS, gathered by kind; file patterns (crtbegin.o's .ctors) do not matter
    // here: every file's section of these names is placed by some rule.
    private static readonly byte[][] Globs = [.. new[]
    {
        // linker-made and dynamic sections an input may also carry
        ".interp", ".note.gnu.build-id", ".hash", ".gnu.hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d",
        ".gnu.version_r", ".dynamic", ".got", ".got.plt", ".igot", ".igot.plt", ".plt", ".plt.got", ".plt.sec", ".iplt",
        ".relr.dyn", ".rela.init", ".rela.text", ".rela.text.*", ".rela.gnu.linkonce.t.*", ".rela.fini", ".rela.rodata",
        ".rela.rodata.*", ".rela.gnu.linkonce.r.*", ".rela.data", ".rela.data.*", ".rela.gnu.linkonce.d.*", ".rela.tdata",
        ".rela.tdata.*", ".rela.gnu.linkonce.td.*", ".rela.tbss", ".rela.tbss.*", ".rela.gnu.linkonce.tb.*",
        ".rela.ctors", ".rela.dtors", ".rela.got", ".rela.bss", ".rela.bss.*", ".rela.gnu.linkonce.b.*", ".rela.ldata",
        ".rela.ldata.*", ".rela.gnu.linkonce.l.*", ".rela.lbss", ".rela.lbss.*", ".rela.gnu.linkonce.lb.*",
        ".rela.lrodata", ".rela.lrodata.*", ".rela.gnu.linkonce.lr.*", ".rela.ifunc", ".rela.plt", ".rela.iplt",
        // code
        ".init", ".fini", ".text", ".text.*", ".gnu.linkonce.t.*", ".text.*_unlikely", ".text.exit", ".text.exit.*",
        ".text.startup", ".text.startup.*", ".text.hot", ".text.hot.*", ".text.unlikely", ".text.unlikely.*",
        ".text.sorted.*", ".stub", ".gnu.warning",
        // read-only data and unwind tables
        ".rodata", ".rodata.*", ".gnu.linkonce.r.*", ".rodata1", ".eh_frame_hdr", ".eh_frame", ".eh_frame.*",
        ".eh_frame_entry", ".eh_frame_entry.*", ".sframe", ".sframe.*", ".gcc_except_table", ".gcc_except_table.*",
        ".gnu_extab", ".gnu_extab*", ".exception_ranges*",
        // thread-local, constructors, relro and data
        ".tdata", ".tdata.*", ".gnu.linkonce.td.*", ".tbss", ".tbss.*", ".gnu.linkonce.tb.*", ".tcommon",
        ".preinit_array", ".init_array", ".init_array.*", ".fini_array", ".fini_array.*", ".ctors", ".ctors.*", ".dtors",
        ".dtors.*", ".jcr", ".data.rel.ro", ".data.rel.ro.*", ".data.rel.ro.local*", ".gnu.linkonce.d.rel.ro.*",
        ".gnu.linkonce.d.rel.ro.local.*", ".data", ".data.*", ".gnu.linkonce.d.*", ".data1", ".dynbss", ".bss", ".bss.*",
        ".gnu.linkonce.b.*", "COMMON", ".dynlbss", ".lbss", ".lbss.*", ".gnu.linkonce.lb.*", "LARGE_COMMON", ".lrodata",
        ".lrodata.*", ".gnu.linkonce.lr.*", ".ldata", ".ldata.*", ".gnu.linkonce.l.*",
        // not loaded: stabs, comments, debugging information, attributes; and what /DISCARD/ takes
        ".stab", ".stabstr", ".stab.excl", ".stab.exclstr", ".stab.index", ".stab.indexstr", ".comment",
        ".gnu.build.attributes", ".gnu.build.attributes.*", ".debug", ".line", ".debug_srcinfo", ".debug_sfnames",
        ".debug_aranges", ".debug_pubnames", ".debug_info", ".gnu.linkonce.wi.*", ".debug_abbrev", ".debug_line",
        ".debug_line.*", ".debug_line_end", ".debug_frame", ".debug_str", ".debug_loc", ".debug_macinfo",
        ".debug_weaknames", ".debug_funcnames", ".debug_typenames", ".debug_varnames", ".debug_pubtypes",
        ".debug_ranges", ".debug_addr", ".debug_line_str", ".debug_loclists", ".debug_macro", ".debug_names",
        ".debug_rnglists", ".debug_str_offsets", ".debug_sup", ".gnu.attributes", ".note.GNU-stack", ".gnu_debuglink",
        ".gnu.lto_*",
    }.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Whether some rule of GNU ld's default script takes input sections of this name.</summary>
    public static bool Names(ReadOnlySpan<byte> name)
    {
        foreach (var glob in Globs)
            if (Wild.Engine.Input.Glob.Matches(glob, name)) return true;
        return false;
    }
}
