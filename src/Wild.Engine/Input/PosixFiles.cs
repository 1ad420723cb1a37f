// The system calls inputs and the output need on Linux, made directly: open, statx, mmap, pread, fallocate,
// rename. FileStream and MemoryMappedFile took a dozen calls per file (advisory locks, repeated stat and fstat),
// which on 10k-object links was most of opening the inputs, and they cannot reserve an output's blocks.
// Failures are IOExceptions carrying the system's message; callers add the file name. Other systems use
// the managed fallbacks in MappedFile and OutputFile.
using System.Runtime.InteropServices;

namespace Wild.Engine.Input;

internal static unsafe partial class PosixFiles
{
    private const int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_WRONLY = 1;
    private const int O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private const ushort S_IFMT = 0xf000, S_IFREG = 0x8000, S_IFDIR = 0x4000;
    private const int EINTR = 4;

    /// <summary>What identifies a file's contents for the changed-during-link checks.</summary>
    internal readonly record struct Identity(ulong Device, ulong Inode, long Size, long MtimeSeconds, uint MtimeNanoseconds, bool IsRegular)
    {
        /// <summary>Same file (device and inode), whatever its contents.</summary>
        public bool IsSameFile(in Identity other) => Device == other.Device && Inode == other.Inode;
    }

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Statx
    {
        public uint Mask, BlockSize;
        public ulong Attributes;
        public uint Links, Uid, Gid;
        public ushort Mode, Pad0;
        public ulong Inode, Size, Blocks, AttributesMask;
        public long AtimeSeconds; public uint AtimeNanoseconds; public int Pad1;
        public long BtimeSeconds; public uint BtimeNanoseconds; public int Pad2;
        public long CtimeSeconds; public uint CtimeNanoseconds; public int Pad3;
        public long MtimeSeconds; public uint MtimeNanoseconds; public int Pad4;
        public uint RdevMajor, RdevMinor, DevMajor, DevMinor;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCall(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseCall(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxCall(int dirfd, string path, int flags, uint mask, Statx* buffer);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nuint count);

    // Returns an error number rather than setting errno.
    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(int fd, long offset, long length);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameCall(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkCall(string path);

    /// <summary>Maps <paramref name="path"/> read-only and shared with the page cache (zero-copy; a later
    /// truncation of the file faults the reader, so only a process with a fault guard uses this).</summary>
    public static (nint Address, long Length, Identity Identity) MapReadOnly(string path)
    {
        int fd = OpenForReading(path, out var identity);
        try
        {
            if (identity.Size == 0) return (0, 0, identity);
            nint address = Mmap(0, (nuint)identity.Size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (address == -1) throw LastError();
            return (address, identity.Size, identity);
        }
        finally
        {
            CloseCall(fd);
        }
    }

    /// <summary>Reads <paramref name="path"/> into private anonymous memory: no later change to the file can reach
    /// (or fault) the copy. A file that changes while it is read is refused.</summary>
    public static (nint Address, long Length, Identity Identity) ReadCopy(string path)
    {
        int fd = OpenForReading(path, out var identity);
        nint address = 0;
        try
        {
            if (identity.Size == 0) return (0, 0, identity);
            address = Mmap(0, (nuint)identity.Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (address == -1) { address = 0; throw LastError(); }
            long done = 0;
            while (done < identity.Size)
            {
                nint n = Pread(fd, (byte*)address + done, (nuint)Math.Min(identity.Size - done, 1L << 30), done);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                if (n < 0) throw LastError();
                if (n == 0) throw new IOException("file changed or was truncated while it was read");
                done += n;
            }
            Statx after;
            if (StatxCall(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &after) != 0) throw LastError();
            if (IdentityOf(in after) != identity) throw new IOException("file changed while it was read");
            var result = (address, identity.Size, identity);
            address = 0;
            return result;
        }
        finally
        {
            if (address != 0) Munmap(address, (nuint)identity.Size);
            CloseCall(fd);
        }
    }

    /// <summary>A descriptor open for reading <paramref name="path"/> (an LTO plugin reads claimed files through one).</summary>
    public static int OpenRead(string path) => OpenForReading(path, out _);

    private static int OpenForReading(string path, out Identity identity)
    {
        int fd = OpenCall(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) throw LastError();
        Statx st;
        if (StatxCall(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st) != 0)
        {
            var e = LastError();
            CloseCall(fd);
            throw e;
        }
        // A directory opens fine for reading; it is reported as missing, as the managed path does.
        if ((st.Mode & S_IFMT) == S_IFDIR)
        {
            CloseCall(fd);
            throw new IOException("No such file or directory");
        }
        identity = IdentityOf(in st);
        return fd;
    }

    /// <summary>The file now at <paramref name="path"/> (symbolic links followed), or null if there is none.</summary>
    public static Identity? Stat(string path)
    {
        Statx st;
        return StatxCall(AT_FDCWD, path, 0, STATX_BASIC_STATS, &st) == 0 ? IdentityOf(in st) : null;
    }

    public static void Unmap(nint address, long length)
    {
        if (address != 0) Munmap(address, (nuint)length);
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) with <paramref name="mode"/> (less the umask),
    /// reserves <paramref name="length"/> bytes of disk for it, and maps it shared, read-write. The reservation is
    /// what turns a full disk into this error instead of a SIGBUS on the first page the file system cannot back.</summary>
    public static (int Fd, nint Address) CreateMapped(string path, long length, int mode)
    {
        int fd = OpenCall(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0) throw LastError();
        try
        {
            int error = length > 0 ? PosixFallocate(fd, 0, length) : 0;
            if (error != 0) throw new ReservationException(Marshal.GetPInvokeErrorMessage(error));
            nint address = length > 0 ? Mmap(0, (nuint)length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : 0;
            if (address == -1) throw LastError();
            return (fd, address);
        }
        catch
        {
            CloseCall(fd);
            UnlinkCall(path);
            throw;
        }
    }

    /// <summary>Writes all of [address, address+length) to <paramref name="path"/>, an existing file opened for
    /// writing without truncation (a device or pipe: -o /dev/null).</summary>
    public static void WriteTo(string path, nint address, long length)
    {
        int fd = OpenCall(path, O_WRONLY | O_CLOEXEC, 0);
        if (fd < 0) throw LastError();
        try
        {
            WriteAll(fd, address, length);
        }
        finally
        {
            CloseCall(fd);
        }
    }

    /// <summary>Writes <paramref name="length"/> bytes to an open descriptor (standard output for `-o -`), however
    /// many writes a pipe takes.</summary>
    public static void WriteAll(int fd, nint address, long length)
    {
        long done = 0;
        while (done < length)
        {
            nint n = Write(fd, (byte*)address + done, (nuint)Math.Min(length - done, 1L << 30));
            if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
            if (n <= 0) throw LastError();
            done += n;
        }
    }

    /// <summary>A descriptor that keeps the file (not a symbolic link's target) at <paramref name="path"/> alive,
    /// or -1 if there is none: closing it is then what frees a replaced file's blocks.</summary>
    public static int Hold(string path) => OpenCall(path, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);

    public static void Close(int fd)
    {
        if (fd >= 0) CloseCall(fd);
    }

    public static void Rename(string from, string to)
    {
        if (RenameCall(from, to) != 0) throw LastError();
    }

    /// <summary>Removes <paramref name="path"/>; false (and no exception) if that failed.</summary>
    public static bool Unlink(string path) => UnlinkCall(path) == 0;

    /// <summary>The file was created but its space could not be reserved (disk full, quota, file-size limit).</summary>
    internal sealed class ReservationException(string message) : IOException(message);

    private static Identity IdentityOf(in Statx st) =>
        new(((ulong)st.DevMajor << 32) | st.DevMinor, st.Inode, (long)st.Size, st.MtimeSeconds, st.MtimeNanoseconds, (st.Mode & S_IFMT) == S_IFREG);

    /// <summary>The errno value a failure's IOException carries in HResult when the address space ran out.</summary>
    public const int ENOMEM = 12;

    private static IOException LastError()
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException(Marshal.GetPInvokeErrorMessage(errno)) { HResult = errno };
    }
}
