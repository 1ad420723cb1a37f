// Entry point of the `wild` command: installs the signal handlers (Native/fault_guard.c) and wires the standard
// streams and the engine into CliRunner, which does the parsing, reporting and exit-code work. A terminating
// signal (Ctrl-C, SIGTERM, SIGHUP) removes the temporary output and ends the process by that signal at once,
// even while it waits on a pipe; the old output stays at its path, since only a complete link replaces it.
using Wild.Cli;
using Wild.Cli.CommandLine;
using Wild.Cli.Native;
using Wild.Engine;

// The standard streams are plain descriptors (see DescriptorStream): not System.Console, whose terminal
// handling would replace the signal handlers installed below.
using var stdout = new StreamWriter(new DescriptorStream(1)) { AutoFlush = false };
using var stderr = new StreamWriter(new DescriptorStream(2)) { AutoFlush = true };
NativeFaultGuard.TryInstall();
// This process only links, so the link may keep the GC out of its way (see CollectionPause).
int code = CliRunner.Run(args, stdout, stderr, (o, d, c) => Linker.Link(o, d, c, pauseCollections: true),
    checkArguments: ArgumentBytes.CheckProcessArguments);
stdout.Flush();
return code;

