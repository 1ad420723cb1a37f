// Issue 5 end to end: real build systems pointed at the published linker in dist/ build a small multi-file C
// project (a static library and a program), and the program must run and name Wild in its .comment section.
// CMake (gcc with -B<dist>/ in CMAKE_EXE_LINKER_FLAGS), clang with -fuse-ld=wild and with --ld-path, and Meson
// (each tool installed from Debian with apt-get when missing; a failure to install fails the test, it never skips),
// Autotools with libtool building a shared library, and rustc's std programs in release, debug and crt-static builds.
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
    private static void AssertLinkedByWild(string program, bool run = true)
    {
        if (run) Tools.AssertRuns(program, 0, Expected);
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
        RequireTool("ninja", "ninja-build");
        string cmake = RequireTool("cmake", "cmake");
        Run(cmake, dir.Dir, "-S", dir.PathOf("src"), "-B", dir.PathOf("build"), "-G", "Ninja",
            "-DCMAKE_C_COMPILER=gcc", $"-DCMAKE_EXE_LINKER_FLAGS=-B{dist}/");
        var build = Run(cmake, dir.Dir, "--build", dir.PathOf("build"), "--verbose");
        Assert.Contains($"-B{dist}/", build.Stdout);
        AssertLinkedByWild(dir.PathOf("build/app"));
    }

    [Fact]
    public void ClangUsesLdWildByNameAndByPath()
    {
        string dist = CorpusCatalog.RequireDist();
        string clang = RequireTool("clang", "clang");
        using var dir = new Scratch();
        WriteSources(dir);
        foreach (var c in new[] { "main", "area", "perimeter" })
            Run(clang, dir.Dir, "-c", dir.PathOf($"src/{c}.c"), "-o", dir.PathOf($"{c}.o"));
        Run("ar", dir.Dir, "rcs", dir.PathOf("libshapes.a"), dir.PathOf("area.o"), dir.PathOf("perimeter.o"));
        string[] inputs = [dir.PathOf("main.o"), "-L" + dir.Dir, "-lshapes"];

        // -fuse-ld=wild makes clang look for `ld.wild` in its -B directories (and on PATH).
        Run(clang, dir.Dir, ["-B" + dist, "-fuse-ld=wild", .. inputs, "-o", dir.PathOf("by-name")]);
        AssertLinkedByWild(dir.PathOf("by-name"));
        Run(clang, dir.Dir, ["--ld-path=" + Path.Combine(dist, "ld.wild"), .. inputs, "-o", dir.PathOf("by-path")]);
        AssertLinkedByWild(dir.PathOf("by-path"));
        Run(clang, dir.Dir, ["-static", "--ld-path=" + Path.Combine(dist, "ld.wild"), .. inputs, "-o", dir.PathOf("static")]);
        AssertLinkedByWild(dir.PathOf("static"));
    }

    [Fact]
    public void MesonLinksThroughDist()
    {
        string dist = CorpusCatalog.RequireDist();
        string meson = RequireTool("meson", "meson");
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

    [Fact]
    public void LibtoolBuildsSharedLibrariesWithDist()
    {
        // Autotools' libtool decides from `ld --help` (": supported targets: ... elf") and `ld -v` ("GNU") whether the
        // linker can make shared libraries; when it decides not, configure quietly builds static libraries only.
        string dist = CorpusCatalog.RequireDist();
        string autoreconf = RequireTool("autoreconf", "autoconf");
        RequireTool("automake", "automake");
        RequireTool("libtoolize", "libtool");
        using var dir = new Scratch();
        WriteSources(dir);
        dir.Write("src/configure.ac", """
            AC_INIT([wildcheck], [1.0])
            AM_INIT_AUTOMAKE([foreign])
            AC_PROG_CC
            LT_INIT([shared disable-static])
            AC_CONFIG_FILES([Makefile])
            AC_OUTPUT
            """);
        dir.Write("src/Makefile.am", """
            lib_LTLIBRARIES = libshapes.la
            libshapes_la_SOURCES = area.c perimeter.c
            bin_PROGRAMS = app
            app_SOURCES = main.c
            app_LDADD = libshapes.la
            """);
        string src = dir.PathOf("src");
        Run(autoreconf, src, "-fi");
        var configure = Run("/bin/sh", src, "./configure", $"CC=gcc -B{dist}/");
        Assert.Contains("checking whether the gcc -B" + dist + "/ linker", configure.Stdout);
        // "(…/ld -m elf_x86_64)": libtool adds the emulation `ld --help` lists, as it does for GNU ld.
        Assert.Matches(@"checking whether the gcc -B\S+ linker \(\S+/ld -m elf_x86_64\) supports shared libraries\.\.\. yes", configure.Stdout);
        Assert.Contains("checking whether to build shared libraries... yes", configure.Stdout);
        Run("make", src);
        string library = Path.Combine(src, ".libs", "libshapes.so");
        Assert.True(File.Exists(library), $"libtool built no shared library:\n{string.Join("\n", Directory.GetFiles(src, "*", SearchOption.AllDirectories))}");
        using (var elf = ELFReader.Load(library))
            Assert.Contains("Linker: Wild ", System.Text.Encoding.ASCII.GetString(elf.Sections.Single(s => s.Name == ".comment").GetContents()));
        // The uninstalled program is libtool's wrapper script; the real one, linked against the .so, is in .libs.
        var run = ProcessRunner.Run(Path.Combine(src, "app"), [], src, Timeout);
        Assert.True(run.ExitCode == 0 && run.Stdout == Expected, run.Describe());
        // It finds libshapes.so.0 only through the wrapper's LD_LIBRARY_PATH, so it is not run by itself.
        AssertLinkedByWild(Path.Combine(src, ".libs", "app"), run: false);
    }

    [Theory]
    [InlineData("-O")]
    [InlineData("-g")]
    [InlineData("-C target-feature=+crt-static")]
    public void RustcLinksAStdProgramThroughDist(string flags)
    {
        string dist = CorpusCatalog.RequireDist();
        // rustup installs into ~/.cargo/bin, which a test process's PATH may not include.
        string? rustc = Find("rustc") ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cargo/bin/rustc");
        Assert.True(File.Exists(rustc), "rustc (1.90 or later) is required: it is installed on this machine kind under ~/.cargo/bin");
        using var dir = new Scratch();
        string main = dir.Write("main.rs", """
            use std::collections::HashMap;
            use std::thread;
            fn main() {
                let handles: Vec<_> = (1..=4).map(|i| thread::spawn(move || i * i)).collect();
                let squares: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
                let mut words: HashMap<&str, usize> = HashMap::new();
                for w in "the quick brown fox jumps over the lazy dog the end".split(' ') { *words.entry(w).or_default() += 1; }
                let result = std::panic::catch_unwind(|| { if squares > 0 { panic!("caught") } });
                println!("squares {} the {} panicked {}", squares, words["the"], result.is_err());
            }
            """);
        // rustc 1.90+ links with its own bundled lld unless told otherwise; -B makes its cc driver run dist/ld.
        Run(rustc, dir.Dir, [.. flags.Split(' '), "-C", "linker-features=-lld", "-C", $"link-arg=-B{dist}", main, "-o", dir.PathOf("app")]);
        var run = Run(dir.PathOf("app"), dir.Dir);
        Assert.Equal("squares 30 the 3 panicked true\n", run.Stdout);
        using var elf = ELFReader.Load(dir.PathOf("app"));
        var comment = elf.Sections.Single(s => s.Name == ".comment");
        Assert.Contains("Linker: Wild ", System.Text.Encoding.ASCII.GetString(comment.GetContents()));
    }

    /// <summary>A build tool's path; installs its Debian package when it is missing, and fails (never skips) if that fails.</summary>
    private static string RequireTool(string tool, string package)
    {
        string? found = Find(tool);
        if (found is not null) return found;
        var install = ProcessRunner.Run("apt-get", ["install", "-y", "--no-install-recommends", package], "/", TimeSpan.FromMinutes(5));
        found = Find(tool);
        Assert.True(found is not null,
            $"{tool} is not installed and `apt-get install -y {package}` did not install it; install the Debian package `{package}` " +
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
