// The output file: created under a fresh random name beside the target (O_EXCL), its disk space reserved, mapped
// read-write for the parallel writers, then renamed over the target only when complete. Until that rename the
// target keeps the old file, whatever happens to the process; a failed or cancelled link removes the temporary
// file (and the fault guard removes it when a signal ends the process). A target that exists and is not a
// regular file (-o /dev/null, a pipe) is never replaced or deleted: the image is built in a temporary file in
// the temporary directory and its bytes are written to the target, as GNU ld writes to it. `-o -` is standard
// output, as lld has it (GNU ld 2.40 would create a file named "-"): built the same way, then written to fd 1.
// Every error names the user's output path, never the temporary one.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Writing;

public sealed unsafe class OutputFile : IDisposable
{
    private readonly string _target;
    private readonly string _displayName;
    private readonly string _temp;
    private readonly bool _special;
    private int _fd = -1;
    private byte* _pointer;
    private byte[]? _managed;
    private bool _committed;
    private nuint _tempToken, _mappingToken;

    private OutputFile(string target, string displayName, string temp, long length, bool special)
    {
        _target = target;
        _displayName = displayName;
        _temp = temp;
        Length = length;
        _special = special;
    }

    /// <summary>True when <paramref name="path"/> exists and is not a regular file (a device such as
    /// /dev/null, a pipe, a socket), following symbolic links: such a target is written to, never replaced.</summary>
    public static bool IsSpecialFile(string path) =>
        OperatingSystem.IsLinux() && PosixFiles.Stat(path) is { IsRegular: false };

    public long Length { get; }

    /// <summary>The output path that means standard output.</summary>
    public const string StandardOutput = "-";

    /// <summary>Removes an output this link committed (--fatal-warnings fails a link after the fact); a device or
    /// pipe at the path (-o /dev/null) is left alone.</summary>
    public static void RemoveCommitted(string path)
    {
        if (path == StandardOutput || IsSpecialFile(path)) return;
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public static OutputFile Create(string path, long length, bool executable)
    {
        bool stdout = path == StandardOutput;
        string full = stdout ? path : Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!stdout && Directory.Exists(full))
            throw new LinkException(ErrorId.OutputFailed, $"cannot open output file {path}: Is a directory", path);
        bool special = stdout || IsSpecialFile(full);
        // Beside a device (in /dev) is no place for a temporary file: a special target's goes to the temp directory.
        string temp = special
            ? Path.Combine(Path.GetTempPath(), $".wild-{Guid.NewGuid():N}.tmp")
            : Path.Combine(dir, $".{Path.GetFileName(full)}.wild-{Guid.NewGuid():N}.tmp");
        var file = new OutputFile(full, path, temp, length, special);
        try
        {
            if (OperatingSystem.IsLinux())
                file.CreateNative(executable);
            else
                file._managed = GC.AllocateArray<byte>(checked((int)length), pinned: true);
            return file;
        }
        catch (IOException e)
        {
            file.Dispose();
            string where = special ? $" (building it in {Path.GetTempPath()})" : "";
            if (e.HResult == PosixFiles.ENOMEM)
                throw new LinkException(ErrorId.OutOfMemory, $"out of memory: cannot map the output {path} ({length} bytes)", path, e);
            string message = e is PosixFiles.ReservationException
                ? $"{path}: {e.Message}: the output needs {length} bytes{where}"
                : $"cannot open output file {path}: {e.Message}{where}";
            throw new LinkException(ErrorId.OutputFailed, message, path, e);
        }
    }

    private void CreateNative(bool executable)
    {
        var guard = FaultGuard.Current;
        // Known to the guard before it exists, so no signal can leave it behind.
        _tempToken = guard?.WatchOutput(0, 0, _displayName, _temp) ?? 0;
        var (fd, address) = PosixFiles.CreateMapped(_temp, Length, executable ? 0b111_111_111 : 0b110_110_110);
        _fd = fd;
        _pointer = (byte*)address;
        if (guard is not null && Length > 0) _mappingToken = guard.WatchOutput(address, Length, _displayName, null);
    }

    /// <summary>The whole output, of any size. Writers take disjoint windows of it from different threads.</summary>
    public OutputImage Image => _managed is not null
        ? new OutputImage((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_managed)), (ulong)_managed.Length)
        : new OutputImage(_pointer, (ulong)Length);

    /// <summary>Puts the complete file at the target: renamed over it (atomically; the old file stays until then),
    /// or, for a device or pipe, written to it.</summary>
    public void Commit()
    {
        try
        {
            if (_managed is not null)
                CommitManaged();
            else if (_special)
                CommitToSpecialTarget();
            else
                CommitByRename();
            _committed = true;
        }
        catch (IOException e)
        {
            throw new LinkException(ErrorId.OutputFailed, $"cannot write output file {_displayName}: {e.Message}", _displayName, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new LinkException(ErrorId.OutputFailed, $"cannot write output file {_displayName}: {e.Message}", _displayName, e);
        }
    }

    private void CommitByRename()
    {
        // No msync: the page cache already holds the bytes readers will see after the rename, and a linker does
        // not promise durability (ld and lld do not sync either).
        ReleaseMapping();
        // Replacing a large file frees every block it held, which takes a while (tens of ms for LLVM's output);
        // a descriptor held across the rename moves that freeing to its close, off the link's critical path.
        int old = PosixFiles.Hold(_target);
        PosixFiles.Rename(_temp, _target);
        ForgetTemporary();
        if (old >= 0) ThreadPool.UnsafeQueueUserWorkItem(static fd => PosixFiles.Close(fd), old, preferLocal: false);
    }

    private void CommitToSpecialTarget()
    {
        try
        {
            if (_target == StandardOutput) PosixFiles.WriteAll(1, (nint)_pointer, Length);
            else PosixFiles.WriteTo(_target, (nint)_pointer, Length);
        }
        finally
        {
            ReleaseMapping();
            PosixFiles.Unlink(_temp);
            ForgetTemporary();
        }
    }

    private void CommitManaged()
    {
        if (_target == StandardOutput)
        {
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(_managed);
            return;
        }
        if (_special)
        {
            using var target = new FileStream(_target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            target.Write(_managed);
            return;
        }
        File.WriteAllBytes(_temp, _managed!);
        File.Move(_temp, _target, overwrite: true);
    }

    private void ReleaseMapping()
    {
        if (_pointer != null)
        {
            FaultGuard.Current?.Forget(_mappingToken);
            _mappingToken = 0;
            PosixFiles.Unmap((nint)_pointer, Length);
            _pointer = null;
        }
        PosixFiles.Close(_fd);
        _fd = -1;
    }

    private void ForgetTemporary()
    {
        FaultGuard.Current?.Forget(_tempToken);
        _tempToken = 0;
    }

    public void Dispose()
    {
        ReleaseMapping();
        _managed = null;
        if (!_committed)
        {
            if (OperatingSystem.IsLinux()) PosixFiles.Unlink(_temp);
            else try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            ForgetTemporary();
        }
    }
}
