// The one fuzz oracle, shared by the AFL++ harness (Program.cs) and the regression replay in the xunit
// tests: link one input and accept either a link or a LinkException. Any other exception is a finding,
// and so is a run over the time limit (AFL's -t, the replay's own limit). The input bytes are written
// to a file because the engine reads inputs by mapping files; which kind of input it is, the engine decides.
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Fuzz;

public static class FuzzTarget
{
    /// <summary>Outcome of one input: linked, or rejected with this id.</summary>
    public readonly record struct Outcome(bool Linked, ErrorId? Error);

    /// <summary>
    /// Reads <paramref name="input"/> the way Read-ElfObject does, then links it the way `wild` does:
    /// a shared object as a PIE's library, anything else as a static executable. Exceptions other than
    /// LinkException propagate: that is how a finding is reported.
    /// </summary>
    public static Outcome Run(ReadOnlySpan<byte> input, string workDir)
    {
        Directory.CreateDirectory(workDir);
        string path = Path.Combine(workDir, "input");
        string output = Path.Combine(workDir, "output");
        File.WriteAllBytes(path, input.ToArray());
        bool shared = input.Length >= 18 && ElfIdentity.Classify(input) == InputKind.Elf && input[16] == 3; // ET_DYN
        try
        {
            ElfInputFile.Open(path);
            Linker.Link(new LinkOptions
            {
                OutputPath = output,
                Kind = shared ? OutputKind.Pie : OutputKind.Static,
                DynamicLinker = shared ? "/lib64/ld-linux-x86-64.so.2" : null,
                Inputs = [new InputSpec.File(path, InputModifiers.Default)],
                // One thread: a finding must replay the same way every time.
                Threads = 1,
            }, new DiagnosticBag());
            return new Outcome(true, null);
        }
        catch (LinkException e)
        {
            return new Outcome(false, e.Id);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
