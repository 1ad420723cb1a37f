// Every ld option Wild knows, in one table: spellings, arity, outcome (implemented / accepted no-op /
// unsupported) and what it does to the LinkOptionsBuilder; then the same for `-z` keywords.
// Matching argv against the table is ArgumentParser's job; what the settings mean is the engine's.
using Wild.Engine;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Cli.CommandLine;

internal static class OptionTable
{
    public static IReadOnlyList<OptionSpec> Options { get; } = BuildOptions();

    public static IReadOnlyList<ZKeyword> ZKeywords { get; } = BuildZKeywords();

    /// <summary>As GNU ld finds a -T script, a --version-script or a --dynamic-list: the name as given, else in the -L
    /// directories named so far.</summary>
    private static string FindScript(string name, IReadOnlyList<string> libraryPaths)
    {
        if (File.Exists(name) || Path.IsPathRooted(name)) return name;
        foreach (var dir in libraryPaths)
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return name;
    }

    private static OptionSpec[] BuildOptions() =>
    [
        // --- inputs and search ----------------------------------------------------------------------------
        Value("-o --output", "FILE", "Write the output to FILE (default a.out; - writes it to standard output, as lld does)", (b, v) => { b.OutputGiven = true; b.Set(o => o with { OutputPath = v }); }),
        Value("-l --library", "NAME", "Search for libNAME.so / libNAME.a; -l:FILE searches for FILE", (b, v) => b.AddLibrary(v)),
        Value("-L --library-path", "DIR", "Add DIR to the library search path", (b, v) => b.Set(o => o with { LibraryPaths = [.. o.LibraryPaths, v] })),
        Value("--sysroot", "DIR", "Directory that search paths and script file names starting with '=' or $SYSROOT, and the absolute INPUT/GROUP names of a script inside it, are relative to", (b, v) => b.Sysroot = v),
        Value("-m", "EMULATION", "Emulation: elf_x86_64 or aarch64linux; the inputs must match it", (b, v) => b.Set(o => o with { Machine = EmulationMachine(v) })),
        Value("--oformat", "FORMAT", "Output format: elf64-x86-64 or elf64-littleaarch64 (the inputs decide)", (_, v) => CheckFormat(v)),
        Flag("-( --start-group", "Start a group of archives searched repeatedly", b => b.StartGroup()),
        Flag("-) --end-group", "End a group of archives", b => b.EndGroup()),
        Flag("--start-lib", "Following object files join the link only if they define a needed symbol, as archive members do", b => b.AddMarker(new InputSpec.LibStart())),
        Flag("--end-lib", "End the objects of --start-lib", b => b.AddMarker(new InputSpec.LibEnd())),
        Flag("--whole-archive", "Include every member of the following archives", b => b.Modifiers = b.Modifiers with { WholeArchive = true }),
        Flag("--no-whole-archive", "Turn off --whole-archive", b => b.Modifiers = b.Modifiers with { WholeArchive = false }),
        Flag("--as-needed", "Add DT_NEEDED only for following shared libraries that are used", b => b.Modifiers = b.Modifiers with { AsNeeded = true }),
        Flag("--no-as-needed", "Turn off --as-needed", b => b.Modifiers = b.Modifiers with { AsNeeded = false }),
        Flag("-Bstatic -dn -non_shared", "Following -l options find only static archives", b => b.Modifiers = b.Modifiers with { StaticOnly = true }),
        Flag("-Bdynamic -dy -call_shared", "Following -l options may find shared libraries", b => b.Modifiers = b.Modifiers with { StaticOnly = false }),
        Flag("-static", "Link statically: like -Bstatic, and the output is a static executable (static-pie with -pie)",
            b => { b.StaticOutput = true; b.Modifiers = b.Modifiers with { StaticOnly = true }; }),
        Flag("--push-state", "Save the --as-needed, --whole-archive and -Bstatic state", b => b.PushState()),
        Flag("--pop-state", "Restore the state saved by the matching --push-state", b => b.PopState()),

        // --- output kind ------------------------------------------------------------------------------------
        // The last of -shared, -pie and -no-pie decides, as in GNU ld: `-shared -pie` is a PIE, `-pie -shared` a library.
        Flag("-pie --pic-executable", "Make a position-independent executable (the last of -shared, -pie, -no-pie wins)", b => (b.Shared, b.Pie) = (false, true)),
        Flag("-no-pie", "Make a position-dependent executable (the last of -shared, -pie, -no-pie wins)", b => (b.Shared, b.Pie) = (false, false)),
        Flag("-shared -Bshareable", "Make a shared object (the last of -shared, -pie, -no-pie wins)", b => (b.Shared, b.Pie) = (true, false)),
        Value("-dynamic-linker -I", "FILE", "Program interpreter written to PT_INTERP", (b, v) => b.Set(o => o with { DynamicLinker = v, NoDynamicLinker = false })),
        Flag("--no-dynamic-linker", "No PT_INTERP; with -pie the output is a static-pie", b => b.Set(o => o with { NoDynamicLinker = true })),
        Flag("-r -i --relocatable", "Make a relocatable object (a partial link) for a later link", b => b.Relocatable = true),
        // GNU ld's -Ur also resolves C++ constructor tables, which only formats without arbitrary sections have: on ELF
        // its -Ur script differs from -r's by a CONSTRUCTORS line that ELF ignores, and the output is byte for byte -r's.
        Flag("-Ur", "As -r (on ELF, GNU ld's -Ur writes what -r writes)", b => b.Relocatable = true),
        Flag("-d -dc -dp", "With -r, give common symbols space in .bss (a final link always does)", b => b.Set(o => o with { AllocateCommons = true })),

        // --- symbols ----------------------------------------------------------------------------------------
        Value("-e --entry", "SYMBOL", "Entry point symbol (default _start)", (b, v) => b.Set(o => o with { Entry = v })),
        Value("-u --undefined", "SYMBOL", "Treat SYMBOL as undefined, pulling in the archive member that defines it", (b, v) => b.Set(o => o with { Undefined = [.. o.Undefined, v] })),
        Value("--undefined-glob", "PATTERN", "As -u for every symbol an archive member defines that matches the glob PATTERN",
            (b, v) => b.Set(o => o with { UndefinedGlobs = [.. o.UndefinedGlobs, v] })),
        Value("--require-defined", "SYMBOL", "As -u, and fail the link unless SYMBOL is defined", (b, v) => b.Set(o => o with { RequireDefined = [.. o.RequireDefined, v] })),
        Value("--defsym", "SYMBOL=VALUE", "Define SYMBOL as a number or as another symbol", (b, v) => b.Set(o => o with { DefSym = [.. o.DefSym, OptionValues.ParseDefSym(v)] })),
        Value("--wrap", "SYMBOL", "Bind SYMBOL to __wrap_SYMBOL and __real_SYMBOL to SYMBOL", (b, v) => b.Set(o => o with { Wrap = [.. o.Wrap, v] })),
        Flag("-E --export-dynamic", "Export all global symbols to the dynamic symbol table", b => b.Set(o => o with { ExportDynamic = true })),
        Flag("--no-export-dynamic", "Turn off --export-dynamic", b => b.Set(o => o with { ExportDynamic = false })),
        Value("--dynamic-list", "FILE", "Export the symbols listed in FILE", (b, v) => b.Set(o => o with { DynamicLists = [.. o.DynamicLists, FindScript(v, o.LibraryPaths)] })),
        Flag("--dynamic-list-data", "Export all data symbols", b => b.Set(o => o with { DynamicListData = true })),
        Value("--export-dynamic-symbol", "GLOB", "Export symbols matching GLOB", (b, v) => b.Set(o => o with { ExportDynamicSymbols = [.. o.ExportDynamicSymbols, v] })),
        Value("--export-dynamic-symbol-list", "FILE", "Export symbols matching the patterns in FILE", (b, v) => b.Set(o => o with { ExportDynamicSymbolLists = [.. o.ExportDynamicSymbolLists, v] })),
        Value("--version-script", "FILE", "Symbol versions and export control from FILE", (b, v) => b.Set(o => o with { VersionScripts = [.. o.VersionScripts, FindScript(v, o.LibraryPaths)] })),
        Flag("--default-symver", "Give a shared object's unversioned exports a version named after its soname (else its file name)",
            b => b.Set(o => o with { DefaultSymver = true })),
        Flag("--no-undefined-version", "A version script naming an undefined symbol is an error", b => b.Set(o => o with { NoUndefinedVersion = true })),
        Flag("--undefined-version", "Allow version scripts to name undefined symbols", b => b.Set(o => o with { NoUndefinedVersion = false })),
        Flag("-Bsymbolic", "Bind global references locally in a shared object", b => b.Set(o => o with { Symbolic = SymbolicMode.All })),
        Flag("-Bsymbolic-functions", "Bind global function references locally", b => b.Set(o => o with { Symbolic = SymbolicMode.Functions })),
        Flag("-Bsymbolic-non-weak", "Bind non-weak global references locally", b => b.Set(o => o with { Symbolic = SymbolicMode.NonWeak })),
        Flag("-Bsymbolic-non-weak-functions", "Bind non-weak global function references locally", b => b.Set(o => o with { Symbolic = SymbolicMode.NonWeakFunctions })),
        Flag("-Bno-symbolic", "Turn off -Bsymbolic and its variants", b => b.Set(o => o with { Symbolic = SymbolicMode.None })),
        Value("--exclude-libs", "LIBS", "Do not export symbols from these archives (comma list, or ALL)", (b, v) => b.Set(o => o with { ExcludeLibs = [.. o.ExcludeLibs, .. OptionValues.SplitList(v)] })),
        Flag("--no-undefined", "Undefined symbols are errors, even in a shared object", b => b.Set(o => o with { NoUndefined = true })),
        Flag("--allow-shlib-undefined", "Allow undefined symbols in shared libraries", b => b.Set(o => o with { AllowShlibUndefined = true })),
        Flag("--no-allow-shlib-undefined", "Report undefined symbols in shared libraries", b => b.Set(o => o with { AllowShlibUndefined = false })),
        Flag("--allow-multiple-definition", "The first of several definitions wins", b => b.SetZ(z => z with { MulDefs = true })),
        Value("--unresolved-symbols", "METHOD", "ignore-all, report-all, ignore-in-object-files or ignore-in-shared-libs", (b, v) => b.Set(o =>
        {
            var (objects, shared) = OptionValues.ParseUnresolvedSymbols(v);
            return o with { AllowUndefinedInObjects = objects, AllowShlibUndefined = shared };
        })),
        Flag("--warn-unresolved-symbols", "Report unresolved symbols as warnings, and link", b => b.Set(o => o with { WarnUnresolvedSymbols = true })),
        Flag("--noinhibit-exec", "Write the output even with undefined or duplicate symbols, reporting them as warnings",
            b => b.Set(o => o with { NoInhibitExec = true })),
        Flag("--error-unresolved-symbols", "Report unresolved symbols as errors (default)", b => b.Set(o => o with { WarnUnresolvedSymbols = false })),
        Value("-R", "PATH", "Same as -rpath PATH for a directory; for a file, --just-symbols=PATH (as in GNU ld)", (b, v) =>
        {
            // GNU ld reads -R as -rpath when it names a directory and as --just-symbols when it names a file.
            if (File.Exists(v)) b.Set(o => o with { JustSymbols = [.. o.JustSymbols, v] });
            else b.Set(o => o with { RPath = [.. o.RPath, v] });
        }),
        Value("--just-symbols", "FILE", "Define FILE's symbols as absolute symbols at their addresses there, without its sections",
            (b, v) => b.Set(o => o with { JustSymbols = [.. o.JustSymbols, v] })),

        // --- dynamic section --------------------------------------------------------------------------------
        Value("-soname -h", "NAME", "DT_SONAME of a shared object", (b, v) => b.Set(o => o with { SoName = v })),
        Value("-rpath", "DIR", "Add DIR to DT_RUNPATH (DT_RPATH with --disable-new-dtags)", (b, v) => b.Set(o => o with { RPath = [.. o.RPath, v] })),
        Value("-rpath-link", "DIR", "Search DIR for the dependencies of shared inputs", (b, v) => b.Set(o => o with { RPathLink = [.. o.RPathLink, v] })),
        Flag("--enable-new-dtags", "Write DT_RUNPATH and DT_FLAGS (default)", b => b.Set(o => o with { NewDtags = true })),
        Flag("--disable-new-dtags", "Write DT_RPATH instead of DT_RUNPATH", b => b.Set(o => o with { NewDtags = false })),
        Value("-f --auxiliary", "NAME", "Make the shared object an auxiliary filter of NAME (DT_AUXILIARY; repeatable)",
            (b, v) => b.Set(o => o with { AuxiliaryFilters = [.. o.AuxiliaryFilters, v] })),
        Value("-F --filter", "NAME", "Make the shared object a filter of NAME (DT_FILTER; the last one given)", (b, v) => b.Set(o => o with { Filter = v })),
        Value("--audit", "LIB", "Name LIB as an rtld-audit library in DT_AUDIT (repeatable; joined by ':')", (b, v) => b.Set(o => o with { Audit = [.. o.Audit, v] })),
        Value("--depaudit -P", "LIB", "Name LIB as an audit library for the object's dependencies in DT_DEPAUDIT (repeatable)",
            (b, v) => b.Set(o => o with { DepAudit = [.. o.DepAudit, v] })),
        Value("--spare-dynamic-tags", "COUNT", "Reserve COUNT extra DT_NULL entries at the end of .dynamic for tools that add tags (default 0, as lld)",
            (b, v) => b.Set(o => o with { SpareDynamicTags = checked((int)Math.Min(ParseNumber("--spare-dynamic-tags", v), 1_000_000)) })),
        Value("--hash-style", "STYLE", "Dynamic hash tables: sysv, gnu or both (default both)", (b, v) => b.Set(o => o with { HashStyle = OptionValues.ParseHashStyle(v) })),
        Optional("--build-id", "STYLE", "Write .note.gnu.build-id: sha1 (default), md5, uuid, fast, 0xHEX or none",
            (b, v) => b.Set(o => { var (kind, bytes) = OptionValues.ParseBuildId(v); return o with { BuildId = kind, BuildIdBytes = bytes }; })),
        Flag("--eh-frame-hdr", "Write .eh_frame_hdr and PT_GNU_EH_FRAME", b => b.Set(o => o with { EhFrameHdr = true })),
        Flag("--no-eh-frame-hdr", "Do not write .eh_frame_hdr", b => b.Set(o => o with { EhFrameHdr = false })),
        Value("-z", "KEYWORD", "ELF keyword: relro, now, text, noexecstack, max-page-size=N, ... (see -z list below)", ApplyZ),
        Value("--pack-dyn-relocs", "KIND", "relr: same as -z pack-relative-relocs; none: no packing (default)", (b, v) => b.SetZ(z => z with
        {
            PackRelativeRelocs = v switch
            {
                "relr" => true,
                "none" => false,
                _ => throw new CommandLineException($"--pack-dyn-relocs: unsupported value '{v}' (expected none or relr)"),
            },
        })),

        // --- sections and symbols in the output ----------------------------------------------------------
        Flag("--gc-sections", "Remove sections nothing refers to", b => b.Set(o => o with { GcSections = true })),
        Flag("--no-gc-sections", "Keep every section (default)", b => b.Set(o => o with { GcSections = false })),
        Flag("--print-gc-sections", "List the sections --gc-sections removes", b => b.Set(o => o with { PrintGcSections = true })),
        Flag("--no-print-gc-sections", "Turn off --print-gc-sections", b => b.Set(o => o with { PrintGcSections = false })),
        // -s, -S and --retain-symbols-file set one stripping mode between them, as in GNU ld: the last one given wins.
        Flag("-s --strip-all", "Omit all symbol information", b => b.Set(o => o with { StripAll = true, RetainSymbolsFile = null })),
        Flag("--gdb-index", "Write .gdb_index (version 7, as lld) from .debug_info and .debug_gnu_pubnames/pubtypes, which it replaces in the output",
            b => b.Set(o => o with { GdbIndex = true })),
        Flag("--no-gdb-index", "Turn off --gdb-index", b => b.Set(o => o with { GdbIndex = false })),
        Flag("-S --strip-debug", "Omit debug sections and symbols", b => b.Set(o => o with { StripDebug = true, RetainSymbolsFile = null })),
        Value("--retain-symbols-file", "FILE", "Keep only the symbols FILE lists (one per line) in .symtab; overrides an earlier -s or -S", (b, v) =>
        {
            if (b.RetainSymbolsFileGiven) throw new CommandLineException("duplicate --retain-symbols-file");
            b.RetainSymbolsFileGiven = true;
            if (b.Options.StripAll || b.Options.StripDebug) b.Warn("--retain-symbols-file overrides -s and -S");
            b.Set(o => o with { RetainSymbolsFile = v, StripAll = false, StripDebug = false });
        }),
        Flag("-x --discard-all", "Omit all local symbols", b => b.Set(o => o with { DiscardLocals = DiscardLocals.All })),
        Flag("-X --discard-locals", "Omit temporary local symbols (.L*)", b => b.Set(o => o with { DiscardLocals = DiscardLocals.Temporary })),
        Flag("--discard-none", "Keep every local symbol", b => b.Set(o => o with { DiscardLocals = DiscardLocals.None })),
        Value("--compress-debug-sections", "TYPE", "Compress the output's .debug_* sections: none, zlib (zlib-gabi) or zstd, in parallel chunks; zlib-gnu (.zdebug_*) is refused", (b, v) => b.Set(o => o with { CompressDebugSections = OptionValues.ParseCompression(v) })),
        Flag("--relax", "Relax GOT and TLS accesses where allowed (default)", b => b.Set(o => o with { Relax = true })),
        Flag("--no-relax", "Do not relax GOT and TLS accesses", b => b.Set(o => o with { Relax = false })),
        Value("--icf", "MODE", "Identical code folding after --gc-sections: all (read-only code, and data that is not address-significant), safe (only sections .llvm_addrsig shows are not address-significant) or none (default)",
            (b, v) => b.Set(o => o with
            {
                Icf = v switch
                {
                    "all" => IcfMode.All,
                    "safe" => IcfMode.Safe,
                    "none" => IcfMode.None,
                    _ => throw new CommandLineException($"--icf: unknown value '{v}' (expected all, safe or none)"),
                },
            })),
        Flag("--print-icf-sections", "List the sections --icf folds, each under the section it keeps (to stdout)", b => b.Set(o => o with { PrintIcfSections = true })),
        Flag("--no-print-icf-sections", "Turn off --print-icf-sections", b => b.Set(o => o with { PrintIcfSections = false })),
        Value("--keep-unique", "SYMBOL", "Never fold the section that defines SYMBOL under --icf", (b, v) => b.Set(o => o with { KeepUnique = [.. o.KeepUnique, v] })),

        // --- link-time optimisation -------------------------------------------------------------------------
        Value("-plugin", "FILE", "Linker plugin for LTO inputs (gcc's liblto_plugin.so, LLVMgold.so); loaded only when an input holds compiler IR",
            (b, v) => b.SetPlugin(v)),
        Value("-plugin-opt", "OPTION", "Pass OPTION to the linker plugin", (b, v) => b.Set(o => o with { PluginOptions = [.. o.PluginOptions, v] })),

        // --- maps, tracing and files about the link --------------------------------------------------------
        Value("-Map", "FILE", "Write a link map to FILE", (b, v) => b.Set(o => o with { MapFile = v })),
        Flag("-M --print-map", "Write the link map to stdout", b => b.Set(o => o with { MapFile = "-" })),
        Flag("--cref", "Add a cross-reference table to the link map", b => b.Set(o => o with { Cref = true })),
        Flag("-t --trace", "Print each input file as it is loaded", b => b.Set(o => o with { Trace = true })),
        Value("-y --trace-symbol", "SYMBOL", "Print each file that defines or refers to SYMBOL", (b, v) => b.Set(o => o with { TraceSymbols = [.. o.TraceSymbols, v] })),
        Value("--why-extract", "FILE", "Write why each archive member was extracted to FILE (- for stdout)", (b, v) => b.Set(o => o with { WhyExtract = v })),
        Value("--dependency-file", "FILE", "Write a make-style dependency file listing every input", (b, v) => b.Set(o => o with { DependencyFile = v })),
        Flag("--fatal-warnings", "Treat warnings as errors", b => b.Set(o => o with { FatalWarnings = true })),
        Flag("--no-fatal-warnings", "Turn off --fatal-warnings", b => b.Set(o => o with { FatalWarnings = false })),

        // --- the command itself ----------------------------------------------------------------------------
        Flag("--version", "Print the version and exit without linking", b => b.VersionOnly = true),
        Flag("-v --verbose", "Print the version and go on linking", b => b.ShowVersion = true),
        Flag("-V", "Print the version and the supported emulations, and go on linking", b => { b.ShowVersion = true; b.ShowEmulations = true; }),
        Flag("--help", "Print this help and exit", b => b.ShowHelp = true),
        TwoDash(Optional("--threads", "N", "Use N worker threads (no value: one per core)",
            (b, v) => b.Set(o => o with { Threads = v is null ? 0 : OptionValues.ParseThreadCount("--threads", v) })) with { TakesSeparateNumber = true }),
        TwoDash(Flag("--no-threads", "Use one thread", b => b.Set(o => o with { Threads = 1 }))),
        TwoDash(Value("--thread-count", "N", "Use N worker threads", (b, v) => b.Set(o => o with { Threads = OptionValues.ParseThreadCount("--thread-count", v) }))),
        TwoDash(Flag("--time", "Print each link phase's wall time, CPU time and MiB allocated to stderr", b => b.Set(o => o with { PrintTimings = true }))),

        // --- accepted and ignored ------------------------------------------------------------------------
        IgnoreValue("-O", "LEVEL", "ld's -O only tunes hash table sizes; output is correct either way"),
        Ignore("-nostdlib", "only drops SEARCH_DIR from the default linker script, which Wild does not have"),
        Ignore("-g", "GNU ld ignores -g too"),
        Ignore("-EL", "x86-64 and AArch64 outputs are little-endian"),
        Ignore("--fix-cortex-a53-843419 --fix-cortex-a53-835769", "AArch64 gcc passes these always; Wild does not yet rewrite the sequences these errata need (only early Cortex-A53 revisions are affected)"),
        Ignore("--no-keep-memory", "a memory-use hint for ld.bfd; Wild maps inputs instead"),
        Ignore("--reduce-memory-overheads", "a memory-use hint for ld.bfd"),
        Ignore("--copy-dt-needed-entries --add-needed", "symbols are resolved only against shared objects named on the command line; a link that needs this fails with an undefined symbol, never silently"),
        Ignore("--no-copy-dt-needed-entries --no-add-needed", "the default"),
        Flag("--warn-execstack", "Warn when an input makes the stack executable (default)", b => b.Set(o => o with { WarnExecStack = true })),
        Flag("--no-warn-execstack", "Do not warn when an input makes the stack executable", b => b.Set(o => o with { WarnExecStack = false })),
        Flag("--error-execstack", "An executable stack (asked for or needed by an input) is an error", b => b.Set(o => o with { ErrorExecStack = true })),
        Flag("--no-error-execstack", "Turn off --error-execstack", b => b.Set(o => o with { ErrorExecStack = false })),
        Ignore("--warn-rwx-segments --no-warn-rwx-segments", "warning policy only"),
        Flag("--warn-common", "Warn when a common symbol is combined with another common or a definition, in GNU ld's words",
            b => b.Set(o => o with { WarnCommon = true })),
        Ignore("--warn-once --no-warn-mismatch --warn-shared-textrel", "warning policy only"),
        Ignore("--warn-textrel", "the default: an output with DT_TEXTREL is always warned about, as in GNU ld"),
        Optional("--sort-common", "ORDER", "Accepted; common symbols are placed by alignment anyway", (_, _) => { }) with { Outcome = Outcome.NoOp },
        IgnoreValue("--sort-section", "ORDER", "input section order within an output section stays command-line order, which is valid"),
        Optional("--color-diagnostics", "WHEN", "Accepted; diagnostics are plain text", (_, _) => { }) with { Outcome = Outcome.NoOp },
        Ignore("--no-color-diagnostics", "diagnostics are plain text"),
        Optional("--demangle", "STYLE", "Demangle C++ and Rust symbol names in diagnostics (default; the style is detected)", (b, _) => b.Set(o => o with { Demangle = true })),
        Flag("--no-demangle", "Print symbol names in diagnostics as they are in the objects", b => b.Set(o => o with { Demangle = false })),
        Ignore("--stats", "statistics are shown by --time"),
        Ignore("--ld-generated-unwind-info --no-ld-generated-unwind-info", "Wild's PLT needs no generated unwind info for correct programs"),
        Ignore("--strip-discarded --no-strip-discarded", "symbols of discarded sections are never written"),
        Optional("--package-metadata", "JSON", "Write JSON (an object or array) into a .note.package FDO_PACKAGING_METADATA note, as distributions' package builds ask; anything else is warned about and no note written, as in GNU ld",
            (b, v) => OptionValues.ApplyPackageMetadata(b, v)),

        // --- recognised and refused ------------------------------------------------------------------------
        Value("-T --script -dT --default-script", "FILE", "Lay out the output with the linker script FILE (docs/linker-scripts.md: what is supported)",
            (b, v) =>
            {
                if (b.Options.LinkerScript is not null)
                    throw new CommandLineException($"a second linker script ({v}): only one -T script is supported");
                var plan = Wild.Engine.Scripts.ScriptPlan.Load(FindScript(v, b.ApplySysroot(b.Options.LibraryPaths)));
                // INPUT and GROUP: the files join the link here, as if named where the -T stands (GNU ld); SEARCH_DIR's
                // directories join the -L list here too (GNU ld searches the list in the order it was made).
                b.AddInputs(plan.InputSpecs(b.Modifiers, b.Sysroot));
                b.Set(o => o.WithLinkerScript(plan, inputsAdded: true));
            }),
        // GNU ld reads all of these addresses as hexadecimal, 0x or not.
        Value("-Ttext", "ADDRESS", "Same as --section-start=.text=ADDRESS", (b, v) => b.AddSectionStart(".text", ParseHexAddress("-Ttext", v))),
        Value("-Tdata", "ADDRESS", "Same as --section-start=.data=ADDRESS", (b, v) => b.AddSectionStart(".data", ParseHexAddress("-Tdata", v))),
        Value("-Tbss", "ADDRESS", "Same as --section-start=.bss=ADDRESS", (b, v) => b.AddSectionStart(".bss", ParseHexAddress("-Tbss", v))),
        Value("-Ttext-segment --image-base", "ADDRESS", "Address of the first segment (default 0x400000; 0 for PIE and shared objects)",
            (b, v) => b.Set(o => o with { ImageBase = ParseHexAddress("-Ttext-segment", v) })),
        Value("-Trodata-segment", "ADDRESS", "Address of the read-only data segment (ignored with -z noseparate-code, as in GNU ld)",
            (b, v) => b.Set(o => o with { RodataSegment = ParseHexAddress("-Trodata-segment", v) })),
        Value("-Tldata-segment", "ADDRESS", "Address of the large-data segment; _end moves there as in GNU ld (large-model data sections are refused with it)",
            (b, v) => b.Set(o => o with { LdataSegment = ParseHexAddress("-Tldata-segment", v) })),
        Value("--section-start", "SECTION=ADDRESS", "Place output section SECTION at ADDRESS; the sections after it follow it",
            (b, v) => { var (name, address) = OptionValues.ParseSectionStart(v); b.AddSectionStart(name, address); }),
        Flag("-q --emit-relocs", "Keep the input sections' relocations in the output (.rela<section>), rewritten for output addresses and symbols",
            b => b.Set(o => o with { EmitRelocs = true })),
        // GNU ld: both also stop the search for shared libraries (-Bstatic from here on).
        Flag("-N --omagic", "One writable and executable segment, nothing page-aligned, headers not loaded; implies -Bstatic",
            b => { b.Set(o => o with { Magic = OutputMagic.OMagic }); b.Modifiers = b.Modifiers with { StaticOnly = true }; }),
        Flag("-n --nmagic", "One segment, sections not page-aligned (data a page up), headers not loaded; implies -Bstatic",
            b => { b.Set(o => o with { Magic = OutputMagic.NMagic }); b.Modifiers = b.Modifiers with { StaticOnly = true }; }),
        Value("-init", "SYMBOL", "DT_INIT names this function instead of _init", (b, v) => b.Set(o => o with { InitSymbol = v })),
        Value("-fini", "SYMBOL", "DT_FINI names this function instead of _fini", (b, v) => b.Set(o => o with { FiniSymbol = v })),
        Refuse("-c --mri-script", "MRI scripts are not supported", Arity.Required, "FILE"),
        Refuse("-b --format", "input formats other than ELF are not supported", Arity.Required, "FORMAT"),
        Refuse("-EB", "Wild links little-endian x86-64 and AArch64 only"),
        // mold's option (--separate-debug-file[=FILE]); GNU ld and lld have none, so no build written for an ld drop-in
        // passes it. objcopy makes the same two files from the linked output (docs/debug-info.md, SeparateDebugFileTests).
        Refuse("--separate-debug-file", "mold's option; GNU ld has none. Link with --build-id, then run " +
            "'objcopy --only-keep-debug OUT OUT.dbg' and 'objcopy --strip-debug --add-gnu-debuglink=OUT.dbg OUT': " +
            "gdb finds OUT.dbg by the build id or the debug link", Arity.Optional, "FILE"),
        // GNU ld's program with it does not start under glibc (ld.so asserts in check_match on the soname-named version
        // it requires from a library that defines none); lld and mold do not have it either.
        Refuse("--default-imported-symver", "imports versioned after an unversioned library's soname do not load with glibc's ld.so"),
        // Listed so that "-unique=PATTERN" is one option rather than read as "-u nique=PATTERN".
        Value("--orphan-handling", "MODE", "Sections no linker-script rule names: place (default), warn, error or discard",
            (b, v) => b.Set(o => o with { OrphanHandling = OptionValues.ParseOrphanHandling(v) })),
        Optional("--unique", "SECTION", "With -r: each orphan input section (or each one matching the glob SECTION) in an output section of its own; refused without -r",
            (b, v) => b.Set(o => v is null ? o with { UniqueOrphans = true } : o with { UniqueSections = [.. o.UniqueSections, v] })),
        Flag("--force-group-allocation", "With -r: place section group members like other sections and write no groups (a final link always does)",
            b => b.Set(o => o with { ForceGroupAllocation = true })),
    ];

    private static ZKeyword[] BuildZKeywords() =>
    [
        Z("relro", "PT_GNU_RELRO over data that is read-only after relocation (default)", b => b.SetZ(z => z with { Relro = true })),
        Z("norelro", "No PT_GNU_RELRO", b => b.SetZ(z => z with { Relro = false })),
        Z("now", "Resolve all symbols at load time (DF_BIND_NOW)", b => b.SetZ(z => z with { Now = true })),
        Z("lazy", "Resolve function symbols on first call (default)", b => b.SetZ(z => z with { Now = false })),
        Z("text", "Text relocations are an error", b => b.SetZ(z => z with { Text = true })),
        Z("notext", "Allow text relocations", b => b.SetZ(z => z with { Text = false })),
        Z("textoff", "Allow text relocations", b => b.SetZ(z => z with { Text = false })),
        Z("execstack", "Executable stack in PT_GNU_STACK", b => b.SetZ(z => z with { ExecStack = true })),
        Z("noexecstack", "Non-executable stack, whatever the inputs' .note.GNU-stack say", b => b.SetZ(z => z with { ExecStack = false })),
        Z("defs", "Undefined symbols are errors (same as --no-undefined)", b => b.Set(o => o with { NoUndefined = true })),
        Z("undefs", "Allow undefined symbols in a shared object", b => b.Set(o => o with { NoUndefined = false })),
        Z("muldefs", "The first of several definitions wins", b => b.SetZ(z => z with { MulDefs = true })),
        Z("nocopyreloc", "Never create copy relocations: a reference that needs one is an error (recompile with -fPIC), as in lld", b => b.SetZ(z => z with { NoCopyReloc = true })),
        Z("origin", "Mark the object as using $ORIGIN (DF_ORIGIN)", b => b.SetZ(z => z with { Origin = true })),
        Flags1("nodelete", DF_1_NODELETE, "The object cannot be unloaded (DF_1_NODELETE)"),
        Flags1("global", DF_1_GLOBAL, "The object's symbols serve every later dlopen, as RTLD_GLOBAL would (DF_1_GLOBAL)"),
        Flags1("initfirst", DF_1_INITFIRST, "Run this object's initialisers before any other object's (DF_1_INITFIRST)"),
        Flags1("interpose", DF_1_INTERPOSE, "The object's symbols interpose on every other object's but the executable's (DF_1_INTERPOSE)"),
        Flags1("nodlopen", DF_1_NOOPEN, "The object cannot be loaded with dlopen (DF_1_NOOPEN)"),
        Flags1("nodump", DF_1_NODUMP, "The object cannot be dumped with dldump (DF_1_NODUMP)"),
        Flags1("loadfltr", DF_1_LOADFLTR, "Load the object's filtees at once (DF_1_LOADFLTR)"),
        Flags1("globalaudit", DF_1_GLOBAUDIT, "Audit every object of the process with the executable's DT_AUDIT libraries (DF_1_GLOBAUDIT)"),
        Flags1("nodefaultlib", DF_1_NODEFLIB, "Do not search the default library paths for this object's dependencies (DF_1_NODEFLIB)"),
        Z("separate-code", "Keep code in its own pages (default on x86-64)", b => b.SetZ(z => z with { SeparateCode = true })),
        Z("noseparate-code", "Let code share pages with headers and read-only data (default on AArch64)", b => b.SetZ(z => z with { SeparateCode = false })),
        Z("pack-relative-relocs", "Pack relative relocations into DT_RELR", b => b.SetZ(z => z with { PackRelativeRelocs = true })),
        Z("nopack-relative-relocs", "Do not use DT_RELR (default)", b => b.SetZ(z => z with { PackRelativeRelocs = false })),
        ZValue("max-page-size", "Segment alignment in bytes (power of two; default 0x1000 on x86-64, 0x10000 on AArch64)",
            (b, v) => b.SetZ(z => z with { MaxPageSize = ParsePageSize(v) })),
        ZIgnore("common-page-size", true, "only tunes the padding GNU ld adds to the end of RELRO; layout follows max-page-size"),
        ZIgnore("combreloc", false, "sorting dynamic relocations is an optimisation"),
        ZIgnore("nocombreloc", false, "sorting dynamic relocations is an optimisation"),
        Z("ibt", "Mark the output IBT-compatible whatever its inputs say (GNU_PROPERTY_X86_FEATURE_1_IBT)", b => b.SetZ(z => z with { Ibt = true })),
        Z("ibtplt", "Make the IBT-enabled PLT (endbr64 entries, .plt.sec) whatever the inputs' properties say", b => b.SetZ(z => z with { IbtPlt = true })),
        // GNU ld 2.40 dropped MPX: it warns in these words and makes the PLT it would make without the option.
        Z("bndplt", "Accepted and ignored with GNU ld 2.40's warning (MPX's BND-prefixed PLT is gone)", b => b.Warn("-z bndplt ignored")),
        Z("shstk", "Mark the output shadow-stack-compatible whatever its inputs say (GNU_PROPERTY_X86_FEATURE_1_SHSTK)", b => b.SetZ(z => z with { Shstk = true })),
        ZValue("cet-report", "none, warning or error for each input without the IBT or SHSTK property (one that -z ibt or -z shstk forces is not reported)",
            (b, v) => b.SetZ(z => z with { CetReport = OptionValues.ParsePropertyReport("cet-report", v) })),
        Z("lam-u48", "Mark the output LAM_U48-compatible (and LAM_U57, as GNU ld does) whatever its inputs say (GNU_PROPERTY_X86_FEATURE_1_LAM_U48)",
            b => b.SetZ(z => z with { LamU48 = true })),
        Z("lam-u57", "Mark the output LAM_U57-compatible whatever its inputs say (GNU_PROPERTY_X86_FEATURE_1_LAM_U57)", b => b.SetZ(z => z with { LamU57 = true })),
        ZValue("lam-u48-report", "none, warning or error for each input without the LAM_U48 property",
            (b, v) => b.SetZ(z => z with { LamU48Report = OptionValues.ParsePropertyReport("lam-u48-report", v) })),
        ZValue("lam-u57-report", "none, warning or error for each input without the LAM_U57 property",
            (b, v) => b.SetZ(z => z with { LamU57Report = OptionValues.ParsePropertyReport("lam-u57-report", v) })),
        ZValue("lam-report", "-z lam-u48-report and -z lam-u57-report in one",
            (b, v) =>
            {
                var report = OptionValues.ParsePropertyReport("lam-report", v);
                b.SetZ(z => z with { LamU48Report = report, LamU57Report = report });
            }),
        Z("force-bti", "AArch64: mark the output BTI-compatible whatever its inputs say, warning for each that is not, with BTI PLT entries",
            b => b.SetZ(z => z with { ForceBti = true })),
        Z("pac-plt", "AArch64: PLT entries authenticate the address they jump to (autia1716)", b => b.SetZ(z => z with { PacPlt = true })),
        ZIgnore("keep-text-section-prefix", false, ".text.hot/.text.unlikely grouping is a layout optimisation"),
        Z("x86-64-baseline", "Mark x86-64-baseline as needed in the ISA level property (GNU_PROPERTY_X86_ISA_1_NEEDED)", b => b.SetZ(z => z with { IsaLevelNeeded = 1 })),
        Z("x86-64-v2", "Mark x86-64-v2 as needed in the ISA level property (GNU_PROPERTY_X86_ISA_1_NEEDED)", b => b.SetZ(z => z with { IsaLevelNeeded = 2 })),
        Z("x86-64-v3", "Mark x86-64-v3 as needed in the ISA level property (GNU_PROPERTY_X86_ISA_1_NEEDED)", b => b.SetZ(z => z with { IsaLevelNeeded = 4 })),
        Z("x86-64-v4", "Mark x86-64-v4 as needed in the ISA level property (GNU_PROPERTY_X86_ISA_1_NEEDED)", b => b.SetZ(z => z with { IsaLevelNeeded = 8 })),
        Z("noreloc-overflow", "x86-64: let R_X86_64_32/32S against the output's own addresses into a PIE or shared object (32 gets a RELATIVE relocation, 32S its link-time value), for code that runs below 4 GiB",
            b => b.SetZ(z => z with { NoRelocOverflow = true })),
        Z("start-stop-gc", "With --gc-sections, a reference to __start_SEC/__stop_SEC does not keep the sections named SEC",
            b => b.SetZ(z => z with { StartStopGc = true })),
        Z("nostart-stop-gc", "With --gc-sections, a reference to __start_SEC/__stop_SEC keeps the sections named SEC (default)",
            b => b.SetZ(z => z with { StartStopGc = false })),
        Z("indirect-extern-access", "x86-64: mark the output as needing indirect external access (GNU_PROPERTY_1_NEEDED) and create no copy relocations (-z nocopyreloc)",
            b => b.SetZ(z => z with { IndirectExternAccess = true, NoCopyReloc = true })),
        Z("noindirect-extern-access", "Do not mark the output as needing indirect external access (default; its inputs' notes still decide)",
            b => b.SetZ(z => z with { IndirectExternAccess = false })),
        Z("common", "With -r: write common symbols as STT_COMMON", b => b.SetZ(z => z with { SttCommon = true })),
        Z("nocommon", "With -r: write common symbols as STT_OBJECT", b => b.SetZ(z => z with { SttCommon = false })),
        Z("unique-symbol", "Write each local symbol of the inputs to .symtab as NAME.N, N counting that name's earlier locals, so every local name is unique",
            b => b.SetZ(z => z with { UniqueSymbol = true })),
        Z("nounique-symbol", "Write local symbols under their own names (default)", b => b.SetZ(z => z with { UniqueSymbol = false })),
        ZValue("call-nop", "How a relaxed call *foo@GOTPCREL(%rip) is padded to 6 bytes: prefix-addr (addr32, the default), suffix-nop, or prefix-BYTE / suffix-BYTE",
            (b, v) =>
            {
                var (pad, suffix) = OptionValues.ParseCallNop(v);
                b.SetZ(z => z with { CallNopByte = pad, CallNopSuffix = suffix });
            }),
        ZValue("stack-size", "The main thread's stack size, in PT_GNU_STACK's p_memsz",
            (b, v) => b.SetZ(z => z with { StackSize = ParseNumber("-z stack-size", v) })),
        Z("dynamic-undefined-weak", "Undefined weak symbols of a dynamic output are dynamic symbols ld.so may bind (default)",
            b => b.SetZ(z => z with { DynamicUndefinedWeak = true })),
        Z("nodynamic-undefined-weak", "Undefined weak symbols are 0, fixed at link time, and not dynamic symbols",
            b => b.SetZ(z => z with { DynamicUndefinedWeak = false })),
    ];

    // -z keyword / -zkeyword. ld.bfd warns about and ignores keywords it does not know, so Wild does too:
    // a distro flag for a newer ld must not break a build.
    private static void ApplyZ(LinkOptionsBuilder b, string text)
    {
        int eq = text.IndexOf('=');
        string name = eq < 0 ? text : text[..eq];
        foreach (ZKeyword z in ZKeywords)
        {
            if (z.Name != name || z.TakesValue != eq >= 0)
                continue;
            switch (z.Outcome)
            {
                case Outcome.Unsupported:
                    throw new CommandLineException($"unsupported option: -z {text} ({z.Help})");
                case Outcome.Implemented:
                    z.Apply!(b, eq < 0 ? null : text[(eq + 1)..]);
                    break;
            }
            return;
        }
        b.Warn($"-z {text} ignored");
    }

    private static ulong ParseHexAddress(string option, string text) => OptionValues.ParseHexAddress(option, text);

    private static ulong ParseNumber(string option, string text) =>
        OptionValues.TryParseNumber(text, out ulong v) ? v : throw new CommandLineException($"{option}: invalid number '{text}'");

    private static ulong ParsePageSize(string text)
    {
        if (!OptionValues.TryParseNumber(text, out ulong v) || v == 0 || (v & (v - 1)) != 0)
            throw new CommandLineException($"-z max-page-size: invalid page size '{text}' (expected a power of two)");
        return v;
    }

    private static ushort EmulationMachine(string emulation) =>
        Engine.Arch.Emulations.MachineOf(emulation) is var machine and not 0 ? machine
            : throw new CommandLineException($"unrecognised emulation mode: {emulation}",
                $"supported emulations: {string.Join(' ', Engine.Arch.Emulations.Names)}");

    private static void CheckFormat(string format)
    {
        if (format is not ("elf64-x86-64" or "elf64-littleaarch64"))
            throw new CommandLineException($"--oformat: unsupported output format '{format}' (only elf64-x86-64 and elf64-littleaarch64)");
    }

    // --- row builders ---------------------------------------------------------------------------------------

    private static string[] Names(string spellings) => spellings.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static OptionSpec Flag(string spellings, string help, Action<LinkOptionsBuilder> apply) =>
        new(Names(spellings), Arity.None, Outcome.Implemented, help) { Apply = (b, _) => apply(b) };

    private static OptionSpec Value(string spellings, string meta, string help, Action<LinkOptionsBuilder, string> apply) =>
        new(Names(spellings), Arity.Required, Outcome.Implemented, help) { MetaVar = meta, Apply = (b, v) => apply(b, v!) };

    private static OptionSpec Optional(string spellings, string meta, string help, Action<LinkOptionsBuilder, string?> apply) =>
        new(Names(spellings), Arity.Optional, Outcome.Implemented, help) { MetaVar = meta, Apply = apply };

    private static OptionSpec Ignore(string spellings, string why) =>
        new(Names(spellings), Arity.None, Outcome.NoOp, why);

    private static OptionSpec IgnoreValue(string spellings, string meta, string why) =>
        new(Names(spellings), Arity.Required, Outcome.NoOp, why) { MetaVar = meta };

    private static OptionSpec Refuse(string spellings, string why, Arity arity = Arity.None, string? meta = null) =>
        new(Names(spellings), arity, Outcome.Unsupported, why) { MetaVar = meta };

    private static OptionSpec TwoDash(OptionSpec spec) => spec with { TwoDashOnly = true };

    /// <summary>A -z keyword that only adds a DF_1_* bit to DT_FLAGS_1.</summary>
    private static ZKeyword Flags1(string name, ulong bit, string help) =>
        Z(name, help, b => b.SetZ(z => z with { Flags1 = z.Flags1 | bit }));

    /// <summary>A -z keyword that takes a value (NAME=VALUE).</summary>
    private static ZKeyword ZValue(string name, string help, Action<LinkOptionsBuilder, string> apply) =>
        new(name, true, Outcome.Implemented, help) { Apply = (b, v) => apply(b, v!) };

    private static ZKeyword Z(string name, string help, Action<LinkOptionsBuilder> apply) =>
        new(name, false, Outcome.Implemented, help) { Apply = (b, _) => apply(b) };

    private static ZKeyword ZIgnore(string name, bool takesValue, string why) => new(name, takesValue, Outcome.NoOp, why);

    private static ZKeyword ZRefuse(string name, bool takesValue, string why) => new(name, takesValue, Outcome.Unsupported, why);
}
