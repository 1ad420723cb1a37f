// Entry point of the `wild` command: wires the console and the engine into CliRunner, which does the
// parsing, reporting and exit-code work. Ctrl-C, SIGTERM and SIGHUP cancel the link instead of killing it
// mid-write, so the temporary output is removed and nothing partial is left behind.
using System.Runtime.InteropServices;
using Wild.Cli;
using Wild.Engine;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
// This process only links, so the link may keep the GC out of its way (see CollectionPause).
int code = CliRunner.Run(args, stdout, stderr, (o, d, c) => Linker.Link(o, d, c, pauseCollections: true), cancel.Token);
stdout.Flush();
return code;
