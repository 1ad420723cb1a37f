// Maps an input file read-only and exposes it as spans: every reader above works on views of this
// mapping, never on copies. Unmapping is left to the owner (InputSet), after the output is complete.
// On Linux the mapping is made with direct system calls (PosixFiles); elsewhere through MemoryMappedFile.
using System.IO.MemoryMappedFiles;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _pointer;

    // Set when the file was mapped by PosixFiles (Linux): unmapped directly, and compared by identity.
    private readonly bool _native;
    private readonly PosixFiles.Identity _identity;

    private MappedFile(string path, byte* pointer, long length, PosixFiles.Identity identity)
    {
        Path = path;
        _pointer = pointer;
        Length = length;
        _native = true;
        _identity = identity;
        LastWriteTimeUtc = DateTime.UnixEpoch.AddTicks(identity.MtimeSeconds * TimeSpan.TicksPerSecond + identity.MtimeNanoseconds / 100);
    }

    private MappedFile(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, long length, DateTime mtime)
    {
        Path = path;
        _map = map;
        _view = view;
        _pointer = pointer;
        Length = length;
        LastWriteTimeUtc = mtime;
    }

    public string Path { get; }
    public long Length { get; }
    public DateTime LastWriteTimeUtc { get; }

    public static MappedFile Open(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var (address, length, identity) = PosixFiles.MapReadOnly(path);
                return new MappedFile(path, (byte*)address, length, identity);
            }
            catch (IOException e)
            {
                throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
            }
        }
        try
        {
            if (!File.Exists(path))
                throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: No such file or directory", path);
            // Sizes and times come from the opened file, so symbolic links (ld-linux-x86-64.so.2) are followed.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            long length = stream.Length;
            var mtime = File.GetLastWriteTimeUtc(path);
            if (length == 0)
                return new MappedFile(path, null, null, null, 0, mtime);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            return new MappedFile(path, map, view, p, length, mtime);
        }
        catch (LinkException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
    }

    public ReadOnlySpan<byte> Span => new(_pointer, checked((int)Length));

    /// <summary>A view of [offset, offset+length); callers have already bounds-checked the range.</summary>
    public ReadOnlySpan<byte> Slice(long offset, long length) => new(_pointer + offset, checked((int)length));

    /// <summary>True when the file changed on disk since it was mapped (checked before the output is kept).</summary>
    public bool ChangedOnDisk()
    {
        if (_native)
            return PosixFiles.Stat(Path) != _identity;
        if (!File.Exists(Path)) return true;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return File.GetLastWriteTimeUtc(Path) != LastWriteTimeUtc || stream.Length != Length;
    }

    public void Dispose()
    {
        if (_native)
        {
            PosixFiles.Unmap((nint)_pointer, Length);
            _pointer = null;
            return;
        }
        if (_view is not null && _pointer != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
        }
        _view?.Dispose();
        _map?.Dispose();
    }
}
