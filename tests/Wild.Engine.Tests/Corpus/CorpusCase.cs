using System.Text.RegularExpressions;

namespace Wild.Engine.Tests.Corpus;

/// <summary>How a corpus program is linked: static, static PIE, dynamic PIE (gcc's default) or dynamic non-PIE.</summary>
public enum LinkMode
{
    Static,
    StaticPie,
    Pie,
    NoPie,
}

/// <summary>Which compiler family builds and links a case.</summary>
public enum CorpusCompiler
{
    Gcc,
    Clang,
}

/// <summary>One archive a case builds with <c>ar rcs</c> from its own sources.</summary>
public sealed record CorpusArchive(string Name, IReadOnlyList<string> Sources);

/// <summary>
/// One shared library a case builds with <c>-shared</c>. <paramref name="Linked"/> libraries (<c>SharedLib:</c>) are
/// named on the program's link line; the others (<c>Plugin:</c>) are only built, for the program to <c>dlopen</c>.
/// </summary>
public sealed record CorpusSharedLib(string Name, IReadOnlyList<string> Sources, bool Linked = true);

/// <summary>
/// A directory under <c>tests/programs/</c> and the directives of its <c>case.txt</c>.
/// The format is documented in <c>tests/programs/README.md</c>.
/// </summary>
public sealed class CorpusCase
{
    public required string Name { get; init; }
    public required string Directory { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<LinkMode> Modes { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }
    public IReadOnlyList<CorpusArchive> Archives { get; init; } = [];
    /// <summary>
    /// Shared libraries, each built by the linker under test (-shared), in the order given: the program links
    /// against the <c>SharedLib:</c> ones and may <c>dlopen</c> any of them (<c>Plugin:</c> ones are not linked).
    /// </summary>
    public IReadOnlyList<CorpusSharedLib> SharedLibs { get; init; } = [];
    public IReadOnlyList<string> CFlags { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SourceFlags { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<string> LinkArgs { get; init; } = [];
    /// <summary>Driver arguments for Wild's links only (the program's and its shared libraries'), after everything
    /// else: options GNU ld, the reference, does not know (<c>-Wl,--icf=all</c>).</summary>
    public IReadOnlyList<string> WildLinkArgs { get; init; } = [];
    /// <summary>Extra driver arguments for one shared library's link, by library name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SharedLinkArgs { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
    public int ExpectExit { get; init; }
    public Regex? ExpectError { get; init; }
    public bool Determinism { get; init; }
    /// <summary>False when the link needs an option the cmdlet pipeline cannot express (<c>Pipeline: no</c>).</summary>
    public bool Pipeline { get; init; } = true;
    public string? Driver { get; init; }
    /// <summary>The compiler family that compiles the sources and drives the links: gcc (gcc/g++/ar) or clang
    /// (clang-19/clang++-19/llvm-ar-19, the LLVM whose LLVMgold.so serves its -flto links).</summary>
    public CorpusCompiler Compiler { get; init; } = CorpusCompiler.Gcc;
    /// <summary>Why the case cannot apply on AArch64 (<c>AArch64: skip reason</c>): x86 assembly, an x86-only option,
    /// or what wild does not link there yet. Null: the AArch64 column (CorpusAArch64Tests) runs it.</summary>
    public string? AArch64Skip { get; init; }
    /// <summary>The modes the AArch64 column runs (<c>AArch64Modes:</c>, a subset of <see cref="Modes"/>), for a case
    /// one of whose modes means something else there; the case's comment says why. Default: all of them.</summary>
    public IReadOnlyList<LinkMode>? AArch64Modes { get; init; }

    public bool IsNegative => ExpectError is not null;

    public IEnumerable<string> AllSources => Sources.Concat(Archives.SelectMany(a => a.Sources)).Concat(SharedLibs.SelectMany(a => a.Sources));

    /// <summary>g++ when any source is C++ (so libstdc++ and the C++ runtime are linked), else gcc; clang's
    /// counterparts under <c>Compiler: clang</c>.</summary>
    public string EffectiveDriver =>
        Driver ?? CompilerFor(AllSources.Any(IsCxxSource));

    /// <summary>The compiler for C (<paramref name="cxx"/> false) or C++ sources.</summary>
    public string CompilerFor(bool cxx) => (Compiler, cxx) switch
    {
        (CorpusCompiler.Clang, true) => "clang++-19",
        (CorpusCompiler.Clang, false) => "clang-19",
        (_, true) => "g++",
        _ => "gcc",
    };

    /// <summary>The archiver: llvm-ar writes LLVM bitcode members' symbols into the index GNU ld reads.</summary>
    public string Archiver => Compiler == CorpusCompiler.Clang ? "llvm-ar-19" : "ar";

    public static bool IsCxxSource(string file) =>
        Path.GetExtension(file) is ".cc" or ".cpp" or ".cxx" or ".C";

    public static string ModeName(LinkMode mode) => mode switch
    {
        LinkMode.Static => "static",
        LinkMode.StaticPie => "static-pie",
        LinkMode.Pie => "pie",
        LinkMode.NoPie => "no-pie",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static CorpusCase Load(string directory)
    {
        string name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        string file = Path.Combine(directory, "case.txt");
        var modes = new List<LinkMode>();
        var sources = new List<string>();
        var archives = new List<CorpusArchive>();
        var sharedLibs = new List<CorpusSharedLib>();
        var cflags = new List<string>();
        var sourceFlags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var linkArgs = new List<string>();
        var wildLinkArgs = new List<string>();
        var sharedLinkArgs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var args = new List<string>();
        var env = new List<KeyValuePair<string, string>>();
        string description = "";
        int expectExit = 0;
        Regex? expectError = null;
        bool determinism = false;
        bool pipeline = true;
        string? driver = null;
        var compiler = CorpusCompiler.Gcc;
        string? aarch64Skip = null;
        List<LinkMode>? aarch64Modes = null;

        int lineNo = 0;
        foreach (string raw in File.ReadLines(file))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            int colon = line.IndexOf(':');
            if (colon <= 0)
                throw Bad("expected 'Key: value'");
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Description":
                    description = value;
                    break;
                case "Mode":
                case "AArch64Modes":
                    if (key == "AArch64Modes") aarch64Modes = [];
                    foreach (string m in Split(value))
                        (key == "Mode" ? modes : aarch64Modes!).Add(m switch
                        {
                            "static" => LinkMode.Static,
                            "static-pie" => LinkMode.StaticPie,
                            "pie" => LinkMode.Pie,
                            "no-pie" => LinkMode.NoPie,
                            _ => throw Bad($"unknown mode '{m}'"),
                        });
                    break;
                case "Sources":
                    sources.AddRange(Split(value));
                    break;
                case "SharedLib":
                case "Plugin":
                {
                    int c3 = value.IndexOf(':');
                    if (c3 <= 0 || !value[..c3].Trim().StartsWith("lib", StringComparison.Ordinal) || !value[..c3].Trim().EndsWith(".so", StringComparison.Ordinal))
                        throw Bad($"expected '{key}: libname.so: sources...'");
                    if (sharedLibs.Any(l => l.Name == value[..c3].Trim()))
                        throw Bad($"'{value[..c3].Trim()}' is built twice");
                    sharedLibs.Add(new CorpusSharedLib(value[..c3].Trim(), Split(value[(c3 + 1)..]), Linked: key == "SharedLib"));
                    break;
                }
                case "Archive":
                {
                    int c2 = value.IndexOf(':');
                    if (c2 <= 0)
                        throw Bad("expected 'Archive: libname.a: sources...'");
                    archives.Add(new CorpusArchive(value[..c2].Trim(), Split(value[(c2 + 1)..])));
                    break;
                }
                case "SharedLinkArgs":
                {
                    int c4 = value.IndexOf(':');
                    if (c4 <= 0)
                        throw Bad("expected 'SharedLinkArgs: libname.so: args...'");
                    sharedLinkArgs[value[..c4].Trim()] = Split(value[(c4 + 1)..]);
                    break;
                }
                case "CFlags":
                    cflags.AddRange(Split(value));
                    break;
                case "SourceFlags":
                {
                    int c2 = value.IndexOf(':');
                    if (c2 <= 0)
                        throw Bad("expected 'SourceFlags: file: flags...'");
                    sourceFlags[value[..c2].Trim()] = Split(value[(c2 + 1)..]);
                    break;
                }
                case "LinkArgs":
                    linkArgs.AddRange(Split(value));
                    break;
                case "WildLinkArgs":
                    wildLinkArgs.AddRange(Split(value));
                    break;
                case "Args":
                    args.AddRange(Split(value));
                    break;
                case "Env":
                {
                    int eq = value.IndexOf('=');
                    if (eq <= 0)
                        throw Bad("expected 'Env: NAME=value'");
                    env.Add(new(value[..eq], value[(eq + 1)..]));
                    break;
                }
                case "ExpectExit":
                    expectExit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "ExpectError":
                    expectError = new Regex(value, RegexOptions.CultureInvariant);
                    break;
                case "Determinism":
                    determinism = value is "yes" or "true";
                    break;
                case "Pipeline":
                    pipeline = value switch
                    {
                        "yes" or "true" => true,
                        "no" or "false" => false,
                        _ => throw Bad("expected 'Pipeline: yes' or 'Pipeline: no'"),
                    };
                    break;
                case "Driver":
                    driver = value;
                    break;
                case "Compiler":
                    compiler = value switch
                    {
                        "gcc" => CorpusCompiler.Gcc,
                        "clang" => CorpusCompiler.Clang,
                        _ => throw Bad("expected 'Compiler: gcc' or 'Compiler: clang'"),
                    };
                    break;
                case "AArch64":
                    if (!value.StartsWith("skip ", StringComparison.Ordinal) || value[5..].Trim().Length == 0)
                        throw Bad("expected 'AArch64: skip <why the case cannot apply on AArch64>'");
                    aarch64Skip = value[5..].Trim();
                    break;
                default:
                    throw Bad($"unknown directive '{key}'");
            }
        }

        if (sources.Count == 0)
            throw Bad("no Sources");
        if (modes.Count == 0)
            modes.Add(LinkMode.Static);
        foreach (var m in aarch64Modes ?? [])
            if (!modes.Contains(m))
                throw Bad($"AArch64Modes names {ModeName(m)}, which Mode does not");
        foreach (string s in sources.Concat(archives.SelectMany(a => a.Sources)).Concat(sharedLibs.SelectMany(a => a.Sources)))
            if (!File.Exists(Path.Combine(directory, s)))
                throw Bad($"source '{s}' does not exist");
        foreach (string lib in sharedLinkArgs.Keys)
            if (!sharedLibs.Any(l => l.Name == lib))
                throw Bad($"SharedLinkArgs names '{lib}', which is not a SharedLib");
        foreach (string s in sourceFlags.Keys)
            if (!sources.Contains(s) && !archives.Any(a => a.Sources.Contains(s)) && !sharedLibs.Any(a => a.Sources.Contains(s)))
                throw Bad($"SourceFlags names '{s}', which is not a source");

        return new CorpusCase
        {
            Name = name,
            Directory = directory,
            Description = description,
            Modes = modes.Distinct().ToList(),
            Sources = sources,
            Archives = archives,
            SharedLibs = sharedLibs,
            SharedLinkArgs = sharedLinkArgs,
            CFlags = cflags,
            SourceFlags = sourceFlags,
            LinkArgs = linkArgs,
            WildLinkArgs = wildLinkArgs,
            Args = args,
            Env = env,
            ExpectExit = expectExit,
            ExpectError = expectError,
            Determinism = determinism,
            Pipeline = pipeline,
            Driver = driver,
            Compiler = compiler,
            AArch64Skip = aarch64Skip,
            AArch64Modes = aarch64Modes,
        };

        FormatException Bad(string why) => new($"{file}:{lineNo}: {why}");
    }

    private static List<string> Split(string value) =>
        value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    public override string ToString() => Name;
}
