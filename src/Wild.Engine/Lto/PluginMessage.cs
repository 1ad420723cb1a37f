// The plugin's message(level, format, ...) is variadic, which managed code cannot receive as such. On x86-64
// System V a variadic callee gets its integer arguments exactly as a fixed one does (registers, then the stack),
// so PluginCallbacks.Message declares enough pointer-sized parameters and this formats them as printf would,
// for the conversions plugins use (%s %d %i %u %x %p %c %%, with flags, width, precision and length). Floating
// point arguments travel in vector registers and cannot be read that way; they print as '?'.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Wild.Engine.Lto;

internal static unsafe class PluginMessage
{
    /// <summary>printf of <paramref name="format"/> over the integer arguments <paramref name="args"/> (missing ones read as 0).</summary>
    public static string Format(byte* format, ReadOnlySpan<nint> args)
    {
        if (format == null) return "";
        var f = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(format);
        var text = new StringBuilder();
        int next = 0;
        int literal = 0;
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] != (byte)'%') continue;
            text.Append(Encoding.UTF8.GetString(f[literal..i]));
            int start = i++;
            bool left = false, zero = false, plus = false, space = false, alternate = false;
            for (; i < f.Length; i++)
            {
                if (f[i] == (byte)'-') left = true;
                else if (f[i] == (byte)'0') zero = true;
                else if (f[i] == (byte)'+') plus = true;
                else if (f[i] == (byte)' ') space = true;
                else if (f[i] == (byte)'#') alternate = true;
                else break;
            }
            int width = ReadCount(f, ref i, args, ref next);
            if (width < 0) { left = true; width = -width; }
            int precision = -1;
            if (i < f.Length && f[i] == (byte)'.')
            {
                i++;
                precision = Math.Max(0, ReadCount(f, ref i, args, ref next));
            }
            int lengthBytes = 4;
            while (i < f.Length && f[i] is (byte)'h' or (byte)'l' or (byte)'z' or (byte)'j' or (byte)'t' or (byte)'L' or (byte)'q')
            {
                lengthBytes = f[i] == (byte)'h' ? Math.Min(lengthBytes, 2) : 8;
                i++;
            }
            if (i >= f.Length)
            {
                literal = start;
                break;
            }
            string piece;
            switch ((char)f[i])
            {
                case '%':
                    piece = "%";
                    break;
                case 's':
                {
                    byte* s = (byte*)Arg(args, ref next);
                    if (s == null) piece = "(null)";
                    else
                    {
                        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s);
                        piece = Encoding.UTF8.GetString(precision >= 0 && precision < bytes.Length ? bytes[..precision] : bytes);
                    }
                    break;
                }
                case 'c':
                    piece = ((char)(byte)Arg(args, ref next)).ToString();
                    break;
                case 'd' or 'i':
                {
                    long v = lengthBytes == 8 ? Arg(args, ref next) : lengthBytes == 2 ? (short)Arg(args, ref next) : (int)Arg(args, ref next);
                    piece = Digits(v < 0 ? (ulong)-v : (ulong)v, 10, false, precision);
                    piece = (v < 0 ? "-" : plus ? "+" : space ? " " : "") + piece;
                    break;
                }
                case 'u' or 'x' or 'X' or 'o':
                {
                    ulong v = lengthBytes == 8 ? (ulong)Arg(args, ref next) : lengthBytes == 2 ? (ushort)Arg(args, ref next) : (uint)Arg(args, ref next);
                    int radix = f[i] == (byte)'u' ? 10 : f[i] == (byte)'o' ? 8 : 16;
                    piece = Digits(v, radix, f[i] == (byte)'X', precision);
                    if (alternate && v != 0 && radix == 16) piece = (f[i] == (byte)'X' ? "0X" : "0x") + piece;
                    break;
                }
                case 'p':
                    piece = "0x" + ((ulong)Arg(args, ref next)).ToString("x", CultureInfo.InvariantCulture);
                    break;
                case 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or 'a' or 'A':
                    piece = "?";
                    break;
                default:
                    // Not a conversion printf knows: print it as written.
                    piece = Encoding.UTF8.GetString(f[start..(i + 1)]);
                    break;
            }
            if (piece.Length < width)
                piece = left ? piece.PadRight(width)
                    : zero && precision < 0 && f[i] is not ((byte)'s' or (byte)'c') ? ZeroPad(piece, width)
                    : piece.PadLeft(width);
            text.Append(piece);
            literal = i + 1;
        }
        if (literal < f.Length) text.Append(Encoding.UTF8.GetString(f[literal..]));
        return text.ToString();
    }

    private static nint Arg(ReadOnlySpan<nint> args, ref int next) => next < args.Length ? args[next++] : 0;

    private static int ReadCount(ReadOnlySpan<byte> f, ref int i, ReadOnlySpan<nint> args, ref int next)
    {
        if (i < f.Length && f[i] == (byte)'*')
        {
            i++;
            return (int)Arg(args, ref next);
        }
        int n = 0;
        while (i < f.Length && f[i] >= (byte)'0' && f[i] <= (byte)'9')
            n = Math.Min(n * 10 + (f[i++] - '0'), 4096);
        return n;
    }

    private static string Digits(ulong v, int radix, bool upper, int precision)
    {
        string s = radix switch
        {
            16 => v.ToString(upper ? "X" : "x", CultureInfo.InvariantCulture),
            8 => Convert.ToString((long)v, 8),
            _ => v.ToString(CultureInfo.InvariantCulture),
        };
        if (precision == 0 && v == 0) return "";
        return precision > s.Length ? s.PadLeft(precision, '0') : s;
    }

    private static string ZeroPad(string piece, int width)
    {
        int sign = piece.Length > 0 && piece[0] is '-' or '+' or ' ' ? 1 : piece.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        return piece[..sign] + new string('0', width - piece.Length) + piece[sign..];
    }
}
