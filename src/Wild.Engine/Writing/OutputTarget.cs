// What is at the output path when a link starts. Two rules hang on it: a link never writes over or deletes one
// of its own inputs (compared by device and inode, so a symbolic link, a hard link or another spelling of the
// path is caught; GNU ld refuses the same way, before any work), and a failed link removes the output it would
// have replaced, as GNU ld does, so make cannot mistake a stale binary for a new one, but only that exact file.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Writing;

public sealed class OutputTarget
{
    private readonly PosixFiles.Identity? _existing;
    private bool _isInput;

    private OutputTarget(string path, PosixFiles.Identity? existing)
    {
        Path = path;
        _existing = existing;
    }

    /// <summary>The output path as the user gave it.</summary>
    public string Path { get; }

    /// <summary>Looks at the output path, and refuses at once a link whose output is one of the scripts it reads
    /// (version scripts, dynamic lists); inputs are compared as they are opened (<see cref="CheckInput"/>).</summary>
    public static OutputTarget Inspect(LinkOptions options)
    {
        // Standard output (-o -) has no file at a path to protect or remove.
        var existing = OperatingSystem.IsLinux() && options.OutputPath != OutputFile.StandardOutput ? PosixFiles.Stat(options.OutputPath) : null;
        var target = new OutputTarget(options.OutputPath, existing is { IsRegular: true } ? existing : null);
        foreach (string script in options.VersionScripts.Concat(options.DynamicLists).Concat(options.ExportDynamicSymbolLists))
            if (target._existing is { } output && PosixFiles.Stat(script) is { } s && s.IsSameFile(output))
                throw target.SameAsInput(script);
        return target;
    }

    /// <summary>Throws if <paramref name="input"/> is the file at the output path.</summary>
    public void CheckInput(MappedFile input)
    {
        if (_existing is { } output && input.IsSameFile(output))
            throw SameAsInput(input.Path);
    }

    /// <summary>Throws if any of <paramref name="inputs"/> is the file at the output path (the first in order).</summary>
    public void CheckInputs(IEnumerable<MappedFile> inputs)
    {
        foreach (var input in inputs) CheckInput(input);
    }

    private LinkException SameAsInput(string input)
    {
        _isInput = true;
        return new LinkException(ErrorId.OutputIsInput, $"input file '{input}' is the same as output file", input);
    }

    /// <summary>After a failed link: removes the old output (the regular file that was at the path when the link
    /// started, if it is still there), unless it is one of the link's inputs.</summary>
    public void RemoveStaleOutput()
    {
        if (_isInput || _existing is not { } old) return;
        if (PosixFiles.Stat(Path) is { } now && now.IsSameFile(old))
            PosixFiles.Unlink(Path);
    }
}
