// Stable identifiers for every error the engine reports. They reach users as PowerShell ErrorRecord ids
// and in tests, so names never change once released; add new ones at the end.
namespace Wild.Engine.Diagnostics;

public enum ErrorId
{
    InputNotFound,
    NotElf,
    UnsupportedElfClass,
    WrongMachine,
    UnsupportedFileType,
    MalformedElf,
    MalformedArchive,
    UndefinedSymbol,
    DuplicateSymbol,
    UnsupportedRelocation,
    RelocationOverflow,
    UnsupportedSection,
    UnsupportedInput,
    LibraryNotFound,
    LayoutMismatch,
    OutputFailed,
    InvalidOption,
    LtoInput,
    Cancelled,
    MalformedLinkerScript,
    MalformedResponseFile,
    OutputIsInput,
    InputChanged,
    OutOfMemory,
    /// <summary>The LTO plugin could not be loaded, refused an input or failed.</summary>
    LtoPlugin,
    /// <summary>Output sections placed at fixed addresses (--section-start, -Ttext...) overlap, as GNU ld reports it.</summary>
    SectionOverlap,
    /// <summary>--orphan-handling=error and an input section no linker-script rule names.</summary>
    UnplacedOrphan,
}
