// A write-only stream over a standard descriptor, by write(2) at the descriptor's own offset. FileStream would
// keep an offset of its own on a regular file (pwrite from 0, overwriting what a build log already holds), and
// System.Console installs .NET's signal handling the first time it writes to a terminal, replacing the
// command's handlers (fault_guard.c).
using System.Runtime.InteropServices;

namespace Wild.Cli.Native;

internal sealed unsafe partial class DescriptorStream(int fd) : Stream
{
    private const int EINTR = 4;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = WriteCall(fd, start + done, (nuint)(buffer.Length - done));
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                // A closed or broken descriptor (wild 2>&-, a reader that went away) loses the text, not the link.
                if (n <= 0) return;
                done += (int)n;
            }
        }
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int fd, byte* buffer, nuint count);
}
