// 64-bit DWARF (gcc -gdwarf64) linked by the `wild` command and by GNU ld: gdb must see the same program in both
// (a breakpoint's location, the backtrace, locals and arguments, a type, a string read through .debug_str), which
// checks that every 8-byte section offset (DW_FORM_strp, DW_FORM_line_strp, DW_FORM_sec_offset, the units' own
// lengths) was relocated as GNU ld relocates it. The corpus case c-dwarf64 runs the same sources in every link mode.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class Dwarf64DebugInfoTests
{
    [Theory]
    [InlineData("-gdwarf-5")]
    [InlineData("-gdwarf-4")]
    public void GdbSeesWhatItSeesInGnuLdsOutput(string version)
    {
        string dist = CorpusCatalog.RequireDist();
        string sources = Path.Combine(CorpusPaths.ProgramsDir, "c-gdb-index");
        using var dir = new Scratch();
        var objects = new List<string>();
        foreach (var name in new[] { "main", "shapes", "table" })
        {
            string o = dir.PathOf(name + ".o");
            Tools.Run("gcc", dir.Dir, ["-c", "-O0", version, "-gdwarf64", Path.Combine(sources, name + ".c"), "-o", o]);
            objects.Add(o);
        }
        Assert.Contains("(64-bit)", Tools.Run("readelf", dir.Dir, ["--debug-dump=info", objects[0]]).Stdout);
        string ours = dir.PathOf("wild.out"), theirs = dir.PathOf("ld.out");
        Tools.Run("gcc", dir.Dir, ["-B" + dist + "/", .. objects, "-o", ours]);
        Tools.Run("gcc", dir.Dir, ["-fuse-ld=bfd", .. objects, "-o", theirs]);
        Tools.AssertRuns(ours, 0, "area 31.00 sum 31\n");

        string ourView = Gdb(dir, ours), theirView = Gdb(dir, theirs);
        Assert.Contains("table_sum (values=", ourView);
        Assert.Contains("struct shape {", ourView);
        Assert.DoesNotContain("warning", ourView, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(theirView.Replace(theirs, "PROGRAM"), ourView.Replace(ours, "PROGRAM"));
    }

    /// <summary>gdb stopped in table_sum: where, how it got there, its arguments, its locals once initialised, a type,
    /// a line of another unit and the unit's producer string (from .debug_str); addresses masked (the linkers place
    /// code differently).</summary>
    private static string Gdb(Scratch dir, string program)
    {
        var r = Tools.Run("gdb", dir.Dir, ["-nx", "-batch", "-ex", "break table_sum", "-ex", "run", "-ex", "bt", "-ex", "info args",
            "-ex", "next", "-ex", "info locals", "-ex", "ptype struct shape", "-ex", "info line shape_area", "-ex", "info source", program]);
        var text = System.Text.RegularExpressions.Regex.Replace(r.Stdout + r.Stderr, "0x[0-9a-f]+", "ADDR");
        // Thread-debugging chatter and the inferior's pid are the host's, not the program's.
        return string.Join('\n', text.Split('\n').Where(l => !l.Contains("libthread_db", StringComparison.Ordinal)
            && !l.StartsWith("[Inferior", StringComparison.Ordinal)));
    }
}
