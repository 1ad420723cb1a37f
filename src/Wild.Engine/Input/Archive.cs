// An `ar` archive (regular or thin, GNU/SysV long names, BSD #1/ names), split into members as views of
// the mapping. Members are only located here; they are parsed as objects by the symbol phase, and
// loaded into the link only when resolution needs them. Offsets are 64-bit: an archive may pass 2 GiB (debug builds'
// static libraries do); only its symbol map and long-name table are read as spans, and those must stay under 2 GiB.
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

public readonly record struct ArchiveMember(string Name, MappedFile File, long Offset, long Size, int Index);

public sealed class Archive
{
    private const int HeaderSize = 60;

    private Archive(string path, bool thin, ArchiveMember[] members)
    {
        Path = path;
        IsThin = thin;
        Members = members;
    }

    public string Path { get; }
    public bool IsThin { get; }
    public IReadOnlyList<ArchiveMember> Members { get; }

    /// <summary>Splits <paramref name="file"/> into members; thin members are mapped through <paramref name="openMember"/>.</summary>
    public static Archive Read(MappedFile file, Func<string, MappedFile> openMember)
    {
        long length = file.Length;
        string path = file.Path;
        bool thin = file.Head.StartsWith("!<thin>\n"u8);
        var members = new List<ArchiveMember>();
        ReadOnlySpan<byte> longNames = default;
        long symbolMapStart = -1, symbolMapSize = 0;
        bool symbolMap64 = false;
        var headers = new List<long>();
        long pos = 8;
        while (pos < length)
        {
            if (pos + 1 == length && file.Slice(pos, 1)[0] == (byte)'\n')
                break;
            if (length - pos < HeaderSize)
                throw Bad(path, $"truncated member header at offset {pos}");
            var header = file.Slice(pos, HeaderSize);
            if (header[58] != (byte)'`' || header[59] != (byte)'\n')
                throw Bad(path, $"bad member header magic at offset {pos}");
            var rawName = TrimRight(header[..16]);
            if (!Utf8Parser.TryParse(TrimRight(header.Slice(48, 10)), out long size, out int used) || used != TrimRight(header.Slice(48, 10)).Length || size < 0)
                throw Bad(path, $"member at offset {pos} has an invalid size field '{Encoding.ASCII.GetString(header.Slice(48, 10)).Trim()}'");
            long dataStart = pos + HeaderSize;
            bool isSpecial = rawName.SequenceEqual("/"u8) || rawName.SequenceEqual("/SYM64/"u8) || rawName.SequenceEqual("//"u8)
                             || rawName.StartsWith("__.SYMDEF"u8);
            // In a thin archive only the symbol table and the long-name table have their bytes inside.
            bool bytesInside = !thin || isSpecial;
            if (bytesInside && size > length - dataStart)
                throw Bad(path, $"member at offset {pos} (size {size}) extends beyond the end of the archive");

            if (rawName.SequenceEqual("//"u8))
                longNames = file.Slice(dataStart, Table(path, "long-name table", size));
            else if (rawName.SequenceEqual("/"u8) || rawName.SequenceEqual("/SYM64/"u8))
                (symbolMapStart, symbolMapSize, symbolMap64) = (dataStart, size, rawName.Length > 1);
            else if (!isSpecial)
            {
                string name;
                long memberStart = dataStart, memberSize = size;
                if (rawName.StartsWith("#1/"u8))
                {
                    if (!Utf8Parser.TryParse(rawName[3..], out int nameLen, out _) || nameLen < 0 || nameLen > size)
                        throw Bad(path, $"member at offset {pos} has an invalid BSD name length");
                    name = Encoding.UTF8.GetString(file.Slice(dataStart, nameLen)).TrimEnd('\0');
                    memberStart += nameLen;
                    memberSize -= nameLen;
                }
                else if (rawName.Length > 1 && rawName[0] == (byte)'/')
                {
                    if (!Utf8Parser.TryParse(rawName[1..], out int nameOffset, out int n) || n != rawName.Length - 1
                        || nameOffset < 0 || nameOffset >= longNames.Length)
                        throw Bad(path, $"member at offset {pos} has long name offset {Encoding.ASCII.GetString(rawName[1..])} beyond the // table");
                    var rest = longNames[nameOffset..];
                    int end = rest.IndexOf("/\n"u8);
                    if (end < 0) end = rest.IndexOf((byte)'\n');
                    if (end < 0) end = rest.Length;
                    name = Encoding.UTF8.GetString(rest[..end]);
                }
                else
                {
                    name = Encoding.UTF8.GetString(rawName.EndsWith("/"u8) ? rawName[..^1] : rawName);
                }

                if (thin)
                {
                    string memberPath = System.IO.Path.IsPathRooted(name)
                        ? name
                        : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", name);
                    var memberFile = openMember(memberPath);
                    members.Add(new ArchiveMember(name, memberFile, 0, memberFile.Length, members.Count));
                }
                else
                {
                    members.Add(new ArchiveMember(name, file, memberStart, memberSize, members.Count));
                }
                headers.Add(pos);
            }

            long next = dataStart + (bytesInside ? size : 0);
            pos = next + (next & 1);
        }
        if (symbolMapStart >= 0)
            CheckSymbolMap(path, file.Slice(symbolMapStart, Table(path, "symbol map", symbolMapSize)), symbolMap64, headers);
        return new Archive(path, thin, members.ToArray());
    }

    /// <summary>The size of a table read as one span (the symbol map, the long names): under 2 GiB, or refused by name.</summary>
    private static int Table(string path, string what, long size) => size <= int.MaxValue
        ? (int)size
        : throw new LinkException(ErrorId.UnsupportedInput, $"{path}: the archive's {what} is {size} bytes; tables of 2 GiB or more are not supported", path);

    /// <summary>
    /// The symbol map (`/` or `/SYM64/`: a big-endian count, then one member header offset per symbol) is
    /// not used for resolution here, but other tools trust it: an entry that points anywhere but at a
    /// member header means the archive is damaged, so say so rather than link from a corrupt file.
    /// </summary>
    private static void CheckSymbolMap(string path, ReadOnlySpan<byte> map, bool wide, List<long> headers)
    {
        int word = wide ? 8 : 4;
        if (map.Length < word)
            throw Bad(path, "symbol table is too short for its count");
        ulong count = wide ? BinaryPrimitives.ReadUInt64BigEndian(map) : BinaryPrimitives.ReadUInt32BigEndian(map);
        if (count > (ulong)(map.Length / word - 1))
            throw Bad(path, $"symbol table claims {count} entries but holds at most {map.Length / word - 1}");
        for (int i = 0; i < (int)count; i++)
        {
            var at = map[((i + 1) * word)..];
            ulong offset = wide ? BinaryPrimitives.ReadUInt64BigEndian(at) : BinaryPrimitives.ReadUInt32BigEndian(at);
            if (offset > long.MaxValue || headers.BinarySearch((long)offset) < 0)
                throw Bad(path, $"symbol table entry {i} points at offset {offset}, which is not a member header");
        }
    }

    private static ReadOnlySpan<byte> TrimRight(ReadOnlySpan<byte> s)
    {
        int n = s.Length;
        while (n > 0 && s[n - 1] == (byte)' ') n--;
        return s[..n];
    }

    private static LinkException Bad(string path, string what) =>
        new(ErrorId.MalformedArchive, $"{path}: malformed archive: {what}", path);
}
