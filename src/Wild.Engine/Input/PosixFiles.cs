// The four system calls an input needs on Linux: open, statx, mmap, close (and munmap when done, statx again
// to see whether it changed). FileStream and MemoryMappedFile took a dozen per file (advisory locks, repeated
// stat and fstat), which on 10k-object links was most of opening the inputs. Other systems use the managed path.
using System.Runtime.InteropServices;

namespace Wild.Engine.Input;

internal static unsafe partial class PosixFiles
{
    private const int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const int PROT_READ = 1, MAP_PRIVATE = 2;
    private const ushort S_IFMT = 0xf000, S_IFREG = 0x8000;

    /// <summary>What identifies a file's contents for the changed-during-link check.</summary>
    public readonly record struct Identity(ulong Device, ulong Inode, long Size, long MtimeSeconds, uint MtimeNanoseconds, bool IsRegular);

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
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxCall(int dirfd, string path, int flags, uint mask, Statx* buffer);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);

    /// <summary>Maps <paramref name="path"/> read-only; throws IOException with the system's message on failure.</summary>
    public static (nint Address, long Length, Identity Identity) MapReadOnly(string path)
    {
        int fd = Open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw LastError();
        try
        {
            Statx st;
            if (StatxCall(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st) != 0) throw LastError();
            var identity = IdentityOf(in st);
            // A directory opens fine for reading; it is reported as missing, as the managed path does.
            if ((st.Mode & S_IFMT) == 0x4000) throw new IOException("No such file or directory");
            if (st.Size == 0) return (0, 0, identity);
            nint address = Mmap(0, (nuint)st.Size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (address == -1) throw LastError();
            return (address, (long)st.Size, identity);
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>The file now at <paramref name="path"/>, or null if there is none.</summary>
    public static Identity? Stat(string path)
    {
        Statx st;
        return StatxCall(AT_FDCWD, path, 0, STATX_BASIC_STATS, &st) == 0 ? IdentityOf(in st) : null;
    }

    public static void Unmap(nint address, long length)
    {
        if (address != 0) Munmap(address, (nuint)length);
    }

    private static Identity IdentityOf(in Statx st) =>
        new(((ulong)st.DevMajor << 32) | st.DevMinor, st.Inode, (long)st.Size, st.MtimeSeconds, st.MtimeNanoseconds, (st.Mode & S_IFMT) == S_IFREG);

    private static IOException LastError() => new(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
}
