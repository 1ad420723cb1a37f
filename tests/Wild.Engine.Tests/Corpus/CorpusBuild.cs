namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// One (case, mode) build in its own temporary directory: compiles the sources once, builds the
/// archives, and links the objects with either GNU ld (the driver's default linker) or Wild
/// (<c>-B &lt;dist&gt;/</c>). Each test owns its directory, so builds are safe to run in parallel.
/// </summary>
public sealed class CorpusBuild : IDisposable
{
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly List<string> _objects = [];
    private readonly Dictionary<string, string> _archives = new(StringComparer.Ordinal);
    private bool _keep;

    public CorpusCase Case { get; }
    public LinkMode Mode { get; }
    public string WorkDir { get; }

    /// <summary>The AArch64 column: the case is cross-compiled and linked with Debian's aarch64-linux-gnu toolchain
    /// (clang-19 with --target), and its programs run under qemu-aarch64 with the cross sysroot.</summary>
    public bool AArch64 { get; }

    /// <summary>Where qemu-aarch64 finds the AArch64 loader and libraries.</summary>
    public const string AArch64Sysroot = "/usr/aarch64-linux-gnu";

    /// <summary>Everything run so far, for failure messages.</summary>
    public List<ProcessResult> Log { get; } = [];

    public CorpusBuild(CorpusCase corpusCase, LinkMode mode, bool aarch64 = false)
    {
        Case = corpusCase;
        Mode = mode;
        AArch64 = aarch64;
        string name = $"{corpusCase.Name}.{CorpusCase.ModeName(mode)}{(aarch64 ? ".aarch64" : "")}";
        if (SnapshotDirectory is { } snapshot)
        {
            // A fixed directory per case, so the compiled objects (whose debug info names it) are the same
            // bytes in every run and two Wilds' outputs can be compared byte for byte.
            WorkDir = Path.Combine(snapshot, "work", name);
            if (Directory.Exists(WorkDir)) Directory.Delete(WorkDir, recursive: true);
        }
        else
            WorkDir = Path.Combine(Path.GetTempPath(), "wild-corpus", $"{name}.{Guid.NewGuid():N}"[..^24]);
        Directory.CreateDirectory(WorkDir);
    }

    /// <summary>WILD_CORPUS_SNAPSHOT=DIR: build each case in DIR/work/CASE.MODE and keep Wild's outputs in
    /// DIR/out/CASE.MODE, to compare two builds of Wild byte for byte (a refactoring must not change a byte).</summary>
    public static string? SnapshotDirectory => Environment.GetEnvironmentVariable("WILD_CORPUS_SNAPSHOT") is { Length: > 0 } d ? d : null;

    /// <summary>With WILD_CORPUS_SNAPSHOT set, copies Wild's outputs (the program and its libraries) aside.</summary>
    public void SnapshotWildOutputs()
    {
        if (SnapshotDirectory is not { } snapshot) return;
        string from = Path.Combine(WorkDir, "wild");
        string to = Path.Combine(snapshot, "out", $"{Case.Name}.{CorpusCase.ModeName(Mode)}");
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>Keep the directory for inspection (called when a test fails).</summary>
    public void Keep() => _keep = true;

    public void Dispose()
    {
        if (_keep)
            return;
        try { Directory.Delete(WorkDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private IEnumerable<string> ModeCompileFlags => Mode switch
    {
        LinkMode.StaticPie or LinkMode.Pie => ["-fPIE"],
        LinkMode.NoPie => ["-fno-pie"],
        _ => [],
    };

    private string ModeLinkFlag => Mode switch
    {
        LinkMode.StaticPie => "-static-pie",
        LinkMode.Pie => "-pie",
        LinkMode.NoPie => "-no-pie",
        _ => "-static",
    };

    public void Compile()
    {
        RequireTools();
        foreach (string src in Case.Sources)
            _objects.Add(CompileOne(src, subdir: null));

        foreach (var lib in Case.SharedLibs)
        {
            string sub = lib.Name + ".d";
            Directory.CreateDirectory(Path.Combine(WorkDir, sub));
            _sharedObjects[lib.Name] = lib.Sources.Select(src => CompileOne(src, sub, ["-fPIC"])).ToList();
        }

        foreach (var archive in Case.Archives)
        {
            string sub = archive.Name + ".d";
            Directory.CreateDirectory(Path.Combine(WorkDir, sub));
            var members = archive.Sources.Select(s => CompileOne(s, sub)).ToList();
            Require(RunTool(Case.Archiver, ["rcs", archive.Name, .. members]), Case.Archiver);
            _archives[archive.Name] = archive.Name;
        }
    }

    /// <summary>The compiled objects of the case's Sources, relative to the work dir, in link order.</summary>
    public IReadOnlyList<string> Objects => _objects;

    /// <summary>Links later with <paramref name="objects"/> in place of the compiled ones (a partial link of them, say).</summary>
    public void ReplaceObjects(IEnumerable<string> objects)
    {
        var replacement = objects.ToList();
        _objects.Clear();
        _objects.AddRange(replacement);
    }

    private readonly Dictionary<string, List<string>> _sharedObjects = new(StringComparer.Ordinal);

    /// <summary>A missing compiler fails the case with what to install; it never skips it (.ci/run installs them).</summary>
    private void RequireTools()
    {
        if (Case.Compiler != CorpusCompiler.Clang) return;
        foreach (string tool in (string[])["clang-19", "clang++-19", "llvm-ar-19"])
            if (!OnPath(tool))
                throw new CorpusFailure($"{tool} is not installed: this case needs Debian's clang-19 and llvm-19 (with " +
                    "llvm-19-linker-tools for LLVMgold.so), which .ci/run installs", this);
        if (!File.Exists("/usr/lib/llvm-19/lib/LLVMgold.so"))
            throw new CorpusFailure("/usr/lib/llvm-19/lib/LLVMgold.so is missing: install llvm-19-linker-tools (.ci/run does)", this);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));

    private string CompileOne(string source, string? subdir, IEnumerable<string>? extraFlags = null)
    {
        string srcPath = Path.Combine(Case.Directory, source);
        string objName = Path.ChangeExtension(Path.GetFileName(source), ".o");
        string obj = subdir is null ? objName : Path.Combine(subdir, objName);
        if (Path.GetExtension(source) == ".o")
        {
            // A prebuilt (or deliberately bogus) input, used as is.
            File.Copy(srcPath, Path.Combine(WorkDir, obj), overwrite: true);
            return obj;
        }
        string compiler = Case.CompilerFor(CorpusCase.IsCxxSource(source));
        var args = new List<string> { "-c" };
        args.AddRange(ModeCompileFlags);
        args.AddRange(Case.CFlags);
        if (Case.SourceFlags.TryGetValue(source, out var extra))
            args.AddRange(extra);
        if (extraFlags is not null)
            args.AddRange(extraFlags);
        args.AddRange(["-I", Case.Directory, srcPath, "-o", obj]);
        Require(RunTool(compiler, args), $"compile {source}");
        return obj;
    }

    /// <summary>Driver arguments for the link, without -B and -o.</summary>
    public List<string> LinkArguments(IEnumerable<string>? extra = null)
    {
        var args = new List<string> { ModeLinkFlag };
        bool objectsPlaced = Case.LinkArgs.Contains("{objects}");
        if (!objectsPlaced)
            args.AddRange(_objects);
        var usedArchives = new HashSet<string>(StringComparer.Ordinal);
        foreach (string a in Case.LinkArgs)
        {
            if (a == "{objects}")
            {
                args.AddRange(_objects);
            }
            else if (a.Length > 2 && a[0] == '{' && a[^1] == '}')
            {
                string lib = a[1..^1];
                if (!_archives.TryGetValue(lib, out string? path))
                    throw new InvalidOperationException($"{Case.Name}: LinkArgs token {a} names no Archive");
                usedArchives.Add(lib);
                args.Add(path);
            }
            else
            {
                args.Add(ExpandDir(a));
            }
        }
        foreach (var archive in Case.Archives)
            if (!usedArchives.Contains(archive.Name))
                args.Add(archive.Name);
        if (extra is not null)
            args.AddRange(extra);
        return args;
    }

    /// <summary>
    /// Links into <paramref name="output"/> (relative to the work dir); returns the driver's result. The case's
    /// shared libraries are linked first, into the same directory and by the same linker, and the program
    /// finds them there at run time ($ORIGIN).
    /// </summary>
    public ProcessResult Link(string output, string? distDir, IEnumerable<string>? extra = null) =>
        Link(output, distDir, distDir, extra);

    /// <summary>
    /// As <see cref="Link(string, string?, IEnumerable{string}?)"/>, but the shared libraries may be linked by
    /// another linker than the program (null: GNU ld), to show each linker's libraries work with the other's programs.
    /// </summary>
    public ProcessResult Link(string output, string? distDir, string? libraryDistDir, IEnumerable<string>? extra = null)
    {
        string dir = Path.GetDirectoryName(output) ?? "";
        if (dir.Length > 0)
            Directory.CreateDirectory(Path.Combine(WorkDir, dir));
        static List<string> BFlag(string? d) => d is null ? [] : ["-B", d.TrimEnd('/') + "/"];
        var bDir = BFlag(distDir);
        foreach (var lib in Case.SharedLibs)
        {
            bool cxx = lib.Sources.Any(CorpusCase.IsCxxSource);
            var libArgs = new List<string>(BFlag(libraryDistDir)) { "-shared", "-Wl,-soname," + lib.Name };
            libArgs.AddRange(_sharedObjects[lib.Name]);
            // Libraries built earlier are in the same directory: a later one may link against them (-lname).
            libArgs.Add("-L" + Path.Combine(WorkDir, dir));
            if (Case.SharedLinkArgs.TryGetValue(lib.Name, out var libExtra))
                libArgs.AddRange(libExtra.Select(ExpandDir));
            if (libraryDistDir is not null)
                libArgs.AddRange(Case.WildLinkArgs.Select(ExpandDir));
            libArgs.AddRange(["-o", Path.Combine(dir, lib.Name)]);
            var built = RunTool(Case.CompilerFor(cxx), libArgs);
            if (built.ExitCode != 0) return built;
        }
        var args = new List<string>(bDir);
        args.AddRange(LinkArguments(extra));
        if (Case.SharedLibs.Count > 0)
        {
            args.AddRange(["-L" + Path.Combine(WorkDir, dir), "-Wl,-rpath,$ORIGIN"]);
            args.AddRange(Case.SharedLibs.Where(l => l.Linked).Select(l => "-l" + l.Name[3..^3]));
            args.Add("-ldl");
        }
        if (distDir is not null)
            args.AddRange(Case.WildLinkArgs.Select(ExpandDir));
        args.AddRange(["-o", output]);
        return RunTool(Case.EffectiveDriver, args);
    }

    /// <summary>Runs a compiler, driver or archiver the case names (gcc, g++, ar, clang-19...): on AArch64, the cross
    /// toolchain's (aarch64-linux-gnu-gcc...; clang-19 told --target=aarch64-linux-gnu, which finds that toolchain).</summary>
    private ProcessResult RunTool(string tool, IEnumerable<string> args)
    {
        if (!AArch64) return Run(tool, args);
        if (tool.StartsWith("clang", StringComparison.Ordinal))
            return Run(tool, ["--target=aarch64-linux-gnu", .. args]);
        return Run(tool is "gcc" or "g++" or "ar" ? "aarch64-linux-gnu-" + tool : tool, args);
    }

    /// <summary><c>{dir}</c> in a link argument stands for the case's source directory (for version scripts and the like).</summary>
    private string ExpandDir(string arg) => arg.Replace("{dir}", Case.Directory, StringComparison.Ordinal);

    /// <summary>Runs a linked program with the case's arguments and exactly the case's environment.</summary>
    public ProcessResult RunProgram(string program) => AArch64
        ? RunUnder("qemu-aarch64", ["-L", AArch64Sysroot], program)
        : Record(ProcessRunner.Run(Path.Combine(WorkDir, program), Case.Args, WorkDir,
            TimeSpan.FromSeconds(10), Case.Env));

    /// <summary>
    /// Runs a linked program as <see cref="RunProgram"/> does, but through <paramref name="wrapper"/> (given
    /// <paramref name="wrapperArgs"/>, then the program's path and arguments), in the same environment.
    /// </summary>
    public ProcessResult RunUnder(string wrapper, IEnumerable<string> wrapperArgs, string program) =>
        Record(ProcessRunner.Run(wrapper, [.. wrapperArgs, Path.Combine(WorkDir, program), .. Case.Args], WorkDir,
            TimeSpan.FromSeconds(AArch64 ? 30 : 10), Case.Env)); // emulated: a C++ program's startup alone takes a second

    public ProcessResult Run(string tool, IEnumerable<string> args) =>
        Record(ProcessRunner.Run(tool, args, WorkDir, ToolTimeout));

    private ProcessResult Record(ProcessResult r)
    {
        Log.Add(r);
        return r;
    }

    public void Require(ProcessResult r, string what)
    {
        if (r.ExitCode != 0 || r.TimedOut)
            throw new CorpusFailure($"{what} failed", this);
    }

    public string Transcript() =>
        $"work dir: {WorkDir}\n\n" + string.Join("\n\n", Log.Select(r => r.Describe()));
}

/// <summary>A corpus failure whose message carries the whole build transcript.</summary>
public sealed class CorpusFailure(string message, CorpusBuild build)
    : Exception($"[{build.Case.Name} / {CorpusCase.ModeName(build.Mode)}] {message}\n\n{build.Transcript()}");
