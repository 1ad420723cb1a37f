// Linker scripts given as inputs, the way libraries use them in place of archives (Debian's libm.a and libc.so are
// such scripts): GROUP, INPUT, AS_NEEDED, VERSION (for the export policy), SEARCH_DIR and OUTPUT_FORMAT/OUTPUT_ARCH/TARGET, read by the one script parser
// (Scripts/ScriptParser) and expanded into input specs. A script given as an input that lays out sections (SECTIONS,
// MEMORY, ENTRY...) is refused naming the command; layout scripts are given with -T (Scripts/ScriptPlan).
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;

namespace Wild.Engine.Input;

internal static class LinkerScript
{
    /// <summary>GNU ld script commands: a file starting with one of these is a script, not junk.</summary>
    private static readonly HashSet<string> KnownCommands = new(StringComparer.Ordinal)
    {
        "SECTIONS", "MEMORY", "PHDRS", "ENTRY", "VERSION", "PROVIDE", "PROVIDE_HIDDEN", "HIDDEN", "ASSERT",
        "INCLUDE", "SEARCH_DIR", "STARTUP", "OUTPUT", "INSERT", "EXTERN", "NOCROSSREFS", "REGION_ALIAS",
        "FORCE_COMMON_ALLOCATION", "INHIBIT_COMMON_ALLOCATION", "OUTPUT_ARCH", "TARGET", "OUTPUT_FORMAT", "GROUP", "INPUT",
    };

    /// <summary>Expands a script into input specs; GROUP contents are wrapped in a group. Its VERSION nodes are added
    /// to <paramref name="versions"/> (GNU ld adds them to the version script), its SEARCH_DIR directories to
    /// <paramref name="searchPaths"/> (GNU ld's one search list, for the -l lookups still to come).</summary>
    public static List<InputSpec> Parse(string path, ReadOnlySpan<byte> bytes, InputModifiers modifiers, List<VersionNode> versions,
        Sysroot? sysroot = null, List<string>? searchPaths = null)
    {
        string text = Encoding.UTF8.GetString(bytes);
        // Text that does not start like a script is just an unknown file (ld says the same).
        var lexer = new ScriptLexer(path, text);
        var first = lexer.Lex(0, LexMode.Expression);
        if (!first.IsEnd && !(first.Kind == ScriptTokenKind.Word && KnownCommands.Contains(first.Text)) && !first.Is(";"))
            throw new LinkException(ErrorId.NotElf, $"{path}: file format not recognized (not an ELF object, archive or linker script)", path);
        var script = ScriptParser.Parse(path, text);
        var result = new List<InputSpec>();
        foreach (var command in script.Commands)
        {
            switch (command)
            {
                case SettingCommand { Name: "OUTPUT_FORMAT" or "OUTPUT_ARCH" or "TARGET" }:
                    break;
                case InputCommand input:
                    AddInputs(path, input, modifiers, result, sysroot);
                    break;
                case VersionCommand version:
                    versions.AddRange(version.Nodes);
                    break;
                case SettingCommand { Name: "SEARCH_DIR" } dirs:
                    foreach (var dir in dirs.Arguments) searchPaths?.Add(Sysroot.Prefixed(dir, sysroot) ?? dir);
                    break;
                default:
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{command.Position}: linker script command '{CommandName(command)}' is not supported in a script given as an input " +
                        "(only GROUP, INPUT, AS_NEEDED, VERSION, SEARCH_DIR and OUTPUT_FORMAT are; give layout scripts with -T)", path);
            }
        }
        return result;
    }

    /// <summary>INPUT(...) or GROUP(...) of the script at <paramref name="path"/> as input specs (a group in its markers);
    /// also for a -T script's, which join the command line where the -T stands. <paramref name="sysroot"/>: --sysroot.</summary>
    internal static void AddInputs(string path, InputCommand input, InputModifiers modifiers, List<InputSpec> result, Sysroot? sysroot)
    {
        // GNU ld decides once per script whether it is inside the sysroot.
        bool inSysroot = sysroot is not null && input.Files.Any(f => f.Name.StartsWith('/')) && sysroot.Contains(path);
        if (input.IsGroup) result.Add(new InputSpec.GroupStart());
        foreach (var file in input.Files)
        {
            var fileModifiers = file.AsNeeded ? modifiers with { AsNeeded = true } : modifiers;
            // "=/x" and "$SYSROOT/x" name the sysroot's file (then looked up like any name); an absolute name of a script
            // inside the sysroot names the file there, as GNU ld looks it up (libc.so's GROUP in a cross toolchain's sysroot).
            result.Add(Sysroot.Prefixed(file.Name, sysroot) is { } prefixed ? Spec(path, prefixed, fileModifiers)
                : inSysroot && file.Name.StartsWith('/') ? new InputSpec.File(sysroot!.Rooted(file.Name, input.Position), fileModifiers)
                : Spec(path, file.Name, fileModifiers));
        }
        if (input.IsGroup) result.Add(new InputSpec.GroupEnd());
    }

    /// <summary>As in ld: a name that exists as given is used; a bare file name is searched along -L (libgcc_s.so
    /// names libgcc_s.so.1 that way); any other relative path is taken from the script's directory.</summary>
    private static InputSpec Spec(string path, string name, InputModifiers modifiers)
    {
        if (name.StartsWith("-l", StringComparison.Ordinal))
        {
            bool verbatim = name.StartsWith("-l:", StringComparison.Ordinal);
            return new InputSpec.Library(verbatim ? name[3..] : name[2..], verbatim, modifiers);
        }
        if (Path.IsPathRooted(name) || File.Exists(name)) return new InputSpec.File(name, modifiers);
        if (!name.Contains('/')) return new InputSpec.Library(name, Verbatim: true, modifiers);
        return new InputSpec.File(Path.Combine(Path.GetDirectoryName(path) ?? ".", name), modifiers);
    }

    private static string CommandName(ScriptCommand command) => command switch
    {
        SectionsCommand => "SECTIONS",
        MemoryCommand => "MEMORY",
        PhdrsCommand => "PHDRS",
        EntryCommand => "ENTRY",
        AssertCommand => "ASSERT",
        InsertCommand => "INSERT",
        VersionCommand => "VERSION",
        RegionAliasCommand => "REGION_ALIAS",
        AssignmentCommand a => a.Kind switch
        {
            AssignmentKind.Provide => "PROVIDE", AssignmentKind.ProvideHidden => "PROVIDE_HIDDEN", AssignmentKind.Hidden => "HIDDEN",
            _ => $"{a.Target} {a.Operator}",
        },
        SettingCommand s => s.Name,
        UnsupportedCommand u => u.Name,
        _ => command.GetType().Name,
    };
}
