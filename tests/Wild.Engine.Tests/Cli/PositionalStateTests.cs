// Positional state: -Bstatic/-Bdynamic (and -dn/-dy/-static), --whole-archive, --as-needed and
// --push-state/--pop-state are stamped onto each input as it appears, and groups keep their place.
using Wild.Cli.CommandLine;
using Wild.Engine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class PositionalStateTests
{
    [Fact]
    public void ModifiersApplyOnlyToLaterInputs()
    {
        LinkOptions o = Options("a.o", "--whole-archive", "b.a", "--no-whole-archive", "c.a", "--as-needed", "-lm", "--no-as-needed", "-lc");
        Assert.Equal(
        [
            FileInput("a.o"),
            FileInput("b.a", wholeArchive: true),
            FileInput("c.a"),
            Lib("m", asNeeded: true),
            Lib("c"),
        ], o.Inputs);
    }

    [Theory]
    [InlineData("-Bstatic", "-Bdynamic")]
    [InlineData("-dn", "-dy")]
    [InlineData("-non_shared", "-call_shared")]
    [InlineData("--Bstatic", "--Bdynamic")]
    [InlineData("-static", "-Bdynamic")]
    public void StaticLookupSpellings(string on, string off)
    {
        LinkOptions o = Options("-la", on, "-lb", "x.a", off, "-lc");
        Assert.Equal([Lib("a"), Lib("b", staticOnly: true), FileInput("x.a", staticOnly: true), Lib("c")], o.Inputs);
    }

    [Fact]
    public void PushStateSavesAllThreeModifiers()
    {
        LinkOptions o = Options("-Bstatic", "--push-state", "--as-needed", "--whole-archive", "-Bdynamic", "-la", "--pop-state", "-lb");
        Assert.Equal([Lib("a", wholeArchive: true, asNeeded: true), Lib("b", staticOnly: true)], o.Inputs);
    }

    [Fact]
    public void PushStateNests()
    {
        LinkOptions o = Options("--push-state", "--as-needed", "--push-state", "--whole-archive", "-la", "--pop-state", "-lb", "--pop-state", "-lc");
        Assert.Equal([Lib("a", wholeArchive: true, asNeeded: true), Lib("b", asNeeded: true), Lib("c")], o.Inputs);
    }

    [Fact]
    public void PopWithoutPushIsAnError() =>
        Assert.Contains("no state pushed before popping", ParseError("--pop-state", "x.o"));

    [Theory]
    [InlineData("--start-group", "--end-group")]
    [InlineData("-(", "-)")]
    [InlineData("-start-group", "-end-group")]
    public void GroupsKeepTheirPlace(string start, string end)
    {
        LinkOptions o = Options("a.o", start, "-lgcc", "-lc", end, "crtn.o");
        Assert.Equal([FileInput("a.o"), new InputSpec.GroupStart(), Lib("gcc"), Lib("c"), new InputSpec.GroupEnd(), FileInput("crtn.o")], o.Inputs);
    }

    [Fact]
    public void NestedGroupsCollapseToTheOuterOne()
    {
        LinkOptions o = Options("--start-group", "a.a", "-(", "b.a", "-)", "c.a", "--end-group");
        Assert.Equal([new InputSpec.GroupStart(), FileInput("a.a"), FileInput("b.a"), FileInput("c.a"), new InputSpec.GroupEnd()], o.Inputs);
    }

    [Fact]
    public void EndGroupWithoutStartIsAnError() =>
        Assert.Contains("group ended before it began", ParseError("x.o", "--end-group"));

    [Fact]
    public void UnclosedGroupIsClosedWithAWarningLikeLdBfd()
    {
        ParsedCommandLine p = Parse("--start-group", "a.a");
        Assert.Equal([new InputSpec.GroupStart(), FileInput("a.a"), new InputSpec.GroupEnd()], p.Options.Inputs);
        Assert.Equal(["missing --end-group; added as last command line option"], p.Warnings);
    }

    [Fact]
    public void InputCountIgnoresGroupMarkers() => Assert.Equal(2, Parse("-(", "a.a", "-lb", "-)").InputCount);
}
