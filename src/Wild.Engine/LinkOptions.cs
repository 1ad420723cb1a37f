// Everything a link needs to know, as given by the `wild` command line or the cmdlets.
// Parsing ld's argument syntax is the CLI's job; this type holds only decided values.
namespace Wild.Engine;

/// <summary>What kind of ELF file the link produces.</summary>
public enum OutputKind
{
    /// <summary>Statically linked, position-dependent executable (ld -static).</summary>
    Static,
    /// <summary>Statically linked position-independent executable (ld -static -pie --no-dynamic-linker).</summary>
    StaticPie,
    /// <summary>Dynamically linked position-independent executable (ld -pie).</summary>
    Pie,
    /// <summary>Dynamically linked position-dependent executable (ld -no-pie).</summary>
    Dynamic,
    /// <summary>Shared object (ld -shared).</summary>
    Shared,
    /// <summary>Relocatable object (ld -r): the inputs combined into one ET_REL file for a later link.</summary>
    Relocatable,
}

/// <summary>How the build-id note is computed.</summary>
public enum BuildIdKind { None, Fast, Md5, Sha1, Uuid, Hex }

/// <summary>Which dynamic symbol hash tables a dynamic output carries (--hash-style).</summary>
public enum HashStyle { Sysv, Gnu, Both }

/// <summary>Which global definitions of a shared object bind locally (-Bsymbolic and its variants).</summary>
public enum SymbolicMode { None, All, Functions, NonWeak, NonWeakFunctions }

/// <summary>How debug sections are compressed in the output (--compress-debug-sections).</summary>
public enum DebugCompression { None, Zlib, Zstd }

/// <summary>Which local symbols are left out of .symtab (-x, -X, --discard-none).</summary>
public enum DiscardLocals { Default, Temporary, All, None }

/// <summary>--icf: which identical sections are folded (lld's levels; GNU ld has no ICF).</summary>
public enum IcfMode { None, All, Safe }

/// <summary>--orphan-handling: what to do with input sections no linker-script rule names.</summary>
public enum OrphanHandling { Place, Warn, Error, Discard }

/// <summary>One positional item of the input list, in command-line order.</summary>
public abstract record InputSpec
{
    /// <summary>A file named directly (object, archive, shared object or linker script).</summary>
    public sealed record File(string Path, InputModifiers Modifiers) : InputSpec;
    /// <summary>A library by name (-lfoo, or -l:file.a when <see cref="Verbatim"/>).</summary>
    public sealed record Library(string Name, bool Verbatim, InputModifiers Modifiers) : InputSpec;
    /// <summary>--start-group: archives up to the matching end are rescanned until nothing changes.</summary>
    public sealed record GroupStart : InputSpec;
    /// <summary>--end-group.</summary>
    public sealed record GroupEnd : InputSpec;
    /// <summary>--start-lib: the object files up to the matching end join the link only when they define a symbol
    /// the link needs, like the members of an archive standing where they are named.</summary>
    public sealed record LibStart : InputSpec;
    /// <summary>--end-lib.</summary>
    public sealed record LibEnd : InputSpec;
}

/// <summary>Positional state in force when an input was named.</summary>
public readonly record struct InputModifiers(bool WholeArchive, bool AsNeeded, bool StaticOnly)
{
    public static InputModifiers Default => default;
}

/// <summary>The -z keywords and similar switches that shape the output.</summary>
public sealed record ZOptions
{
    public bool Relro { get; init; } = true;
    public bool Now { get; init; }
    /// <summary>-z execstack (true) / -z noexecstack (false); null: executable when an input needs it, as GNU ld decides.</summary>
    public bool? ExecStack { get; init; }
    /// <summary>-z separate-code (true) / -z noseparate-code (false); null: the architecture's default, as GNU ld's
    /// (separate on x86-64, not on AArch64).</summary>
    public bool? SeparateCode { get; init; }
    public bool Text { get; init; }
    /// <summary>-z max-page-size; 0: the architecture's default (4 KiB on x86-64, 64 KiB on AArch64, as GNU ld).</summary>
    public ulong MaxPageSize { get; init; }
    // Added for the CLI (-z keywords gcc, clang, rustc and distro LDFLAGS pass).
    /// <summary>-z nocopyreloc: never create copy relocations.</summary>
    public bool NoCopyReloc { get; init; }
    /// <summary>-z origin: DF_ORIGIN / DF_1_ORIGIN.</summary>
    public bool Origin { get; init; }
    /// <summary>DF_1_* bits asked for by -z keywords (nodelete, global, initfirst, interpose, nodlopen, nodump,
    /// loadfltr, nodefaultlib), written to DT_FLAGS_1 with the ones the link decides (PIE, NOW, ORIGIN).</summary>
    public ulong Flags1 { get; init; }
    /// <summary>-z stack-size=N: PT_GNU_STACK's p_memsz, the main thread's stack size (0: the system's default).</summary>
    public ulong StackSize { get; init; }
    /// <summary>-z pack-relative-relocs: DT_RELR.</summary>
    public bool PackRelativeRelocs { get; init; }
    /// <summary>-z ibt: set the IBT feature property even when not every input has it.</summary>
    public bool Ibt { get; init; }
    /// <summary>-z ibtplt (x86-64): make the IBT-enabled PLT (.plt with endbr64 lazy entries, .plt.sec) even when the
    /// merged properties do not have IBT; the property itself is left as the inputs and -z ibt make it.</summary>
    public bool IbtPlt { get; init; }
    /// <summary>-z shstk: set the SHSTK feature property even when not every input has it.</summary>
    public bool Shstk { get; init; }
    /// <summary>-z lam-u48: set the LAM_U48 feature property (48-bit user-space linear address masking) even when not
    /// every input has it; GNU ld 2.40 sets LAM_U57 with it (code that fits 48-bit tagging fits 57-bit too).</summary>
    public bool LamU48 { get; init; }
    /// <summary>-z lam-u57: set the LAM_U57 feature property (57-bit user-space linear address masking) even when not
    /// every input has it.</summary>
    public bool LamU57 { get; init; }
    /// <summary>-z cet-report=: how an input without the IBT or SHSTK property is reported (for a property -z ibt or
    /// -z shstk does not force).</summary>
    public PropertyReport CetReport { get; init; }
    /// <summary>-z lam-u48-report= (or -z lam-report=): how an input without the LAM_U48 property is reported.</summary>
    public PropertyReport LamU48Report { get; init; }
    /// <summary>-z lam-u57-report= (or -z lam-report=): how an input without the LAM_U57 property is reported.</summary>
    public PropertyReport LamU57Report { get; init; }
    /// <summary>-z force-bti (AArch64): set the BTI feature property even when not every input has it (warning for each
    /// one that does not), which also gives the PLT its `bti c` landing pads.</summary>
    public bool ForceBti { get; init; }
    /// <summary>-z pac-plt (AArch64): PLT entries authenticate the address they load (autia1716) before jumping.</summary>
    public bool PacPlt { get; init; }
    /// <summary>-z x86-64-{baseline,v2,v3,v4}: the ISA level bit (GNU_PROPERTY_X86_ISA_1_*) ORed into the output's
    /// "ISA needed" property; the last option given wins, as in GNU ld (0: none).</summary>
    public uint IsaLevelNeeded { get; init; }
    /// <summary>-z muldefs / --allow-multiple-definition: the first definition wins.</summary>
    public bool MulDefs { get; init; }
    /// <summary>-z dynamic-undefined-weak (default) / -z nodynamic-undefined-weak: whether an undefined weak symbol of a
    /// dynamic output is a dynamic symbol ld.so may bind, or 0 fixed at link time.</summary>
    public bool DynamicUndefinedWeak { get; init; } = true;
    /// <summary>-z noreloc-overflow (x86-64): a position-independent output takes R_X86_64_32 and 32S against its own
    /// addresses, for code that knows it runs below 4 GiB (the Linux kernel's boot code): 32 with a RELATIVE dynamic
    /// relocation, 32S with the link-time value, as GNU ld 2.40 links them.</summary>
    public bool NoRelocOverflow { get; init; }
    /// <summary>-z start-stop-gc: with --gc-sections a reference to __start_SEC/__stop_SEC does not keep the sections
    /// named SEC (-z nostart-stop-gc, GNU ld's default, does).</summary>
    public bool StartStopGc { get; init; }
    /// <summary>-z indirect-extern-access (x86-64): the output's GNU_PROPERTY_1_NEEDED says it needs indirect external
    /// access (canonical function pointers, no copy relocations of its data); the command line also sets NoCopyReloc.</summary>
    public bool IndirectExternAccess { get; init; }
    /// <summary>-z common (true) / -z nocommon (false): a -r output writes its common symbols as STT_COMMON or as
    /// STT_OBJECT; null: each keeps the type its input gave it, as GNU ld does.</summary>
    public bool? SttCommon { get; init; }
    /// <summary>-z unique-symbol: each named local symbol of the inputs is written to .symtab as NAME.N (UniqueLocalNames).</summary>
    public bool UniqueSymbol { get; init; }
    /// <summary>-z call-nop=: the byte that pads a relaxed `call *foo@GOTPCREL(%rip)` (6 bytes) to the 5-byte direct
    /// call: 0x67 (addr32, GNU ld's default: prefix-addr) or a byte the user chose.</summary>
    public byte CallNopByte { get; init; } = 0x67;
    /// <summary>-z call-nop=suffix-*: the pad byte goes after the call instead of before it.</summary>
    public bool CallNopSuffix { get; init; }
}

/// <summary>-z cet-report= / -z lam-*-report=: what an input that lacks an x86 feature property gets.</summary>
public enum PropertyReport { None, Warning, Error }

/// <summary>GNU ld's "magic" numbers of a.out days, still its names for the ELF layouts: Paged (the default, demand
/// paged: segments on page boundaries, headers loaded), NMagic (-n: sections not page-aligned except the data segment's
/// page step, one segment), OMagic (-N: also text writable, nothing page-aligned).</summary>
public enum OutputMagic { Paged, NMagic, OMagic }

/// <summary>Decided settings of one link.</summary>
public sealed record LinkOptions
{
    public required string OutputPath { get; init; }
    public OutputKind Kind { get; init; } = OutputKind.Static;
    /// <summary>The e_machine an -m emulation asked for (EM_X86_64, EM_AARCH64); 0: the inputs' machine decides.</summary>
    public ushort Machine { get; init; }
    public IReadOnlyList<InputSpec> Inputs { get; init; } = [];
    public IReadOnlyList<string> LibraryPaths { get; init; } = [];
    /// <summary>--sysroot: where the absolute names of a script inside it, and names starting with '=' or $SYSROOT,
    /// are looked up (Input/Sysroot); the command line has already rewritten -L and SEARCH_DIR directories.</summary>
    public string? Sysroot { get; init; }
    /// <summary>Entry symbol; null means the default (_start).</summary>
    public string? Entry { get; init; }
    /// <summary>A -T linker script (its layout plan), null for GNU ld's default layout.</summary>
    public Scripts.ScriptPlan? LinkerScript { get; init; }

    /// <summary>These options with a -T script: its ENTRY applies unless -e named an entry (as in GNU ld), its EXTERN
    /// names join -u's, its SEARCH_DIR directories the -L list. Its INPUT and
    /// GROUP files must already be among <see cref="Inputs"/> (<paramref name="inputsAdded"/>: the command line adds
    /// ScriptPlan.InputSpecs where the -T stands); otherwise they are refused, never dropped.</summary>
    public LinkOptions WithLinkerScript(Scripts.ScriptPlan script, bool inputsAdded = false) =>
        !inputsAdded && script.InputCommands.Count > 0
            ? throw script.InputCommands[0].Position.Unsupported(
                $"{(script.InputCommands[0].IsGroup ? "GROUP" : "INPUT")} in a script given other than with -T (give the files as inputs)")
            : this with
            {
                LinkerScript = script, Entry = Entry ?? script.Entry, Undefined = script.Externs.Count == 0 ? Undefined : [.. Undefined, .. script.Externs],
                // SEARCH_DIR: after the -L given so far (the command line rewrites '=' and $SYSROOT ones with the rest).
                LibraryPaths = script.SearchDirs.Count == 0 ? LibraryPaths : [.. LibraryPaths, .. script.SearchDirs],
            };
    /// <summary>The symbol the entry point is looked up as: -e's or ENTRY's, else GNU ld's fallback: _start (its default
    /// script says ENTRY(_start)), or, under a -T script that names none, "start" (then the start of .text, quietly).</summary>
    public string EntryName => Entry ?? (LinkerScript is null ? "_start" : "start");
    /// <summary>Symbols to treat as undefined roots (-u).</summary>
    public IReadOnlyList<string> Undefined { get; init; } = [];
    /// <summary>--undefined-glob: glob patterns; every archive member symbol matching one is treated as -u.</summary>
    public IReadOnlyList<string> UndefinedGlobs { get; init; } = [];
    /// <summary>--require-defined: like -u, and the link fails unless the symbol ends up defined.</summary>
    public IReadOnlyList<string> RequireDefined { get; init; } = [];
    /// <summary>--defsym name=value pairs, value already parsed as a number or a symbol name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DefSym { get; init; } = [];
    public bool GcSections { get; init; }
    public bool EhFrameHdr { get; init; }
    public BuildIdKind BuildId { get; init; } = BuildIdKind.None;
    /// <summary>Bytes for --build-id=0xHEX.</summary>
    public byte[]? BuildIdBytes { get; init; }
    /// <summary>--package-metadata=JSON: the JSON text of the .note.package note (FDO_PACKAGING_METADATA) that
    /// systemd-coredump and the like read; the command line has checked that it is JSON. Null: no note.</summary>
    public string? PackageMetadata { get; init; }
    public string? DynamicLinker { get; init; }
    public bool StripAll { get; init; }
    public bool StripDebug { get; init; }
    /// <summary>--gdb-index: write .gdb_index from the inputs' .debug_info and .debug_gnu_pubnames/pubtypes (which
    /// then stay out of the output, as in lld).</summary>
    public bool GdbIndex { get; init; }
    public bool ExportDynamic { get; init; }
    public string? SoName { get; init; }
    public IReadOnlyList<string> RPath { get; init; } = [];
    public ZOptions Z { get; init; } = new();
    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Threads { get; init; }
    /// <summary>Print per-phase timings (--time).</summary>
    public bool PrintTimings { get; init; }
    /// <summary>-Map=file: write a link map there.</summary>
    public string? MapFile { get; init; }
    public bool PrintGcSections { get; init; }
    /// <summary>--icf=all|safe: fold identical read-only sections after garbage collection (lld's semantics).</summary>
    public IcfMode Icf { get; init; }
    /// <summary>--print-icf-sections: list each folded section under the one it folds into (to stdout, as lld does).</summary>
    public bool PrintIcfSections { get; init; }
    /// <summary>--keep-unique=SYMBOL: never fold the section defining SYMBOL.</summary>
    public IReadOnlyList<string> KeepUnique { get; init; } = [];
    public IReadOnlyList<string> TraceSymbols { get; init; } = [];
    public IReadOnlyList<string> Wrap { get; init; } = [];
    /// <summary>Called with each phase's name as it starts, on the linking thread (the cmdlets show it with Write-Progress).</summary>
    public Action<string>? PhaseStarted { get; init; }
    /// <summary>Keep an existing output file when the link fails (GNU ld deletes it; the CLI follows ld).</summary>
    public bool KeepOldOutputOnFailure { get; init; }

    // Added for the CLI: each holds one option from ecosystem-notes §1.2. Defaults are GNU ld's on Debian.
    /// <summary>--hash-style; ld.bfd here emits both tables unless told otherwise.</summary>
    public HashStyle HashStyle { get; init; } = HashStyle.Both;
    /// <summary>--no-dynamic-linker: no PT_INTERP even in an executable with a dynamic section.</summary>
    public bool NoDynamicLinker { get; init; }
    /// <summary>--version-script files, in command-line order.</summary>
    public IReadOnlyList<string> VersionScripts
    {
        get => _versionScripts;
        init { _versionScripts = value; _versionScriptNodes = null; }
    }
    private readonly IReadOnlyList<string> _versionScripts = [];
    private IReadOnlyList<Input.VersionNode>? _versionScriptNodes;

    /// <summary>The nodes of the --version-script files, read at the first need and kept: the symbol index needs the
    /// version names, the export policy the patterns, and a version script may be a pipe (`--version-script=<(...)`)
    /// that gives its text once. Options derived with `with` keep them unless they name other files.</summary>
    internal IReadOnlyList<Input.VersionNode> VersionScriptNodes =>
        _versionScriptNodes ??= [.. _versionScripts.SelectMany(Input.VersionScript.Load)];
    /// <summary>Version nodes from VERSION commands of scripts given as inputs (set from the inputs when they are read).</summary>
    public IReadOnlyList<Input.VersionNode> InputScriptVersionNodes { get; init; } = [];
    /// <summary>--no-undefined-version: a version script naming an undefined symbol is an error.</summary>
    public bool NoUndefinedVersion { get; init; }
    /// <summary>-rpath-link directories (used to find DT_NEEDED of shared inputs, never written out).</summary>
    public IReadOnlyList<string> RPathLink { get; init; } = [];
    /// <summary>--enable-new-dtags (DT_RUNPATH) vs --disable-new-dtags (DT_RPATH); ld.bfd here defaults to RUNPATH.</summary>
    public bool NewDtags { get; init; } = true;
    /// <summary>--no-undefined / -z defs: undefined symbols are errors even in a shared object.</summary>
    public bool NoUndefined { get; init; }
    /// <summary>--[no-]allow-shlib-undefined; null means the default for the output kind.</summary>
    public bool? AllowShlibUndefined { get; init; }
    /// <summary>--unresolved-symbols: whether the objects' undefined symbols may stay undefined (ignore-all,
    /// ignore-in-object-files); null means the default for the output kind (allowed only in a shared object
    /// without --no-undefined).</summary>
    public bool? AllowUndefinedInObjects { get; init; }
    /// <summary>--warn-unresolved-symbols: undefined symbols are warnings and the link goes on.</summary>
    public bool WarnUnresolvedSymbols { get; init; }
    /// <summary>--noinhibit-exec: undefined and duplicate symbols are reported as warnings and the output is written
    /// (the first of duplicate definitions wins), as GNU ld keeps an output that is still usable.</summary>
    public bool NoInhibitExec { get; init; }
    /// <summary>--dynamic-list files.</summary>
    public IReadOnlyList<string> DynamicLists { get; init; } = [];
    /// <summary>--dynamic-list-data: export every data symbol.</summary>
    public bool DynamicListData { get; init; }
    /// <summary>--export-dynamic-symbol glob patterns.</summary>
    public IReadOnlyList<string> ExportDynamicSymbols { get; init; } = [];
    /// <summary>--export-dynamic-symbol-list files (dynamic-list syntax, without -Bsymbolic's side effect).</summary>
    public IReadOnlyList<string> ExportDynamicSymbolLists { get; init; } = [];
    public SymbolicMode Symbolic { get; init; } = SymbolicMode.None;
    public DebugCompression CompressDebugSections { get; init; } = DebugCompression.None;
    /// <summary>--dependency-file: write a make-style depfile of every input read.</summary>
    public string? DependencyFile { get; init; }
    /// <summary>--exclude-libs: archive names (or ALL) whose symbols are not exported.</summary>
    public IReadOnlyList<string> ExcludeLibs { get; init; } = [];
    /// <summary>--warn-common: warn when a common symbol meets another common or a definition of its name.</summary>
    public bool WarnCommon { get; init; }
    /// <summary>-d / -dc / -dp: a relocatable output (-r) defines its common symbols in .bss instead of leaving them
    /// common (a final link always allocates them).</summary>
    public bool AllocateCommons { get; init; }
    /// <summary>--force-group-allocation: a relocatable output (-r) places section group members like other sections
    /// and writes no groups (what a final link always does).</summary>
    public bool ForceGroupAllocation { get; init; }
    /// <summary>--unique: every orphan input section (one GNU ld's -r script does not name) in an output section of its
    /// own; with -r only.</summary>
    public bool UniqueOrphans { get; init; }
    /// <summary>--unique=SECTION: every input section whose name matches one of these globs in an output section of its
    /// own; with -r only.</summary>
    public IReadOnlyList<string> UniqueSections { get; init; } = [];
    /// <summary>--orphan-handling=place|warn|error|discard: orphans placed (the default), placed with a warning each,
    /// each an error, or dropped.</summary>
    public OrphanHandling OrphanHandling { get; init; }
    /// <summary>--fatal-warnings: any warning fails the link.</summary>
    public bool FatalWarnings { get; init; }
    /// <summary>--demangle (default) / --no-demangle: C++ and Rust names in diagnostics as source code spells them.</summary>
    public bool Demangle { get; init; } = true;
    public DiscardLocals DiscardLocals { get; init; } = DiscardLocals.Default;
    /// <summary>-M/--print-map (MapFile "-") and --cref: cross-reference table in the map.</summary>
    public bool Cref { get; init; }
    /// <summary>-t/--trace: print each input file as it is loaded.</summary>
    public bool Trace { get; init; }
    /// <summary>--why-extract=file ("-" for stdout): why each archive member was loaded.</summary>
    public string? WhyExtract { get; init; }
    /// <summary>Keep the link map in LinkResult.LinkMap (the cmdlets' -PassThru); -Map and --why-extract imply it.</summary>
    public bool CollectLinkMap { get; init; }
    /// <summary>--no-relax turns off GOTPCRELX and TLS relaxations.</summary>
    public bool Relax { get; init; } = true;
    /// <summary>-plugin: the linker plugin (GCC's liblto_plugin.so, LLVM's LLVMgold.so) offered the inputs that hold
    /// compiler IR. It is loaded only when some input does, so gcc's habit of naming it on every link costs nothing.</summary>
    public string? Plugin { get; init; }
    /// <summary>-plugin-opt values for the plugin, in command-line order.</summary>
    public IReadOnlyList<string> PluginOptions { get; init; } = [];
    /// <summary>-init SYMBOL / -fini SYMBOL: the functions DT_INIT and DT_FINI name (default _init and _fini).</summary>
    public string InitSymbol { get; init; } = "_init";
    public string FiniSymbol { get; init; } = "_fini";
    /// <summary>--warn-execstack (default) / --no-warn-execstack: say which input makes the stack executable.</summary>
    public bool WarnExecStack { get; init; } = true;
    /// <summary>--error-execstack: an executable stack, asked for or implied by an input, fails the link.</summary>
    public bool ErrorExecStack { get; init; }
    /// <summary>-f NAME (DT_AUXILIARY, one entry each) and -F NAME (DT_FILTER, the last one given): the shared
    /// object is a filter whose symbols ld.so looks up in NAME first. Only a shared output may be a filter.</summary>
    public IReadOnlyList<string> AuxiliaryFilters { get; init; } = [];
    public string? Filter { get; init; }
    /// <summary>--audit LIB (DT_AUDIT) and --depaudit/-P LIB (DT_DEPAUDIT): rtld-audit libraries, each tag's names
    /// joined by ':' as ld.so reads them.</summary>
    public IReadOnlyList<string> Audit { get; init; } = [];
    public IReadOnlyList<string> DepAudit { get; init; } = [];
    /// <summary>-Ttext-segment / --image-base: the address of the first segment; null: 0x400000, or 0 for a PIE or shared object.</summary>
    public ulong? ImageBase { get; init; }
    /// <summary>--section-start=NAME=ADDR, -Ttext/-Tdata/-Tbss (.text/.data/.bss): output sections placed at a fixed
    /// address, in the order given (a later one for the same name wins, as in GNU ld).</summary>
    public IReadOnlyList<KeyValuePair<string, ulong>> SectionStarts { get; init; } = [];
    /// <summary>-Trodata-segment: the address of the read-only data segment (GNU ld's SEGMENT_START("rodata-segment")).</summary>
    public ulong? RodataSegment { get; init; }
    /// <summary>-Tldata-segment: the address of the large-data segment (.lrodata/.ldata; SEGMENT_START("ldata-segment")).</summary>
    public ulong? LdataSegment { get; init; }
    /// <summary>-N/--omagic, -n/--nmagic: GNU ld's layouts that are not demand paged (one segment, headers not loaded).</summary>
    public OutputMagic Magic { get; init; } = OutputMagic.Paged;
    /// <summary>--just-symbols=FILE (and -R FILE): ELF files whose defined symbols become absolute symbols of this
    /// link, at their addresses there; their sections are not copied.</summary>
    public IReadOnlyList<string> JustSymbols { get; init; } = [];
    /// <summary>--spare-dynamic-tags: DT_NULL entries added after .dynamic's terminator, room for patchelf-style tools.</summary>
    public int SpareDynamicTags { get; init; }
    /// <summary>--default-symver: a shared object's unversioned exports get a version named after its soname.</summary>
    public bool DefaultSymver { get; init; }
    /// <summary>--retain-symbols-file: .symtab keeps only the names this file lists (one per line).</summary>
    public string? RetainSymbolsFile { get; init; }
    /// <summary>-q / --emit-relocs: the relocations of the input sections are kept in the output, rewritten for
    /// output addresses and symbols (KeptRelocations).</summary>
    public bool EmitRelocs { get; init; }
}
