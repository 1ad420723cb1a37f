// Entry point of the fuzzing harness. Under AFL++ (with the engine instrumented by SharpFuzz) the input
// arrives through SharpFuzz's fork server; with --stdin it is read once from standard input, which is
// how a finding is replayed by hand. A finding is any exception other than LinkException (it escapes,
// the process dies, AFL++ records the input); docs/fuzzing.md describes the whole loop.
using SharpFuzz;
using Wild.Fuzz;

string workDir = Path.Combine(Environment.GetEnvironmentVariable("WILD_FUZZ_DIR") ?? Path.GetTempPath(), $"wild-fuzz-{Environment.ProcessId}");

if (args is ["--stdin"])
{
    using var stdin = Console.OpenStandardInput();
    using var buffer = new MemoryStream();
    stdin.CopyTo(buffer);
    var outcome = FuzzTarget.Run(buffer.ToArray(), workDir);
    Console.WriteLine(outcome.Linked ? "linked" : $"rejected: {outcome.Error}");
    return 0;
}

// SharpFuzz hands each input as a stream; the engine's state is per link, so one process serves many runs.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTarget.Run(buffer.ToArray(), workDir);
});
return 0;
