// The output-kind decision: -shared, -pie, -no-pie, -static and --no-dynamic-linker in every order the
// drivers produce them. -Bstatic alone changes library lookup, never the kind.
using Wild.Cli.CommandLine;
using Wild.Engine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class OutputKindTests
{
    [Theory]
    [InlineData(new string[0], OutputKind.Dynamic)]
    [InlineData(new[] { "-pie" }, OutputKind.Pie)]
    [InlineData(new[] { "--pie" }, OutputKind.Pie)]
    [InlineData(new[] { "--pic-executable" }, OutputKind.Pie)]
    [InlineData(new[] { "-pie", "-no-pie" }, OutputKind.Dynamic)]
    [InlineData(new[] { "-no-pie", "-pie" }, OutputKind.Pie)]
    [InlineData(new[] { "-static" }, OutputKind.Static)]
    [InlineData(new[] { "--static" }, OutputKind.Static)]
    [InlineData(new[] { "-static", "-pie" }, OutputKind.StaticPie)]
    [InlineData(new[] { "-pie", "--no-dynamic-linker" }, OutputKind.StaticPie)]
    [InlineData(new[] { "-static", "-pie", "--no-dynamic-linker", "-z", "text", "-pie" }, OutputKind.StaticPie)]
    [InlineData(new[] { "-static", "-pie", "-no-pie" }, OutputKind.Static)]
    [InlineData(new[] { "-static", "-Bdynamic" }, OutputKind.Static)]
    [InlineData(new[] { "-Bstatic" }, OutputKind.Dynamic)]
    [InlineData(new[] { "-dn" }, OutputKind.Dynamic)]
    [InlineData(new[] { "--no-dynamic-linker" }, OutputKind.Dynamic)]
    [InlineData(new[] { "-shared" }, OutputKind.Shared)]
    [InlineData(new[] { "--shared" }, OutputKind.Shared)]
    [InlineData(new[] { "-Bshareable" }, OutputKind.Shared)]
    // The last of -shared, -pie and -no-pie wins, as in GNU ld (ld -shared -pie makes a PIE).
    [InlineData(new[] { "-shared", "-pie" }, OutputKind.Pie)]
    [InlineData(new[] { "-pie", "-shared" }, OutputKind.Shared)]
    [InlineData(new[] { "-shared", "-no-pie" }, OutputKind.Dynamic)]
    [InlineData(new[] { "-no-pie", "-shared" }, OutputKind.Shared)]
    [InlineData(new[] { "-static", "-shared" }, OutputKind.Shared)]
    public void Kind(string[] flags, OutputKind expected) => Assert.Equal(expected, Options([.. flags, "x.o"]).Kind);

    [Fact]
    public void DynamicLinkerAfterNoDynamicLinkerRestoresIt()
    {
        LinkOptions o = Options("-pie", "--no-dynamic-linker", "-dynamic-linker", "/lib/ld.so", "x.o");
        Assert.Equal(OutputKind.Pie, o.Kind);
        Assert.Equal("/lib/ld.so", o.DynamicLinker);
    }
}
