// An input file's bytes, exposed as spans: every reader above works on views of this memory, never on copies
// of their own. In a process with a fault guard (the `wild` command) the file is mapped zero-copy and the guard
// is told the mapping, so a truncation under the link becomes a message, not a signal death; without one (the
// module inside pwsh) the file is read into private memory, which no later change to the file can fault.
// Unmapping is left to the owner (InputSet), after the output is complete.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

public sealed unsafe class MappedFile : IDisposable
{
    private byte* _pointer;
    // Linux: memory from PosixFiles (a mapping or an anonymous copy), unmapped directly. Elsewhere: a pinned array.
    private readonly bool _native;
    private readonly byte[]? _managed;
    private readonly PosixFiles.Identity _identity;
    private nuint _guardToken;
    // Bytes that are no file's on disk now (IsDetached): they cannot change, and no path names them.
    private bool _detached;

    private MappedFile(string path, byte* pointer, long length, PosixFiles.Identity identity, bool zeroCopy)
    {
        Path = path;
        _pointer = pointer;
        Length = length;
        _native = true;
        _identity = identity;
        IsZeroCopy = zeroCopy;
        LastWriteTimeUtc = DateTime.UnixEpoch.AddTicks(identity.MtimeSeconds * TimeSpan.TicksPerSecond + identity.MtimeNanoseconds / 100);
    }

    private MappedFile(string path, byte[] bytes, DateTime mtime)
    {
        Path = path;
        _managed = bytes;
        _pointer = bytes.Length == 0 ? null : (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref bytes[0]);
        Length = bytes.Length;
        LastWriteTimeUtc = mtime;
    }

    public string Path { get; }
    public long Length { get; }
    public DateTime LastWriteTimeUtc { get; }

    /// <summary>True when the bytes are the page cache's (a mapping), false when they are a private copy.</summary>
    public bool IsZeroCopy { get; }

    /// <summary>True for bytes that belong to no input on disk: an LTO plugin's claimed file as the link sees it, or
    /// an object the plugin wrote and removes when the link is done. The change checks pass over them.</summary>
    public bool IsDetached => _detached;

    /// <summary>Bytes made in memory, named <paramref name="name"/> in messages (pinned: spans of them are kept).</summary>
    internal static MappedFile InMemory(string name, byte[] pinnedBytes) =>
        new(name, pinnedBytes, DateTime.UnixEpoch) { _detached = true };

    /// <summary>A private copy of <paramref name="path"/>, detached from the file, which may then be removed.</summary>
    internal static MappedFile ReadDetached(string path)
    {
        try
        {
            return new MappedFile(path, ReadPinned(path), DateTime.UnixEpoch) { _detached = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
    }

    public static MappedFile Open(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var guard = FaultGuard.Current;
            try
            {
                if (guard is null)
                {
                    var (copy, length, identity) = PosixFiles.ReadCopy(path);
                    return new MappedFile(path, (byte*)copy, length, identity, zeroCopy: false);
                }
                var (address, mappedLength, mappedIdentity) = PosixFiles.MapReadOnly(path);
                var file = new MappedFile(path, (byte*)address, mappedLength, mappedIdentity, zeroCopy: true);
                if (mappedLength > 0) file._guardToken = guard.WatchInput(address, mappedLength, path);
                return file;
            }
            catch (IOException e) when (e.HResult == PosixFiles.ENOMEM)
            {
                throw new LinkException(ErrorId.OutOfMemory, $"out of memory: cannot map {path} ({e.Message})", path, e);
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
            var mtime = File.GetLastWriteTimeUtc(path);
            return new MappedFile(path, ReadPinned(path), mtime);
        }
        catch (LinkException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
    }

    private static byte[] ReadPinned(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length), pinned: true);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The whole file as one span, for the readers that parse a file from its start to its end (linker
    /// scripts). A Span cannot pass 2 GiB: such a file is refused by name here. ELF objects and archives of any size
    /// are read through <see cref="Slice"/> at 64-bit offsets instead, and classified by <see cref="Head"/>.</summary>
    public ReadOnlySpan<byte> Span => Length <= int.MaxValue
        ? new(_pointer, (int)Length)
        : throw new LinkException(ErrorId.UnsupportedInput,
            $"{Path}: file is {Length} bytes; linker scripts of 2 GiB or more are not supported (objects and archives may be larger)", Path);

    /// <summary>The first bytes of the file (all of it when short): enough for its magic and its ELF header.</summary>
    public ReadOnlySpan<byte> Head => new(_pointer, (int)Math.Min(Length, HeadLength));

    private const int HeadLength = 4096;

    /// <summary>A view of [offset, offset+length); callers have already bounds-checked the range.</summary>
    public ReadOnlySpan<byte> Slice(long offset, long length)
    {
        if (length > int.MaxValue) ThrowTooLong(offset, length);
        return new(_pointer + offset, (int)length);
    }

    /// <summary><paramref name="count"/> records of <typeparamref name="T"/> from <paramref name="offset"/>; callers have
    /// bounds-checked the range. A span counts records, so a table of 2 GiB or more of them is one span.</summary>
    public ReadOnlySpan<T> Records<T>(long offset, int count) where T : unmanaged => new(_pointer + offset, count);

    /// <summary>The address of byte <paramref name="offset"/>, for a reader that streams a range of any size (a
    /// compressed section's payload) without a span; callers have already bounds-checked it.</summary>
    internal byte* At(long offset) => _pointer + offset;

    // Out of line, so Slice stays small enough to inline into the per-symbol readers.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowTooLong(long offset, long length) =>
        throw new LinkException(ErrorId.UnsupportedInput,
            $"{Path}: {length} bytes at offset {offset} are read as one span here, which cannot pass 2 GiB; not supported", Path);

    /// <summary>Whether the file at <paramref name="path"/> is this one (same device and inode).</summary>
    public bool IsSameFileAs(string path) =>
        !_detached && (_native ? PosixFiles.Stat(path) is { } now && now.IsSameFile(_identity)
                : string.Equals(System.IO.Path.GetFullPath(path), System.IO.Path.GetFullPath(Path), StringComparison.Ordinal));

    /// <summary>Whether the file at <paramref name="path"/> is the one these bytes came from.</summary>
    internal bool IsSameFile(in PosixFiles.Identity identity) => _native && !_detached && identity.IsSameFile(_identity);

    /// <summary>True when the path now names another file, or the file's size changed, since it was read: what a
    /// link must not survive (a replaced input, or one truncated or extended under it). A change of time alone
    /// (touch) is not one: the bytes read are still the file's.</summary>
    public bool ChangedDuringLink()
    {
        if (_detached) return false;
        if (!_native) return !File.Exists(Path) || new FileInfo(Path).Length != Length;
        return PosixFiles.Stat(Path) is not { } now || !now.IsSameFile(_identity) || now.Size != _identity.Size;
    }

    /// <summary>True when the file differs in any way (identity, size or modification time) from when it was read:
    /// a session kept across a rebuild must not write an output from stale inputs.</summary>
    public bool ChangedSinceRead()
    {
        if (_detached) return false;
        if (!_native) return ChangedDuringLink() || File.GetLastWriteTimeUtc(Path) != LastWriteTimeUtc;
        return PosixFiles.Stat(Path) != _identity;
    }

    public void Dispose()
    {
        if (!_native || _pointer == null) return;
        FaultGuard.Current?.Forget(_guardToken);
        _guardToken = 0;
        PosixFiles.Unmap((nint)_pointer, Length);
        _pointer = null;
    }
}
