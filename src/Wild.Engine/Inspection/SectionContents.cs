// Content differences between two linked files, for Compare-ElfImage: sections paired by name (the n-th of a
// repeated name with the n-th) whose bytes differ, each reported once with where the first difference is and
// the bytes there on both sides. Two binaries that differ only in a string literal differ here, and nowhere in
// the structural comparison (Reports/ImageComparison), which calls this for its Content records.
using Wild.Engine.Diagnostics;
using Wild.Engine.Reports;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Inspection;

internal static class SectionContents
{
    private const int Shown = 16;

    public static List<ImageDifference> Compare(LinkedImage reference, LinkedImage difference)
    {
        var result = new List<ImageDifference>();
        byte[] left = ReadAll(reference.Path), right = ReadAll(difference.Path);
        var rightByKey = Keys(difference.Sections).ToDictionary(p => p.Key, p => p.Section, StringComparer.Ordinal);
        foreach (var (key, l) in Keys(reference.Sections))
        {
            if (!rightByKey.TryGetValue(key, out var r) || l.Type == SHT_NOBITS || r.Type == SHT_NOBITS) continue;
            var a = Bytes(left, l);
            var b = Bytes(right, r);
            int common = Math.Min(a.Length, b.Length);
            int first = a[..common].CommonPrefixLength(b[..common]);
            // Same bytes, or one a prefix of the other (the Size record already says that).
            if (first == common) continue;
            int differing = 0;
            for (int i = first; i < common; i++) if (a[i] != b[i]) differing++;
            result.Add(new ImageDifference(ImageDifferenceKind.Section, key, "Content", Show(a, first, differing), Show(b, first, differing)));
        }
        return result;
    }

    private static string Show(ReadOnlySpan<byte> bytes, int at, int differing) =>
        $"+0x{at:x}: {Convert.ToHexStringLower(bytes.Slice(at, Math.Min(Shown, bytes.Length - at)))} ({differing} bytes differ)";

    private static ReadOnlySpan<byte> Bytes(byte[] file, ImageSection s) =>
        s.Offset > (ulong)file.Length || s.Size > (ulong)file.Length - s.Offset ? default : file.AsSpan((int)s.Offset, (int)s.Size);

    private static IEnumerable<(string Key, ImageSection Section)> Keys(IEnumerable<ImageSection> sections)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sections)
        {
            int n = seen.GetValueOrDefault(s.Name);
            seen[s.Name] = n + 1;
            yield return (n == 0 ? s.Name : $"{s.Name}#{n}", s);
        }
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
    }
}
