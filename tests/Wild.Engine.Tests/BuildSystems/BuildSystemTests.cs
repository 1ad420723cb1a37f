// Issue 5 end to end: real build systems pointed at the published linker in dist/ build a small multi-file C
// project (a static library and a program), and the program must run and name Wild in its .comment section.
// CMake (gcc with -B<dist>/ in CMAKE_EXE_LINKER_FLAGS), clang with -fuse-ld=wild and with --ld-path, and Meson
// (installed from Debian with apt-get when missing; a failure to install fails the test, it never skips).
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;
using Wild.Engine.Tests.Engine;

namespace Wild.Engine.Tests.BuildSystems;

public sealed class BuildSystemTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private const string MainC = """
        #include <stdio.h>
        int area(int, int);
        int perimeter(int, int);
        int main(void) { printf("area %d perimeter %d\n", area(6, 7), perimeter(6, 7)); return 0; }
        """;
    private const string AreaC = "int area(int w, int h) { return w * h; }\n";
    private const string PerimeterC = "int perimeter(int w, int h) { return 2 * (w + h); }\n";
    private const string Expected = "area 42 perimeter 26\n";

    private static void WriteSources(Scratch dir)
    {
        dir.Write("src/main.c", MainC);
        dir.Write("src/area.c", AreaC);
        dir.Write("src/perimeter.c", PerimeterC);
    }

    private static ProcessResult Run(string tool, string cwd, params string[] args)
    {
        var r = ProcessRunner.Run(tool, args, cwd, Timeout);
        Assert.True(!r.TimedOut && r.ExitCode == 0, $"{tool} failed:\n{r.Describe()}");
        return r;
    }

    /// <summary>The program runs, prints the expected line, and its .comment says Wild linked it.</summary>
    private static void AssertLinkedByWild(string program)
    {
        Tools.AssertRuns(program, 0, Expected);
        using var elf = ELFReader.Load(program);
        var comment = elf.Sections.Single(s => s.Name == ".comment");
        string text = System.Text.Encoding.ASCII.GetString(comment.GetContents());
        Assert.Contains("Linker: Wild ", text);
    }

    [Fact]
    public void CMakeWithGccLinksThroughDist()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        WriteSources(dir);
        dir.Write("src/CMakeLists.txt", """
            cmake_minimum_required(VERSION 3.13)
            project(wildcheck C)
            add_library(shapes STATIC area.c perimeter.c)
            add_executable(app main.c)
            target_link_libraries(app shapes)
            """);
        // CMake 3.25 has no CMAKE_LINKER_TYPE (3.29+): gcc's -B is how a build picks the `ld` in dist/.
        Run("cmake", dir.Dir, "-S", dir.PathOf("src"), "-B", dir.PathOf("build"), "-G", "Ninja",
            "-DCMAKE_C_COMPILER=gcc", $"-DCMAKE_EXE_LINKER_FLAGS=-B{dist}/");
        var build = Run("cmake", dir.Dir, "--build", dir.PathOf("build"), "--verbose");
        Assert.Contains($"-B{dist}/", build.Stdout);
        AssertLinkedByWild(dir.PathOf("build/app"));
    }

    [Fact]
    public void ClangUsesLdWildByNameAndByPath()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        WriteSources(dir);
        foreach (var c in new[] { "main", "area", "perimeter" })
            Run("clang", dir.Dir, "-c", dir.PathOf($"src/{c}.c"), "-o", dir.PathOf($"{c}.o"));
        Run("ar", dir.Dir, "rcs", dir.PathOf("libshapes.a"), dir.PathOf("area.o"), dir.PathOf("perimeter.o"));
        string[] inputs = [dir.PathOf("main.o"), "-L" + dir.Dir, "-lshapes"];

        // -fuse-ld=wild makes clang look for `ld.wild` in its -B directories (and on PATH).
        Run("clang", dir.Dir, ["-B" + dist, "-fuse-ld=wild", .. inputs, "-o", dir.PathOf("by-name")]);
        AssertLinkedByWild(dir.PathOf("by-name"));
        Run("clang", dir.Dir, ["--ld-path=" + Path.Combine(dist, "ld.wild"), .. inputs, "-o", dir.PathOf("by-path")]);
        AssertLinkedByWild(dir.PathOf("by-path"));
        Run("clang", dir.Dir, ["-static", "--ld-path=" + Path.Combine(dist, "ld.wild"), .. inputs, "-o", dir.PathOf("static")]);
        AssertLinkedByWild(dir.PathOf("static"));
    }

    [Fact]
    public void MesonLinksThroughDist()
    {
        string dist = CorpusCatalog.RequireDist();
        string meson = RequireMeson();
        using var dir = new Scratch();
        WriteSources(dir);
        dir.Write("src/meson.build", """
            project('wildcheck', 'c')
            shapes = static_library('shapes', 'area.c', 'perimeter.c')
            executable('app', 'main.c', link_with : shapes)
            """);
        // Meson takes gcc as the linker driver; -B in c_link_args makes that driver run dist/ld.
        Run(meson, dir.Dir, "setup", dir.PathOf("build"), dir.PathOf("src"), $"-Dc_link_args=-B{dist}/");
        Run(meson, dir.Dir, "compile", "-C", dir.PathOf("build"));
        AssertLinkedByWild(dir.PathOf("build/app"));

        // Meson's own probe of the linker (`-Wl,--version`) must see a GNU-compatible ld.
        var probe = Run("gcc", dir.Dir, $"-B{dist}/", "-Wl,--version");
        Assert.Contains("compatible with GNU linkers", probe.Stdout);
    }

    /// <summary>The meson command; installs Debian's package when it is missing, and fails (never skips) if that fails.</summary>
    private static string RequireMeson()
    {
        string? found = Find("meson");
        if (found is not null) return found;
        var install = ProcessRunner.Run("apt-get", ["install", "-y", "--no-install-recommends", "meson"], "/", TimeSpan.FromMinutes(5));
        found = Find("meson");
        Assert.True(found is not null,
            "meson is not installed and `apt-get install -y meson` did not install it; install Meson (Debian package `meson`) " +
            $"to run this test.\n{install.Describe()}");
        return found!;
    }

    private static string? Find(string tool)
    {
        foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string p = Path.Combine(d, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
