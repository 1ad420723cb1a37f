// `ar` archives as the engine reads them, built with the real `ar`: member names (short and `//` long
// names), order and sizes, thin archives, a non-ELF member (rustc's lib.rmeta) in a link, and broken
// archives rejected as MalformedArchive naming the archive. Object parsing itself is ObjectFileTests.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Tests.Engine;

public sealed class ArchiveTests
{
    private const string LongName = "a_member_with_a_long_name.o"; // > 15 chars: goes through the // table

    // _start calls helper, which lives in an archive member; the exit code is helper's result.
    private const string MainAsm = """
        .globl _start
        .text
        _start:
            call helper
            mov %eax, %edi
            mov $60, %eax
            syscall
        """;

    private const string HelperAsm = """
        .globl helper
        .text
        helper:
            mov $42, %eax
            ret
        """;

    private static string MakeArchive(Scratch dir, string archive, string flags, params string[] members)
    {
        string path = dir.PathOf(archive);
        Tools.Run("ar", dir.Dir, [flags, path, .. members]);
        return path;
    }

    [Fact]
    public void RegularArchiveListsMembersInOrderWithNamesAndSizes()
    {
        using var dir = new Scratch();
        string shortObj = Tools.Assemble(dir, "s", HelperAsm);
        string longObj = dir.PathOf(LongName);
        File.Copy(Tools.Assemble(dir, "l", ".data\n.quad 1, 2, 3\n"), longObj);
        string text = dir.Write("notes.txt", "odd-sized text member\n"); // odd size: next header is padded
        string lib = MakeArchive(dir, "libm1.a", "rcs", "s.o", LongName, "notes.txt");
        Assert.Contains("//", File.ReadAllText(lib, Encoding.Latin1));

        using var file = MappedFile.Open(lib);
        var archive = Archive.Read(file, _ => throw new InvalidOperationException("a regular archive opens no member files"));
        Assert.False(archive.IsThin);
        Assert.Equal(lib, archive.Path);
        Assert.Equal(["s.o", LongName, "notes.txt"], archive.Members.Select(m => m.Name));
        Assert.Equal([new FileInfo(shortObj).Length, new FileInfo(longObj).Length, new FileInfo(text).Length],
            archive.Members.Select(m => m.Size));
        Assert.Equal([0, 1, 2], archive.Members.Select(m => m.Index));
        // Each member's bytes are exactly the file that was archived.
        for (int i = 0; i < 3; i++)
        {
            var m = archive.Members[i];
            var expected = File.ReadAllBytes(new[] { shortObj, longObj, text }[i]);
            Assert.True(m.File.Slice(m.Offset, m.Size).SequenceEqual(expected), $"member {m.Name} bytes differ");
        }
    }

    [Fact]
    public void ElfInputFileCountsArchiveMembers()
    {
        using var dir = new Scratch();
        Tools.Assemble(dir, "s", HelperAsm);
        File.Copy(Tools.Assemble(dir, "l", ".data\n.byte 1\n"), dir.PathOf(LongName));
        string lib = MakeArchive(dir, "libm2.a", "rcs", "s.o", LongName);
        var info = ElfInputFile.Open(lib);
        Assert.Equal(ElfInputKind.Archive, info.Kind);
        Assert.Equal(2, info.MemberCount);
    }

    [Fact]
    public void NonElfMemberIsSkippedByTheLink()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", MainAsm);
        Tools.Assemble(dir, "helper", HelperAsm);
        dir.Write("lib.rmeta", "rust metadata, not an ELF object\n");
        string lib = MakeArchive(dir, "libhelper.a", "rcS", "lib.rmeta", "helper.o");
        string output = dir.PathOf("prog");

        Tools.Link(Tools.Bare(output, main, lib));

        Tools.AssertRuns(output, 42, "");
    }

    [Fact]
    public void ThinArchiveMembersAreFoundRelativeToTheArchive()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", MainAsm);
        Directory.CreateDirectory(dir.PathOf("lib/sub"));
        File.Move(Tools.Assemble(dir, "helper", HelperAsm), dir.PathOf("lib/sub/" + "helper_in_a_subdirectory.o"));
        // ar records member paths relative to the archive, which lives in lib/.
        Tools.Run("ar", dir.PathOf("lib"), ["rcsT", "libthin.a", "sub/helper_in_a_subdirectory.o"]);
        string lib = dir.PathOf("lib/libthin.a");
        Assert.StartsWith("!<thin>\n", File.ReadAllText(lib, Encoding.Latin1));

        var opened = new List<string>();
        using (var file = MappedFile.Open(lib))
        {
            var archive = Archive.Read(file, p => { opened.Add(p); return MappedFile.Open(p); });
            try
            {
                Assert.True(archive.IsThin);
                var m = Assert.Single(archive.Members);
                Assert.Equal("sub/helper_in_a_subdirectory.o", m.Name);
                Assert.Equal(new FileInfo(dir.PathOf("lib/sub/helper_in_a_subdirectory.o")).Length, m.Size);
                Assert.Equal(Path.GetFullPath(dir.PathOf("lib/sub/helper_in_a_subdirectory.o")), Path.GetFullPath(Assert.Single(opened)));
            }
            finally
            {
                foreach (var m in archive.Members) m.File.Dispose();
            }
        }

        // The test process's working directory is not lib/, so only archive-relative lookup finds the member.
        Assert.NotEqual(Path.GetFullPath(dir.PathOf("lib")), Path.GetFullPath(Environment.CurrentDirectory));
        string output = dir.PathOf("prog");
        Tools.Link(Tools.Bare(output, main, lib));
        Tools.AssertRuns(output, 42, "");
    }

    [Fact]
    public void ThinArchiveWithMissingMemberNamesTheMember()
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", MainAsm);
        Tools.Assemble(dir, "helper", HelperAsm);
        Tools.Run("ar", dir.Dir, ["rcsT", "libgone.a", "helper.o"]);
        File.Delete(dir.PathOf("helper.o"));

        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(dir.PathOf("prog"), main, dir.PathOf("libgone.a"))));
        Assert.Equal(ErrorId.InputNotFound, e.Id);
        Assert.Contains("helper.o", e.FullMessage);
    }

    // ---- Broken archives: each is a real `ar` archive with one field damaged.

    public enum Damage { HeaderMagic, NonNumericSize, SizeBeyondEnd, LongNameOffsetBeyondTable, TruncatedHeader }

    [Theory]
    [InlineData(Damage.HeaderMagic)]
    [InlineData(Damage.NonNumericSize)]
    [InlineData(Damage.SizeBeyondEnd)]
    [InlineData(Damage.LongNameOffsetBeyondTable)]
    [InlineData(Damage.TruncatedHeader)]
    public void BrokenArchiveIsMalformedArchiveNamingTheArchive(Damage damage)
    {
        using var dir = new Scratch();
        string lib = BrokenArchive(dir, damage);

        using var file = MappedFile.Open(lib);
        var e = Assert.Throws<LinkException>(() => Archive.Read(file, MappedFile.Open));
        Assert.Equal(ErrorId.MalformedArchive, e.Id);
        Assert.Contains(lib, e.Message);
        Assert.Equal(lib, e.File);
    }

    [Theory]
    [InlineData(Damage.HeaderMagic)]
    [InlineData(Damage.LongNameOffsetBeyondTable)]
    public void BrokenArchiveFailsTheLinkWithoutOutput(Damage damage)
    {
        using var dir = new Scratch();
        string main = Tools.Assemble(dir, "main", MainAsm);
        string lib = BrokenArchive(dir, damage);
        string output = dir.PathOf("prog");

        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.Bare(output, main, lib)));
        Assert.Equal(ErrorId.MalformedArchive, e.Id);
        Assert.Contains(lib, e.FullMessage);
        Assert.False(File.Exists(output));
    }

    /// <summary>An archive (no symbol index, so the first header is at offset 8) with one defect.</summary>
    private static string BrokenArchive(Scratch dir, Damage damage)
    {
        Tools.Assemble(dir, "helper", HelperAsm);
        string member = "helper.o";
        if (damage == Damage.LongNameOffsetBeyondTable)
        {
            member = LongName;
            File.Copy(dir.PathOf("helper.o"), dir.PathOf(LongName));
        }
        string lib = MakeArchive(dir, "libbroken.a", "rcS", member);
        var bytes = File.ReadAllBytes(lib);
        const int h = 8; // first member header
        switch (damage)
        {
            case Damage.HeaderMagic:
                bytes[h + 58] = (byte)'X';
                break;
            case Damage.NonNumericSize:
                Encoding.ASCII.GetBytes("12ab      ").CopyTo(bytes, h + 48);
                break;
            case Damage.SizeBeyondEnd:
                Encoding.ASCII.GetBytes("99999999  ").CopyTo(bytes, h + 48);
                break;
            case Damage.LongNameOffsetBeyondTable:
            {
                // First header is the // table; the member after it is named "/0".
                Assert.Equal("//", Encoding.ASCII.GetString(bytes, h, 16).TrimEnd());
                int tableSize = int.Parse(Encoding.ASCII.GetString(bytes, h + 48, 10).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                int m = h + 60 + tableSize + (tableSize & 1);
                Assert.Equal("/0", Encoding.ASCII.GetString(bytes, m, 16).TrimEnd());
                Encoding.ASCII.GetBytes("/4096           ").CopyTo(bytes, m);
                break;
            }
            case Damage.TruncatedHeader:
                bytes = bytes[..(h + 30)];
                break;
        }
        File.WriteAllBytes(lib, bytes);
        return lib;
    }
}
