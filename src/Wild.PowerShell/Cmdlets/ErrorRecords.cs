// Turns engine errors into PowerShell ErrorRecords with the stable ErrorId as the id and a real category.
using System.Management.Automation;
using Wild.Engine.Diagnostics;

namespace Wild.PowerShell.Cmdlets;

internal static class ErrorRecords
{
    public static ErrorRecord From(LinkException e, object? target) =>
        new(e, e.Id.ToString(), Category(e.Id), target ?? e.File)
        {
            ErrorDetails = new ErrorDetails(e.FullMessage),
        };

    private static ErrorCategory Category(ErrorId id) => id switch
    {
        ErrorId.InputNotFound or ErrorId.LibraryNotFound => ErrorCategory.ObjectNotFound,
        ErrorId.NotElf or ErrorId.UnsupportedElfClass or ErrorId.WrongMachine or ErrorId.MalformedElf
            or ErrorId.MalformedArchive or ErrorId.UnsupportedFileType or ErrorId.MalformedLinkerScript
            or ErrorId.MalformedResponseFile => ErrorCategory.InvalidData,
        ErrorId.UndefinedSymbol => ErrorCategory.ObjectNotFound,
        ErrorId.DuplicateSymbol => ErrorCategory.ResourceExists,
        ErrorId.UnsupportedRelocation or ErrorId.UnsupportedSection or ErrorId.UnsupportedInput
            => ErrorCategory.NotImplemented,
        // An LTO input with no plugin to compile it, or a plugin that failed.
        ErrorId.LtoInput or ErrorId.LtoPlugin => ErrorCategory.InvalidOperation,
        ErrorId.InvalidOption or ErrorId.OutputIsInput => ErrorCategory.InvalidArgument,
        ErrorId.InputChanged => ErrorCategory.InvalidData,
        ErrorId.OutOfMemory => ErrorCategory.LimitsExceeded,
        ErrorId.OutputFailed => ErrorCategory.WriteError,
        ErrorId.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.InvalidOperation,
    };
}
