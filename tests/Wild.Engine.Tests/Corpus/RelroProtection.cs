using System.Globalization;
using ELFSharp.ELF;
using ELFSharp.ELF.Segments;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// The run-time side of PT_GNU_RELRO: runs a linked program under maps-at-exit.c (ptrace, stopped at its exit)
/// and checks in its final /proc/&lt;pid&gt;/maps that every byte of each Wild-linked image's relro range is
/// mapped without write permission. The loader rounds the end of the range down to a page, so a range that
/// ends inside a page leaves that page (.got, .dynamic) writable; this is what sees it.
/// </summary>
public static class RelroProtection
{
    private const uint PT_GNU_RELRO = 0x6474e552;

    private static readonly Lazy<string> s_helper = new(CompileHelper);

    /// <summary>
    /// Runs <paramref name="program"/> (relative to the build's work dir) with the case's arguments and environment,
    /// and returns every relro byte range of it and of <paramref name="libraries"/> (also relative) that is
    /// writable at exit. Libraries the program did not have mapped at exit are not checked.
    /// </summary>
    public static List<string> Check(CorpusBuild build, string program, IEnumerable<string> libraries)
    {
        var images = new List<string> { program };
        images.AddRange(libraries);
        var ranges = images.Select(i => (Image: i, Relro: RelroOf(Path.Combine(build.WorkDir, i)))).Where(x => x.Relro is not null).ToList();
        if (ranges.Count == 0)
            return [];

        string mapsFile = Path.Combine(build.WorkDir, Path.GetDirectoryName(program) ?? "", "maps-at-exit.txt");
        var run = build.RunUnder(s_helper.Value, [mapsFile], program);
        if (run.TimedOut || !File.Exists(mapsFile))
            return [$"maps-at-exit could not read the maps of {program} at its exit (exit {run.ExitCode}): {run.Stderr.Trim()}"];
        var maps = Parse(File.ReadAllLines(mapsFile));

        var problems = new List<string>();
        foreach (var (image, relro) in ranges)
        {
            var (start, end, isExec) = relro!.Value;
            // The image's own path (under this build's unique directory) names its mappings.
            string suffix = "/" + Path.GetFileName(build.WorkDir) + "/" + image;
            var own = maps.Where(m => m.Path.EndsWith(suffix, StringComparison.Ordinal)).ToList();
            if (own.Count == 0)
            {
                if (image == program)
                    problems.Add($"{image} does not appear in its own /proc/<pid>/maps");
                continue; // a library unloaded before exit (dlclose) or never loaded
            }
            // ET_EXEC is mapped at its link-time addresses; anything else is moved by the load base, the address
            // of its mapping of file offset 0.
            ulong bias = isExec ? 0 : own.Where(m => m.Offset == 0).Select(m => m.Start).DefaultIfEmpty(ulong.MaxValue).Min();
            if (bias == ulong.MaxValue)
            {
                problems.Add($"{image}: no mapping of file offset 0 in /proc/<pid>/maps");
                continue;
            }
            ulong p = start + bias, stop = end + bias;
            while (p < stop)
            {
                var m = maps.FirstOrDefault(m => m.Start <= p && p < m.End);
                if (m is null)
                {
                    problems.Add($"{image}: relro byte 0x{p - bias:x} is not mapped");
                    break;
                }
                if (m.Perms.Contains('w'))
                    problems.Add($"{image}: relro range [0x{start:x}, 0x{end:x}) is writable at run time over " +
                                 $"[0x{Math.Max(p, m.Start) - bias:x}, 0x{Math.Min(stop, m.End) - bias:x}) ({m.Perms} mapping)");
                p = m.End;
            }
        }
        return problems;
    }

    private sealed record Mapping(ulong Start, ulong End, string Perms, ulong Offset, string Path);

    private static List<Mapping> Parse(IEnumerable<string> lines)
    {
        // 55d1c8a4e000-55d1c8a4f000 r--p 00002000 fe:00 11657496      /path/to/file
        var list = new List<Mapping>();
        foreach (string line in lines)
        {
            var f = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5) continue;
            int dash = f[0].IndexOf('-');
            list.Add(new Mapping(
                ulong.Parse(f[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(f[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                f[1],
                ulong.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                f.Length > 5 ? f[5].Trim() : ""));
        }
        return list;
    }

    /// <summary>The file's PT_GNU_RELRO range, read with ELFSharp, and whether the file is ET_EXEC; null without one.</summary>
    private static (ulong Start, ulong End, bool IsExec)? RelroOf(string path)
    {
        if (!File.Exists(path) || ELFReader.CheckELFType(path) != Class.Bit64)
            return null;
        using var elf = ELFReader.Load<ulong>(path);
        foreach (var s in elf.Segments)
            if ((uint)s.Type == PT_GNU_RELRO && s.Size > 0)
                return (s.Address, s.Address + s.Size, elf.Type == FileType.Executable);
        return null;
    }

    /// <summary>gcc builds maps-at-exit.c once per test run, into a directory of this process.</summary>
    private static string CompileHelper()
    {
        string source = Path.Combine(CorpusPaths.RepoRoot, "tests", "Wild.Engine.Tests", "Corpus", "maps-at-exit.c");
        string dir = Path.Combine(Path.GetTempPath(), "wild-corpus", $"maps-at-exit.{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        string exe = Path.Combine(dir, "maps-at-exit");
        var r = ProcessRunner.Run("gcc", ["-O1", "-Wall", "-Wextra", "-Werror", source, "-o", exe], dir, CorpusBuild.ToolTimeout);
        if (r.TimedOut || r.ExitCode != 0)
            throw new InvalidOperationException($"cannot build the maps-at-exit helper:\n{r.Describe()}");
        return exe;
    }
}
