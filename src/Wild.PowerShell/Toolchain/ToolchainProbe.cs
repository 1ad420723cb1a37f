// Asks a C compiler driver (gcc or clang) where its start files and library folders are, the questions every
// link script used to ask by hand: `-print-file-name=crt1.o` per file and the `libraries:` line of
// `-print-search-dirs`. Which start files and libraries each output kind takes is gcc's own choice on
// x86-64 Linux (its specs), written down here once. Running the compiler is this file's only side effect.
using System.Diagnostics;
using Wild.Engine;

namespace Wild.PowerShell.Toolchain;

internal static class ToolchainProbe
{
    public static ElfToolchain Probe(string compiler, OutputKind kind)
    {
        string path = Resolve(compiler);
        var (start, end) = kind switch
        {
            OutputKind.Static => (new[] { "crt1.o", "crti.o", "crtbeginT.o" }, new[] { "crtend.o", "crtn.o" }),
            OutputKind.StaticPie => (["rcrt1.o", "crti.o", "crtbeginS.o"], ["crtendS.o", "crtn.o"]),
            OutputKind.Pie => (["Scrt1.o", "crti.o", "crtbeginS.o"], ["crtendS.o", "crtn.o"]),
            OutputKind.Dynamic => (["crt1.o", "crti.o", "crtbegin.o"], ["crtend.o", "crtn.o"]),
            // A partial link (gcc -r) takes only the user's objects: no start files, no libraries.
            OutputKind.Relocatable => (Array.Empty<string>(), Array.Empty<string>()),
            _ => (["crti.o", "crtbeginS.o"], ["crtendS.o", "crtn.o"]),
        };
        // gcc -static adds libgcc and libgcc_eh around libc (in a group); dynamic links take libc.so, whose
        // Debian script brings libc_nonshared.a and the loader.
        string[] libraries = kind is OutputKind.Static or OutputKind.StaticPie ? ["gcc", "gcc_eh", "c"] : kind == OutputKind.Relocatable ? [] : ["c"];
        string? loader = kind is OutputKind.Pie or OutputKind.Dynamic ? "/lib64/ld-linux-x86-64.so.2" : null;
        return new ElfToolchain(path, Version(path), kind, start.Select(f => FileOf(path, f)).ToArray(),
            end.Select(f => FileOf(path, f)).ToArray(), LibraryFolders(path), libraries, loader);
    }

    private static string Resolve(string compiler)
    {
        if (compiler.Contains('/')) return File.Exists(compiler) ? Path.GetFullPath(compiler) : throw NotFound(compiler);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, compiler);
            if (File.Exists(candidate)) return candidate;
        }
        throw NotFound(compiler);
    }

    private static FileNotFoundException NotFound(string compiler) =>
        new($"{compiler}: no such compiler (not a file, and not found on PATH)", compiler);

    /// <summary>A driver answers a file it does not know with the bare name: that is an error, not a path.</summary>
    private static string FileOf(string compiler, string name)
    {
        string answer = Run(compiler, $"-print-file-name={name}").Trim();
        if (!Path.IsPathRooted(answer) || !File.Exists(answer))
            throw new FileNotFoundException($"{compiler} does not know where {name} is (it answered '{answer}'); is the C library's development package installed?", name);
        return Path.GetFullPath(answer);
    }

    private static string[] LibraryFolders(string compiler)
    {
        string? line = Run(compiler, "-print-search-dirs").Split('\n').FirstOrDefault(l => l.StartsWith("libraries:", StringComparison.Ordinal));
        if (line is null) throw new InvalidOperationException($"{compiler} -print-search-dirs printed no libraries: line");
        return line["libraries:".Length..].Trim().TrimStart('=').Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Directory.Exists).Select(d => Path.GetFullPath(d).TrimEnd('/')).Distinct().ToArray();
    }

    private static string Version(string compiler)
    {
        string full = Run(compiler, "-dumpfullversion", allowFailure: true).Trim();
        return full.Length > 0 ? full : Run(compiler, "--version").Split('\n')[0].Trim();
    }

    private static string Run(string compiler, string argument, bool allowFailure = false)
    {
        var info = new ProcessStartInfo(compiler, [argument])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {compiler}");
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{compiler} {argument} exited with {process.ExitCode}");
        return process.ExitCode == 0 ? output : "";
    }
}
