// The one error type of command-line handling: response-file expansion and option parsing throw it,
// and CliRunner prints it as `wild: error: <message>`. Link failures are LinkException, not this.
using Wild.Engine.Diagnostics;

namespace Wild.Cli.CommandLine;

internal sealed class CommandLineException(string message, string? hint = null, ErrorId id = ErrorId.InvalidOption) : Exception(message)
{
    /// <summary>An extra line printed after the error, e.g. GNU ld's pointer to --help.</summary>
    public string? Hint { get; } = hint;

    /// <summary>The stable id, as for engine errors: a bad option, or a response file that cannot be expanded.</summary>
    public ErrorId Id { get; } = id;
}
