// The output file: created under a fresh random name beside the target (O_EXCL), sized once, mapped
// read-write for the parallel writers, then renamed over the target only when complete. A failed or
// cancelled link deletes the temporary file, so no partial output ever appears at the target path.
// A target that exists and is not a regular file (-o /dev/null, a pipe) is never replaced or deleted: the
// image is built in a temporary file and its bytes are written to the target, as GNU ld writes to it.
using System.IO.MemoryMappedFiles;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Writing;

public sealed unsafe class OutputFile : IDisposable
{
    private readonly string _target;
    private readonly string _temp;
    private FileStream? _stream;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _pointer;
    private bool _committed;
    private readonly bool _special;

    private OutputFile(string target, string temp, long length, bool special)
    {
        _target = target;
        _temp = temp;
        Length = length;
        _special = special;
    }

    /// <summary>True when <paramref name="path"/> exists and is not a regular file (a device such as
    /// /dev/null, a pipe, a socket), following symbolic links: such a target is written to, never replaced.</summary>
    public static bool IsSpecialFile(string path) =>
        OperatingSystem.IsLinux() && Input.PosixFiles.Stat(path) is { IsRegular: false };

    public long Length { get; }

    /// <summary>Removes a file if it exists, ignoring failure (used to drop a stale output after a failed link).
    /// A device or pipe at the path (-o /dev/null) is left alone.</summary>
    public static void DeleteQuietly(string path)
    {
        if (IsSpecialFile(path)) return;
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public static OutputFile Create(string path, long length, bool executable)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (Directory.Exists(full))
            throw new LinkException(ErrorId.OutputFailed, $"cannot open output file {path}: Is a directory", path);
        bool special = IsSpecialFile(full);
        // Beside a device (in /dev) is no place for a temporary file: a special target's goes to the temp directory.
        string temp = special
            ? Path.Combine(Path.GetTempPath(), $".wild-{Guid.NewGuid():N}.tmp")
            : Path.Combine(dir, $".{Path.GetFileName(full)}.wild-{Guid.NewGuid():N}.tmp");
        var file = new OutputFile(full, temp, length, special);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = executable
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                      | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                      | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            file._stream = new FileStream(temp, options);
            file._stream.SetLength(length);
            file._map = MemoryMappedFile.CreateFromFile(file._stream, null, length, MemoryMappedFileAccess.ReadWrite,
                HandleInheritability.None, leaveOpen: true);
            file._view = file._map.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
            byte* p = null;
            file._view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            file._pointer = p + file._view.PointerOffset;
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new LinkException(ErrorId.OutputFailed, $"cannot open output file {path}: {e.Message}", path, e);
        }
    }

    /// <summary>The whole output. Writers slice disjoint ranges of it from different threads.</summary>
    public Span<byte> Span => new(_pointer, checked((int)Length));

    /// <summary>Flushes, closes and atomically renames the file over the target.</summary>
    public void Commit()
    {
        ReleaseMapping();
        _stream!.Flush();
        if (_special)
        {
            CopyToSpecialTarget();
            return;
        }
        _stream.Dispose();
        _stream = null;
        try
        {
            File.Move(_temp, _target, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.OutputFailed, $"cannot rename output to {_target}: {e.Message}", _target, e);
        }
    }

    private void CopyToSpecialTarget()
    {
        try
        {
            _stream!.Position = 0;
            using (var target = new FileStream(_target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                _stream.CopyTo(target);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.OutputFailed, $"cannot write output to {_target}: {e.Message}", _target, e);
        }
        finally
        {
            _stream!.Dispose();
            _stream = null;
            DeleteQuietly(_temp);
        }
    }

    private void ReleaseMapping()
    {
        if (_view is not null && _pointer != null)
        {
            // No msync: the page cache already holds the bytes readers will see after the rename, and a
            // linker does not promise durability (ld and lld do not sync either).
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
        }
        _view?.Dispose();
        _view = null;
        _map?.Dispose();
        _map = null;
    }

    public void Dispose()
    {
        ReleaseMapping();
        _stream?.Dispose();
        _stream = null;
        if (!_committed) DeleteQuietly(_temp);
    }
}
