// Maps an input file read-only and exposes it as spans: every reader above works on views of this
// mapping, never on copies. Unmapping is left to the owner (InputSet), after the output is complete.
using System.IO.MemoryMappedFiles;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _pointer;

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
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
                throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: No such file or directory", path);
            if (info.Length == 0)
                return new MappedFile(path, null, null, null, 0, info.LastWriteTimeUtc);
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            return new MappedFile(path, map, view, p, info.Length, info.LastWriteTimeUtc);
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
        var info = new FileInfo(Path);
        return !info.Exists || info.LastWriteTimeUtc != LastWriteTimeUtc || info.Length != Length;
    }

    public void Dispose()
    {
        if (_view is not null && _pointer != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
        }
        _view?.Dispose();
        _map?.Dispose();
    }
}
