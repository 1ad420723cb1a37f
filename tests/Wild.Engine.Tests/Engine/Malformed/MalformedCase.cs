// One row of the malformed-input table: which valid input it starts from, how it damages it, and the
// error (ErrorId and problem text) the user must get. The rows themselves are in MalformedInputTable.cs;
// how a row is turned into files and a link is MalformedInputTests' business.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Engine.Malformed;

/// <summary>Which valid input a row damages, which decides how it is linked.</summary>
public enum BaseInput
{
    /// <summary>The rich object alone, linked -static.</summary>
    Object,
    /// <summary>The rich object plus a damaged TLS-descriptor object, linked -static.</summary>
    TlsDescObject,
    /// <summary>An object calling into a damaged archive, linked -static.</summary>
    Archive,
    /// <summary>A PIE object linked against a damaged versioned shared library.</summary>
    SharedLibrary,
    /// <summary>The rich object plus a broken linker script, linked -static.</summary>
    LinkerScript,
    /// <summary>A broken @response file; only the `wild` command reads those.</summary>
    ResponseFile,
}

/// <param name="Name">Row id; also the damaged file's name, so the error can be checked to name it.</param>
/// <param name="TableRow">The case number in reliability-cases.md §1.</param>
/// <param name="Problem">Text the error must contain: what was wrong, in the user's terms.</param>
/// <param name="Member">For archive rows whose damage is inside a member: the member the error must name.</param>
/// <param name="Text">For script and response-file rows: writes the files into a directory and returns the one to pass.</param>
internal sealed record MalformedCase(
    string Name,
    int TableRow,
    BaseInput Base,
    ErrorId Expected,
    string Problem,
    Action<ElfBytes>? Elf = null,
    Action<ArchiveBytes>? Ar = null,
    string? Member = null,
    Func<string, string>? Text = null)
{
    public override string ToString() => Name;
}
