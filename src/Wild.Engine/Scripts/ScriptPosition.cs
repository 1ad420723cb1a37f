// Where something is in a linker script (file, 1-based line and column), and the error every script phase
// throws: `file:line:column: message`, as GNU ld and lld report script errors. Parsing and evaluation both use it.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Scripts;

public readonly record struct ScriptPosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";

    /// <summary>A malformed script: a syntax error, or an expression that cannot be evaluated.</summary>
    internal LinkException Error(string message) => new(ErrorId.MalformedLinkerScript, $"{this}: {message}", File);

    /// <summary>A well-formed script using something the linker does not implement: refused by name.</summary>
    internal LinkException Unsupported(string what) =>
        new(ErrorId.UnsupportedInput, $"{this}: {what} is not supported in linker scripts yet", File);
}
