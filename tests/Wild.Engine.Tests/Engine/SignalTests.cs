// SIGTERM at any moment of a link: the result is either a complete output (the link won the race) or death by
// SIGTERM itself (128+15) with no output and no temporary file. Never a partial file, never a leftover temp.
using System.Diagnostics;
using Wild.Engine.Tests.Corpus;
using Xunit;

namespace Wild.Engine.Tests.Engine;

public sealed class SignalTests
{
    [Fact]
    public void TerminatedLinkLeavesNothingPartial()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        string capture = Path.Combine(dir.Dir, "capture");
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(capture);
        Tools.Run("gcc", dir.Dir, ["-B" + capture + "/", "-static", main, "-o", dir.PathOf("unused")]);
        var args = File.ReadAllText(argsFile).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        string output = dir.PathOf("prog");
        int o = args.IndexOf("-o");
        args[o + 1] = output;

        foreach (int delayMs in (int[])[0, 2, 5, 10, 15, 25])
        {
            File.Delete(output);
            var psi = new ProcessStartInfo(Path.Combine(dist, "wild")) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var link = Process.Start(psi)!;
            Thread.Sleep(delayMs);
            using (var kill = Process.Start("kill", ["-TERM", link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            string stderr = link.StandardError.ReadToEnd();
            Assert.True(link.WaitForExit(TimeSpan.FromSeconds(30)), "wild did not exit after SIGTERM");

            var temps = Directory.GetFiles(dir.Dir, ".prog.wild-*");
            Assert.True(temps.Length == 0, $"delay {delayMs} ms: temporary file left behind: {string.Join(", ", temps)}");
            if (link.ExitCode == 0)
                Tools.AssertRuns(output, 0, "hi\n");
            else
            {
                // The handler removes the temporary file and re-raises: the parent sees death by SIGTERM.
                Assert.True(link.ExitCode == 143, $"delay {delayMs} ms: exit code {link.ExitCode}\n{stderr}");
                Assert.False(File.Exists(output), $"delay {delayMs} ms: a terminated link left an output file");
            }
        }
    }
}
