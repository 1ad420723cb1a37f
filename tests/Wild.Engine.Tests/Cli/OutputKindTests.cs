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
    // -r makes a relocatable object whatever -static or -no-pie say (gcc -r passes neither, but build systems do).
    [InlineData(new[] { "-r" }, OutputKind.Relocatable)]
    [InlineData(new[] { "-i" }, OutputKind.Relocatable)]
    [InlineData(new[] { "--relocatable" }, OutputKind.Relocatable)]
    [InlineData(new[] { "-static", "-r" }, OutputKind.Relocatable)]
    [InlineData(new[] { "-r", "-no-pie" }, OutputKind.Relocatable)]
    public void Kind(string[] flags, OutputKind expected) => Assert.Equal(expected, Options([.. flags, "x.o"]).Kind);

    // GNU ld's refusals, in its words.
    [Theory]
    [InlineData(new[] { "-r", "-shared" }, "-r and -shared may not be used together")]
    [InlineData(new[] { "-shared", "-r" }, "-r and -shared may not be used together")]
    [InlineData(new[] { "-r", "-pie" }, "-r and -pie may not be used together")]
    public void RelocatableContradictions(string[] flags, string message) => Assert.Contains(message, ParseError([.. flags, "x.o"]));

    [Fact]
    public void DynamicLinkerAfterNoDynamicLinkerRestoresIt()
    {
        LinkOptions o = Options("-pie", "--no-dynamic-linker", "-dynamic-linker", "/lib/ld.so", "x.o");
        Assert.Equal(OutputKind.Pie, o.Kind);
        Assert.Equal("/lib/ld.so", o.DynamicLinker);
    }
}
