// Parsers for option values (numbers, build-id styles, hash styles, --defsym): each turns the text ld
// accepts into a decided value or throws CommandLineException naming the option. Table rows call these.
using System.Globalization;
using System.Text;
using Wild.Engine;

namespace Wild.Cli.CommandLine;

internal static class OptionValues
{
    /// <summary>A number the way ld's strtoul(…, 0) reads it: 0x hex, leading 0 octal, else decimal.</summary>
    public static bool TryParseNumber(string text, out ulong value)
    {
        value = 0;
        string s = text.Trim();
        if (s.Length == 0)
            return false;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return s.Length > 2 && ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (s.Length > 1 && s[0] == '0')
        {
            foreach (char c in s.AsSpan(1))
            {
                if (c is < '0' or > '7')
                    return false;
                value = checked(value * 8 + (ulong)(c - '0'));
            }
            return true;
        }
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static ulong ParseNumber(string option, string text) =>
        TryParseNumber(text, out ulong v) ? v : throw new CommandLineException($"{option}: invalid number '{text}'");

    /// <summary>-Ttext, -Ttext-segment, --section-start and the like: GNU ld reads these addresses as hexadecimal,
    /// with or without 0x ("-Ttext=400000" is 0x400000), and fails on anything else.</summary>
    public static ulong ParseHexAddress(string option, string text)
    {
        string s = text.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        return s.Length > 0 && ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new CommandLineException($"{option}: invalid hex number '{text}'");
    }

    /// <summary>--section-start=SECTION=ADDRESS: the section name (which may itself hold '=') and its address.</summary>
    public static KeyValuePair<string, ulong> ParseSectionStart(string text)
    {
        int eq = text.LastIndexOf('=');
        if (eq <= 0) throw new CommandLineException($"--section-start: invalid argument '{text}' (expected SECTION=ADDRESS)");
        return new(text[..eq], ParseHexAddress("--section-start", text[(eq + 1)..]));
    }

    public static int ParseThreadCount(string option, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new CommandLineException($"{option}: invalid thread count '{text}' (expected a number >= 1)");
        return n;
    }

    /// <summary>--build-id with no value means sha1, as in GNU ld (lld's default is "fast").</summary>
    public static (BuildIdKind Kind, byte[]? Bytes) ParseBuildId(string? style)
    {
        switch (style)
        {
            case null or "sha1" or "tree": return (BuildIdKind.Sha1, null);
            case "md5": return (BuildIdKind.Md5, null);
            case "uuid": return (BuildIdKind.Uuid, null);
            case "fast": return (BuildIdKind.Fast, null);
            case "none": return (BuildIdKind.None, null);
        }
        if (style.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                byte[] bytes = Convert.FromHexString(style.AsSpan(2));
                if (bytes.Length > 0)
                    return (BuildIdKind.Hex, bytes);
            }
            catch (FormatException)
            {
                // fall through to the error below, which names the option
            }
            throw new CommandLineException($"--build-id: invalid hex string '{style}' (expected 0x and an even number of hex digits)");
        }
        throw new CommandLineException($"--build-id: unknown style '{style}' (expected sha1, md5, uuid, fast, 0xHEX or none)");
    }

    public static HashStyle ParseHashStyle(string text) => text switch
    {
        "sysv" => HashStyle.Sysv,
        "gnu" => HashStyle.Gnu,
        "both" => HashStyle.Both,
        _ => throw new CommandLineException($"invalid hash style '{text}' (expected sysv, gnu or both)"),
    };

    /// <summary>--orphan-handling=MODE, with GNU ld's complaint about any other word.</summary>
    public static OrphanHandling ParseOrphanHandling(string text) => text switch
    {
        "place" => Wild.Engine.OrphanHandling.Place,
        "warn" => Wild.Engine.OrphanHandling.Warn,
        "error" => Wild.Engine.OrphanHandling.Error,
        "discard" => Wild.Engine.OrphanHandling.Discard,
        _ => throw new CommandLineException($"invalid argument to option \"--orphan-handling\": '{text}' (expected place, warn, error or discard)"),
    };

    /// <summary>--unresolved-symbols=METHOD as (objects' undefined symbols allowed, shared libraries' allowed).</summary>
    public static (bool Objects, bool SharedLibraries) ParseUnresolvedSymbols(string text) => text switch
    {
        "ignore-all" => (true, true),
        "report-all" => (false, false),
        "ignore-in-object-files" => (true, false),
        "ignore-in-shared-libs" => (false, true),
        _ => throw new CommandLineException(
            $"--unresolved-symbols: unknown method '{text}' (expected ignore-all, report-all, ignore-in-object-files or ignore-in-shared-libs)"),
    };

    public static DebugCompression ParseCompression(string text) => text switch
    {
        "none" => DebugCompression.None,
        "zlib" or "zlib-gabi" => DebugCompression.Zlib,
        "zstd" => DebugCompression.Zstd,
        // GNU ld's zlib-gnu writes legacy .zdebug_* sections (renamed, "ZLIB" header), which no current tool needs.
        "zlib-gnu" => throw new CommandLineException("--compress-debug-sections=zlib-gnu: the legacy .zdebug_* output format is not supported; use zlib (SHF_COMPRESSED, what zlib-gabi means)"),
        _ => throw new CommandLineException($"--compress-debug-sections: unsupported value '{text}' (expected none, zlib, zlib-gabi or zstd)"),
    };

    /// <summary>
    /// --defsym name=expression. GNU ld takes any linker-script expression; the engine takes numbers and symbol names
    /// joined by + and - (DefSymExpression), which covers the uses seen in the wild (Gentoo's
    /// `__gentoo_check_ldflags__=0`, aliases, `a=b+0x10`). Numbers are normalised to 0x-hex here so the engine never
    /// parses octal; the engine refuses, by name, any other expression.
    /// </summary>
    public static KeyValuePair<string, string> ParseDefSym(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0)
            throw new CommandLineException($"--defsym: expected name=value, got '{text}'");
        string name = text[..eq].Trim();
        string expr = text[(eq + 1)..].Trim();
        if (name.Length == 0 || expr.Length == 0)
            throw new CommandLineException($"--defsym: expected name=value, got '{text}'");
        var normal = new StringBuilder();
        foreach (string token in System.Text.RegularExpressions.Regex.Split(expr, @"\s*([+-])\s*"))
            normal.Append(token is "+" or "-" || !TryParseNumber(token, out ulong n) ? token : "0x" + n.ToString("x", CultureInfo.InvariantCulture));
        return new(name, normal.ToString());
    }

    /// <summary>-z call-nop=prefix-addr|suffix-nop|prefix-BYTE|suffix-BYTE as (pad byte, after the call). GNU ld 2.40 reads
    /// BYTE with strtoul(…, 0) and keeps its low 8 bits, an empty BYTE being 0; "prefix-nop", which its manual lists,
    /// is an invalid number there, and so here.</summary>
    public static (byte Byte, bool Suffix) ParseCallNop(string text)
    {
        if (text == "prefix-addr") return (0x67, false);
        if (text == "suffix-nop") return (0x90, true);
        bool suffix = text.StartsWith("suffix-", StringComparison.Ordinal);
        if (!suffix && !text.StartsWith("prefix-", StringComparison.Ordinal))
            throw new CommandLineException($"unsupported option: -z call-nop={text} (expected prefix-addr, suffix-nop, prefix-BYTE or suffix-BYTE)");
        string number = text[7..];
        if (number.Length == 0) return (0, suffix);
        if (!TryParseNumber(number, out ulong value))
            throw new CommandLineException($"invalid number for -z call-nop={text[..7]}: {number}");
        return ((byte)value, suffix);
    }

    /// <summary>-z cet-report= and -z lam-*-report=: none, warning or error, refused otherwise as GNU ld refuses it.</summary>
    public static PropertyReport ParsePropertyReport(string keyword, string text) => text switch
    {
        "none" => PropertyReport.None,
        "warning" => PropertyReport.Warning,
        "error" => PropertyReport.Error,
        _ => throw new CommandLineException($"invalid option for -z {keyword}=: {text} (expected none, warning or error)"),
    };

    /// <summary>--package-metadata[=JSON]: GNU ld 2.40 (built with jansson, as distributions build it) writes the note for
    /// a JSON object or array and warns about, and drops, anything else; an empty value writes no note.</summary>
    public static void ApplyPackageMetadata(LinkOptionsBuilder b, string? json)
    {
        // The last one given decides, even when it is not JSON.
        b.Set(o => o with { PackageMetadata = null });
        if (string.IsNullOrEmpty(json)) return;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (document.RootElement.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)
            {
                b.Set(o => o with { PackageMetadata = json });
                return;
            }
            b.Warn($"--package-metadata={json} does not contain valid JSON, ignoring: '[' or '{{' expected");
        }
        catch (System.Text.Json.JsonException e)
        {
            b.Warn($"--package-metadata={json} does not contain valid JSON, ignoring: {e.Message}");
        }
    }

    /// <summary>--exclude-libs takes a list separated by commas or colons.</summary>
    public static IEnumerable<string> SplitList(string text) =>
        text.Split([',', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
