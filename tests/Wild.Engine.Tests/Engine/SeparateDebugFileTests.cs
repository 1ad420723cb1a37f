// The release-build recipe of docs/debug-info.md, end to end with the `wild` command: link with debug information and
// a build id, keep the debug sections in a file of their own (objcopy --only-keep-debug), strip them from the program
// and link it to that file (objcopy --strip-debug --add-gnu-debuglink). gdb must then find the debug file both ways it
// looks for one: by build id under a debug-file-directory, and by the .gnu_debuglink name beside the program; and must
// find no line information when the debug file is in neither place (so the test can tell the two apart).
using ELFSharp.ELF;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class SeparateDebugFileTests
{
    private const string Source = """
        #include <stdio.h>
        struct point { int x, y; };
        int sum(const struct point *p, int n)
        {
            int total = 0;
            for (int i = 0; i < n; i++) total += p[i].x * p[i].y;
            return total;
        }
        int main(void)
        {
            struct point pts[3] = {{1, 2}, {3, 4}, {5, 6}};
            printf("%d\n", sum(pts, 3));
            return 0;
        }
        """;

    [Fact]
    public void GdbFindsTheDebugFileByBuildIdAndByDebuglink()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string c = dir.Write("app.c", Source);
        Tools.Run("gcc", dir.Dir, ["-g", "-O0", "-c", c, "-o", dir.PathOf("app.o")]);
        string app = dir.PathOf("app");
        Tools.Run("gcc", dir.Dir, ["-B" + dist + "/", "-Wl,--build-id", dir.PathOf("app.o"), "-o", app]);
        Tools.Run("objcopy", dir.Dir, ["--only-keep-debug", "app", "app.debug"]);
        Tools.Run("objcopy", dir.Dir, ["--strip-debug", "--add-gnu-debuglink=app.debug", "app"]);
        Tools.AssertRuns(app, 0, "44\n");

        // The program keeps its build id and gains the link; the debug file holds the debug sections.
        string buildId = BuildId(app);
        Assert.Equal(buildId, BuildId(dir.PathOf("app.debug")));
        using (var elf = ELFReader.Load(app))
        {
            Assert.DoesNotContain(elf.Sections, s => s.Name.StartsWith(".debug_", StringComparison.Ordinal));
            Assert.Contains(elf.Sections, s => s.Name == ".gnu_debuglink");
        }
        using (var elf = ELFReader.Load(dir.PathOf("app.debug")))
            Assert.Contains(elf.Sections, s => s.Name == ".debug_info");

        // By .gnu_debuglink: app.debug beside the program.
        var linked = Gdb(dir, app, "/nonexistent");
        Assert.Contains("Line 5 of \"", linked);
        Assert.Contains("total = ", linked);

        // By build id: only under <debug-file-directory>/.build-id/xx/rest.debug.
        string root = dir.PathOf("debug-root");
        string byId = Path.Combine(root, ".build-id", buildId[..2], buildId[2..] + ".debug");
        Directory.CreateDirectory(Path.GetDirectoryName(byId)!);
        File.Move(dir.PathOf("app.debug"), byId);
        var found = Gdb(dir, app, root);
        Assert.Contains("Line 5 of \"", found);
        Assert.Contains("total = ", found);

        // Neither: gdb has the symbols of .symtab but no line information.
        File.Delete(byId);
        var none = Gdb(dir, app, "/nonexistent");
        Assert.DoesNotContain("Line 5 of \"", none);
        Assert.Contains("No line number information", none);
    }

    /// <summary>gdb's answers about sum (its line, then its locals at a breakpoint), with the debug file directory set.</summary>
    private static string Gdb(Scratch dir, string program, string debugDirectory)
    {
        var r = Tools.Run("gdb", dir.Dir, ["-nx", "-batch", "-ex", $"set debug-file-directory {debugDirectory}", "-ex", "file " + program,
            "-ex", "info line app.c:5", "-ex", "info line sum", "-ex", "break sum", "-ex", "run", "-ex", "info locals"]);
        return r.Stdout + r.Stderr;
    }

    /// <summary>The NT_GNU_BUILD_ID of a file, as hex, from readelf.</summary>
    private static string BuildId(string path)
    {
        var r = Tools.Run("readelf", Path.GetDirectoryName(path)!, ["-n", path]);
        var line = r.Stdout.Split('\n').Single(l => l.Contains("Build ID:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim();
    }
}
