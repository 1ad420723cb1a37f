// The engine side of Measure-ElfImage and Compare-ElfImage on a program linked by Wild and by GNU ld (gcc's
// default): the section breakdown adds up to the file, symbols and input files are attributed, the structural
// diff of a file with itself is empty, and Wild against ld differs in layout but not in the program's symbols.
using Wild.Engine.Diagnostics;
using Wild.Engine.Reports;

namespace Wild.Engine.Tests.Engine;

public sealed class ImageReportTests
{
    private const string MainC = """
        #include <stdio.h>
        char lookup_table_40k[40000] = {1};
        int main(void) { printf("%d\n", lookup_table_40k[9]); return 0; }
        """;

    private static (string Wild, string Ld, LinkResult Result) Build(Scratch dir)
    {
        string main = Tools.CompileC(dir, "main", MainC);
        string wild = dir.PathOf("by-wild");
        var options = Tools.GccLinkOptions(dir, [main], wild) with { CollectLinkMap = true };
        var result = Linker.Link(options, new DiagnosticBag());
        string ld = dir.PathOf("by-ld");
        Tools.Run("gcc", dir.Dir, ["-static", main, "-o", ld]);
        return (wild, ld, result);
    }

    [Fact]
    public void SizeBreakdownsAttributeEveryByte()
    {
        using var dir = new Scratch();
        var (wild, _, result) = Build(dir);
        var image = LinkedImage.Read(wild);
        ulong length = (ulong)new FileInfo(wild).Length;

        var sections = ImageSize.BySection(image);
        Assert.Equal(length, sections.Aggregate(0UL, (a, e) => a + e.FileSize));
        Assert.Contains(sections, e => e.Name == ImageSize.Headers);
        Assert.True(sections[0].FileSize >= sections[^1].FileSize, "largest first");

        var table = Assert.Single(ImageSize.BySymbol(image), e => e.Name == "lookup_table_40k");
        Assert.Equal(40000UL, table.FileSize);
        Assert.Equal(40000UL, table.VMSize);

        var files = ImageSize.ByInputFile(result.LinkMap!, image);
        Assert.Equal(length, files.Aggregate(0UL, (a, e) => a + e.FileSize));
        Assert.True(files.Single(e => e.Name == dir.PathOf("main.o")).FileSize >= 40000);
        Assert.Contains(files, e => e.Name.EndsWith("libc.a(printf.o)", StringComparison.Ordinal));
    }

    [Fact]
    public void ComparisonMatchesPartsByKey()
    {
        using var dir = new Scratch();
        var (wild, ld, _) = Build(dir);
        var w = LinkedImage.Read(wild);
        var l = LinkedImage.Read(ld);
        Assert.Empty(ImageComparison.Compare(w, LinkedImage.Read(wild)));

        var diff = ImageComparison.Compare(l, w);
        Assert.NotEmpty(diff);
        // The program's own symbols are the same whoever linked it; only where they are differs.
        Assert.DoesNotContain(diff, d => d.Kind == ImageDifferenceKind.Symbol && d.Name is "main" or "lookup_table_40k"
                                         && d.Property is "Present" or "Size" or "Type" or "Binding");
        Assert.All(diff.Where(d => d.Property == "Present"), d => Assert.NotEqual(d.Reference, d.Difference));
    }

    [Fact]
    public void ReadingSomethingThatIsNotALinkedFileNamesIt()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "plain", "int x;");
        var e = Assert.Throws<LinkException>(() => LinkedImage.Read(obj));
        Assert.Equal(ErrorId.UnsupportedFileType, e.Id);
        Assert.Contains(obj, e.Message);
        var missing = Assert.Throws<LinkException>(() => LinkedImage.Read(dir.PathOf("missing")));
        Assert.Equal(ErrorId.InputNotFound, missing.Id);
    }
}
