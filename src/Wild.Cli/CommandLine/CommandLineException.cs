// The one error type of command-line handling: response-file expansion and option parsing throw it,
// and CliRunner prints it as `wild: error: <message>`. Link failures are LinkException, not this.
namespace Wild.Cli.CommandLine;

internal sealed class CommandLineException(string message, string? hint = null) : Exception(message)
{
    /// <summary>An extra line printed after the error, e.g. GNU ld's pointer to --help.</summary>
    public string? Hint { get; } = hint;
}
