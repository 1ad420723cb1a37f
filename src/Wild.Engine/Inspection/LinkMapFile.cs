// Reads a link map from disk into the same records Get-ElfLinkMap hands out for a link it watched: the text
// `wild -Map` writes (Reports/LinkMapText) and GNU ld's -Map text. From GNU ld's map it takes the memory map
// (output sections, input sections, symbols), "Archive member included ..." and "Discarded input sections";
// linker-script lines (assignments, patterns, fill, LOAD) are skipped. A map records no symbol binding, so
// IsGlobal is false for symbols read from a file; cross references come only from wild's --cref table.
using System.Globalization;
using System.Text.RegularExpressions;
using Wild.Engine.Diagnostics;
using Wild.Engine.Reports;

namespace Wild.Engine.Inspection;

public static partial class LinkMapFile
{
    public static LinkMap Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
        int first = Array.FindIndex(lines, l => l.Length > 0);
        if (first >= 0 && lines[first].TrimStart().StartsWith("VMA", StringComparison.Ordinal) && lines[first].Contains("Symbol"))
            return ReadWild(path, lines, first + 1);
        if (lines.Any(l => l.StartsWith("Linker script and memory map", StringComparison.Ordinal)))
            return ReadGnu(path, lines);
        throw new LinkException(ErrorId.NotElf, $"{path}: not a link map written by wild -Map or GNU ld -Map", path);
    }

    // --- wild -------------------------------------------------------------------------------------------------

    private static LinkMap ReadWild(string path, string[] lines, int at)
    {
        var outputs = new List<Out>();
        var members = new List<LinkMapArchiveMember>();
        var discarded = new List<LinkMapInputSection>();
        var cref = new List<LinkMapCrossReference>();
        string part = "map";
        for (int i = at; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0) continue;
            if (line.StartsWith("Archive members loaded", StringComparison.Ordinal)) { part = "members"; continue; }
            if (line.StartsWith("Input sections removed", StringComparison.Ordinal)) { part = "discarded"; continue; }
            if (line.StartsWith("Cross Reference Table", StringComparison.Ordinal)) { part = "cref"; continue; }
            switch (part)
            {
                case "map" when line.Length > 49:
                    ulong address = Hex(line[..16], path, i), size = Hex(line[34..42], path, i);
                    string alignText = line[43..48].Trim();
                    ulong align = alignText.Length == 0 ? 0 : ulong.Parse(alignText, CultureInfo.InvariantCulture);
                    // After the align column: one space, then eight more per level (output, input, symbol).
                    int indent = line.Length - 48 - line[48..].TrimStart().Length;
                    string text = line[(48 + indent)..];
                    if (indent <= 1) outputs.Add(new Out(text, address, size, align));
                    else if (indent <= 9 && outputs.Count > 0) outputs[^1].Inputs.Add(Input(text, outputs[^1].Name, address, size, align));
                    else if (outputs.Count > 0 && outputs[^1].Inputs.Count > 0)
                    {
                        var input = outputs[^1].Inputs[^1];
                        input.Symbols.Add(new LinkMapSymbol(text, address, size, false, input.File, input.Section));
                    }
                    break;
                case "members" when !line.StartsWith(' '):
                    string by = i + 1 < lines.Length ? lines[++i].Trim() : "";
                    var (archive, member) = SplitMember(line);
                    var m = ReferenceSymbol().Match(by);
                    members.Add(new LinkMapArchiveMember(archive, member ?? line, line, m.Success ? m.Groups[2].Value : null,
                        m.Success ? m.Groups[1].Value : by.Length == 0 ? null : by));
                    break;
                case "discarded":
                    var d = WildDiscarded().Match(line);
                    if (d.Success)
                        discarded.Add(Discarded(d.Groups[3].Value, Hex(d.Groups[1].Value, path, i), ulong.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture)));
                    break;
                case "cref" when !line.StartsWith("Symbol ", StringComparison.Ordinal):
                    if (!line.StartsWith(' ') && line.Length > 40)
                        cref.Add(new LinkMapCrossReference(line[..39].TrimEnd(), line[40..], new List<string> { line[40..] }));
                    else if (cref.Count > 0)
                        ((List<string>)cref[^1].ReferencedBy).Add(line.Trim());
                    break;
            }
        }
        return new LinkMap(path, outputs.Select(o => o.ToRecord()).ToList(), discarded, members, cref);
    }

    // --- GNU ld -----------------------------------------------------------------------------------------------

    private static LinkMap ReadGnu(string path, string[] lines)
    {
        var outputs = new List<Out>();
        var members = new List<LinkMapArchiveMember>();
        var discarded = new List<LinkMapInputSection>();
        string part = "";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("Archive member included", StringComparison.Ordinal)) { part = "members"; continue; }
            if (line.StartsWith("Discarded input sections", StringComparison.Ordinal)) { part = "discarded"; continue; }
            if (line.StartsWith("Memory Configuration", StringComparison.Ordinal)) { part = ""; continue; }
            if (line.StartsWith("Linker script and memory map", StringComparison.Ordinal)) { part = "map"; continue; }
            if (line.StartsWith("As-needed library", StringComparison.Ordinal) || line.StartsWith("Merging program properties", StringComparison.Ordinal)
                || line.StartsWith("Allocating common symbols", StringComparison.Ordinal)) { part = ""; continue; }
            if (line.Length == 0 || part.Length == 0) continue;
            switch (part)
            {
                case "members" when !line.StartsWith(' '):
                    // "archive(member)" then, on the same line past column 30 or on the next, "file (symbol)".
                    string head = line, by;
                    int gap = line.IndexOf("  ", StringComparison.Ordinal);
                    if (gap > 0) { head = line[..gap]; by = line[gap..].Trim(); }
                    else by = i + 1 < lines.Length ? lines[++i].Trim() : "";
                    var (archive, member) = SplitMember(head);
                    var m = ReferenceSymbol().Match(by);
                    members.Add(new LinkMapArchiveMember(archive, member ?? head, head, m.Success ? m.Groups[2].Value : null, m.Success ? m.Groups[1].Value : by));
                    break;
                case "discarded":
                    if (GnuInput(lines, ref i) is { } d) discarded.Add(Discarded(d.File, d.Size, 0, d.Section));
                    break;
                case "map":
                    if (line.StartsWith('.') || line.StartsWith("/DISCARD/", StringComparison.Ordinal))
                    {
                        string name = line.Split(' ', 2)[0];
                        string rest = line[name.Length..];
                        if (rest.Trim().Length == 0 && i + 1 < lines.Length) rest = lines[++i];
                        var o = GnuAddressSize().Match(rest);
                        if (o.Success) outputs.Add(new Out(name, Hex(o.Groups[1].Value, path, i), Hex(o.Groups[2].Value, path, i), 0));
                    }
                    else if (line.StartsWith(" .", StringComparison.Ordinal) || line.StartsWith(" COMMON", StringComparison.Ordinal))
                    {
                        if (GnuInput(lines, ref i) is { } input && outputs.Count > 0)
                            outputs[^1].Inputs.Add(Input($"{input.File}:({input.Section})", outputs[^1].Name, input.Address, input.Size, 0));
                    }
                    else if (GnuSymbol().Match(line) is { Success: true } s && outputs.Count > 0 && outputs[^1].Inputs.Count > 0)
                    {
                        var current = outputs[^1].Inputs[^1];
                        current.Symbols.Add(new LinkMapSymbol(s.Groups[2].Value, Hex(s.Groups[1].Value, path, i), 0, false, current.File, current.Section));
                    }
                    break;
            }
        }
        return new LinkMap(path, outputs.Select(o => o.ToRecord()).ToList(), discarded, members, []);
    }

    /// <summary>" .text  0xADDR  0xSIZE file", or the name alone with the rest on the next line.</summary>
    private static (string Section, ulong Address, ulong Size, string File)? GnuInput(string[] lines, ref int i)
    {
        string line = lines[i];
        string name = line.Trim().Split(' ', 2)[0];
        string rest = line.TrimStart()[name.Length..];
        if (rest.Trim().Length == 0 && i + 1 < lines.Length && lines[i + 1].StartsWith("                0x", StringComparison.Ordinal)) rest = lines[++i];
        var m = GnuInputRest().Match(rest);
        return m.Success ? (name, ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber), ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber), m.Groups[3].Value) : null;
    }

    // --- shared -----------------------------------------------------------------------------------------------

    private sealed class Out(string name, ulong address, ulong size, ulong align)
    {
        public string Name { get; } = name;
        public List<In> Inputs { get; } = [];

        public LinkMapOutputSection ToRecord() => new(Name, address, 0, size, align, 0, 0,
            Inputs.Select(i => i.ToRecord()).ToList());
    }

    private sealed class In(string output, string file, string section, ulong address, ulong size, ulong align)
    {
        public string File { get; } = file;
        public string Section { get; } = section;
        public List<LinkMapSymbol> Symbols { get; } = [];

        public LinkMapInputSection ToRecord()
        {
            var (archive, member) = SplitMember(File);
            return new LinkMapInputSection
            {
                OutputSection = output, InputFile = File, Archive = archive.Length == 0 ? null : archive, Member = member,
                InputSection = Section, Address = address, Size = size, Align = align, Symbols = Symbols,
            };
        }
    }

    private static In Input(string text, string output, ulong address, ulong size, ulong align)
    {
        int cut = text.LastIndexOf(":(", StringComparison.Ordinal);
        return cut > 0 && text.EndsWith(')')
            ? new In(output, text[..cut], text[(cut + 2)..^1], address, size, align)
            : new In(output, text, "", address, size, align);
    }

    private static LinkMapInputSection Discarded(string text, ulong size, ulong align, string? section = null)
    {
        string file = text, name = section ?? "";
        int cut = text.LastIndexOf(":(", StringComparison.Ordinal);
        if (section is null && cut > 0 && text.EndsWith(')')) { file = text[..cut]; name = text[(cut + 2)..^1]; }
        var (archive, member) = SplitMember(file);
        return new LinkMapInputSection
        {
            InputFile = file, Archive = archive.Length == 0 ? null : archive, Member = member, InputSection = name,
            Size = size, Align = align, Discarded = LinkMapDiscard.GarbageCollected,
        };
    }

    /// <summary>"lib.a(member.o)" into its archive and member; a plain file has no archive.</summary>
    private static (string Archive, string? Member) SplitMember(string file)
    {
        int open = file.LastIndexOf('(');
        return open > 0 && file.EndsWith(')') ? (file[..open], file[(open + 1)..^1]) : ("", null);
    }

    private static ulong Hex(string text, string path, int line)
    {
        string t = text.Trim();
        if (t.StartsWith("0x", StringComparison.Ordinal)) t = t[2..];
        return ulong.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong v) ? v
            : throw new LinkException(ErrorId.MalformedLinkerScript, $"{path}:{line + 1}: not a hexadecimal number: '{text.Trim()}'", path);
    }

    [GeneratedRegex(@"^(.*) \(([^()]+)\)$")]
    private static partial Regex ReferenceSymbol();

    [GeneratedRegex(@"^\s*([0-9a-f]+)\s+(\d+)\s+(.+)$")]
    private static partial Regex WildDiscarded();

    [GeneratedRegex(@"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")]
    private static partial Regex GnuAddressSize();

    [GeneratedRegex(@"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")]
    private static partial Regex GnuInputRest();

    [GeneratedRegex(@"^\s{16}0x([0-9a-f]+)\s+([A-Za-z_.$][\w.$@]*)\s*$")]
    private static partial Regex GnuSymbol();
}
