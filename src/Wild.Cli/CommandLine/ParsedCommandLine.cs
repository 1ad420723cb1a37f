// What parsing the ld command line yields: the decided LinkOptions plus what the command itself must do
// (help, version, warnings). CliRunner acts on it; the engine sees only Options.
using Wild.Engine;

namespace Wild.Cli.CommandLine;

internal sealed record ParsedCommandLine(
    LinkOptions Options,
    IReadOnlyList<string> Warnings,
    bool ShowHelp,
    bool VersionOnly,
    bool ShowVersion,
    bool ShowEmulations,
    int InputCount);
