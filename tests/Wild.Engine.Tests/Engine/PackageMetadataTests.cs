// --package-metadata=JSON: the .note.package FDO_PACKAGING_METADATA note distributions' package builds ask for,
// compared with GNU ld 2.40's for the same objects (bytes, and its place among the notes), in a final link and
// with -r; JSON that is not an object or array is warned about and writes no note, as GNU ld does.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Cli.CommandLine;

namespace Wild.Engine.Tests.Engine;

public sealed class PackageMetadataTests
{
    private const string Program = """
        .text
        .globl _start
        _start:
         ret
        .section .note.ABI-tag,"a",@note
        .p2align 2
        .long 4, 16, 1
        .asciz "GNU"
        .long 0, 3, 2, 0
        """;

    [Theory]
    [InlineData("{\"type\":\"rpm\",\"name\":\"wild\",\"version\":\"1.0-1.fc40\",\"architecture\":\"x86_64\",\"osCpe\":\"cpe:/o:fedoraproject:fedora:40\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"unicode\":\"\u00e9t\u00e9\"}")] // 14 bytes of UTF-8 and the NUL: padded to 16
    public void TheNoteIsGnuLdsInBytesAndPlace(string json)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "prog", Program);
        foreach (string[] mode in new[] { new[] { "--build-id" }, ["-pie", "--build-id"], ["-r"] })
        {
            var (gnu, wild) = ZKeywordParityTests.LinkBoth(dir, [.. mode, "--package-metadata=" + json, obj]);
            byte[] expected = NoteBytes(gnu);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, NoteBytes(wild));
            Assert.Equal(Notes(gnu), Notes(wild));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    [InlineData("{\"open\":")]
    [InlineData("")]
    public void AnythingButAJsonObjectOrArrayWritesNoNote(string json)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "prog", Program);
        string[] args = ["--package-metadata={\"first\":1}", "--package-metadata=" + json, obj];
        var (gnu, wild) = ZKeywordParityTests.LinkBoth(dir, args);
        Assert.Empty(NoteBytes(gnu));
        Assert.Empty(NoteBytes(wild));
        var warnings = ArgumentParser.Parse(args).Warnings;
        if (json.Length > 0) Assert.Contains(warnings, w => w.StartsWith($"--package-metadata={json} does not contain valid JSON", StringComparison.Ordinal));
        else Assert.Empty(warnings);
    }

    private static byte[] NoteBytes(string file)
    {
        using var elf = ELFReader.Load<ulong>(file);
        return elf.TryGetSection(".note.package", out var s) ? ((Section<ulong>)s).GetContents() : [];
    }

    /// <summary>The note sections in address (or, in a -r output, header) order.</summary>
    private static List<string> Notes(string file)
    {
        using var elf = ELFReader.Load<ulong>(file);
        return elf.Sections.OfType<Section<ulong>>().Where(s => s.Type == SectionType.Note)
            .OrderBy(s => s.LoadAddress).Select(s => s.Name).ToList();
    }
}
